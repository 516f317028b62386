"""The scenario library: named policy scenarios as TOML files in this folder.

Each file carries a plain-language description, the report passage it rests on, the
parameters and the timeline of lever changes (the format is documented, and the files are
loaded and validated, by :mod:`convergence.model.scenario`). ``calibrations/`` holds the
calibrated parameter sets scenarios start from; ``baseline.toml`` names the shipped one, and
every other shipped scenario extends the baseline.

This package holds data only and imports nothing, so that the model layer can read it.
"""
