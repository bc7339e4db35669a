"""Reference cases for CompressionModel (quantization and pruning trade-offs), its accepted
differences from mlsysim 0.3.0, and checks of its own. Read by tests/reference/harness.py.

Each case is a dict of ``CompressionModel().solve`` keyword arguments: ``model`` and ``hardware``
are registry keys (any model: sizes come from the parameter count, or DLRM's stated size), the
rest plain numbers and text. Result keys (SI in the key, ratios plain): baseline_precision,
original_size_bytes, compressed_size_bytes, compression_ratio, estimated_accuracy_delta,
memory_savings_pct (percent, as 0.3.0 reports it: 75.0), inference_speedup.

* ``main_cases()``  every model on every accelerator with seeded random method (quantization /
  pruning / left out), target bit width 1..64, sparsity [0, 1), sparsity type (unstructured /
  structured / n_m / left out) and baseline precision (all seven); plus grids: bit widths x
  baselines on memory- and compute-bound pairs (with and without a low-precision rate), sparsity
  across the 50 % threshold and the 2:4 window (0.45 < s < 0.55) for each sparsity type.
* ``full_sparsity_cases()`` pruning at sparsity 1.0: 0.3.0 caps the compression ratio at 100
  (99 % savings) instead of dividing by zero. Kept apart: if we report something else (an
  infinite ratio, or an error), that is a decision to document here.
* ``error_cases()`` inputs the reference rejects by raising (bit width < 1, sparsity outside
  [0, 1], unknown baseline precision); ours must fail too.
* ``rejected_cases()`` inputs the reference answers without a word and we reject: a method other
  than quantization/pruning (0.3.0 returns a no-op 1x result, "distillation" included although
  its docstring lists it), a sparsity type other than unstructured/structured/n_m (0.3.0 treats
  it as unstructured), NaN sparsity.
"""
from __future__ import annotations

import random
from functools import partial

from harness import KnownDifference

from cases._checks import assert_deterministic, raises_on_both_sides, rejected_and_documented, solves_on_both_sides
from cases._differences import rejected_difference, ridge_tie_difference
from cases._registry import PRECISIONS, hardware_keys, model_keys
from cases._values import exact, is_nan

SOLVER = "CompressionModel"
SEED = 20260309

METHODS = ("quantization", "pruning")
SPARSITY_TYPES = ("unstructured", "structured", "n_m")
BITS = (1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 32, 64)
SPARSITIES = (0.0, 0.1, 0.25, 0.45, 0.46, 0.5, 0.54, 0.55, 0.6, 0.75, 0.9, 0.99, 0.999)


def _case(model: str, hardware: str, **kw) -> dict:
    return {"model": model, "hardware": hardware, **kw}


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    cases: list[dict] = []
    for m in model_keys():
        for h in hardware_keys():
            kw: dict = {}
            r = rng.random()
            if r < 0.45:
                kw["method"] = "quantization"
            elif r < 0.9:
                kw["method"] = "pruning"
            if rng.random() < 0.8:
                kw["target_bitwidth"] = rng.choice(BITS)
            if rng.random() < 0.8:
                kw["sparsity"] = rng.choice(SPARSITIES) if rng.random() < 0.7 else rng.random() * 0.999
            if rng.random() < 0.8:
                kw["sparsity_type"] = rng.choice(SPARSITY_TYPES)
            if rng.random() < 0.8:
                kw["baseline_precision"] = rng.choice(PRECISIONS)
            cases.append(_case(m, h, **kw))
    # quantization: bit width x baseline, memory-bound (H100) and compute-bound with and without
    # a low-precision rate (ResNet50 on Groq: int8 listed, int4 not; on ESP32_S3: int8 listed)
    for m, h in (("Llama3_8B", "H100"), ("ResNet50", "Groq_LPU"), ("ResNet50", "ESP32_S3"),
                 ("MobileNetV2", "Cerebras_CS3"), ("EfficientNetB0", "A100")):
        for b in BITS:
            for base in ("fp32", "fp16", "int8"):
                cases.append(_case(m, h, method="quantization", target_bitwidth=b, baseline_precision=base))
    # pruning: sparsity across the 50 % threshold and the 2:4 window, every sparsity type
    for st in SPARSITY_TYPES:
        for s in SPARSITIES + (0.45000001, 0.54999999, 0.5 + 1e-12):
            cases.append(_case("Llama2_7B", "A100", method="pruning", sparsity=s, sparsity_type=st))
    cases += [{"model": "Llama3_8B", "hardware": "H100"}, {"model": "DLRM", "hardware": "H100"},
              {"model": "DLRM", "hardware": "T4", "baseline_precision": "fp16", "method": "pruning",
               "sparsity": 0.5, "sparsity_type": "structured"}]
    return cases


def full_sparsity_cases() -> list[dict]:
    return [_case("Llama3_8B", "H100", method="pruning", sparsity=1.0, sparsity_type=st)
            for st in SPARSITY_TYPES] + [_case("ResNet50", "T4", method="pruning", sparsity=1)]


def error_cases() -> list[dict]:
    c = partial(_case, "Llama3_8B", "H100")
    return [
        c(target_bitwidth=0), c(target_bitwidth=-4), c(method="pruning", sparsity=-0.1),
        c(method="pruning", sparsity=1.5), c(sparsity=2.0), c(method="pruning", sparsity="inf"),
        c(baseline_precision="fp64"), c(baseline_precision="int2"), c(baseline_precision="fp128"),
    ]


def rejected_cases() -> list[dict]:
    c = partial(_case, "Llama3_8B", "H100")
    return [
        c(method="distillation"), c(method="lowrank"), c(method=""), c(method="prune"),
        c(method="pruning", sparsity=0.5, sparsity_type="block"),
        c(method="pruning", sparsity=0.5, sparsity_type="channel"),
        c(method="pruning", sparsity=0.5, sparsity_type=""),
        c(method="quantization", target_bitwidth=4, sparsity_type="block"),
        c(method="pruning", sparsity="nan"),
    ]


GROUPS = {"main": main_cases, "full_sparsity": full_sparsity_cases, "error": error_cases,
          "rejected": rejected_cases}


# ---------------------------------------------------------------- accepted differences

def _on_the_ridge(c: dict) -> bool:
    """The uncompressed model's FLOPs / peak == bytes / bandwidth exactly (intensity on the ridge)."""
    import mlsysim

    hw = mlsysim._core.hardware(c["hardware"])
    bpp = mlsysim._core.bytes_per_element(c.get("baseline_precision", "fp32"))
    g = mlsysim._core.lower(mlsysim._core.model(c["model"]), bpp)
    return (c.get("method", "quantization") == "quantization"
            and exact(g.total_ops) * exact(hw.memory.bandwidth_bytes_per_s)
            == exact(g.weight_bytes) * exact(hw.compute.peak_flops_per_s))


KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    ridge_tie_difference(("inference_speedup",), _on_the_ridge),
    rejected_difference(
        "unknown-method-rejected",
        "method other than 'quantization'/'pruning', or sparsity_type other than "
        "'unstructured'/'structured'/'n_m': 0.3.0 falls through without a word (an unknown "
        "method is a no-op, ratio 1x, and 'distillation', though its docstring lists it, is one "
        "of them; an unknown sparsity type is treated as unstructured); we reject them "
        "(ValueError naming the accepted values, CLI exit 1).",
        lambda c: c.get("method", "quantization") not in METHODS
        or c.get("sparsity_type", "unstructured") not in SPARSITY_TYPES),
    rejected_difference(
        "nan-sparsity-rejected",
        "sparsity = NaN: the reference's range check compares false on NaN and lets it through "
        "(ratio 100x, NaN accuracy delta); we reject it (ValueError, CLI exit 1).",
        lambda c: is_nan(c.get("sparsity"))),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    assert {(c["model"], c["hardware"]) for c in a} >= {(m, h) for m in model_keys() for h in hardware_keys()}
    assert set(METHODS) == {c["method"] for c in a if "method" in c} and any("method" not in c for c in a)
    assert set(SPARSITY_TYPES) == {c["sparsity_type"] for c in a if "sparsity_type" in c}
    assert set(PRECISIONS) == {c["baseline_precision"] for c in a if "baseline_precision" in c}
    assert all(0 <= c.get("sparsity", 0) < 1 for c in a)


check_main_cases_all_solve_on_both_sides = solves_on_both_sides()
check_error_cases_raise_on_both_sides = raises_on_both_sides()
check_rejected_are_documented = rejected_and_documented("unknown-method-rejected", "nan-sparsity-rejected")


def check_cases_reach_every_branch(run):
    solved = run.ref_records()
    quant = [(c, r) for c, r in solved if c.get("method", "quantization") == "quantization"]
    prune = [(c, r) for c, r in solved if c.get("method") == "pruning"]
    # quantization: memory-bound (speedup = ratio), compute-bound with a fast path, without one
    assert sum(r["inference_speedup"] == r["compression_ratio"] for _, r in quant) >= 100
    assert any(1.0 < r["inference_speedup"] < r["compression_ratio"] for _, r in quant)
    assert any(r["inference_speedup"] == 1.0 < r["compression_ratio"] for _, r in quant)
    assert any(r["compression_ratio"] < 1.0 for _, r in quant)  # an upcast
    assert {0.0, -0.002, -0.025, -0.05} <= {r["estimated_accuracy_delta"] for _, r in quant}
    # pruning: the 2:4 speedup, structured speedup, storage-only, the steep branch past 50 %
    assert any(c.get("sparsity_type") == "n_m" and r["inference_speedup"] == 2.0 for c, r in prune)
    assert any(c.get("sparsity_type") == "structured" and r["inference_speedup"] > 2.0 for c, r in prune)
    assert any(r["estimated_accuracy_delta"] < -0.01 for _, r in prune)
    assert {r["baseline_precision"] for _, r in solved} == set(PRECISIONS)
