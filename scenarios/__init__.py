"""Named policy scenarios: TOML files in this folder, loaded and validated by ``loader``."""

from convergence.scenarios.loader import Scenario, ScenarioError, list_scenarios, load_scenario

__all__ = ["Scenario", "ScenarioError", "list_scenarios", "load_scenario"]
