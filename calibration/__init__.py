"""Calibration targets and code: the data the model is fitted to, and the fitting."""
