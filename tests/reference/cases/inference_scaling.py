"""Reference cases for InferenceScalingModel (chain-of-thought reasoning cost: one prefill, then
reasoning_steps x 50 decode tokens), its accepted differences from mlsysim 0.3.0, and checks of its
own. Read by tests/reference/harness.py.

Each case is a dict of ``InferenceScalingModel().solve`` keyword arguments: ``model`` and
``hardware`` are registry keys (transformers only), the rest plain numbers and text. The result
nests the ServingModel result of the prefill/decode (``serving_detail``), compared field by field.

* ``main_cases()``  every transformer on every accelerator with seeded random reasoning_steps
  (0..1000), context (1..131072 tokens), precision and efficiency; plus every precision, hardware
  without a TDP (energy 0 J), models that do not fit (feasible false), the defaults.
* ``error_cases()`` inputs the reference rejects by raising (through its inner ServingModel:
  context_length < 1, efficiency out of (0, 1], unknown precision, non-transformer models).
* ``rejected_cases()`` inputs the reference answers with nonsense and we reject: negative
  reasoning_steps (negative time, tokens and energy) and NaN efficiency.
"""
from __future__ import annotations

import random
from functools import partial

from harness import KnownDifference

from cases._checks import assert_deterministic, raises_on_both_sides, rejected_and_documented, solves_on_both_sides
from cases._differences import moe_difference, rejected_difference
from cases._registry import PRECISIONS, hardware_entry, hardware_keys, sparse_keys, transformer_keys
from cases._values import EFFICIENCIES, as_float, is_nan

SOLVER = "InferenceScalingModel"
SEED = 20260307

STEPS = (0, 1, 2, 3, 8, 16, 32, 100, 1000)
CONTEXTS = (1, 2, 128, 512, 2048, 4096, 8192, 32768, 131072)


def _case(model: str, hardware: str, **kw) -> dict:
    return {"model": model, "hardware": hardware, "reasoning_steps": 8, "context_length": 2048,
            "precision": "fp16", "efficiency": 0.5, **kw}


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    cases: list[dict] = []
    for m in transformer_keys():
        for h in hardware_keys():
            cases.append(_case(m, h, reasoning_steps=rng.choice(STEPS),
                               context_length=rng.choice(CONTEXTS) if rng.random() < 0.7 else rng.randint(1, 16384),
                               precision=rng.choice(PRECISIONS),
                               efficiency=rng.choice(EFFICIENCIES) if rng.random() < 0.5 else rng.uniform(1e-3, 1.0)))
    for p in PRECISIONS:
        for m, h in (("Llama3_8B", "H100"), ("Mixtral_8x7B", "H200"), ("DeepSeek_V3", "GB200_NVL72")):
            cases.append(_case(m, h, precision=p, reasoning_steps=rng.choice((4, 16))))
    no_tdp = [h for h in hardware_keys() if "tdp" not in hardware_entry(h)]
    for h in no_tdp:
        cases.append(_case("GPT2_Small", h, reasoning_steps=16, context_length=256))
    cases += [{"model": "Llama3_8B", "hardware": "H100"}, {"model": "GPT4", "hardware": "GB200_NVL72"},
              _case("Llama3_405B", "A100"), _case("GPT4", "H100", reasoning_steps=1000)]
    return cases


def error_cases() -> list[dict]:
    c = partial(_case, "Llama3_8B", "H100")
    return [
        c(context_length=0), c(context_length=-4), c(efficiency=0.0), c(efficiency=1.5),
        c(efficiency=-1.0), c(precision="fp64"), c(precision="fp4"),
        _case("ResNet50", "H100"), _case("Mamba_2_8B", "A100"), _case("OpenVLA_7B", "H100"),
    ]


def rejected_cases() -> list[dict]:
    return [_case("Llama3_8B", "H100", reasoning_steps=-3), _case("Llama3_8B", "H100", reasoning_steps=-1),
            _case("Llama3_8B", "H100", efficiency="nan")]


GROUPS = {"main": main_cases, "error": error_cases, "rejected": rejected_cases}


# ---------------------------------------------------------------- accepted differences

KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    moe_difference(
        ("ttft_s", "total_reasoning_time_s", "energy_per_query_j", "serving_detail.ttft_s"),
        "Here the prefill (ttft_s, also inside serving_detail) and so the total reasoning time "
        "and the energy per query (TDP x time) differ for sparse models only; itl and the "
        "per-step time agree."),
    rejected_difference(
        "reasoning-range-checks",
        "reasoning_steps < 0 or efficiency NaN: 0.3.0 answers (negative reasoning time, tokens "
        "and energy; NaN TTFT); we reject them (ValueError, CLI exit 1).",
        lambda c: as_float(c.get("reasoning_steps", 8)) < 0 or is_nan(c.get("efficiency"))),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    assert {(c["model"], c["hardware"]) for c in a} >= {(m, h) for m in transformer_keys() for h in hardware_keys()}
    assert sparse_keys() <= {c["model"] for c in a}
    assert set(PRECISIONS) == {c["precision"] for c in a if "precision" in c}
    assert {0, 1000} <= {c.get("reasoning_steps", 8) for c in a}


check_main_cases_all_solve_on_both_sides = solves_on_both_sides()
check_error_cases_raise_on_both_sides = raises_on_both_sides()
check_rejected_are_documented = rejected_and_documented("reasoning-range-checks")


def check_cases_reach_every_regime(run):
    solved = run.ref_records()
    assert sum(r["feasible"] for _, r in solved) >= 100
    assert sum(not r["feasible"] for _, r in solved) >= 100
    assert any(r["energy_per_query_j"] == 0.0 for _, r in solved)
    assert any(r["tokens_generated"] == 0 for _, r in solved)
    assert all(r["serving_detail"]["ttft_s"] == r["ttft_s"] for _, r in solved)
