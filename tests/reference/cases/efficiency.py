"""Reference cases for EfficiencyModel (software efficiency: the calibrated MFU of a workload's
dominant kernel type, scaled by efficiency / 0.5 and capped per kernel, the achievable FLOP rate
at the precision's peak, and 1 - MFU split into SM-occupancy loss and memory stall), its accepted
differences from mlsysim 0.3.0, and checks of its own. Read by tests/reference/harness.py.

Each case is a dict of ``EfficiencyModel().solve`` keyword arguments: ``model`` and ``hardware``
registry keys (the model is not used by the formulas), ``workload_type`` (attention, ffn, conv),
``use_flash_attention``, ``precision`` and ``efficiency``; any but the first two may be left out.

* ``main_cases()``  every hardware entry x every precision (fp32 .. int4; the listed rate or the
  headline one) x every kernel (attention with and without FlashAttention, ffn, conv), every
  model in turn, seeded random efficiency; fp4 on the hardware that lists an fp4 rate (B200,
  GB200_NVL72, DriveThor, DGX_Spark); an efficiency sweep over [1e-9, 1] across each kernel's cap
  (ffn above 0.6, conv above 0.6875, FlashAttention above 0.5667) and the occupancy ceiling
  (above 1/1.1); FlashAttention on ffn and conv (ignored, echoed); the defaults. Both sides must
  agree field by field, overhead_breakdown key by key.
* ``error_cases()`` inputs the reference rejects by raising: an unknown model or hardware key, a
  workload_type that is not a string, an efficiency given as text; ours must fail too.
* ``rejected_cases()`` inputs the reference answers and we reject: an unknown workload_type
  (0.3.0 prices "embedding" at the low MFU 0.3 x scale), efficiency outside [1e-9, 1] (0 gives
  MFU 0, 2.0 and inf the capped values), NaN efficiency (MFU 0), an unknown precision ("fp64",
  "fp16_dense", "": 0.3.0 looks the raw name up in the hardware's list and falls back to the
  headline peak, or finds the datasheet's "fp16_dense"), fp4 on hardware without an fp4 rate
  (0.3.0: the headline peak), and a use_flash_attention that is not a bool, an efficiency of
  True or a precision that is a number (0.3.0 reads 1 or "yes" as true, True as efficiency 1,
  16 as an unlisted name: the headline peak).
* ``precision_case_cases()`` precisions in capitals ("FP8", "FP4"): 0.3.0 looks the rate up by
  the name as given (a miss: the headline peak); ours reads the name case-insensitively.
* ``workload_case_cases()`` kernel types in capitals ("FFN", "Attention"): 0.3.0 matches them
  exactly, misses, and prices them at the low MFU under the name as given; ours reads them
  case-insensitively.
"""
from __future__ import annotations

import math
import random

from harness import KnownDifference

from cases._checks import (
    assert_confined,
    assert_deterministic,
    raises_on_both_sides,
    rejected_and_documented,
    solves_on_both_sides,
)
from cases._differences import rejected_difference
from cases._registry import PRECISIONS, fp4_hardware, hardware_keys, model_keys
from cases._values import EFFICIENCIES, close, is_nan

SOLVER = "EfficiencyModel"
SEED = 20260322

WORKLOADS = ("attention", "ffn", "conv")
# (workload_type, use_flash_attention): every kernel the formulas tell apart
KERNELS = (("attention", False), ("attention", True), ("ffn", False), ("conv", False))
# each kernel's cap binds above: ffn 0.6, conv 0.6875, FlashAttention 0.85/1.5 = 0.5667; the
# occupancy ceiling 1.1 x efficiency reaches 1 at 1/1.1 = 0.90909
THRESHOLDS = (0.6, 0.6875, 0.85 / 1.5, 1 / 1.1)
SWEEP = (1e-9, 2e-9, 1e-8, 1e-6, 1e-4, 0.01, 0.1, 0.2, 0.3, 0.4, 0.5, 0.55, 0.5666, 0.5667, 0.59999,
         0.6, 0.60001, 0.65, 0.6875, 0.7, 0.8, 0.9, 0.909, 0.9091, 0.95, 0.99, 1.0)


def _case(model: str, hardware: str, **kw) -> dict:
    return {"model": model, "hardware": hardware, **kw}


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    models = model_keys()
    cases: list[dict] = []
    i = 0
    # 1. every hardware x precision x kernel, models in turn, random efficiency
    for h in hardware_keys():
        for p in PRECISIONS:
            for w, fa in KERNELS:
                r = rng.random()
                e = rng.choice(EFFICIENCIES) if r < 0.5 else rng.uniform(1e-3, 1.0) if r < 0.9 else rng.choice(SWEEP)
                cases.append(_case(models[i % len(models)], h, workload_type=w, use_flash_attention=fa,
                                   precision=p, efficiency=e))
                i += 1
    # 2. fp4 where the hardware lists an fp4 rate (0.3.0 looks "fp4" up like any name)
    for h in fp4_hardware():
        for w, fa in KERNELS:
            cases.append(_case("Llama3_8B", h, workload_type=w, use_flash_attention=fa, precision="fp4",
                               efficiency=rng.choice(EFFICIENCIES)))
    # 3. the efficiency sweep across every cap, per kernel
    for w, fa in KERNELS:
        for e in SWEEP + THRESHOLDS:
            cases.append(_case("GPT3", "H100", workload_type=w, use_flash_attention=fa, efficiency=e))
    # 4. FlashAttention on ffn and conv: no effect, echoed
    for w in ("ffn", "conv"):
        for e in (0.1, 0.5, 0.9):
            cases.append(_case("ResNet50", "A100", workload_type=w, use_flash_attention=True, efficiency=e))
    # 5. defaults (ffn, no FlashAttention, fp16, efficiency 0.5), one argument at a time
    for h in ("H100", "B200", "TPUv5p", "ESP32_S3", "MI300X"):
        cases += [_case("Llama3_70B", h), _case("Llama3_70B", h, workload_type="attention"),
                  _case("Llama3_70B", h, use_flash_attention=True), _case("Llama3_70B", h, precision="int8"),
                  _case("Llama3_70B", h, efficiency=0.9)]
    return cases


def error_cases() -> list[dict]:
    return [_case("NoSuchModel", "H100"), _case("Llama3_8B", "NoSuchHardware"),
            _case("Llama3_8B", "H100", workload_type=3), _case("Llama3_8B", "H100", workload_type=None),
            _case("Llama3_8B", "H100", efficiency="0.5")]


UNKNOWN_WORKLOADS = ("embedding", "mlp", "", "attn", "moe")
UNKNOWN_PRECISIONS = ("fp64", "int2", "fp16_dense", "fp16_sparse", "int8_sparse", "fp8_sparse", "", "half")


def rejected_cases() -> list[dict]:
    cases = [_case("Llama3_8B", h, workload_type=w, efficiency=e)
             for w in UNKNOWN_WORKLOADS for h, e in (("H100", 0.5), ("B200", 0.9))]
    cases += [_case("Llama3_8B", "H100", workload_type="embedding", use_flash_attention=True)]
    for w, fa in KERNELS:
        cases += [_case("Llama3_8B", "A100", workload_type=w, use_flash_attention=fa, efficiency=e)
                  for e in (0.0, -0.5, 1e-10, 1.0000001, 2.0, "inf", "-inf", "nan")]
    cases += [_case("Llama3_8B", h, precision=p) for p in UNKNOWN_PRECISIONS for h in ("H100", "A100")]
    cases += [_case("Llama3_8B", h, precision="fp4", workload_type=w)
              for h in ("H100", "A100", "TPUv5p", "ESP32_S3") for w in WORKLOADS]
    cases += [_case("Llama3_8B", "H100", use_flash_attention=v, workload_type="attention") for v in (1, 0, "yes")]
    cases += [_case("Llama3_8B", "H100", efficiency=True),
              _case("Llama3_8B", "H100", precision=16), _case("Llama3_8B", "B200", precision=8)]
    return cases


def precision_case_cases() -> list[dict]:
    cases = [_case("Llama3_8B", "H100", precision=p) for p in ("FP8", "Int8", "FP32", "TF32", "FP16", "BF16")]
    cases += [_case("Llama3_8B", "B200", precision=p, workload_type="conv") for p in ("FP4", "Fp8", "INT4")]
    cases += [_case("GPT3", "TPUv5p", precision="INT8", workload_type="attention", use_flash_attention=True),
              _case("GPT3", "GB200_NVL72", precision="BF16", efficiency=0.9)]
    return cases


def workload_case_cases() -> list[dict]:
    return [_case("Llama3_8B", "H100", workload_type="FFN"),
            _case("Llama3_8B", "H100", workload_type="Attention", use_flash_attention=True),
            _case("Llama3_8B", "H100", workload_type="ATTENTION", efficiency=0.9),
            _case("ResNet50", "A100", workload_type="Conv", efficiency=0.3),
            _case("ResNet50", "A100", workload_type="CONV", efficiency=1.0)]


GROUPS = {"main": main_cases, "error": error_cases, "rejected": rejected_cases,
          "precision_case": precision_case_cases, "workload_case": workload_case_cases}


# ---------------------------------------------------------------- accepted differences

def _listed(hardware: str) -> tuple[dict, float]:
    """(the hardware's listed rates by the registry's names, its headline peak), in flop/s."""
    import mlsysim

    compute = mlsysim._core.hardware(hardware).compute
    return dict(compute.precision_flops_per_s), compute.peak_flops_per_s


def _rates(case: dict) -> tuple[float, float]:
    """(0.3.0's rate: the name as given, ours: its lower case), each falling back to the peak."""
    listed, peak = _listed(case["hardware"])
    p = case.get("precision", "fp16")
    return listed.get(p, peak), listed.get(p.lower(), peak)


def _rate_by_other_case(d) -> bool:
    """A precision in capitals: the peak rate, and the achievable rate that follows, differ by the
    ratio of the two lookups; MFU and the breakdown do not depend on it."""
    p = d.case.get("precision", "fp16")
    if not isinstance(p, str) or p == p.lower() or p.lower() not in (*PRECISIONS, "fp4"):
        return False
    ref_rate, our_rate = _rates(d.case)
    return ref_rate != our_rate and close(float(d.ours) * ref_rate, float(d.ref) * our_rate)


def _low_mfu(c: dict) -> float:
    """0.3.0's MFU for a kernel type it does not match: 0.3 x efficiency / 0.5, clamped to [0, 1]."""
    return max(0.0, min(0.3 * _efficiency(c) / 0.5, 1.0))


def _workload_other_case(d) -> bool:
    """A kernel type in capitals: ours prices the kernel, 0.3.0 the low MFU under the given name;
    the occupancy loss does not depend on the kernel, the memory stall follows the MFU."""
    w = d.case.get("workload_type", "ffn")
    if not isinstance(w, str) or w == w.lower() or w.lower() not in WORKLOADS:
        return False
    low = _low_mfu(d.case)
    if d.field == "workload_type":
        return d.ours == w.lower() and d.ref == w
    if d.field == "mfu":
        return close(float(d.ref), low)
    if d.field == "achievable_flops_flop_per_s":
        listed, peak = _listed(d.case["hardware"])
        return close(float(d.ref), listed.get(d.case.get("precision", "fp16"), peak) * low)
    if d.field == "overhead_breakdown.memory_stall":
        occupancy = 1.0 - min(_efficiency(d.case) * 1.1, 1.0)
        return close(float(d.ref), max(0.0, (1.0 - low) - occupancy))
    return False


def _efficiency(c: dict) -> float:
    return float(c.get("efficiency", 0.5))


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _unknown_workload(c: dict) -> bool:
    w = c.get("workload_type", "ffn")
    return isinstance(w, str) and w.lower() not in WORKLOADS


def _efficiency_out_of_range(c: dict) -> bool:
    e = c.get("efficiency", 0.5)
    if isinstance(e, str) and e in ("inf", "-inf"):
        return True
    return _is_number(e) and not math.isnan(e) and not 1e-9 <= e <= 1.0


def _nan_efficiency(c: dict) -> bool:
    return is_nan(c.get("efficiency")) and not _unknown_workload(c)


def _unknown_precision(c: dict) -> bool:
    p = c.get("precision", "fp16")
    return isinstance(p, str) and p.lower() not in (*PRECISIONS, "fp4")


def _fp4_unlisted(c: dict) -> bool:
    return str(c.get("precision", "")).lower() == "fp4" and c["hardware"] not in fp4_hardware()


def _wrong_type(c: dict) -> bool:
    fa, e, p = c.get("use_flash_attention", False), c.get("efficiency", 0.5), c.get("precision", "fp16")
    return not isinstance(fa, bool) or isinstance(e, bool) or not isinstance(p, str)


KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    rejected_difference(
        "unknown-workload-type-rejected",
        "a workload_type that is not attention, ffn or conv ('embedding', 'mlp', ''): 0.3.0 "
        "falls through to the low MFU, 0.3 x efficiency / 0.5 (0.3 at efficiency 0.5: 296.7 "
        "TFLOP/s achievable on H100) and reports the unknown name; we reject it (ValueError "
        "listing attention, ffn, conv; CLI exit 1).",
        _unknown_workload),
    rejected_difference(
        "efficiency-range-checks",
        "efficiency outside [1e-9, 1]: 0.3.0 has no range check; 0 and negative values clamp the "
        "MFU to 0 (0 achievable FLOP/s, occupancy loss 1.0 and 1.55), 2.0 and inf give the capped "
        "MFU (ffn 0.6: 187.2 TFLOP/s on A100; attention without FlashAttention 1.0, its clamp) "
        "with occupancy loss 0, 1e-10 an ffn MFU of 1e-10; "
        "we reject it (ValueError: 'must be in [1e-09, 1.0]', CLI exit 1).",
        _efficiency_out_of_range),
    rejected_difference(
        "nan-efficiency-rejected",
        "efficiency NaN: 0.3.0's min/max clamp turns the NaN MFU into 0.0 (0 achievable FLOP/s) "
        "while the occupancy loss is NaN; we reject it (ValueError: 'must be a finite number').",
        _nan_efficiency),
    rejected_difference(
        "unknown-precision-rejected",
        "a precision we do not know ('fp64', 'int2', '', or a datasheet's 'fp16_sparse'): 0.3.0 "
        "looks the raw name up in the hardware's listed rates and falls back to the headline "
        "peak (989 TFLOP/s on H100 for 'fp64'), or finds the datasheet entry (H100 "
        "'fp16_sparse': 1979 TFLOP/s, 'int8_sparse': 3958 TFLOP/s); we reject it (ValueError "
        "listing fp32, tf32, bf16, fp16, fp8, int8, int4, fp4; CLI exit 1).",
        _unknown_precision),
    rejected_difference(
        "fp4-needs-a-listed-rate",
        "precision fp4 on hardware that lists no fp4 rate (H100, A100, TPUv5p, ESP32_S3): 0.3.0 "
        "looks 'fp4' up like any name, misses, and prices it at the headline peak (H100: "
        "989 TFLOP/s, as fp16); we reject it (ValueError: the hardware lists no fp4 rate). Where "
        "one is listed (B200: 9 PFLOP/s) both sides agree (main_cases()).",
        _fp4_unlisted),
    rejected_difference(
        "strict-input-types",
        "use_flash_attention given as 1, 0 or 'yes', efficiency as True, precision as a "
        "number (16): 0.3.0 reads them as Python does (1 and 'yes' as FlashAttention on, True as "
        "efficiency 1: ffn MFU 0.6, precision 16 as a name it does not list: the headline peak, "
        "989 TFLOP/s on H100); we take only True/False, numbers and precision names (TypeError, "
        "CLI exit 1).",
        _wrong_type),
    KnownDifference(
        id="precision-name-case-insensitive",
        fields=("peak_flops_flop_per_s", "achievable_flops_flop_per_s"),
        status="deliberate",
        reason="a precision in capitals ('FP8'): 0.3.0 looks the rate up by the name as given, "
               "misses, and uses the headline peak (H100: 989 TFLOP/s, 494.5 TFLOP/s achievable at "
               "ffn, efficiency 0.5); ours reads it as 'fp8' (1979 TFLOP/s, 989.5 achievable); "
               "'FP4' on B200: 0.3.0 2.25 PFLOP/s, ours 9 PFLOP/s. MFU and the breakdown agree.",
        matches=_rate_by_other_case,
    ),
    KnownDifference(
        id="workload-type-case-insensitive",
        fields=("workload_type", "mfu", "achievable_flops_flop_per_s", "overhead_breakdown"),
        status="deliberate",
        reason="a kernel type in capitals ('FFN', 'Attention'): ours reads choices "
               "case-insensitively and prices the kernel ('FFN' at efficiency 0.5: MFU 0.5, 494.5 "
               "TFLOP/s on H100, memory stall 0.05; reported as 'ffn'); 0.3.0 matches the name "
               "exactly, misses, and uses the low MFU 0.3 (296.7 TFLOP/s, memory stall 0.25) "
               "under the name 'FFN'.",
        matches=_workload_other_case,
    ),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    assert {c["hardware"] for c in a} == set(hardware_keys()) and len(hardware_keys()) == 52
    assert {c["model"] for c in a} == set(model_keys())
    assert {(c["hardware"], c["precision"], c["workload_type"], c["use_flash_attention"])
            for c in a if "precision" in c and "workload_type" in c} >= {
        (h, p, w, fa) for h in hardware_keys() for p in PRECISIONS for w, fa in KERNELS}
    assert {c.get("precision") for c in a} >= {*PRECISIONS, "fp4"}
    effs = {c.get("efficiency", 0.5) for c in a}
    assert 1e-9 in effs and 1.0 in effs and all(1e-9 <= e <= 1 for e in effs)
    assert len(fp4_hardware()) >= 3


check_main_cases_all_solve_on_both_sides = solves_on_both_sides(exactly=True)
check_error_cases_raise_on_both_sides = raises_on_both_sides()
check_rejected_are_documented = rejected_and_documented(
    "unknown-workload-type-rejected", "efficiency-range-checks", "nan-efficiency-rejected",
    "unknown-precision-rejected", "fp4-needs-a-listed-rate", "strict-input-types")


def check_precision_case(run):
    explained = run.explained("precision-name-case-insensitive")
    for i, c, o, r in run.outcomes("precision_case"):
        ref_rate, our_rate = _rates(c)
        assert (i in explained) == (ref_rate != our_rate), c
        assert o.record["mfu"] == r.record["mfu"], c
        assert close(r.record["peak_flops_flop_per_s"], ref_rate) and close(o.record["peak_flops_flop_per_s"], our_rate)
    assert_confined(run, "precision-name-case-insensitive", "precision_case")
    assert sum(r != o for r, o in map(_rates, run.group("precision_case")[0])) >= 5


def check_workload_case(run):
    for _, c, o, r in run.outcomes("workload_case"):
        assert o.record["workload_type"] == c["workload_type"].lower(), c
        assert r.record["workload_type"] == c["workload_type"], c
        assert close(r.record["mfu"], _low_mfu(c)), c
        assert o.record["overhead_breakdown"]["occupancy_loss"] == r.record["overhead_breakdown"]["occupancy_loss"]
    assert_confined(run, "workload-type-case-insensitive", "workload_case")


def check_cases_reach_every_cap(run):
    """Each kernel below and at its cap; the occupancy loss down to 0; the memory stall 0 and not."""
    solved = run.ref_records()
    caps = {("ffn", False): 0.6, ("conv", False): 0.55, ("attention", True): 0.85}
    for (w, fa), cap in caps.items():
        mfus = [r["mfu"] for c, r in solved
                if c.get("workload_type", "ffn") == w and c.get("use_flash_attention", False) == fa]
        assert sum(m == cap for m in mfus) >= 10 and sum(m < cap for m in mfus) >= 50, (w, fa)
    plain = [(c, r) for c, r in solved if c.get("workload_type") == "attention" and not c.get("use_flash_attention")]
    assert max(r["mfu"] for _, r in plain) == 0.6 and min(r["mfu"] for _, r in plain) < 1e-8
    assert all(close(r["mfu"], 0.6 * _efficiency(c)) for c, r in plain)
    assert any(r["overhead_breakdown"]["occupancy_loss"] == 0.0 for _, r in solved)
    assert any(r["overhead_breakdown"]["memory_stall"] == 0.0 for _, r in solved)
    assert any(r["overhead_breakdown"]["memory_stall"] > 0.1 for _, r in solved)
    # the achievable rate is the peak at that MFU, the peak the listed rate or the headline one
    for c, r in solved:
        listed, peak = _listed(c["hardware"])
        assert close(r["peak_flops_flop_per_s"], listed.get(c.get("precision", "fp16"), peak)), c
        assert close(r["achievable_flops_flop_per_s"], r["peak_flops_flop_per_s"] * r["mfu"]) or r["mfu"] == 0.0, c
