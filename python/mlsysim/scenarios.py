"""Scenarios (0.3.0's ``engine/scenarios.py``): a workload on a system with an application's
constraints, evaluated at three levels.

``Scenario(name, description, workload, system, sla_latency=, power_budget=, data_rate=)``;
``system`` is a hardware node (one accelerator) or a Fleet. ``evaluate(batch_size=1,
precision="fp16")`` returns a :class:`~mlsysim.evaluation.SystemEvaluation`: feasibility (the
weights against one accelerator's memory; the data pipeline against ``data_rate``), performance
(SingleNodeModel or DistributedModel latency against the SLA), macro (EconomicsModel over a
year). ``validate()`` raises :class:`OOMError` or :class:`SLAViolation` on a failed level.
``mlsysim.Scenarios`` holds the built-in ones (``Scenarios.SmartDoorbell``); ``Applications``
gives them the names of 0.1 (``Applications.Doorbell``, ``Applications.AutoDrive``, ...).
"""

from __future__ import annotations

from . import _core
from .entity import Fields
from .errors import OOMError
from .evaluation import SystemEvaluation
from .hardware import DATA_RATE, POWER, TIME, _si
from .systems import Fleet
from .units import quantity

__all__ = ["Applications", "Archetypes", "SLAViolation", "Scenario", "Scenarios"]


class SLAViolation(RuntimeError):
    """A scenario's latency exceeds its SLA (raised by ``Scenario.validate``)."""


_FIELDS = ("name", "description", "application", "workload", "system", "sla_latency", "target_accuracy",
           "power_budget", "data_rate")


def _limit(value, field, unit):
    """A limit given as a quantity or text with its unit ("200 ms"), in SI (the checks are the
    user-built hardware's: the unit must name its kind, so "5 GHz" is no data rate); None stays None."""
    if value is None:
        return None
    if not isinstance(value, str) and not hasattr(value, "m_as"):
        raise TypeError(f"Scenario: {field} must be a quantity or text with a unit (e.g. {unit.example}), "
                        f"got {value!r}")
    return _si(value, "Scenario", field, unit)


class Scenario(Fields):
    """A concrete, executable case: ``workload`` on ``system`` under the application's limits."""

    def __init__(self, name, description="", workload=None, system=None, application=None, sla_latency=None,
                 target_accuracy=None, power_budget=None, data_rate=None):
        if not isinstance(name, str):
            raise TypeError(f"Scenario: name must be text, got {name!r}")
        if not name or len(name) > 200 or not name.isprintable():  # it is printed in the scorecard's box
            raise ValueError(f"Scenario: name must be 1 to 200 printable characters, got {name[:60]!r}")
        if workload is None or system is None:
            raise ValueError(f"Scenario {name!r}: a workload and a system are required")
        self.name, self.description, self.application = name, description, application
        self.workload, self.system = workload, system
        self.target_accuracy = target_accuracy
        sla_s, budget_w = _limit(sla_latency, "sla_latency", TIME), _limit(power_budget, "power_budget", POWER)
        rate = _limit(data_rate, "data_rate", DATA_RATE)
        self.sla_latency = None if sla_s is None else quantity(sla_s * 1e3, "ms")
        self.power_budget = None if budget_w is None else quantity(budget_w, "W")
        self.data_rate = None if rate is None else quantity(rate / 1e9, "GB/s")

    @property
    def is_distributed(self):
        return isinstance(self.system, Fleet)

    def evaluate(self, batch_size=1, precision="fp16"):
        d = _core.evaluate_scenario(
            self.name, self.workload, None if self.is_distributed else self.system,
            self.system if self.is_distributed else None,
            None if self.sla_latency is None else self.sla_latency.m_as("s"),
            None if self.power_budget is None else self.power_budget.m_as("W"),
            None if self.data_rate is None else self.data_rate.m_as("B/s"), batch_size, precision)
        return SystemEvaluation(d)

    def validate(self, batch_size=1, precision="fp16"):
        """True when every level passes; OOMError for a failed feasibility level, SLAViolation for a
        missed SLA."""
        e = self.evaluate(batch_size=batch_size, precision=precision)
        if e.feasibility.status == "FAIL":
            raise OOMError(f"Feasibility Failure: {e.feasibility.summary}")
        if e.performance.status == "FAIL":
            raise SLAViolation(f"Performance Failure: {e.performance.summary}")
        return True

    def _fields(self):  # for entity.Fields: model_copy, equality and pickling by the fields
        return {f: getattr(self, f) for f in _FIELDS}

    def _identity(self):
        return tuple(self._fields().values())

    def __repr__(self):
        system = getattr(self.system, "name", self.system)
        return f"Scenario({self.name}: {getattr(self.workload, 'name', self.workload)} on {system})"


_BUILT = {}


def _built_in():
    """The built-in scenarios by key, built once (Scenarios and Applications share them)."""
    if not _BUILT:
        from .registry import Hardware, Models, Systems
        for r in _core.scenarios():
            workload = Models.get(r["workload"])
            system = Systems.get(r["cluster"]) if r["cluster"] else Hardware.get(r["hardware"])
            _BUILT[r["key"]] = Scenario(
                r["name"], r["description"], workload, system, application=r["application"],
                sla_latency=None if r["sla_latency_s"] is None else f"{r['sla_latency_s']!r} s",
                power_budget=None if r["power_budget_w"] is None else f"{r['power_budget_w']!r} W",
                data_rate=None if r["data_rate_bytes_per_s"] is None else f"{r['data_rate_bytes_per_s']!r} B/s",
                target_accuracy=r["target_accuracy"])
    return _BUILT


class _ScenarioNamespace:
    """The built-in scenarios by key (``Scenarios.SmartDoorbell``), in registry order."""

    def __init__(self, path, names=None):
        self._path, self._names = path, names  # names: alias -> key (None: the keys themselves)

    def _all(self):
        return _built_in()

    def _keys(self):
        return list(self._names) if self._names else list(self._all())

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        key = self._names.get(name) if self._names else name
        if key not in self._all():
            raise AttributeError(f"mlsysim.{self._path} has no scenario {name!r}"
                                 f"{_core.did_you_mean(name, self._keys())} (accepted: {', '.join(self._keys())})")
        return self._all()[key]

    def __dir__(self):
        return self._keys() + ["get", "list"]

    def __iter__(self):
        return iter(self.list())

    def __len__(self):
        return len(self._keys())

    def get(self, name):
        """A scenario by key or display name, ignoring case."""
        for key in self._keys():
            s = getattr(self, key)
            if name.lower() in (key.lower(), s.name.lower()):
                return s
        return getattr(self, name)  # the error with "did you mean"

    def list(self):
        return [getattr(self, key) for key in self._keys()]

    def __repr__(self):
        return f"<mlsysim.{self._path}: {', '.join(self._keys())}>"


Scenarios = _ScenarioNamespace("Scenarios")
# 0.1's names for the same scenarios (its examples use mlsysim.Applications.Doorbell).
Applications = _ScenarioNamespace("Applications", dict(_core.scenario_aliases()))
Archetypes = Applications
