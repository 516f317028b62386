"""``convergence dashboard``: serve the browser dashboard (:mod:`convergence.experiments.dashboard`).

The command replaces itself with Solara's server (``solara run ... --production``) on the
given host and port, with Solara's telemetry off; every page asset is served from the installed
packages, so the dashboard works without a network. Needs the ``dashboard`` extra; without it
the command says how to install it (exit code 2). Solara is imported only here, when the
command runs, so ``convergence --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys

from convergence.cli.arguments import add_command
from convergence.model.errors import ConvergenceError

APP = "convergence.experiments.dashboard"
INSTALL_HINT = 'pip install "convergence[dashboard]"'
OFFLINE_ENVIRONMENT = {"SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
"""Solara's settings for a server that contacts nothing but its own clients."""


class MissingDashboardError(ConvergenceError):
    """The dashboard's extra (Mesa's visualization, Solara and their assets) is not installed."""


def server_command(host: str, port: int) -> list[str]:
    """The Solara command line that serves the dashboard on ``host``:``port``."""
    return [sys.executable, "-m", "solara", "run", APP, "--host", host, "--port", str(port), "--production",
            "--no-open"]


def command_dashboard(args: argparse.Namespace) -> int:
    if not 1 <= args.port <= 65535:
        raise ConvergenceError(f"--port {args.port} is not a port number", key="--port",
                               allowed="an integer in [1, 65535]")
    for module in ("solara", "solara_assets"):
        if importlib.util.find_spec(module) is None:
            raise MissingDashboardError(f"the dashboard needs {module}, which is not installed", key=module,
                                        allowed=INSTALL_HINT)
    print(f"serving the dashboard on http://{args.host}:{args.port} (Ctrl-C stops it)", flush=True)
    command = server_command(args.host, args.port)
    os.execve(command[0], command, {**os.environ, **OFFLINE_ENVIRONMENT})


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``convergence dashboard`` to the ``convergence`` parser."""
    parser = add_command(subparsers, "dashboard", command_dashboard,
                         "Serve the browser dashboard: run a scenario live beside the baseline, levers as sliders "
                         "(Mesa SolaraViz; works offline). Needs the dashboard extra.",
                         "convergence dashboard --port 8765")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this "
                                                            "machine only)")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on (default 8765)")
