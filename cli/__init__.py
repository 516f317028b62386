"""The ``convergence`` command line, above every other layer: one module per command group
(:mod:`~convergence.cli.run`, :mod:`~convergence.cli.sweeps`, :mod:`~convergence.cli.compare`,
:mod:`~convergence.cli.calibration`), exit codes in :mod:`~convergence.cli.exit_codes`.
"""
