"""Reference cases for WeightStreamingModel (wafer-scale inference: KV cache held in on-wafer
SRAM, weights streamed in layer by layer), its accepted differences from mlsysim 0.3.0, and checks
of its own. Read by tests/reference/harness.py.

Each case is a dict of ``WeightStreamingModel().solve`` keyword arguments: ``model`` and
``hardware`` are registry keys (transformers only), the rest plain numbers and text. The Cerebras
CS-3 is the machine the model is written for; GPUs and others run through the same formulas (their
memory capacity as the "wafer" SRAM, their host interconnect, or the 100 GB/s fallback, as the
injection link).

* ``main_cases()``  every transformer on every accelerator with seeded random phase (prefill /
  decode / left out), context 1..131072, batch 1..200000, precision and efficiency; plus a Cerebras
  batch sweep across the optimal batch, every precision in both phases, SRAM overflow.
* ``error_cases()`` inputs the reference rejects by raising (efficiency 0 divides by zero, NaN or
  infinite efficiency fail converting the optimal batch to int, unknown precision, models
  without attention heads); ours must fail too.
* ``rejected_cases()`` inputs the reference answers without a word and we reject: an unknown
  phase (0.3.0 treats "train" as decode), seq_len or batch_size <= 0 (zero or negative
  throughput and memory), efficiency outside (0, 1].
"""
from __future__ import annotations

import random
from fractions import Fraction
from functools import partial

from harness import KnownDifference

from cases._checks import assert_deterministic, raises_on_both_sides, rejected_and_documented, solves_on_both_sides
from cases._differences import rejected_difference
from cases._registry import PRECISIONS, hardware_keys, transformer_keys
from cases._values import EFFICIENCIES, as_float, exact, is_nan

SOLVER = "WeightStreamingModel"
SEED = 20260308

PHASES = ("prefill", "decode")
SEQ_LENS = (1, 2, 128, 512, 2048, 4096, 8192, 32768, 131072)
BATCHES = (1, 2, 8, 32, 64, 256, 1024, 4096, 16384, 52083, 52084, 200000)


def _case(model: str, hardware: str, **kw) -> dict:
    return {"model": model, "hardware": hardware, "seq_len": 2048, "batch_size": 1, "precision": "fp16",
            "efficiency": 0.5, **kw}


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    cases: list[dict] = []
    for m in transformer_keys():
        for h in hardware_keys():
            kw = {"seq_len": rng.choice(SEQ_LENS) if rng.random() < 0.7 else rng.randint(1, 16384),
                  "batch_size": rng.choice(BATCHES) if rng.random() < 0.7 else rng.randint(1, 4096),
                  "precision": rng.choice(PRECISIONS),
                  "efficiency": rng.choice(EFFICIENCIES) if rng.random() < 0.5 else rng.uniform(1e-3, 1.0)}
            if rng.random() < 0.8:
                kw["phase"] = rng.choice(PHASES)
            cases.append(_case(m, h, **kw))
    # Cerebras: batch across the overlap point, both phases, every precision
    for m in ("Llama3_8B", "Llama3_70B", "Mixtral_8x7B", "DeepSeek_V3", "GPT3"):
        for b in (1, 64, 4096, 52083, 100000, 1000000):
            for ph in PHASES:
                cases.append(_case(m, "Cerebras_CS3", batch_size=b, phase=ph, seq_len=rng.choice((128, 2048))))
    for p in PRECISIONS:
        for ph in PHASES:
            cases.append(_case("Llama3_70B", "Cerebras_CS3", precision=p, phase=ph, batch_size=256))
    cases += [{"model": "Llama3_8B", "hardware": "Cerebras_CS3", "seq_len": 4096},
              _case("Llama3_405B", "Cerebras_CS3", seq_len=131072, batch_size=64)]
    return cases


def error_cases() -> list[dict]:
    c = partial(_case, "Llama3_8B", "Cerebras_CS3")
    return [
        c(efficiency=0.0), c(efficiency="nan"), c(efficiency="inf"),
        c(precision="fp64"), c(precision="fp4"),
        _case("ResNet50", "Cerebras_CS3"), _case("Mamba_130M", "Cerebras_CS3"), _case("DLRM", "H100"),
    ]


def rejected_cases() -> list[dict]:
    c = partial(_case, "Llama3_8B", "Cerebras_CS3")
    return [
        c(phase="train"), c(phase="training"), c(phase=""), c(phase="generate"),
        c(seq_len=0), c(seq_len=-5), c(seq_len=0, phase="prefill"),
        c(batch_size=0), c(batch_size=-1),
        c(efficiency=1.5), c(efficiency=-0.5), c(efficiency=1.0000001),
    ]


GROUPS = {"main": main_cases, "error": error_cases, "rejected": rejected_cases}


# ---------------------------------------------------------------- accepted differences

def _out_of_range(c: dict) -> bool:
    e = c.get("efficiency", 0.5)
    return (c.get("phase", "decode") not in PHASES or int(c["seq_len"]) < 1
            or int(c.get("batch_size", 1)) < 1 or is_nan(e) or not 0 < as_float(e) <= 1)


def _hardware(c: dict):
    import mlsysim

    return mlsysim._core.hardware(c["hardware"])


def _balance(c: dict) -> Fraction:
    """The optimal batch in exact arithmetic: bpp x rate x efficiency / (2 x injection bandwidth)."""
    import mlsysim

    hw = _hardware(c)
    precision = c.get("precision", "fp16")
    rate = dict(hw.compute.precision_flops_per_s).get(precision, hw.compute.peak_flops_per_s)
    link = hw.interconnect.bandwidth_bytes_per_s if hw.interconnect and hw.interconnect.bandwidth_bytes_per_s else 100e9
    bpp = mlsysim._core.bytes_per_element(precision)
    return exact(bpp) * exact(rate) * exact(as_float(c.get("efficiency", 0.5))) / (2 * exact(link))


def _integer_balance(d) -> bool:
    """The balance point is a whole number n to 1e-9 (exactly, or 489.99999999999994 because 0.7 is
    not a double), ours says n and 0.3.0 floors its round-off to n - 1."""
    b = _balance(d.case)
    n = round(b)
    return n >= 1 and abs(b - n) <= Fraction(1, 10**9) * n and d.ours == n and d.ref == n - 1


def _exact_sram_fit(c: dict) -> bool:
    """KV x 1.1 == SRAM capacity exactly."""
    import mlsysim

    m = mlsysim._core.model(c["model"])
    heads = m.heads or 32
    kv_heads = m.kv_heads or heads
    head_dim = (m.hidden_dim or 4096) // heads
    bpp = exact(mlsysim._core.bytes_per_element(c.get("precision", "fp16")))
    kv = int(c["seq_len"]) * kv_heads * head_dim * 2 * bpp * m.layers * int(c.get("batch_size", 1))
    return kv * Fraction(11, 10) == exact(_hardware(c).memory.capacity_bytes)


KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    KnownDifference(
        id="optimal-batch-integer-balance",
        fields=("optimal_batch_size",),
        status="deliberate",
        reason="when the balance point bpp x rate x efficiency / (2 x injection bandwidth) is a whole "
               "number to 1e-9 (490 for OPT_13B on an iPhone15Pro in tf32 at efficiency 0.7, where 0.7 "
               "as a double makes it 489.99999999999994), ours is that number; 0.3.0 floors the "
               "round-off to one below it (489).",
        matches=_integer_balance,
    ),
    KnownDifference(
        id="exact-sram-fit",
        fields=("feasible", "throughput_tokens_per_s", "constraint_trace"),
        status="deliberate",
        reason="a batch whose KV cache x 1.1 equals the SRAM exactly (Llama3_70B int4, 2048 tokens, "
               "batch 256 on the CS-3's 44 GiB) fits: required <= available. 0.3.0 converts the "
               "requirement to GB first and its round-off (47.244640256000004 GB) calls it FAILED.",
        matches=lambda d: _exact_sram_fit(d.case),
    ),
    rejected_difference(
        "streaming-range-checks",
        "phase other than 'prefill'/'decode' (0.3.0 treats anything else, 'train' included, as "
        "decode), seq_len or batch_size < 1 (0.3.0 answers with zero or negative KV memory and "
        "throughput), efficiency outside (0, 1] (0.3.0 applies it as given): we reject them "
        "(ValueError naming the accepted values, CLI exit 1).",
        _out_of_range),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    assert {(c["model"], c["hardware"]) for c in a} >= {(m, h) for m in transformer_keys() for h in hardware_keys()}
    assert {"prefill", "decode"} == {c["phase"] for c in a if "phase" in c}
    assert any("phase" not in c for c in a)
    assert set(PRECISIONS) == {c["precision"] for c in a if "precision" in c}


check_main_cases_all_solve_on_both_sides = solves_on_both_sides()
check_error_cases_raise_on_both_sides = raises_on_both_sides()
check_rejected_are_documented = rejected_and_documented("streaming-range-checks")


def check_cases_reach_every_regime(run):
    solved = run.ref_records()
    cs3 = [(c, r) for c, r in solved if c["hardware"] == "Cerebras_CS3"]
    for sub in (solved, cs3):
        assert {r["bottleneck"] for _, r in sub} == {"Compute-Bound", "Interconnect-Bandwidth-Bound"}
        assert any(r["feasible"] for _, r in sub) and any(not r["feasible"] for _, r in sub)
    assert all(r["throughput_tokens_per_s"] == 0.0 for _, r in solved if not r["feasible"])
    assert any(r["wafer_memory_utilization"] > 1.0 for _, r in solved)
