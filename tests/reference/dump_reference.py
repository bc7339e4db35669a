#!/usr/bin/env python3
"""Run the reference mlsysim 0.3.0 on the harness's cases; print SI-unit JSON. Any solver.

Runs under the reference environment (``.venv-ref/bin/python``), never under ours.

Input on stdin: a JSON list of jobs ``{"solver", "module", "spec", "cases"}``: ``spec`` is our
description of the solver (``_core.solver_specs()``), which says each input's kind (so registry
keys become the reference's objects, quantity text like "50 GB/s" a pint Quantity) and each
result field's SI key, the reference's attribute and
unit; ``module`` is the case module (``cases.single_node``), imported here for its optional
``reference_context(case)`` and ``fix_reference(record, case)``.

Output: for each job, a list with one entry per case: ``{"record": {...}}`` with every field under
our SI keys plus ``warnings`` (the messages the solve emitted), or ``{"error": "oom"|"input",
"message": "Type: text"}``. Non-finite floats are written as the strings "inf", "-inf", "nan".
Registry entries are solved with the corrections of tools/registry_corrections.py applied, as our
data files carry them, so the comparison is of formulas, not of those registry values.
"""
from __future__ import annotations

import contextlib
import importlib
import json
import math
import sys
import warnings
from pathlib import Path

import mlsysim
from mlsysim.core.units import Q_

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "tools"))
from registry_corrections import CORRECTIONS  # noqa: E402

# Our input kinds -> (the reference's namespace, the root of its registry paths)
ENTITY_KINDS = {
    "model": (mlsysim.Models, "Models"),
    "hardware": (mlsysim.Hardware, "Hardware"),
    "grid": (mlsysim.Infrastructure, "Infrastructure"),
    "datacenter": (mlsysim.Infrastructure, "Infrastructure"),  # Datacenters.<key> or Grids.<key>
    "fabric": (mlsysim.Systems.Fabrics, "Systems"),
    "node": (mlsysim.Systems.Nodes, "Systems"),
    "cluster": (mlsysim.Systems.Clusters, "Systems"),
}


def _find(namespace, key: str):
    """``namespace.<Category>.<key>`` (or ``namespace.<key>``) by attribute name."""
    direct = getattr(namespace, key, None)
    if direct is not None and not isinstance(direct, type):
        return direct
    hits = []
    for cat in dir(namespace):
        if cat.startswith("_"):
            continue
        sub = getattr(namespace, cat)
        if isinstance(sub, type) and key in vars(sub):
            obj = getattr(sub, key)
            if all(obj is not h for h in hits):  # Hardware.Embodied re-exports Hardware.Edge
                hits.append(obj)
    if len(hits) != 1:
        raise LookupError(f"{getattr(namespace, '__name__', namespace)}: {len(hits)} entries named {key!r}")
    return hits[0]


def _with_field(obj, parts: list[str], value):
    """A copy of a frozen pydantic object (or dict) with the dotted field replaced."""
    head, rest = parts[0], parts[1:]
    child = obj.get(head) if isinstance(obj, dict) else getattr(obj, head)
    if rest:
        value = _with_field(child, rest, value)
    elif hasattr(child, "units") and not hasattr(value, "units"):
        value = Q_(value, child.units)  # a count such as inference_flops keeps its unit (flop)
    if isinstance(obj, dict):
        return {**obj, head: value}
    return obj.model_copy(update={head: value})


def _corrected(root: str, key: str, obj):
    for c in CORRECTIONS:
        if c.path.split(".")[0] == root and c.path.rsplit(".", 1)[1] == key:
            obj = _with_field(obj, c.field.split("."), Q_(c.value) if isinstance(c.value, str) else c.value)
    return obj


def _entity(kind: str, key: str):
    namespace, root = ENTITY_KINDS[kind]
    return _corrected(root, key, _find(namespace, key))


def _number(x):
    x = float(x)
    if math.isfinite(x):
        return x
    return "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")


def _plain(value):
    """A reference value as JSON: quantities in SI base units, containers element-wise."""
    if hasattr(value, "units") and hasattr(value, "magnitude"):
        return _number(value.to_base_units().magnitude)
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def _field(out: dict, value):
    """One result field, converted as our description says."""
    if value is None:
        return None
    kind = out["kind"]
    if kind == "number":
        if hasattr(value, "units"):
            return _number(value.m_as(out["si_unit"])) if out["si_unit"] else _number(value.m_as(""))
        if out["ref_unit"] and out["si_unit"]:
            return _number(Q_(value, out["ref_unit"]).m_as(out["si_unit"]))
        return _number(value)
    if kind == "result":
        return _record(out["outputs"], value)
    if kind == "result_list":
        return [_record(out["outputs"], v) for v in value]
    if kind == "text_list":
        return [str(v) for v in value]
    return _plain(value)


def _record(outputs: list[dict], result) -> dict:
    record = {}
    for out in outputs:
        if out["extra"]:
            continue
        value = result.get(out["attr"]) if isinstance(result, dict) else getattr(result, out["attr"])
        record[out["key"]] = _field(out, value)
    return record


def _arguments(spec: dict, case: dict) -> dict:
    kinds = {p["name"]: p["kind"] for p in spec["inputs"]}
    kwargs = {}
    for name, value in case.items():
        if name.startswith("_"):
            continue
        kind = kinds.get(name)
        if kind in ENTITY_KINDS and isinstance(value, str):
            value = _entity(kind, value)
        elif kind == "quantity" and isinstance(value, str) and value not in ("nan", "inf", "-inf"):
            value = Q_(value)  # "50 GB/s": the reference takes a pint Quantity for these
        elif isinstance(value, str) and value in ("nan", "inf", "-inf") and kind in ("number", "quantity"):
            value = float(value)
        kwargs[name] = value
    return kwargs


def solve_case(job: dict, module, case: dict) -> dict:
    solver = getattr(mlsysim.solvers, job["solver"])()
    context = getattr(module, "reference_context", None)
    with (context(case) if context else contextlib.nullcontext()):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                kwargs = _arguments(job["spec"], case)
                result = solver.solve(**kwargs)
            except mlsysim.core.exceptions.OOMError as exc:
                return {"error": "oom", "message": f"{type(exc).__name__}: {exc}"}
            except Exception as exc:  # the comparison is about error-ness, so record any type
                return {"error": "input", "message": f"{type(exc).__name__}: {exc}"}
        record = _record(job["spec"]["outputs"], result)
        if any(o["key"] == "warnings" for o in job["spec"]["outputs"]):
            record["warnings"] = [str(w.message) for w in caught]
    fix = getattr(module, "fix_reference", None)
    if fix:
        fix(record, case)
    return {"record": record}


def main() -> int:
    jobs = json.load(sys.stdin)
    out = []
    for job in jobs:
        module = importlib.import_module(job["module"])
        out.append([solve_case(job, module, case) for case in job["cases"]])
    json.dump(out, sys.stdout, allow_nan=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
