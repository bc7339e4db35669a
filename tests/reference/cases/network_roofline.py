"""Reference cases for NetworkRooflineModel (one data-parallel training step: compute against the
gradient all-reduce), its accepted differences from mlsysim 0.3.0, and checks of its own. Read
by tests/reference/harness.py.

Each case is a dict of ``NetworkRooflineModel().solve`` keyword arguments: ``model`` a registry
key (any model with a parameter count), ``fleet`` a cluster key, ``precision`` and
``efficiency``.

* ``main_cases()``  every model with a parameter count on every cluster, seeded random precision
  and efficiency; plus an efficiency sweep down to 1e-9 (the communication intensity 3 / bytes
  per parameter is far below every cluster's ridge, so only tiny efficiencies make the step
  compute-bound), every precision on each accelerator, the defaults.
* ``error_cases()`` inputs the reference rejects by raising: DLRM (no parameter count),
  efficiency outside [1e-9, 1], unknown precisions, fp4 on clusters whose accelerator lists no
  fp4 rate; ours must fail too.
* ``rejected_cases()`` efficiency NaN, which 0.3.0 answers with NaN times.
* ``fp4_cases()`` fp4 on the B200 cluster, which lists an fp4 rate: 0.3.0 rejects fp4 (not in its
  PRECISION_MAP), we accept it; the ``fp4_patched`` group the same, the reference taught fp4 at
  0.5 B/element (``reference_context``): these must agree field by field.
* ``precision_case_cases()`` a precision in capitals ("FP8"): 0.3.0 looks the FLOP rate up by the
  name as given (a miss: the headline rate) but the byte width case-insensitively; ours reads
  the name case-insensitively for both.

0.3.0 says bottleneck "Network" / "Compute", ours "network" / "compute": ``fix_reference``
lowercases the reference's.
"""
from __future__ import annotations

import random
from functools import partial

from harness import KnownDifference

from cases._checks import (
    assert_confined,
    assert_deterministic,
    raises_on_both_sides,
    rejected_and_documented,
    solves_on_both_sides,
)
from cases._differences import rejected_difference
from cases._fp4 import assert_fp4_groups, fp4_difference, fp4_groups, fp4_taught
from cases._reference_hooks import lowercase_bottleneck
from cases._registry import PRECISIONS, cluster_keys, param_model_keys
from cases._values import EFFICIENCIES, close, is_nan

SOLVER = "NetworkRooflineModel"
SEED = 20260312

TINY_EFFICIENCIES = (1e-9, 2e-9, 5e-9, 1e-8, 3e-8, 1e-7, 1e-6, 1e-5)


def _case(model: str, fleet: str, **kw) -> dict:
    return {"model": model, "fleet": fleet, **kw}


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    cases: list[dict] = []
    # 1. every model on every cluster, random precision and efficiency
    for m in param_model_keys():
        for f in cluster_keys():
            kw = {}
            if rng.random() < 0.85:
                kw["precision"] = rng.choice(PRECISIONS)
            if rng.random() < 0.85:
                r = rng.random()
                kw["efficiency"] = (rng.choice(EFFICIENCIES) if r < 0.5 else rng.choice(TINY_EFFICIENCIES)
                                    if r < 0.65 else rng.uniform(1e-3, 1.0))
            cases.append(_case(m, f, **kw))
    # 2. efficiency down to 1e-9: network- then compute-bound
    for m, f in (("Llama3_8B", "Research_256"), ("GPT4", "Mega_100K"), ("ResNet50", "Lab_64_A100"),
                 ("LeNet1", "Training_1K_B200"), ("Llama3_70B", "Meta_GenAI_H100_24K_RoCE")):
        for e in sorted({*TINY_EFFICIENCIES, *EFFICIENCIES}):
            for p in ("fp16", "fp32", "int4"):
                cases.append(_case(m, f, efficiency=e, precision=p))
    # 3. every precision on each accelerator family (listed rate or the headline one)
    for f in ("Lab_64_H100", "Lab_64_A100", "Kempner_H100_384", "Training_1K_B200", "Meta_RSC_A100_16K"):
        for p in PRECISIONS:
            cases.append(_case("Llama2_13B", f, precision=p, efficiency=0.4))
    cases += [_case("Llama3_8B", "Research_256"), _case("Mixtral_8x7B", "Frontier_8K")]
    return cases


def error_cases() -> list[dict]:
    c = partial(_case, "Llama3_8B", "Research_256")
    return [
        _case("DLRM", "Research_256"), _case("DLRM", "Training_1K_B200", precision="fp8"),
        c(efficiency=0.0), c(efficiency=-0.5), c(efficiency=1.5), c(efficiency=1e-10),
        c(efficiency=1.0000001), c(efficiency="inf"),
        c(precision="fp64"), c(precision="int2"),
        c(precision="fp4"), _case("GPT3", "Training_1K_A100", precision="fp4"),
    ]


def rejected_cases() -> list[dict]:
    return [_case("Llama3_8B", "Research_256", efficiency="nan"),
            _case("GPT4", "Training_1K_B200", efficiency="nan", precision="fp8")]


def fp4_cases() -> list[dict]:
    """fp4 where the accelerator lists an fp4 rate (B200: 9 PFLOP/s)."""
    return [_case("Llama3_8B", "Training_1K_B200", precision="fp4"),
            _case("GPT4", "Training_1K_B200", precision="fp4", efficiency=1e-9)]


def precision_case_cases() -> list[dict]:
    return [_case("Llama3_8B", "Research_256", precision="FP8"),
            _case("Llama3_8B", "Training_1K_A100", precision="Int8", efficiency=1e-8),
            _case("GPT3", "Frontier_8K", precision="FP32"),
            _case("GPT3", "Training_1K_B200", precision="TF32"),
            _case("Llama3_70B", "Lab_64_H100", precision="FP16")]


GROUPS = {"main": main_cases, "error": error_cases, "rejected": rejected_cases,
          **fp4_groups(fp4_cases), "precision_case": precision_case_cases}


# ---------------------------------------------------------------- in the reference's process

reference_context = fp4_taught  # teaches the reference fp4 for ``_with_fp4`` cases
fix_reference = lowercase_bottleneck  # 0.3.0 says "Network"/"Compute", our record "network"/"compute"


# ---------------------------------------------------------------- accepted differences

def _rates(case: dict) -> tuple[float, float]:
    """(0.3.0's rate: looked up by the name as given, ours: by its lower case), per accelerator."""
    import mlsysim

    compute = mlsysim._core.cluster(case["fleet"]).node.accelerator.compute
    listed = dict(compute.precision_flops_per_s)
    p = case.get("precision", "fp16")
    return listed.get(p, compute.peak_flops_per_s), listed.get(p.lower(), compute.peak_flops_per_s)


def _rate_by_other_case(d) -> bool:
    p = d.case.get("precision", "fp16")
    if p == p.lower():
        return False
    ref_rate, our_rate = _rates(d.case)
    if ref_rate == our_rate:
        return False
    if d.field == "peak_flops_actual_flop_per_s":
        return close(float(d.ours) * ref_rate, float(d.ref) * our_rate)
    if d.field == "latency_compute_s":
        return close(float(d.ours) * our_rate, float(d.ref) * ref_rate)
    return True  # what follows from the compute time: latency, throughput, mfu, bottleneck, trace


KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    fp4_difference(
        "precision fp4 on a cluster whose accelerator lists an fp4 rate (Training_1K_B200: "
        "B200, 9 PFLOP/s fp4): 0.3.0 raises ValueError (fp4 is not in its PRECISION_MAP); "
        "we price it at that rate and 0.5 B per parameter (Llama3_8B: 8.03 GB to sync, "
        "80.3 ms on XDR). The values are checked against 0.3.0 with fp4 added to its "
        "precision map (the fp4_patched group). Without an fp4 rate both reject it."),
    rejected_difference(
        "nan-efficiency-rejected",
        "efficiency NaN: 0.3.0's range check compares false on NaN and lets it through, so the "
        "compute time, latency, throughput and MFU are NaN (the bottleneck 'Compute'); we reject "
        "it (ValueError, CLI exit 1).",
        lambda c: is_nan(c.get("efficiency"))),
    KnownDifference(
        id="precision-name-case-insensitive",
        fields=("peak_flops_actual_flop_per_s", "latency_compute_s", "latency_s", "throughput_per_s",
                "mfu", "hfu", "bottleneck", "constraint_trace"),
        status="deliberate",
        reason="a precision in capitals ('FP8'): 0.3.0 looks the FLOP rate up by the name as "
               "given, misses, and uses the headline rate (H100: 989 TFLOP/s) while sizing the "
               "gradients at fp8's 1 B; ours reads the name as 'fp8' for both (1979 TFLOP/s), as "
               "0.3.0's resolve_precision does for the byte width. Llama3_8B on Research_256 at "
               "FP8: 0.3.0's compute time 380.6 ns, ours 190.2 ns; the network time agrees.",
        matches=_rate_by_other_case,
    ),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    assert {(c["model"], c["fleet"]) for c in a} >= {(m, f) for m in param_model_keys() for f in cluster_keys()}
    assert set(PRECISIONS) <= {c.get("precision", "fp16") for c in a}
    assert any("precision" not in c for c in a) and any("efficiency" not in c for c in a)
    assert 1e-9 in {c.get("efficiency") for c in a} and 1.0 in {c.get("efficiency") for c in a}


check_main_cases_all_solve_on_both_sides = solves_on_both_sides(exactly=True)
check_error_cases_raise_on_both_sides = raises_on_both_sides()
check_rejected_are_documented = rejected_and_documented("nan-efficiency-rejected")


def check_fp4_is_a_deliberate_difference(run):
    assert_fp4_groups(run)


def check_precision_case(run):
    explained = run.explained("precision-name-case-insensitive")
    for i, c, o, r in run.outcomes("precision_case"):
        ref_rate, our_rate = _rates(c)
        assert (i in explained) == (ref_rate != our_rate), c
        assert o.record["latency_memory_s"] == r.record["latency_memory_s"] or close(
            o.record["latency_memory_s"], r.record["latency_memory_s"]), c
    assert_confined(run, "precision-name-case-insensitive", "precision_case")


def check_cases_reach_both_bounds(run):
    solved = run.ref_records()
    assert sum(r["bottleneck"] == "network" for _, r in solved) >= 500
    assert sum(r["bottleneck"] == "compute" for _, r in solved) >= 40
    # compute-bound: the step runs at peak x efficiency, so MFU is the efficiency
    assert all(close(r["mfu"], c.get("efficiency", 0.5)) for c, r in solved if r["bottleneck"] == "compute")
    assert any(r["mfu"] < 1e-6 for c, r in solved if r["bottleneck"] == "network")
    assert all(r["feasible"] and not r["overhead_dominated"] for _, r in solved)
