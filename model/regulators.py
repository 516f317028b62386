"""Regulators: one Mesa agent per jurisdiction (China, U.S., EU, India, Southeast Asia) holding
its policy levers (the rest of the world is unregulated).

Levers start at their parameter values, follow the scripted timeline (changes take effect at
the start of the quarter named), and may react by rule: with ``us_reciprocity_rule`` on, U.S.
reciprocity answers China's restrictiveness index with a lag, escalating and de-escalating
as China tightens or opens; with ``china_countermeasure_rule`` on, China's countermeasures
answer the U.S. escalation index with a lag (:mod:`convergence.model.mechanisms.countermeasures`).
Both answers are capped at 1 and lagged, so the two rules cannot escalate without bound.

A regulator holds every lever declared with its jurisdiction (``levers_of``), so a new lever is
its :class:`~convergence.model.parameters.Parameter` declaration with ``regulator=...`` and the
mechanism that reads it; a new regulator is a subclass naming its jurisdiction, added to
:func:`create_regulators`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Protocol

import mesa

from convergence.model.dimensions import Jurisdiction
from convergence.model.mechanisms import countermeasures, reciprocity
from convergence.model.parameters import Parameters, PolicyChange, Value, levers_of


class PolicyClock(Protocol):
    """What a regulator reads from its model: the quarter being simulated (step index)."""

    step_index: int


class Regulator(mesa.Agent):
    """A jurisdiction's regulator; ``levers`` are the values in force this quarter."""

    jurisdiction: Jurisdiction
    model: PolicyClock

    def __init__(self, model: mesa.Model, params: Parameters, timeline: Iterable[PolicyChange]) -> None:
        super().__init__(model)
        self.scripted: dict[str, Value] = {name: params[name] for name in levers_of(self.jurisdiction)}
        self.levers: dict[str, Value] = dict(self.scripted)
        self._changes: dict[int, list[PolicyChange]] = defaultdict(list)
        for change in timeline:
            if change.name in self.scripted:
                self._changes[change.step].append(change)

    def step(self) -> None:
        """Apply this quarter's scripted changes, then any rule-based reaction."""
        for change in self._changes.get(self.model.step_index, ()):
            self.scripted[change.name] = change.value
        self.levers = dict(self.scripted)
        self.react()

    def react(self) -> None:
        """Rule-based adjustment of levers (none by default)."""


class ChinaRegulator(Regulator):
    """Cyberspace Administration of China and the ministries behind ICT localization."""

    jurisdiction = Jurisdiction.CHINA

    def __init__(self, model: mesa.Model, params: Parameters, timeline: Iterable[PolicyChange]) -> None:
        super().__init__(model, params, timeline)
        self.restrictiveness_history: list[float] = []
        self.us_escalation_history: list[float] = []
        """The U.S. escalation index by quarter, as the U.S. regulator reports it (:meth:`USRegulator.react`)."""

    def react(self) -> None:
        """Countermeasure rule, then record this quarter's restrictiveness index (read by the
        U.S. reciprocity rule)."""
        if self.levers["china_countermeasure_rule"]:
            for name in countermeasures.COUNTERMEASURE_LEVERS:
                self.levers[name] = countermeasures.answer(
                    float(self.scripted[name]), self.us_escalation_history,
                    int(self.levers["china_countermeasure_lag_quarters"]),
                    float(self.levers["china_countermeasure_responsiveness"]))
        self.restrictiveness_history.append(reciprocity.china_restrictiveness(self.levers))


class USRegulator(Regulator):
    """CFIUS, the FCC/Commerce procurement rules and the reciprocity agenda; ``china`` is the
    regulator whose restrictiveness rule-based reciprocity answers."""

    jurisdiction = Jurisdiction.US

    def __init__(self, model: mesa.Model, params: Parameters, timeline: Iterable[PolicyChange],
                 china: ChinaRegulator) -> None:
        super().__init__(model, params, timeline)
        self.china = china

    def react(self) -> None:
        """Reciprocity rule: strength = max(scripted, responsiveness x lagged restrictiveness);
        then report this quarter's escalation index to China's regulator."""
        if self.levers["us_reciprocity_rule"]:
            history = self.china.restrictiveness_history
            lagged = history[max(0, len(history) - 1 - int(self.levers["us_reciprocity_lag_quarters"]))]
            answer = min(1.0, self.levers["us_reciprocity_responsiveness"] * lagged)
            self.levers["us_reciprocity_strength"] = max(self.scripted["us_reciprocity_strength"], answer)
        self.china.us_escalation_history.append(countermeasures.us_escalation(self.levers))


class EURegulator(Regulator):
    """European Commission: data-transfer rules, competition policy, investment screening."""

    jurisdiction = Jurisdiction.EU


class IndiaRegulator(Regulator):
    """India's regulators: the Reserve Bank of India (payment data), MeitY (IT Act, app rules)."""

    jurisdiction = Jurisdiction.INDIA


class SoutheastAsiaRegulator(Regulator):
    """Southeast Asia's regulators, one jurisdiction for ASEAN-10 (Indonesia's and Vietnam's
    data rules weigh most)."""

    jurisdiction = Jurisdiction.SOUTHEAST_ASIA


def create_regulators(model: mesa.Model, params: Parameters,
                      timeline: Iterable[PolicyChange]) -> tuple[Regulator, ...]:
    """One regulator per jurisdiction, in stepping order (China first: the U.S. answers it)."""
    timeline = tuple(timeline)
    china = ChinaRegulator(model, params, timeline)
    return (china, USRegulator(model, params, timeline, china=china), EURegulator(model, params, timeline),
            IndiaRegulator(model, params, timeline), SoutheastAsiaRegulator(model, params, timeline))
