#!/usr/bin/env python3
"""Run the reference mlsysim 0.3.0 SingleNodeModel on a list of cases; print SI-unit JSON.

Runs under the reference environment (``.venv-ref/bin/python``), never under ours.

Input: a JSON list of cases, on stdin or from the file named as the first argument. Each case
is an object with the keys ``model`` and ``hardware`` (registry keys, i.e. the reference's
attribute names: ``Llama3_8B`` for ``Models.Language.Llama3_8B``) and the keyword arguments of
``SingleNodeModel().solve``: batch_size, precision, efficiency, is_training, seq_len,
zero_stage, dp_size, is_lora, activation_recomputation (any subset; missing ones take the
reference's defaults). ``raise_errors`` is accepted too.

Output: a JSON list, one entry per case in the same order, either the profile's fields under
the same SI keys our CLI prints (``latency_s``, ``memory_footprint_bytes``, ...) plus
``warnings`` (the messages of the warnings the solve emitted), or ``{"error": "Type: message"}``.
A case with ``"with_fp4": true`` (or every case, given ``--with-fp4``) is solved with the
reference taught precision fp4 at 0.5 byte/element, which it otherwise rejects; used only to
check our deliberate fp4 support.
Non-finite floats are written as the strings "inf", "-inf", "nan" so the output is strict JSON.
Registry entries are solved with the corrections of tools/registry_corrections.py applied (the
few numbers where 0.3.0 disagrees with its own cited source), as our data files carry them, so the
comparison is of formulas, not of those registry values.
"""
from __future__ import annotations

import contextlib
import json
import math
import sys
import warnings

from pathlib import Path

import mlsysim
from mlsysim.core.units import Q_
from mlsysim.solvers import SingleNodeModel

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from registry_corrections import CORRECTIONS  # noqa: E402

SOLVE_KEYS = ("batch_size", "precision", "efficiency", "raise_errors", "is_training", "seq_len",
              "zero_stage", "dp_size", "is_lora", "activation_recomputation")

# profile attribute -> (our JSON key, unit to convert to; None for plain values)
QUANTITY_FIELDS = (
    ("latency", "latency_s", "s"),
    ("latency_compute", "latency_compute_s", "s"),
    ("latency_memory", "latency_memory_s", "s"),
    ("latency_overhead", "latency_overhead_s", "s"),
    ("throughput", "throughput_per_s", "1/s"),
    ("arithmetic_intensity", "arithmetic_intensity_flop_per_byte", "flop/byte"),
    ("energy", "energy_j", "J"),
    ("memory_footprint", "memory_footprint_bytes", "byte"),
    ("peak_flops_actual", "peak_flops_actual_flop_per_s", "flop/s"),
    ("peak_bw_actual", "peak_bw_actual_bytes_per_s", "byte/s"),
    ("offload_spill_bytes", "offload_spill_bytes", "byte"),
    ("offload_effective_bw", "offload_effective_bw_bytes_per_s", "byte/s"),
)
PLAIN_FIELDS = ("bottleneck", "mfu", "hfu", "feasible", "overhead_dominated", "constraint_trace")


def _find(namespace, key: str):
    """Find ``namespace.<Category>.<key>`` (or ``namespace.<key>``) by attribute name."""
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
        raise LookupError(f"{namespace.__name__}: {len(hits)} entries named {key!r}")
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


def _num(x):
    x = float(x)
    if math.isfinite(x):
        return x
    return "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")


def solve_case(case: dict) -> dict:
    if case.get("with_fp4") or WITH_FP4:
        with _fp4_added():
            return _solve_case(case)
    return _solve_case(case)


def _solve_case(case: dict) -> dict:
    model = _corrected("Models", case["model"], _find(mlsysim.Models, case["model"]))
    hardware = _corrected("Hardware", case["hardware"], _find(mlsysim.Hardware, case["hardware"]))
    kwargs = {k: case[k] for k in SOLVE_KEYS if k in case}
    if isinstance(kwargs.get("efficiency"), str):  # "nan" / "inf" travel as strings
        kwargs["efficiency"] = float(kwargs["efficiency"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            prof = SingleNodeModel().solve(model, hardware, **kwargs)
        except Exception as exc:  # the comparison is about error-ness, so record any type
            return {"error": f"{type(exc).__name__}: {exc}"}
    out: dict = {}
    for attr, key, unit in QUANTITY_FIELDS:
        q = getattr(prof, attr)
        out[key] = None if q is None else _num(q.m_as(unit))
    for attr in PLAIN_FIELDS:
        v = getattr(prof, attr)
        if attr in ("mfu", "hfu"):
            v = _num(v)
        out[attr] = v
    out["bottleneck"] = str(out["bottleneck"]).lower()
    out["warnings"] = [str(w.message) for w in caught]
    return out


WITH_FP4 = False


@contextlib.contextmanager
def _fp4_added():
    """Teach the reference fp4 at 0.5 byte/element (as we do), to check our fp4 numbers.

    The reference rejects fp4 because its PRECISION_MAP lacks it; with the entry added, its
    solver resolves the fp4 rate from hardware.compute.precision_flops like any other precision.
    """
    from mlsysim.core import units
    units.PRECISION_MAP["fp4"] = units.Q_(0.5, "byte")
    try:
        yield
    finally:
        del units.PRECISION_MAP["fp4"]


def main(argv: list[str]) -> int:
    global WITH_FP4
    args = [a for a in argv[1:] if not a.startswith("--")]
    WITH_FP4 = "--with-fp4" in argv[1:]
    if args:
        with open(args[0], encoding="utf-8") as f:
            cases = json.load(f)
    else:
        cases = json.load(sys.stdin)
    json.dump([solve_case(c) for c in cases], sys.stdout, allow_nan=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
