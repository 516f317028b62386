"""Convergence: an agent-based model of Chinese and foreign internet firms, users and regulators.

Every part of the project installs under this one namespace, each from its own top-level
folder of the repository (the ``package-dir`` mapping in ``pyproject.toml``):

* :mod:`convergence.model` (``model/``) - the simulation; start with
  :func:`convergence.model.simulate` or :class:`convergence.model.ConvergenceModel`;
* :mod:`convergence.scenarios` (``scenarios/``) - scenario files and their loader;
* :mod:`convergence.runner` (``runner/``) - run specs, executors, seeds, provenance, atomic output;
* :mod:`convergence.experiments` (``experiments/``) - sweeps, analysis, comparison and plots;
* :mod:`convergence.calibration` (``calibration/``) - targets and the calibration;
* :mod:`convergence.cli` (``cli/``) - the ``convergence`` command.

Each layer imports only the layers listed before it (``docs/EXTENDING.md``, checked by
``tests/test_architecture.py``).
"""
