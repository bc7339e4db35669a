"""Reference cases for ServingModel (LLM prefill/decode serving), its accepted differences from
mlsysim 0.3.0, and checks of its own. Read by tests/reference/harness.py.

Each case is a dict of ``ServingModel().solve`` keyword arguments: ``model``, ``hardware``,
``decode_hardware`` and ``draft_model`` are registry keys (transformers only: registry type
transformer or sparse_transformer); optional inputs are left out when unused, so that both sides
apply their defaults.

``network_bandwidth`` is quantity text ("50 GB/s"): dump_reference makes it the pint Quantity
0.3.0 needs (a str or a bare number raises AttributeError there); ours reads the text directly.

* ``main_cases()``  every transformer on every accelerator with seeded random parameters (all
  seven precisions, batch 1..1024, contexts 1..131072, every optional feature at random), plus
  targeted cases: precision x batch grids on dense, GQA, MoE and MLA models; speculative decoding
  with acceptance 0..1; disaggregated prefill/decode over several links; prompt caching up to
  seq_len - 1; chunked prefill from 1-token chunks to chunks longer than the prompt; memory-wall
  failures.
* ``error_cases()`` inputs the reference rejects by raising (range checks, unknown precision,
  non-transformer models, which 0.3.0 crashes on with AttributeError); ours must fail too.
* ``rejected_cases()`` inputs the reference accepts without complaint (NaN efficiency or
  acceptance rate, which give NaN or a made-up acceptance) and we reject.
"""
from __future__ import annotations

import random
from functools import partial

from harness import KnownDifference

from cases._checks import assert_deterministic, raises_on_both_sides, rejected_and_documented, solves_on_both_sides
from cases._differences import moe_difference, rejected_difference
from cases._registry import PRECISIONS, hardware_keys, sparse_keys, transformer_keys
from cases._values import EFFICIENCIES, is_nan

SOLVER = "ServingModel"
SEED = 20260301

SEQ_LENS = (1, 2, 7, 64, 128, 512, 1000, 1024, 2048, 4096, 8192, 32768, 131072)
BATCHES = (1, 2, 3, 4, 7, 8, 16, 32, 64, 128, 256, 1024)
BANDWIDTHS = ("100 GB/s", "50 GB/s", "25 GB/s", "12.5 GB/s", "400 GB/s", "900 GB/s", "1.8 TB/s",
              "3.2 TB/s", "0.5 GB/s")
DRAFTS = ("GPT2_Small", "BERT_Base", "GPT2", "Llama2_7B", "Llama3_8B")
ACCEPTANCE = (0.0, 0.1, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0)
MAX_CHUNKS = 256  # the reference loops once per chunk; keep the run short


def _case(model: str, hardware: str, **kw) -> dict:
    return {"model": model, "hardware": hardware, "seq_len": 2048, "batch_size": 1,
            "precision": "fp16", "efficiency": 0.5, **kw}


def _chunk_for(rng: random.Random, new_tokens: int) -> int:
    choices = [c for c in (1, 7, 64, 256, 512, 2048, 8192) if -(-new_tokens // c) <= MAX_CHUNKS]
    splits = [max(1, new_tokens // k) for k in (1, 2, 3, 8)]
    choices += [c for c in splits if -(-new_tokens // c) <= MAX_CHUNKS]
    choices.append(new_tokens + rng.randint(1, 100))  # one chunk, longer than the prompt
    return rng.choice(choices)


def _random_params(rng: random.Random, hws: list[str]) -> dict:
    seq = rng.choice(SEQ_LENS) if rng.random() < 0.7 else rng.randint(1, 16384)
    p = {
        "seq_len": seq,
        "batch_size": rng.choice(BATCHES) if rng.random() < 0.7 else rng.randint(1, 512),
        "precision": rng.choice(PRECISIONS),
        "efficiency": rng.choice(EFFICIENCIES) if rng.random() < 0.5 else rng.uniform(1e-3, 1.0),
    }
    if seq > 1 and rng.random() < 0.25:
        p["cached_prefix_len"] = rng.choice((1, seq // 2, seq - 1, rng.randint(0, seq - 1)))
    new_tokens = max(1, seq - p.get("cached_prefix_len", 0))
    if rng.random() < 0.25:
        p["prefill_chunk_tokens"] = _chunk_for(rng, new_tokens)
    if rng.random() < 0.2:
        p["decode_hardware"] = rng.choice(hws)
        if rng.random() < 0.8:
            p["network_bandwidth"] = rng.choice(BANDWIDTHS)
    elif rng.random() < 0.05:
        p["network_bandwidth"] = rng.choice(BANDWIDTHS)  # validated, unused without decode_hardware
    if rng.random() < 0.2:
        p["draft_model"] = rng.choice(DRAFTS)
        if rng.random() < 0.85:
            p["draft_acceptance_rate"] = rng.choice(ACCEPTANCE) if rng.random() < 0.6 else rng.random()
    return p


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    hws, models = hardware_keys(), transformer_keys()
    cases: list[dict] = []
    # 1. every transformer on every accelerator, random parameters per pair
    for m in models:
        for h in hws:
            cases.append(_case(m, h, **_random_params(rng, hws)))
    # 2. precision x batch on dense, GQA, MoE and MLA models, memory- and compute-heavy
    for m, h in (("Llama3_8B", "H100"), ("Llama2_7B", "A100"), ("Mixtral_8x7B", "H200"),
                 ("DeepSeek_V3", "GB200_NVL72"), ("GPT4", "GB200_NVL72"), ("PaLM_540B", "MI300X"),
                 ("GPT2_Small", "T4")):
        for b in (1, 8, 64, 512):
            for p in PRECISIONS:
                cases.append(_case(m, h, batch_size=b, precision=p, seq_len=rng.choice((512, 4096))))
    # 3. long and short contexts on GQA / MLA / MHA models
    for m in ("Llama3_70B", "Llama3_405B", "DeepSeek_V3", "Mixtral_8x7B", "Llama2_13B", "PaLM_540B"):
        for s in (1, 2, 131072, 1_000_000):
            cases.append(_case(m, "GB200_NVL72", seq_len=s, batch_size=rng.choice((1, 4))))
    # 4. speculative decoding: acceptance 0..1, dense and MoE targets, defaults left out once
    for m, d, h in (("Llama3_70B", "Llama3_8B", "H200"), ("Mixtral_8x7B", "GPT2_Small", "MI300X"),
                    ("GPT3", "GPT2", "GB200_NVL72"), ("Llama3_8B", "Llama3_8B", "H100"),
                    ("DeepSeek_V3", "Llama2_7B", "GB200_NVL72")):
        for a in ACCEPTANCE + (0.999999, 1e-9):
            cases.append(_case(m, h, draft_model=d, draft_acceptance_rate=a,
                               batch_size=rng.choice((1, 4, 16)), precision=rng.choice(("fp16", "fp8"))))
        cases.append(_case(m, h, draft_model=d))  # default acceptance 0.7
    # 5. disaggregated prefill/decode: links from 0.5 GB/s to 3.2 TB/s, default link once
    for m, h, dh in (("Llama3_70B", "H100", "H200"), ("Llama3_8B", "H100", "T4"),
                     ("Mixtral_8x7B", "B200", "MI300X"), ("DeepSeek_V3", "GB200_NVL72", "GB200_NVL72"),
                     ("Llama2_70B", "A100", "A100_40GB"), ("GPT2", "TPUv5p", "JetsonOrinNano")):
        for bw in BANDWIDTHS:
            cases.append(_case(m, h, decode_hardware=dh, network_bandwidth=bw, seq_len=8192,
                               batch_size=rng.choice((1, 8, 32))))
        cases.append(_case(m, h, decode_hardware=dh))
    # 6. prompt caching, alone and with chunked prefill
    for m, h in (("Llama3_8B", "H100"), ("Mixtral_8x7B", "H200"), ("Llama3_70B", "MI300X")):
        for cached in (0, 1, 1024, 2048, 4000, 4095):
            cases.append(_case(m, h, seq_len=4096, cached_prefix_len=cached, batch_size=4))
            cases.append(_case(m, h, seq_len=4096, cached_prefix_len=cached, batch_size=4,
                               prefill_chunk_tokens=512))
    # 7. chunked prefill: 1-token chunks, uneven last chunk, exactly one chunk, longer than prompt
    for m, h in (("Llama3_8B", "H100"), ("DeepSeek_V3", "GB200_NVL72"), ("GPT2_Small", "ReferenceCPU")):
        for s, chunk in ((7, 1), (100, 1), (1000, 7), (4096, 512), (4097, 512), (8192, 8192),
                         (8192, 8193), (2048, 100000), (1, 1), (32768, 4096), (131072, 8192)):
            cases.append(_case(m, h, seq_len=s, prefill_chunk_tokens=chunk, batch_size=rng.choice((1, 8))))
    # 8. every feature at once
    for m, h, dh, d in (("Llama3_70B", "H100", "H200", "Llama3_8B"),
                        ("Mixtral_8x7B", "MI300X", "B200", "GPT2_Small")):
        cases.append(_case(m, h, seq_len=16384, batch_size=8, decode_hardware=dh,
                           network_bandwidth="200 GB/s", draft_model=d, draft_acceptance_rate=0.8,
                           cached_prefix_len=8000, prefill_chunk_tokens=1024))
    # 9. memory wall: does not fit, only just fits, draft tips it over
    for m, h in (("GPT4", "H100"), ("Llama3_405B", "A100"), ("PaLM_540B", "MI300X"),
                 ("DeepSeek_V3", "B200"), ("Llama3_70B", "T4"), ("Llama3_8B", "JetsonOrinNano"),
                 ("GPT3", "TPUv4"), ("Llama2_70B", "Groq_LPU"), ("BERT_Base", "nRF52840")):
        cases.append(_case(m, h, batch_size=8))
    cases.append(_case("Llama3_70B", "H200", precision="fp8", batch_size=1, seq_len=1,
                       draft_model="Llama3_70B"))
    # 10. defaults: only what the reference requires
    for m, h in (("Llama3_8B", "H100"), ("Mixtral_8x7B", "H200"), ("GPT2", "T4")):
        cases.append({"model": m, "hardware": h, "seq_len": 1024})
    return cases


def error_cases() -> list[dict]:
    """Inputs where the reference raises; ours must fail as well."""
    c = partial(_case, "Llama3_8B", "H100", seq_len=1024)
    return [
        c(seq_len=0), c(seq_len=-1), c(batch_size=0), c(batch_size=-4),
        c(efficiency=0.0), c(efficiency=-0.5), c(efficiency=1.5), c(efficiency=1.0000001),
        c(cached_prefix_len=-1), c(cached_prefix_len=1024), c(cached_prefix_len=5000),
        _case("Llama3_8B", "H100", seq_len=1, cached_prefix_len=1),
        c(draft_model="GPT2_Small", draft_acceptance_rate=-0.1),
        c(draft_model="GPT2_Small", draft_acceptance_rate=1.5),
        c(draft_acceptance_rate=2.0),  # checked even without a draft model
        c(prefill_chunk_tokens=0), c(prefill_chunk_tokens=-512),
        c(decode_hardware="H200", network_bandwidth="0 GB/s"),
        c(decode_hardware="H200", network_bandwidth="-5 GB/s"),
        c(network_bandwidth="0 GB/s"),  # checked even without decode hardware
        c(decode_hardware="H200", network_bandwidth="50 TFLOP/s"),  # not a bandwidth
        c(precision="fp64"), c(precision="fp4"), c(precision="int2"),
        _case("ResNet50", "H100"), _case("MobileNetV2", "T4"),  # CNNs: 0.3.0 AttributeError
        _case("Mamba_130M", "H100"), _case("OpenVLA_7B", "H100"), _case("DLRM", "H100"),
        _case("StableDiffusion_v1_5", "A100"), _case("ViT_Large", "A100"),
        c(draft_model="ResNet50"), c(draft_model="Mamba_2_8B"),
    ]


def rejected_cases() -> list[dict]:
    """Inputs the reference silently accepts (producing NaN or an invented answer) and we reject."""
    return [
        _case("Llama3_8B", "H100", efficiency="nan"),
        _case("Mixtral_8x7B", "H200", efficiency="nan", seq_len=4096),
        _case("Llama3_8B", "H100", draft_model="GPT2_Small", draft_acceptance_rate="nan"),
    ]


GROUPS = {"main": main_cases, "error": error_cases, "rejected": rejected_cases}


# ---------------------------------------------------------------- accepted differences

MOE_FIELDS = ("ttft_s", "prefill_chunk_time_s", "decode_stall_bound_s", "constraint_trace")

KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    moe_difference(MOE_FIELDS, "So ttft_s, prefill_chunk_time_s, decode_stall_bound_s and the "
                   "decode-interference bound in the chunked-prefill trace line differ for sparse "
                   "models only; KV cache, weights, memory wall and itl_s agree."),
    rejected_difference(
        "nan-inputs-rejected",
        "efficiency=nan or draft_acceptance_rate=nan: the reference's range checks compare false "
        "on NaN and let it through (NaN TTFT; a NaN acceptance rate is treated as perfect "
        "acceptance, 1 + K tokens per step); we reject it (ValueError, CLI exit 1).",
        lambda c: is_nan(c.get("efficiency")) or is_nan(c.get("draft_acceptance_rate"))),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    models, hws = set(transformer_keys()), set(hardware_keys())
    assert {(c["model"], c["hardware"]) for c in a} >= {(m, h) for m in models for h in hws}
    assert sparse_keys() <= {c["model"] for c in a}
    assert set(PRECISIONS) == {c["precision"] for c in a if "precision" in c}
    assert {1, 1024} <= {c.get("batch_size", 1) for c in a}
    assert {1, 131072} <= {c["seq_len"] for c in a}
    acc = {c["draft_acceptance_rate"] for c in a if "draft_model" in c and "draft_acceptance_rate" in c}
    assert {0.0, 1.0} <= acc
    assert any("draft_model" in c and "draft_acceptance_rate" not in c for c in a)
    assert any("decode_hardware" in c and "network_bandwidth" not in c for c in a)
    assert any(c.get("cached_prefix_len") == c["seq_len"] - 1 for c in a)
    assert any(c.get("prefill_chunk_tokens") == 1 for c in a)
    assert all(c.get("prefill_chunk_tokens", 1) >= 1 for c in a)


check_main_cases_all_solve_on_both_sides = solves_on_both_sides()
check_error_cases_raise_on_both_sides = raises_on_both_sides()
check_rejected_are_documented = rejected_and_documented("nan-inputs-rejected")


def check_cases_reach_every_regime(run):
    """The reference's answers show both memory-wall outcomes, chunked prefill, speculation and
    disaggregation were all exercised."""
    solved = run.ref_records()
    assert sum(r["feasible"] for _, r in solved) >= 200
    assert sum(not r["feasible"] for _, r in solved) >= 100
    assert any(r["prefill_chunks"] > 100 for _, r in solved)
    assert sum(r["prefill_chunks"] == 1 and r["prefill_chunk_time_s"] is not None for _, r in solved) >= 5
    assert any(r["prompt_cache_hit_ratio"] > 0.99 for _, r in solved)
    assert any(r["memory_utilization"] > 10 for _, r in solved)
    # speculative decoding changes itl (acceptance 1: 5 tokens per step)
    assert any("draft_model" in c and c.get("draft_acceptance_rate") == 1.0 for c, _ in solved)


def check_moe_difference_only_speeds_up_prefill(run):
    """Every MoE diff is on a sparse model and makes our prefill faster than 0.3.0's."""
    sparse = sparse_keys()
    for d in run.by_id["moe-active-parameter-flops"]:
        assert d.case["model"] in sparse
        if d.field in ("ttft_s", "prefill_chunk_time_s", "decode_stall_bound_s"):
            assert float(d.ours) < float(d.ref), d
    for c, o, r in run.records():
        if c["model"] not in sparse:
            continue
        for k in ("itl_s", "kv_cache_size_bytes", "model_weights_size_bytes", "feasible"):
            assert o[k] == r[k] or abs(o[k] - r[k]) <= 1e-9 * abs(r[k]), (c, k)
