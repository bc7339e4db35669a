"""The system scorecard (0.3.0's ``SystemEvaluator``) and plan files.

``SystemEvaluator.evaluate(scenario_name, model_obj, hardware_obj, batch_size, precision,
efficiency, fleet_obj=None, nodes=1, duration_days=None)`` returns a :class:`SystemEvaluation`
with three levels (feasibility, performance, macro), each an :class:`EvaluationLevel` with a
status (PASS, FAIL, SKIPPED), a summary and its metrics (memory GB, latency ms, throughput 1/s,
money USD, carbon t, as 0.3.0 reports them). ``evaluate_plan("mlsys.yaml")`` reads a plan file,
evaluates it and checks its assertions (``violations``); ``schema(type)`` is its JSON Schema.
"""

from __future__ import annotations

import json
import os

from . import _core

__all__ = ["EvaluationLevel", "SystemEvaluation", "SystemEvaluator", "evaluate_plan", "schema"]


class EvaluationLevel:
    """One level of the scorecard: ``level_name``, ``status``, ``summary``, ``metrics`` (a dict of
    plain numbers in ``units``)."""

    def __init__(self, d):
        self.level_name = d["level_name"]
        self.status = d["status"]
        self.summary = d["summary"]
        self.metrics = {m[0]: _metric_value(*m[1:]) for m in d["metrics"]}
        self.units = {m[0]: m[2] for m in d["metrics"]}

    def __repr__(self):
        return f"EvaluationLevel({self.level_name}: {self.status}, {self.summary!r})"


def _metric_value(value, unit, kind="number", text=""):
    # As 0.3.0 hands each metric over: a plain number, a pint quantity, a string, a bool or None.
    if kind == "quantity":
        from .units import quantity
        return quantity(value, unit)
    return {"number": value, "text": text, "flag": bool(value), "none": None}[kind]


class SystemEvaluation:
    """The scorecard: ``feasibility``, ``performance`` and ``macro`` levels; ``scorecard()``
    prints 0.3.0's box, ``to_dict()`` its flat record, ``passed_all`` is every level PASS or
    SKIPPED. From a plan file, ``violations`` lists the assertions that failed."""

    def __init__(self, d, violations=None):
        self.scenario_name = d["scenario_name"]
        self.feasibility = EvaluationLevel(d["feasibility"])
        self.performance = EvaluationLevel(d["performance"])
        self.macro = EvaluationLevel(d["macro"])
        self._scorecard = d["scorecard"]
        self.notes = list(d.get("notes", []))  # e.g. a scenario's power budget against the device's TDP
        self.walls = list(d["walls"])  # the walls that apply: number, name, solver, metric, value, unit
        self.violations = list(violations or [])

    def scorecard(self):
        return self._scorecard

    @property
    def passed_all(self):
        return all(level.status in ("PASS", "SKIPPED") for level in (self.feasibility, self.performance, self.macro))

    def to_dict(self):
        out = {"scenario": self.scenario_name, "f_status": self.feasibility.status,
               "p_status": self.performance.status, "m_status": self.macro.status}
        for prefix, level in (("f_", self.feasibility), ("p_", self.performance), ("m_", self.macro)):
            out.update({prefix + k: v for k, v in level.metrics.items()})
        return out

    def __repr__(self):
        return (f"SystemEvaluation({self.scenario_name}: {self.feasibility.status} / {self.performance.status} / "
                f"{self.macro.status})")


class SystemEvaluator:
    @staticmethod
    def evaluate(scenario_name, model_obj, hardware_obj, batch_size, precision, efficiency, fleet_obj=None,
                 nodes=1, duration_days=None, region=None, seq_len=2048):
        """0.3.0's evaluation: SingleNodeModel for one accelerator (``nodes == 1`` or no fleet),
        DistributedModel over ``fleet_obj`` otherwise; EconomicsModel over ``duration_days`` when a
        fleet is given (on ``region``'s grid; ours: 0.3.0 has no region here)."""
        return SystemEvaluation(_core.evaluate_system(scenario_name, model_obj, hardware_obj, batch_size, precision,
                                                      efficiency, fleet_obj, nodes, duration_days, region, seq_len))


def evaluate_plan(path):
    """Reads a plan file (YAML or JSON), evaluates it and checks its assertions."""
    d = _core.evaluate_plan(os.fspath(path))
    return SystemEvaluation(d, d["violations"])


def schema(type="plan"):
    """The JSON Schema of a plan file (or of a registry ``hardware`` / ``workload`` entry), as a dict."""
    return json.loads(_core.json_schema(type))
