"""Reference cases for SensitivitySolver (Wall 21: the relative latency change of a SingleNodeModel
solve when peak FLOP/s, memory bandwidth or memory capacity is scaled by 1 + perturbation_pct/100,
and the binding lever), its accepted differences from mlsysim 0.3.0, and checks of its own. Read
by tests/reference/harness.py.

Each case is a dict of ``SensitivitySolver().solve`` keyword arguments: ``model`` and ``hardware``
registry keys, ``precision``, ``perturbation_pct`` (percent: 10.0 is a 1.1x upgrade, -25.0 a 0.75x
downgrade) and ``efficiency``, each of the last three left out for its default somewhere.

* ``main_cases()``  every model on every accelerator with seeded random precision, step and
  efficiency; then steps from -99.9 % to +10,000 % on bandwidth-bound, compute-bound, spilling and
  SRAM-resident pairings; steps that make a spilling model fit (and a fitting one spill); every
  precision. Both sides must agree field by field (the trace's numbers at rel 1e-9).
* ``error_cases()`` inputs the reference rejects by raising: -100 % (ZeroDivisionError), an
  efficiency outside [1e-9, 1], an unknown precision, fp4 on hardware without an fp4 rate, a step
  given as text; ours must fail too.
* ``fp4_cases()`` / the ``fp4_patched`` group: fp4 on hardware that lists an fp4 rate: 0.3.0 rejects
  it, we answer; taught fp4 (0.5 B/element) the reference must then agree exactly.
* ``rejected_cases()`` inputs the reference answers and we reject: a zero step (or one too small to
  change a double), a step of -100 % or less, NaN or infinite steps, a step that overflows the
  hardware's numbers, a NaN efficiency, a step given as True.
"""
from __future__ import annotations

import math
import random
from functools import partial

from harness import KnownDifference

from cases._checks import (
    assert_agrees_exactly,
    assert_deterministic,
    assert_solves,
    raises_on_both_sides,
    rejected_and_documented,
)
from cases._differences import rejected_difference
from cases._fp4 import assert_fp4_groups, fp4_difference, fp4_groups, fp4_taught
from cases._registry import PRECISIONS, fp4_hardware, hardware_keys, model_keys
from cases._values import EFFICIENCIES, as_float, close, is_nan

SOLVER = "SensitivitySolver"
SEED = 20260324
LEVERS = ("peak_flops", "memory_bandwidth", "memory_capacity")

# percent; negative steps are downgrades (> -100: a factor above 0)
PCTS = (10.0, 1.0, 0.5, 0.01, 2.5, 5.0, 12.5, 20.0, 25.0, 33.3, 50.0, 75.0, 100.0, 150.0, 200.0, 500.0,
        1000.0, 10000.0, -1.0, -5.0, -10.0, -25.0, -50.0, -75.0, -90.0, -99.0, -99.9)


def _case(model: str, hardware: str, **kw) -> dict:
    return {"model": model, "hardware": hardware, **kw}


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    cases: list[dict] = []
    # 1. every model on every accelerator; about a fifth of them with all defaults
    for m in model_keys():
        for h in hardware_keys():
            kw: dict = {}
            if rng.random() < 0.8:
                kw["precision"] = rng.choice(PRECISIONS)
            if rng.random() < 0.7:
                kw["perturbation_pct"] = rng.choice(PCTS) if rng.random() < 0.7 else round(rng.uniform(-95, 300), 3)
            if rng.random() < 0.5:
                kw["efficiency"] = rng.choice(EFFICIENCIES) if rng.random() < 0.5 else rng.uniform(1e-3, 1.0)
            cases.append(_case(m, h, **kw))
    # 2. every step on one pairing of each regime: bandwidth-bound, compute-bound, spilling,
    #    SRAM-resident and flash-streaming (a microcontroller), a microcontroller spill that is
    #    compute-bound, a spill a 10 % step cures
    for m, h in (("Llama3_8B", "H100"), ("StableDiffusion_v1_5", "H100"), ("Llama3_70B", "A100"),
                 ("LeNet1", "ESP32_S3"), ("MobileNetV2_Alpha0_5", "ESP32_S3"), ("DS_CNN", "STM32F4"),
                 ("Mixtral_8x7B", "H100"),
                 ("ResNet50", "T4"), ("YOLOv8_Nano", "B200")):
        for pct in PCTS:
            cases.append(_case(m, h, perturbation_pct=pct))
    # 3. every precision x a few steps on three machines
    for m, h in (("Llama3_8B", "A100"), ("EfficientNetB4", "H100"), ("GPT2", "TPUv5p")):
        for p in PRECISIONS:
            for pct in (10.0, -30.0, 400.0):
                cases.append(_case(m, h, precision=p, perturbation_pct=pct))
    # 4. efficiency extremes (the compute term scales with 1 / efficiency)
    for e in (1.0, 1e-9, 1e-6, 0.001, 0.999999):
        for m, h in (("Llama3_8B", "H100"), ("ResNet50", "A100")):
            cases.append(_case(m, h, efficiency=e))
    # 5. the tutorial's generations (T09-04), GPT-3 on an H100 (T10-05), integers as steps
    cases += [_case("Llama3_70B", h, precision="fp16") for h in ("A100", "H100", "H200")]
    cases += [_case("GPT3", "H100", precision="fp16"), _case("Llama3_8B", "H100", perturbation_pct=10),
              _case("Llama3_8B", "H100", perturbation_pct=-20), _case("Llama3_8B", "H100", precision="FP16")]
    return cases


def error_cases() -> list[dict]:
    c = partial(_case, "Llama3_8B", "H100")
    return [
        c(perturbation_pct=-100.0), c(perturbation_pct=-100),
        c(efficiency=0.0), c(efficiency=-0.5), c(efficiency=1.5), c(efficiency=1e-10), c(efficiency="inf"),
        c(precision="fp64"), c(precision="int2"), c(precision="fp4"), _case("ResNet50", "A100", precision="fp4"),
        c(perturbation_pct="10"), c(efficiency="0.5"),
    ]


def fp4_cases() -> list[dict]:
    cases = [_case(m, h, precision="fp4") for h in fp4_hardware() for m in ("Llama3_8B", "Llama3_405B")]
    cases += [_case("StableDiffusion_v1_5", fp4_hardware()[0], precision="fp4", perturbation_pct=p)
              for p in (25.0, -40.0)]
    return cases


def rejected_cases() -> list[dict]:
    c = partial(_case, "Llama3_8B", "H100")
    cases = [c(perturbation_pct=p) for p in (0.0, -0.0, 0, 1e-20, -1e-18)]
    cases += [c(perturbation_pct=p) for p in (-100.5, -150.0, -200.0, -1000.0, -1e6, "-inf")]
    cases += [c(perturbation_pct=p) for p in ("nan", "inf")]
    cases += [c(perturbation_pct=1e300), _case("Llama3_70B", "A100", perturbation_pct=1e306)]
    cases += [c(efficiency="nan"), c(perturbation_pct=True), c(perturbation_pct=False)]
    return cases


GROUPS = {"main": main_cases, "error": error_cases, **fp4_groups(fp4_cases), "rejected": rejected_cases}


reference_context = fp4_taught  # teaches the reference fp4 for ``_with_fp4`` cases


# ---------------------------------------------------------------- accepted differences

def _pct(c: dict):
    return c.get("perturbation_pct", 10.0)


def _bad_step(c: dict) -> bool:
    p = _pct(c)
    if isinstance(p, bool) or is_nan(p):
        return False
    p = as_float(p)
    return math.isinf(p) or 1.0 + p / 100.0 <= 0 or 1.0 + p / 100.0 == 1.0 or p >= 1e300


def _dedup(lines: list) -> list:
    return list(dict.fromkeys(lines))


ULP_OF_ONE = 2.0 ** -52


def _roundoff_of_a_ratio(d) -> bool:
    """s_k = T_k / T_0 - 1 computed from two latencies each rounded to its last bit: the two sides
    may differ by a few ulps of 1 however small s_k is."""
    try:
        o, r = float(d.ours), float(d.ref)
    except (TypeError, ValueError):
        return False
    return abs(o - r) <= 4 * ULP_OF_ONE * (1 + abs(r))


KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    KnownDifference(
        id="tiny-sensitivity-roundoff", fields=("sensitivities",), status="deliberate",
        reason="a step that barely moves latency (0.01 % of bandwidth on an overhead-dominated "
               "solve, s_k ~ 1e-8): s_k = (T_k - T_0) / T_0 cancels all but its last digits, and "
               "each side's latencies carry their own last-bit rounding (ours in seconds, 0.3.0 "
               "through pint in ms), so the two agree to within 4 ulps of 1 (9e-16 absolute) "
               "but not to 1e-9 relative. Larger sensitivities agree to 5e-16.",
        matches=_roundoff_of_a_ratio),
    fp4_difference("precision fp4 on hardware that lists an fp4 rate: 0.3.0 rejects the name; we "
                   "solve it at 0.5 B/element, and with fp4 taught to the reference the answers agree "
                   "(the fp4_patched group)."),
    KnownDifference(
        id="fallback-warning-once", fields=("warnings",), status="deliberate",
        reason="a precision the hardware lists no rate for (fp8 on a T4): 0.3.0 emits the fall-back "
               "UserWarning once per internal solve, four identical times (baseline and three "
               "perturbed copies, which share the name and rate table); we report it once.",
        matches=lambda d: isinstance(d.ref, list) and len(d.ref) > len(d.ours) and d.ours == _dedup(d.ref)),
    rejected_difference(
        "perturbation-range-checks",
        "perturbation_pct of 0 (or a step too small to change 1 + pct/100): 0.3.0 answers all-zero "
        "sensitivities and calls peak_flops binding, a lever nobody moved; -100 % or less: a factor "
        "of 0 or below, so 0.3.0 solves hardware with negative FLOP/s, bandwidth and capacity "
        "(Llama3_8B on an H100 at -150 % or -inf: memory_bandwidth -0.935, as if a negative "
        "bandwidth were faster, and memory_capacity +48.3); +inf or a step that overflows the "
        "hardware's numbers: infinite bandwidth (memory_bandwidth -0.935). We reject each "
        "(ValueError naming the range, CLI exit 1). -100 % itself raises ZeroDivisionError in "
        "0.3.0 (error group).",
        _bad_step),
    rejected_difference(
        "nan-inputs-rejected",
        "perturbation_pct = NaN: 0.3.0 answers a NaN peak_flops sensitivity and calls it binding; "
        "efficiency = NaN passes its range check (NaN compares false) and every latency is NaN. We "
        "reject both (ValueError: 'is not a finite number', CLI exit 1).",
        lambda c: is_nan(_pct(c)) or is_nan(c.get("efficiency", 0.5))),
    rejected_difference(
        "strict-input-types",
        "perturbation_pct given as True or False: 0.3.0 reads 1 % and 0 %; we take only numbers "
        "(TypeError, CLI exit 1).",
        lambda c: isinstance(_pct(c), bool)),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    assert {(c["model"], c["hardware"]) for c in a} >= {(m, h) for m in model_keys() for h in hardware_keys()}
    assert set(PRECISIONS) <= {c.get("precision") for c in a}
    pcts = [float(_pct(c)) for c in a]
    assert min(pcts) < -99 and max(pcts) >= 10000 and sum(p < 0 for p in pcts) >= 200
    for k in ("precision", "perturbation_pct", "efficiency"):
        assert any(k not in c for c in a), k  # each default is used somewhere


def check_main_cases_all_solve_on_both_sides(run):
    assert_solves(run)
    assert_agrees_exactly(run, unless=run.explained("fallback-warning-once", "tiny-sensitivity-roundoff"))


check_error_cases_raise_on_both_sides = raises_on_both_sides()
check_rejected_are_documented = rejected_and_documented("perturbation-range-checks", "nan-inputs-rejected",
                                                        "strict-input-types")


def check_fp4_is_a_deliberate_difference(run):
    assert_fp4_groups(run)


def check_sensitivities_and_binding(run):
    """s_k's sign follows the step; the binding lever is the largest |s_k| of a feasible
    baseline and memory_capacity otherwise; every regime is reached."""
    solved = run.ref_records()
    binding = {k: 0 for k in LEVERS}
    infeasible = 0
    for c, r in solved:
        s = r["sensitivities"]
        assert list(s) == list(LEVERS), c
        up = float(_pct(c)) > 0
        assert all((v <= 0) if up else (v >= 0) for v in s.values()), (c, s)
        if r["feasible"]:
            assert abs(s[r["binding_constraint"]]) == max(abs(v) for v in s.values()), c
        else:
            infeasible += 1
            assert r["binding_constraint"] == "memory_capacity", c
            assert r["constraint_trace"][0].startswith("Memory Wall: FAILED"), c
        binding[r["binding_constraint"]] += 1
    assert infeasible >= 200 and all(n >= 20 for n in binding.values()), (binding, infeasible)
    # a capacity step that makes a spilling model fit moves latency by most of it
    assert any(not r["feasible"] and r["sensitivities"]["memory_capacity"] < -0.9 for _, r in solved)
    # and one that makes a fitting model spill slows it down by orders of magnitude
    assert any(r["feasible"] and r["sensitivities"]["memory_capacity"] > 10 for _, r in solved)
    assert any(close(r["baseline_latency_s"], 4.854565) for _, r in solved)
