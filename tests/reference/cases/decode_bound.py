"""Reference cases for DecodeBoundModel (the weight-streaming bound on one decode step), its
accepted differences from mlsysim 0.3.0, and checks of its own. Read by
tests/reference/harness.py.

Each case is a dict of ``DecodeBoundModel().solve`` keyword arguments: ``model`` and ``hardware``
are registry keys (any model with a parameter count: the 2P rule applies to every workload),
``peak_flops`` is quantity text ("100 TFLOP/s"): dump_reference makes it the pint Quantity 0.3.0
needs (a str raises TypeError there; a bare number DimensionalityError).

* ``main_cases()``  every model on every accelerator with seeded random precision, batch (1..1e6),
  tp_size (1..64) and, for a third of them, an explicit peak_flops; plus grids reaching both
  sides of the ridge point and every precision.
* ``error_cases()`` inputs the reference rejects by raising (batch or tp_size <= 0 and zero or
  negative peak_flops divide by zero there; a peak_flops that is not a rate; unknown precision;
  DLRM, which has no parameter count); ours must fail too.
* ``rejected_cases()`` a NaN peak_flops, which the reference answers with NaN.

The bottleneck text is compared as it is: both sides say "Compute" / "Memory" (no fix_reference).
"""
from __future__ import annotations

import random
from functools import partial

from harness import KnownDifference

from cases._checks import assert_deterministic, raises_on_both_sides, rejected_and_documented, solves_on_both_sides
from cases._differences import rejected_difference, ridge_tie_difference
from cases._registry import PRECISIONS, hardware_keys, param_model_keys
from cases._values import exact, is_nan

SOLVER = "DecodeBoundModel"
SEED = 20260306

BATCHES = (1, 2, 3, 8, 16, 64, 100, 256, 1024, 4096, 100000, 1000000)
TP = (1, 2, 3, 4, 8, 16, 64)
PEAKS = ("100 TFLOP/s", "989 TFLOP/s", "1.5 PFLOP/s", "20 PFLOP/s", "0.5 TFLOP/s", "10 GFLOP/s",
         "275 TOPS", "2250 TFLOP/s", "4.37 TFLOP/s")


def _case(model: str, hardware: str, **kw) -> dict:
    return {"model": model, "hardware": hardware, "precision": "fp16", "batch_size": 1, **kw}


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    cases: list[dict] = []
    for m in param_model_keys():
        for h in hardware_keys():
            kw = {"precision": rng.choice(PRECISIONS),
                  "batch_size": rng.choice(BATCHES) if rng.random() < 0.7 else rng.randint(1, 2048)}
            if rng.random() < 0.3:
                kw["tp_size"] = rng.choice(TP)
            if rng.random() < 0.3:
                kw["peak_flops"] = rng.choice(PEAKS)
            cases.append(_case(m, h, **kw))
    # both sides of the ridge: batch sweep x precision on three machines
    for m, h in (("Llama3_8B", "H100"), ("ResNet50", "T4"), ("GPT4", "GB200_NVL72")):
        for b in (1, 64, 128, 256, 512, 4096):
            for p in PRECISIONS:
                cases.append(_case(m, h, batch_size=b, precision=p))
    # peak_flops given vs taken from the registry, tensor parallelism
    for peak in PEAKS:
        for tp in (1, 8):
            cases.append(_case("Llama3_70B", "H100", batch_size=128, peak_flops=peak, tp_size=tp))
    cases += [{"model": "Llama3_8B", "hardware": "H100"}, {"model": "Mixtral_8x7B", "hardware": "MI300X"}]
    return cases


def error_cases() -> list[dict]:
    c = partial(_case, "Llama3_8B", "H100")
    return [
        c(batch_size=0), c(batch_size=-1), c(tp_size=0), c(tp_size=-2),
        c(peak_flops="0 TFLOP/s"), c(peak_flops="-5 TFLOP/s"), c(peak_flops="5 GB/s"),
        c(peak_flops="3 ms"), c(precision="fp64"), c(precision="int2"),
        _case("DLRM", "H100"),
    ]


def rejected_cases() -> list[dict]:
    return [_case("Llama3_8B", "H100", peak_flops="nan TFLOP/s")]


GROUPS = {"main": main_cases, "error": error_cases, "rejected": rejected_cases}


# ---------------------------------------------------------------- accepted differences

def _on_the_ridge(c: dict) -> bool:
    """2 P b / peak == P bpp / bw exactly (tp cancels): the step sits on the ridge point."""
    import mlsysim

    hw = mlsysim._core.hardware(c["hardware"])
    bpp = mlsysim._core.bytes_per_element(c.get("precision", "fp16"))
    weights = mlsysim._core.size_in_bytes(mlsysim._core.model(c["model"]), bpp)
    params = mlsysim._core.model(c["model"]).parameters
    peak = mlsysim.Q_(c["peak_flops"]).m_as("flop/s") if "peak_flops" in c else hw.compute.peak_flops_per_s
    ops = exact(params) * 2 * int(c.get("batch_size", 1))
    return ops * exact(hw.memory.bandwidth_bytes_per_s) == exact(weights) * exact(peak)


KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    ridge_tie_difference(("bottleneck",), _on_the_ridge),
    rejected_difference(
        "nan-peak-flops-rejected",
        "peak_flops = NaN: 0.3.0 answers with NaN times and shares (and calls the step "
        "compute-bound); we reject it (ValueError, CLI exit 1).",
        lambda c: is_nan(c.get("peak_flops"))),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    assert {(c["model"], c["hardware"]) for c in a} >= {(m, h) for m in param_model_keys() for h in hardware_keys()}
    assert set(PRECISIONS) == {c["precision"] for c in a if "precision" in c}
    assert any("peak_flops" in c for c in a) and any(c.get("tp_size", 1) > 1 for c in a)


check_main_cases_all_solve_on_both_sides = solves_on_both_sides()
check_error_cases_raise_on_both_sides = raises_on_both_sides()
check_rejected_are_documented = rejected_and_documented("nan-peak-flops-rejected")


def check_cases_reach_both_bounds(run):
    solved = run.ref_records()
    assert sum(r["bottleneck"] == "Memory" for _, r in solved) >= 200
    assert sum(r["bottleneck"] == "Compute" for _, r in solved) >= 100
    assert all(0.0 < r["memory_share"] < 1.0 for _, r in solved)
    assert any(r["peak_fraction"] == 1.0 for _, r in solved)
