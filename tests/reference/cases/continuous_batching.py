"""Reference cases for ContinuousBatchingModel (static max-length KV reservation vs PagedAttention),
its accepted differences from mlsysim 0.3.0, and checks of its own. Read by
tests/reference/harness.py.

Each case is a dict of ``ContinuousBatchingModel().solve`` keyword arguments: ``model`` and
``hardware`` are registry keys (transformers only); ``mean_request_tokens``, ``max_batch_size``
and ``page_size`` are left out at random so that both sides apply their defaults (None = every
request fills max_seq_len, 1, 16).

* ``main_cases()``  every transformer on every accelerator where the weights fit, with seeded
  random parameters, plus targeted cases: page sizes 1..4096 (larger than the context), mean
  lengths from 0.001 token to max_seq_len, a scheduler cap that binds both allocators, KV budgets
  that fit no request (feasible=false with the weights resident), every precision.
* ``sentinel_cases()`` the weights alone exceed memory: 0.3.0 returns itl = 1,000,000 ms as a
  sentinel; we return feasible=false with itl None (known difference "no-fit-itl-is-none").
* ``error_cases()`` inputs the reference rejects by raising; ours must fail too.
* ``rejected_cases()`` inputs the reference accepts and we reject: NaN efficiency, and
  non-transformer models whose weights do not fit (0.3.0 answers with the sentinel before it
  would need a KV cache; where the weights fit it crashes with AttributeError, in error_cases()).
"""
from __future__ import annotations

import random
from functools import partial

from harness import KnownDifference

from cases._checks import assert_deterministic, raises_on_both_sides, rejected_and_documented, solves_on_both_sides
from cases._differences import moe_difference, rejected_difference
from cases._registry import PRECISIONS, hardware_keys, sparse_keys, transformer_keys, weights_fit
from cases._values import EFFICIENCIES, close, is_nan

SOLVER = "ContinuousBatchingModel"
SEED = 20260302

SEQ_LENS = (1, 2, 16, 100, 512, 1024, 2048, 4096, 8192, 32768, 131072)
BATCHES = (1, 2, 3, 8, 16, 32, 64, 100, 256, 1024)
PAGES = (1, 2, 8, 16, 32, 64, 128, 256, 4096)


def _case(model: str, hardware: str, **kw) -> dict:
    return {"model": model, "hardware": hardware, "max_seq_len": 2048, "precision": "fp16",
            "efficiency": 0.5, **kw}


def _random_params(rng: random.Random) -> dict:
    s = rng.choice(SEQ_LENS) if rng.random() < 0.7 else rng.randint(1, 16384)
    p = {"max_seq_len": s, "precision": rng.choice(PRECISIONS),
         "efficiency": rng.choice(EFFICIENCIES + (1e-9,)) if rng.random() < 0.5 else rng.uniform(1e-3, 1.0)}
    if rng.random() < 0.6:
        p["mean_request_tokens"] = rng.choice(
            (s, s / 2, s / 3, 1, 0.5, rng.randint(1, s), rng.uniform(0.01, s), float(s)))
    if rng.random() < 0.7:
        p["max_batch_size"] = rng.choice(BATCHES) if rng.random() < 0.7 else rng.randint(1, 512)
    if rng.random() < 0.6:
        p["page_size"] = rng.choice(PAGES)
    return p


def _all_pairs() -> list[dict]:
    """Every transformer on every accelerator, random parameters per pair (one fixed stream)."""
    rng = random.Random(SEED)
    return [_case(m, h, **_random_params(rng)) for m in transformer_keys() for h in hardware_keys()]


def _fits(c: dict) -> bool:
    return weights_fit(c["model"], c["hardware"], c.get("precision", "fp16"))


def _targeted() -> list[dict]:
    rng = random.Random(SEED + 1)
    cases: list[dict] = []
    # a second random pass over the pairs where the weights fit, for depth
    fitting = [c for c in _all_pairs() if _fits(c)]
    for c in rng.sample(fitting, min(400, len(fitting))):
        cases.append(_case(c["model"], c["hardware"], **_random_params(rng)))
    # page sizes x mean lengths on dense, GQA, MoE and MLA models
    for m, h in (("Llama3_8B", "H100"), ("Mixtral_8x7B", "H200"), ("DeepSeek_V3", "GB200_NVL72"),
                 ("Llama2_7B", "A100"), ("PaLM_540B", "GB200_NVL72")):
        for page in (1, 16, 100, 4096, 8192):
            for mean in (None, 4096, 4095.5, 2000, 1, 0.001):
                kw = {"max_seq_len": 4096, "page_size": page, "max_batch_size": rng.choice((64, 1024, 100000))}
                if mean is not None:
                    kw["mean_request_tokens"] = mean
                cases.append(_case(m, h, **kw))
    # every precision, cap binding both allocators / neither (fp32 and tf32 do not fit: sentinel)
    for p in PRECISIONS:
        for b in (1, 8, 4096):
            cases.append(_case("Llama3_70B", "MI300X", precision=p, max_batch_size=b,
                               mean_request_tokens=700))
    # weights fit, KV budget too small for one request (feasible false, itl the weight stream)
    for m, h, s in (("Llama3_70B", "H200", 1_000_000), ("Llama2_70B", "MI300X", 2_000_000),
                    ("Llama3_8B", "T4", 2_000_000), ("GPT3", "GB200_NVL72", 10_000_000)):
        cases.append(_case(m, h, max_seq_len=s, max_batch_size=8))
        cases.append(_case(m, h, max_seq_len=s, max_batch_size=8, mean_request_tokens=s / 1000))
    # defaults only
    for m, h in (("Llama3_8B", "H100"), ("Mixtral_8x7B", "H200")):
        cases.append({"model": m, "hardware": h, "max_seq_len": 8192})
    # weights that do not fit, named
    cases += [_case("GPT4", "H100", max_batch_size=8), _case("DeepSeek_V3", "B200", precision="fp8"),
              _case("Llama3_405B", "A100", mean_request_tokens=100, page_size=1)]
    return cases


def main_cases() -> list[dict]:
    return [c for c in _all_pairs() + _targeted() if _fits(c)]


def sentinel_cases() -> list[dict]:
    """The weights exceed memory: 0.3.0 reports itl = 1,000,000 ms, we report None. Every third
    such pair of the all-pairs pass, and the targeted ones."""
    return [c for c in _all_pairs()[::3] + _targeted() if not _fits(c)]


def error_cases() -> list[dict]:
    c = partial(_case, "Llama3_8B", "H100")
    return [
        c(max_seq_len=0), c(max_seq_len=-8), c(max_batch_size=0), c(max_batch_size=-1),
        c(page_size=0), c(page_size=-16),
        c(efficiency=0.0), c(efficiency=1e-10), c(efficiency=1.5), c(efficiency=-0.2),
        c(mean_request_tokens=0), c(mean_request_tokens=-5), c(mean_request_tokens=2049),
        c(mean_request_tokens=2048.5), c(mean_request_tokens="nan"), c(mean_request_tokens="inf"),
        c(precision="fp64"), c(precision="fp4"),
        _case("ResNet50", "H100"), _case("Mamba_130M", "A100"), _case("DLRM", "H100"),
        _case("ViT_Large", "H100"),
    ]


def rejected_cases() -> list[dict]:
    return [
        _case("Llama3_8B", "H100", efficiency="nan"),
        _case("ResNet50", "nRF52840"), _case("Mamba_130M", "ESP32_S3"), _case("VGG16", "STM32F4"),
    ]


GROUPS = {"main": main_cases, "sentinel": sentinel_cases, "error": error_cases,
          "rejected": rejected_cases}


# ---------------------------------------------------------------- accepted differences

_TRANSFORMERS = frozenset(transformer_keys())

KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    KnownDifference(
        id="no-fit-itl-is-none",
        fields=("itl_s",),
        status="deliberate",
        reason="the weights alone exceed memory: 0.3.0 reports itl = 1,000,000 ms (1000 s), a "
               "sentinel for 'no decode step', next to feasible=false; we report feasible=false "
               "and no inter-token latency (None; null in JSON).",
        matches=lambda d: d.ours is None and close(d.ref, 1000.0),
    ),
    moe_difference(("ttft_s",), "Here ttft_s (the worst-case prefill of a full scheduler batch) "
                   "differs for sparse models only; concurrency, throughput and itl agree."),
    rejected_difference(
        "nan-efficiency-rejected",
        "efficiency=nan: the reference's range check compares false on NaN and lets it through "
        "(NaN TTFT); we reject it (ValueError, CLI exit 1).",
        lambda c: is_nan(c.get("efficiency"))),
    rejected_difference(
        "non-transformer-rejected",
        "a model without attention layers (CNN, SSM, ...): 0.3.0 crashes with AttributeError "
        "(no KV cache) when the weights fit, but answers feasible=false with its sentinel ITL "
        "when they do not; we reject every non-transformer model (ValueError, CLI exit 1).",
        lambda c: c.get("model") not in _TRANSFORMERS),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    assert sparse_keys() <= {c["model"] for c in a}
    assert set(PRECISIONS) == {c["precision"] for c in a if "precision" in c}
    assert any("mean_request_tokens" not in c for c in a)
    assert any(c.get("mean_request_tokens") == c["max_seq_len"] for c in a)
    assert any(0 < c.get("mean_request_tokens", 1) < 1 for c in a)
    assert {1, 16, 4096} <= {c.get("page_size", 16) for c in a}
    assert any("max_batch_size" not in c for c in a) and any(c.get("max_batch_size", 1) >= 1024 for c in a)
    everything = _all_pairs()
    assert {(c["model"], c["hardware"]) for c in everything} == {
        (m, h) for m in transformer_keys() for h in hardware_keys()}
    assert [c for c in everything if _fits(c)] == a[:sum(map(_fits, everything))]


check_main_cases_all_solve_on_both_sides = solves_on_both_sides()
check_error_cases_raise_on_both_sides = raises_on_both_sides()
check_rejected_are_documented = rejected_and_documented("nan-efficiency-rejected", "non-transformer-rejected")


def check_sentinel_is_the_only_itl_difference(run):
    """Weights that do not fit: the reference says 1000 s, we say None, both say infeasible; in
    main no case hits the sentinel (the split by weights_fit() is right)."""
    for c, r in run.ref_records():
        assert not close(r["itl_s"], 1000.0), c
    explained = run.explained("no-fit-itl-is-none")
    for i, c, o, r in run.outcomes("sentinel"):
        assert r.record is not None and close(r.record["itl_s"], 1000.0), c
        assert r.record["feasible"] is False and r.record["max_active_requests"] == 0, c
        assert o.record is not None and o.record["feasible"] is False and o.record["itl_s"] is None, c
        assert i in explained, c
    assert all(run.refs[d.index].record["feasible"] is False for d in run.by_id["no-fit-itl-is-none"])


def check_cases_reach_every_regime(run):
    solved = run.ref_records()
    assert sum(r["feasible"] for _, r in solved) >= 200
    assert sum(not r["feasible"] for _, r in solved) >= 4  # weights fit, no room for one request
    assert any(r["speedup_vs_static"] == "inf" or r["speedup_vs_static"] == float("inf") for _, r in solved)
    assert any(isinstance(r["speedup_vs_static"], float) and 1.5 < r["speedup_vs_static"] < 1e6 for _, r in solved)
    assert any(r["max_active_requests"] == r["static_max_active_requests"] == c.get("max_batch_size", 1) > 1
               for c, r in solved)
    assert any(r["paged_internal_fragmentation"] > 0.5 for _, r in solved)
    assert any(r["static_internal_fragmentation"] > 0.99 for _, r in solved)


def check_moe_difference_only_on_ttft(run):
    sparse = sparse_keys()
    for d in run.by_id["moe-active-parameter-flops"]:
        assert d.case["model"] in sparse and float(d.ours) < float(d.ref), d
    for c, o, r in run.records():
        if c["model"] in sparse:
            assert o["max_active_requests"] == r["max_active_requests"], c
