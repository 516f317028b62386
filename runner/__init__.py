"""Running simulations: run specs, executors (serial, local processes, Dask), seeds, provenance
and atomic output directories. Shared by :mod:`convergence.experiments` (scenarios and sweeps)
and :mod:`convergence.calibration`; it knows nothing of either.
"""
