"""Reference cases for MoERoutingModel (routing imbalance and the expert-parallel all-to-all), its
accepted differences from mlsysim 0.3.0, and checks of its own. Read by
tests/reference/harness.py.

Each case is a dict of ``MoERoutingModel().solve`` keyword arguments: ``model`` is a registry key
(the mixture-of-experts models: Mixtral_8x7B, GPT4, DeepSeek_V3), ``fleet`` an optional cluster
key whose fabric carries the all-to-all, the rest plain numbers and text.

* ``main_cases()``  every MoE model without a fleet and on every cluster, with seeded random
  batch (1..1e5), seq_len (1..131072), precision, ep_size (1..1024) and imbalance (1..1e6);
  plus grids: the imbalance on both sides of the expert cap (top_k x factor = experts), ep_size
  1 / 2 / odd / large with and without a fleet, every precision, the defaults.
* ``error_cases()`` inputs the reference rejects by raising: dense models (0.3.0 crashes with
  AttributeError on ``active_experts_per_token``; we say it is not an MoE model), batch /
  seq_len / ep_size below 1, an imbalance below 1 (or -inf), unknown precisions; ours must fail.
* ``rejected_cases()`` a NaN or infinite imbalance, which pass 0.3.0's range check (min(experts,
  top_k x NaN) is the expert count there) and which we reject.
* ``fp4_cases()`` precision fp4: 0.3.0 rejects it (not in its PRECISION_MAP), we accept it at
  0.5 B per routed element; the ``fp4_patched`` group the same cases, marked ``_with_fp4`` so the
  reference is taught fp4 first (``reference_context``): these must agree field by field.
"""
from __future__ import annotations

import random
from functools import partial

from harness import KnownDifference

from cases._checks import assert_deterministic, assert_errors_raise, rejected_and_documented, solves_on_both_sides
from cases._differences import rejected_difference
from cases._fp4 import assert_fp4_groups, fp4_difference, fp4_groups, fp4_taught
from cases._registry import PRECISIONS, cluster_keys, model_entry, sparse_keys
from cases._values import as_float

SOLVER = "MoERoutingModel"
SEED = 20260311

MODELS = ("Mixtral_8x7B", "GPT4", "DeepSeek_V3")
BATCHES = (1, 2, 3, 8, 32, 256, 1000, 4096, 100000)
SEQ_LENS = (1, 7, 128, 2048, 4096, 8192, 32768, 131072)
EP_SIZES = (1, 2, 3, 4, 7, 8, 16, 64, 256, 1024)
IMBALANCES = (1.0, 1.0001, 1.25, 1.5, 2.0, 3.0, 3.7, 4.0, 8.0, 16.0, 32.0, 100.0, 1e6)


def _case(model: str, **kw) -> dict:
    return {"model": model, "batch_size": 8, "seq_len": 2048, **kw}


def _random_case(rng: random.Random, model: str, fleet: str | None) -> dict:
    kw: dict = {"batch_size": rng.choice(BATCHES) if rng.random() < 0.7 else rng.randint(1, 5000),
                "seq_len": rng.choice(SEQ_LENS) if rng.random() < 0.7 else rng.randint(1, 20000)}
    if rng.random() < 0.8:
        kw["precision"] = rng.choice(PRECISIONS)
    if rng.random() < 0.85:
        kw["ep_size"] = rng.choice(EP_SIZES)
    if rng.random() < 0.8:
        kw["routing_imbalance_factor"] = (rng.choice(IMBALANCES) if rng.random() < 0.6
                                          else round(rng.uniform(1.0, 40.0), 6))
    if fleet is not None:
        kw["fleet"] = fleet
    return _case(model, **kw)


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    cases: list[dict] = []
    # 1. every model without a fleet and on every cluster, random parameters
    for m in MODELS:
        for fleet in [None, *cluster_keys()]:
            for _ in range(3):
                cases.append(_random_case(rng, m, fleet))
    # 2. the imbalance across the expert cap (Mixtral 8/2 = 4, GPT4 16/2 = 8, DeepSeek 256/8 = 32)
    for m in MODELS:
        cap = model_entry(m)["experts"] / model_entry(m)["active_experts_per_token"]
        for f in sorted({*IMBALANCES, cap, cap * 0.999, cap * 1.001, cap + 1}):
            cases.append(_case(m, routing_imbalance_factor=f, ep_size=8, fleet="Frontier_8K"))
    # the trace's two-decimal rounding on ties (1.005 -> 1.00, 2.675 -> 2.67) and huge factors
    for f in (1.005, 1.015, 1.125, 2.675, 1e20, 1e300):
        cases.append(_case("GPT4", routing_imbalance_factor=f))
    # 3. ep_size with and without a fleet (no fleet or ep_size 1: no all-to-all)
    for ep in EP_SIZES:
        for fleet in (None, "Research_256", "Meta_GenAI_H100_24K_RoCE"):
            kw = {} if fleet is None else {"fleet": fleet}
            cases.append(_case("Mixtral_8x7B", ep_size=ep, **kw))
    # 4. every precision, on every fabric the clusters use
    for p in PRECISIONS:
        for fleet in ("Research_256", "Lab_64_H100", "Frontier_8K", "Training_1K_B200"):
            cases.append(_case("DeepSeek_V3", precision=p, ep_size=16, routing_imbalance_factor=1.5,
                               fleet=fleet))
    # 5. defaults (precision fp16, ep_size 1, imbalance 1, no fleet), an explicit null fleet
    cases += [_case(m) for m in MODELS]
    cases += [_case("GPT4", ep_size=4, fleet=None), _case("GPT4", batch_size=1, seq_len=1, ep_size=2,
                                                          fleet="Kempner_H100_384")]
    return cases


DENSE = ("Llama3_8B", "GPT2", "ResNet50", "Mamba_130M", "DLRM", "BERT_Base")


def error_cases() -> list[dict]:
    c = partial(_case, "Mixtral_8x7B")
    return [
        *[_case(m) for m in DENSE],
        _case("Llama3_70B", ep_size=8, fleet="Frontier_8K"),
        c(batch_size=0), c(batch_size=-1), c(seq_len=0), c(seq_len=-128),
        c(ep_size=0), c(ep_size=-8, fleet="Frontier_8K"),
        c(routing_imbalance_factor=0.5), c(routing_imbalance_factor=0.999999),
        c(routing_imbalance_factor=0.0), c(routing_imbalance_factor=-2.0),
        c(routing_imbalance_factor="-inf"),
        c(precision="fp64"), c(precision="int2"),
        _case("GPT4", precision="fp4", ep_size=16, batch_size=32, fleet="Frontier_8K"),  # H100: no fp4 rate
    ]


def rejected_cases() -> list[dict]:
    c = partial(_case, "Mixtral_8x7B")
    return [c(routing_imbalance_factor="nan"), c(routing_imbalance_factor="inf"),
            c(routing_imbalance_factor="nan", ep_size=8, fleet="Frontier_8K"),
            _case("DeepSeek_V3", routing_imbalance_factor="inf", ep_size=64, fleet="Research_256")]


def fp4_cases() -> list[dict]:
    """fp4: 0.3.0 rejects it always; we take 0.5 B per routed element without a fleet, and with
    one whose accelerators list an fp4 rate (B200); an H100 fleet rejects it (error_cases())."""
    return [
        _case("Mixtral_8x7B", precision="fp4"),
        _case("DeepSeek_V3", precision="fp4", ep_size=64, routing_imbalance_factor=2.0,
              fleet="Training_1K_B200"),
    ]


GROUPS = {"main": main_cases, "error": error_cases, "rejected": rejected_cases,
          **fp4_groups(fp4_cases)}


# ---------------------------------------------------------------- in the reference's process

reference_context = fp4_taught  # teaches the reference fp4 for ``_with_fp4`` cases


# ---------------------------------------------------------------- accepted differences

def _not_finite(c: dict) -> bool:
    v = c.get("routing_imbalance_factor", 1.0)
    return isinstance(v, str) and v in ("nan", "inf")


KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    fp4_difference(
        "precision fp4: 0.3.0 raises ValueError (fp4 is not in its PRECISION_MAP); we "
        "route fp4 activations at 0.5 B/element (DeepSeek_V3, batch 8 x 2048, ep 64, "
        "imbalance 2 on Training_1K_B200: 924.8 MB dispatched, all-to-all 9.56 ms). The "
        "values are checked against 0.3.0 with fp4 added to its precision map "
        "(the fp4_patched group, check_fp4_matches_patched)."),
    rejected_difference(
        "routing-imbalance-finite",
        "routing_imbalance_factor NaN or +inf: 0.3.0's range check [1, inf] lets both through and "
        "min(experts, top_k x factor) gives the expert count (Mixtral_8x7B: 8 effective experts, "
        "multiplier 4.0, 51.6e9 active parameters), with 'imbalance nan' in its trace; we reject "
        "them (ValueError, CLI exit 1).",
        _not_finite),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    assert set(MODELS) == sparse_keys() == {c["model"] for c in a}
    assert set(cluster_keys()) <= {c.get("fleet") for c in a}
    assert set(PRECISIONS) <= {c.get("precision", "fp16") for c in a}
    assert any("precision" not in c for c in a) and any("fleet" not in c for c in a)
    assert set(EP_SIZES) <= {c.get("ep_size", 1) for c in a}


check_main_cases_all_solve_on_both_sides = solves_on_both_sides(exactly=True)


def check_error_cases_raise_on_both_sides(run):
    assert_errors_raise(run)
    for _, c, _, r in run.outcomes("error"):
        if c["model"] not in sparse_keys():
            assert r.message.startswith("AttributeError"), (c, r.message)


check_rejected_are_documented = rejected_and_documented("routing-imbalance-finite")


def check_fp4_matches_patched(run):
    assert_fp4_groups(run)


def check_cases_reach_every_regime(run):
    solved = run.ref_records()
    # capped at the expert count, and below it
    capped = [r for c, r in solved if r["effective_active_experts"] == model_entry(c["model"])["experts"]]
    assert len(capped) >= 20 and any(1 < r["active_parameter_multiplier"] < 2 for _, r in solved)
    # an all-to-all priced (fleet and ep > 1), none without a fleet, none at ep 1 with a fleet
    assert sum(r["all_to_all_latency_s"] is not None for _, r in solved) >= 50
    assert any(r["all_to_all_latency_s"] is None and c.get("ep_size", 1) > 1 for c, r in solved)
    assert any(r["all_to_all_latency_s"] is None and c.get("fleet") for c, r in solved)
    assert any(r["token_dispatch_bytes"] == 0.0 for _, r in solved)
    assert all(as_float(r["routing_imbalance_factor"]) >= 1.0 for _, r in solved)
