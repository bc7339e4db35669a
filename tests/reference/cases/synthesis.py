"""Reference cases for SynthesisSolver (Wall 22: the roofline inverted; the bandwidth W / T, the
compute rate O / (T x efficiency) and the memory W that one pass of a model within a latency target
T needs), its accepted differences from mlsysim 0.3.0, and checks of its own. Read by
tests/reference/harness.py.

Each case is a dict of ``SynthesisSolver().solve`` keyword arguments: ``model`` a registry key,
``target_latency`` a time as text ("50 ms": dump_reference makes it the pint Quantity 0.3.0 needs),
``precision`` and ``efficiency``, each of the last two left out for its default somewhere.

* ``main_cases()``  every model at every precision with a seeded random target (1 us .. 1 h, every
  time unit) and efficiency; a grid of targets x efficiencies on four models; the tutorial's
  cases (T09-03, T12b-10). Both sides must agree field by field.
* ``error_cases()`` inputs the reference rejects by raising: a target of 0 or infinity and an
  efficiency of 0 (ZeroDivisionError there), a target that is not a time or not a quantity, an
  unknown precision, an efficiency given as text or as True (pint cannot multiply a bool); ours
  must fail too.
* ``plain_number_cases()`` a bare number as target (50): 0.3.0 raises AttributeError (a float has
  no ``.to``); we read it in milliseconds, as the input's description says.
* ``fp4_cases()`` / the ``fp4_patched`` group: precision fp4: 0.3.0 rejects the name; we size weights
  at 0.5 B/element; taught fp4 the reference must then agree exactly.
* ``rejected_cases()`` inputs the reference answers and we reject: a negative or NaN target, an
  efficiency outside [1e-9, 1] or NaN.
"""
from __future__ import annotations

import math
import random

from harness import KnownDifference

from cases._checks import (
    assert_accepted,
    assert_deterministic,
    raises_on_both_sides,
    rejected_and_documented,
    solves_on_both_sides,
)
from cases._differences import accepted_difference, rejected_difference
from cases._fp4 import assert_fp4_groups, fp4_difference, fp4_groups, fp4_taught
from cases._registry import PRECISIONS, model_keys
from cases._values import EFFICIENCIES, amount, as_float, close, is_nan

SOLVER = "SynthesisSolver"
SEED = 20260325

TIME_UNITS = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9, "min": 60.0, "h": 3600.0}
TARGETS = ("50 ms", "200 ms", "10 ms", "1 ms", "0.5 ms", "1 s", "0.05 s", "100 us", "1 us", "5000 ns",
           "1 min", "0.25 h", "33.3 ms", "7.24 ms", "1e-3 ms", "3600 s")


def _case(model: str, target_latency: str, **kw) -> dict:
    return {"model": model, "target_latency": target_latency, **kw}


def seconds(text: str) -> float:
    return amount(text, TIME_UNITS)


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    units = list(TIME_UNITS)
    cases: list[dict] = []
    # 1. every model at every precision (and at the default), random target and efficiency
    for m in model_keys():
        for p in (*PRECISIONS, None):
            unit = rng.choice(units)
            t = rng.choice(TARGETS)
            if rng.random() < 0.6:  # log-uniform 1 us .. ~1 h, written in a random unit
                t = f"{10 ** rng.uniform(-6, 3.5) / TIME_UNITS[unit]!r} {unit}"
            kw: dict = {} if p is None else {"precision": p}
            if rng.random() < 0.7:
                kw["efficiency"] = rng.choice(EFFICIENCIES) if rng.random() < 0.5 else rng.uniform(1e-3, 1.0)
            cases.append(_case(m, t, **kw))
    # 2. every listed target x efficiency extremes on four models
    for m in ("Llama3_70B", "ResNet50", "Mixtral_8x7B", "DLRM"):
        for t in TARGETS:
            for e in (1.0, 0.5, 1e-9, 0.3):
                cases.append(_case(m, t, efficiency=e))
    # 3. the tutorial's calls (T09-03, T12b-10), the spec's example, upper-case precision
    cases += [_case("Llama3_70B", "50 ms", precision="fp16"), _case("Llama3_70B", "200 ms", precision="fp16"),
              _case("Llama3_8B", "10 ms"), _case("Llama3_8B", "10 ms", precision="BF16")]
    return cases


def error_cases() -> list[dict]:
    c = lambda t="50 ms", **kw: _case("Llama3_70B", t, **kw)  # noqa: E731
    return [c("0 ms"), c("0 s"), c("-0 ms"), c("inf ms"), c(efficiency=0.0), c(efficiency=0),
            c("50 GB"), c("5 GB/s"), c("abc"), c("50 xyz"), c(precision="fp64"), c(precision="int2"),
            c(efficiency="0.5"), c(efficiency=True)]


def plain_number_cases() -> list[dict]:
    return [_case("Llama3_70B", t) for t in (50, 50.0, 0.05, 200)] + [_case("ResNet50", 1)]


def fp4_cases() -> list[dict]:
    return [_case(m, "50 ms", precision="fp4") for m in ("Llama3_8B", "Llama3_70B", "Mixtral_8x7B", "ResNet50",
                                                          "StableDiffusion_v1_5", "DLRM")]


def rejected_cases() -> list[dict]:
    c = lambda t="50 ms", **kw: _case("Llama3_70B", t, **kw)  # noqa: E731
    cases = [c(t) for t in ("-5 ms", "-1 s", "-1e-9 ms", "nan ms")]
    cases += [c(efficiency=e) for e in (-1.0, -1e-3, 1e-10, 1.0000001, 1.5, 2.0, 100.0, "inf", "nan")]
    cases += [c("nan s", efficiency="nan")]
    return cases


GROUPS = {"main": main_cases, "error": error_cases, "plain_number": plain_number_cases, **fp4_groups(fp4_cases),
          "rejected": rejected_cases}


reference_context = fp4_taught  # teaches the reference fp4 for ``_with_fp4`` cases


# ---------------------------------------------------------------- accepted differences

def _target(c: dict):
    t = c["target_latency"]
    return float(t.split()[0]) if isinstance(t, str) else t


def _efficiency(c: dict):
    return c.get("efficiency", 0.5)


def _out_of_range(c: dict) -> bool:
    t, e = _target(c), _efficiency(c)
    if is_nan(e) or math.isnan(t):
        return False
    e = as_float(e)
    return t < 0 or not 1e-9 <= e <= 1


KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    fp4_difference("precision fp4: 0.3.0 rejects the name; we size the weights at 0.5 B/element (no "
                   "hardware is involved, so no rate is needed), and with fp4 taught to the reference "
                   "the answers agree (the fp4_patched group)."),
    accepted_difference(
        "target-latency-plain-number",
        "target_latency as a bare number (50): 0.3.0 raises AttributeError ('int' object has "
        "no attribute 'to'); we read it in milliseconds, the unit the input's description "
        "names: 50 gives the 50 ms answer (2,824 GB/s for Llama-3.1-70B).",
        lambda c: not isinstance(c["target_latency"], str), lambda message: message.startswith("AttributeError")),
    rejected_difference(
        "synthesis-range-checks",
        "a negative target (-5 ms) or an efficiency outside [1e-9, 1]: 0.3.0 has no checks and "
        "answers -28,240 GB/s and -56.48 TFLOP/s for -5 ms, a negative FLOP/s for efficiency -1, and "
        "halves the required FLOP/s for efficiency 2.0 (more than the peak); we reject each "
        "(ValueError naming the range, CLI exit 1). A target of 0 raises ZeroDivisionError in 0.3.0 "
        "(error group); ours says 'target_latency must be > 0'.",
        _out_of_range),
    rejected_difference(
        "nan-inputs-rejected",
        "a NaN target or efficiency: 0.3.0 answers NaN bandwidth, FLOP/s and ratio; we reject it "
        "(ValueError: 'is not a finite number', CLI exit 1).",
        lambda c: math.isnan(_target(c)) or is_nan(_efficiency(c))),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    assert {c["model"] for c in a} == set(model_keys())
    assert set(PRECISIONS) <= {c.get("precision") for c in a}
    assert {c["target_latency"].split()[1] for c in a} == set(TIME_UNITS)
    ts = [seconds(c["target_latency"]) for c in a]
    assert min(ts) <= 1e-6 and max(ts) >= 3600
    assert any("precision" not in c for c in a) and any("efficiency" not in c for c in a)


check_main_cases_all_solve_on_both_sides = solves_on_both_sides(exactly=True)
check_error_cases_raise_on_both_sides = raises_on_both_sides()
check_rejected_are_documented = rejected_and_documented("synthesis-range-checks", "nan-inputs-rejected")


def check_fp4_is_a_deliberate_difference(run):
    assert_fp4_groups(run)


def check_plain_number_is_read_in_ms(run):
    assert_accepted(run, ("target-latency-plain-number",), "plain_number")
    for _, c, o, _ in run.outcomes("plain_number"):
        assert close(o.record["target_latency_s"], c["target_latency"] * 1e-3), c


def check_inverse_roofline(run):
    """BW = W / T, FLOP/s = O / (T x efficiency), memory = model size = W, on the reference's own
    numbers; the weights are parameters x bytes where the registry gives parameters."""
    for c, r in run.ref_records():
        t, e = seconds(c["target_latency"]), float(_efficiency(c))
        assert close(r["required_bw_bytes_per_s"] * t, r["required_memory_bytes"], 1e-12), c
        assert close(r["required_flops_flop_per_s"] * t * e, r["total_ops_flop"], 1e-12), c
        assert r["model_size_bytes"] == r["required_memory_bytes"] and close(r["target_latency_s"], t), c
    solved = run.records()
    assert any(r["total_ops_flop"] == 0 for _, _, r in solved)  # DLRM: the registry gives no FLOPs
    t09 = [r for c, _, r in solved if c == _case("Llama3_70B", "50 ms", precision="fp16")]
    assert t09 and close(t09[0]["required_bw_bytes_per_s"], 2.824e12, 1e-12)  # T09-03
