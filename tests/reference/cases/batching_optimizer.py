"""Reference cases for BatchingOptimizer (largest batch meeting a P99 SLA), its accepted
differences from mlsysim 0.3.0, and checks of its own. Read by tests/reference/harness.py.

Each case is a dict of ``BatchingOptimizer().solve`` keyword arguments: ``model`` and
``hardware`` are registry keys (transformers only), the rest plain numbers and text. The
reference solves ServingModel once per candidate batch 1..max_search_batch (about 1 ms each), so
the cases use small ``max_search_batch`` values (1..64; the default 256 once).

* ``main_cases()``  seeded random deployments (SLA 10 ms..300 s, 0.01..100 QPS, 1..16 replicas,
  every precision) plus targeted ones: a model that does not fit (nothing feasible), an SLA
  between the smallest and the largest batch's P99 (the answer strictly inside the range), an
  SLA every batch meets (the answer is max_search_batch), max_search_batch 1, no load
  (arrival_rate_qps = 0: every batch meets the SLA at its service latency).
* ``error_cases()`` inputs the reference rejects by raising; ours must fail too.
* ``rejected_cases()`` inputs the reference answers with nonsense and we reject: negative arrival
  rates (negative throughput), SLA <= 0 or NaN (nothing or everything feasible), num_replicas 0
  (clamped to 1), NaN efficiency.
"""
from __future__ import annotations

import random
from functools import partial

from harness import KnownDifference

from cases._checks import assert_deterministic, raises_on_both_sides, rejected_and_documented, solves_on_both_sides
from cases._differences import moe_difference, rejected_difference
from cases._registry import PRECISIONS, sparse_keys, transformer_keys, weights_fit
from cases._values import as_float, is_nan

SOLVER = "BatchingOptimizer"
SEED = 20260305

HARDWARE = ("H100", "H200", "A100", "MI300X", "T4", "B200", "GB200_NVL72", "TPUv5p", "JetsonAGXOrin",
            "Cerebras_CS3")
SEARCH = (1, 2, 3, 4, 8, 12, 16, 24, 32)


def _case(model: str, hardware: str, **kw) -> dict:
    return {"model": model, "hardware": hardware, "seq_len": 256, "sla_latency_ms": 10000.0,
            "arrival_rate_qps": 5.0, "max_search_batch": 16, **kw}


def _random_case(rng: random.Random, model: str, hardware: str) -> dict:
    kw = {"seq_len": rng.choice((1, 16, 64, 128, 256, 512, 1024, 2048)),
          "sla_latency_ms": round(10 ** rng.uniform(2, 5.5), 3),
          "arrival_rate_qps": round(10 ** rng.uniform(-3, 1.5), 5),
          "max_search_batch": rng.choice(SEARCH)}
    if rng.random() < 0.5:
        kw["num_replicas"] = rng.choice((1, 2, 4, 8, 16))
    if rng.random() < 0.7:
        kw["precision"] = rng.choice(PRECISIONS)
    if rng.random() < 0.5:
        kw["efficiency"] = rng.choice((1.0, 1e-6, 0.1, 0.3, 0.5, 0.8))
    return _case(model, hardware, **kw)


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    cases: list[dict] = []
    pairs = [(m, h) for m in transformer_keys() for h in HARDWARE]
    for m, h in rng.sample(pairs, len(pairs)) + rng.sample(pairs, 60):
        c = _random_case(rng, m, h)
        if weights_fit(m, h, c.get("precision", "fp16")) or rng.random() < 0.2:
            cases.append(c)
    # the SLA sweep on one deployment: nothing, a middle batch, every batch feasible
    for m, h in (("Llama3_8B", "H100"), ("Mixtral_8x7B", "H200"), ("Llama3_70B", "MI300X")):
        for sla in (50.0, 2000.0, 4000.0, 8000.0, 20000.0, 1e6):
            for qps in (0.5, 5.0, 50.0):
                cases.append(_case(m, h, sla_latency_ms=sla, arrival_rate_qps=qps, seq_len=512,
                                   max_search_batch=12))
    # light load (no queue wait at P99): the SLA cuts the batch range where service time passes it
    light = (("Llama2_7B", "A100", 1024, 0.001, (7000.0, 8000.0, 9000.0, 10000.0, 12000.0, 15000.0)),
             ("GPT2_Small", "T4", 128, 0.01, (110.0, 130.0, 150.0, 180.0)),
             ("Llama3_8B", "H100", 512, 0.001, (2700.0, 2900.0, 3100.0)))
    for m, h, seq, qps, slas in light:
        for sla in slas:
            cases.append(_case(m, h, seq_len=seq, arrival_rate_qps=qps, sla_latency_ms=sla,
                               max_search_batch=16))
    # every precision once
    for p in PRECISIONS:
        cases.append(_case("Llama3_8B", "A100", precision=p, max_search_batch=8))
    # replicas, max_search_batch 1, the defaults (256 candidates) once, a model that does not fit
    cases += [_case("Llama3_8B", "H100", num_replicas=r, arrival_rate_qps=20.0, max_search_batch=8,
                    sla_latency_ms=6000.0) for r in (1, 2, 3, 8)]
    cases += [_case("Llama3_8B", "H100", max_search_batch=1), _case("GPT2_Small", "T4", max_search_batch=1,
                                                                    sla_latency_ms=1e5)]
    cases.append({"model": "Llama3_8B", "hardware": "H100", "seq_len": 128, "sla_latency_ms": 5000.0,
                  "arrival_rate_qps": 10.0})
    cases += [_case("GPT4", "H100"), _case("Llama3_405B", "A100", max_search_batch=4),
              _case("DeepSeek_V3", "GB200_NVL72", max_search_batch=8, sla_latency_ms=60000.0)]
    cases.append(_case("Llama3_8B", "H100", arrival_rate_qps=0, max_search_batch=4))
    return cases


def error_cases() -> list[dict]:
    c = partial(_case, "Llama3_8B", "H100", max_search_batch=4)
    return [
        c(seq_len=0), c(seq_len=-16), c(max_search_batch=0), c(max_search_batch=-2),
        c(efficiency=0.0), c(efficiency=1.5), c(precision="fp64"), c(precision="fp4"),
        _case("ResNet50", "H100", max_search_batch=2), _case("Mamba_130M", "H100", max_search_batch=2),
    ]


def rejected_cases() -> list[dict]:
    c = partial(_case, "Llama3_8B", "H100", max_search_batch=4)
    return [c(arrival_rate_qps=-5.0), c(arrival_rate_qps="nan"), c(sla_latency_ms=0),
            c(sla_latency_ms=-5.0), c(sla_latency_ms="nan"), c(num_replicas=0), c(num_replicas=-1),
            c(efficiency="nan")]


GROUPS = {"main": main_cases, "error": error_cases, "rejected": rejected_cases}


# ---------------------------------------------------------------- accepted differences

def _out_of_range(c: dict) -> bool:
    a, sla = c["arrival_rate_qps"], c["sla_latency_ms"]
    return (is_nan(a) or as_float(a) < 0 or is_nan(sla) or as_float(sla) <= 0
            or int(c.get("num_replicas", 1)) < 1 or is_nan(c.get("efficiency")))


KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    moe_difference(
        ("objective_value", "best_config", "best_batch_size", "max_throughput_tokens_per_s",
         "p99_latency_s", "slo_headroom_ratio", "is_feasible"),
        "Each candidate's service latency (TTFT + ITL x seq_len) is shorter for sparse models, "
        "so the largest batch meeting the SLA, and every field that follows from it, can move "
        "(total_searched cannot)."),
    rejected_difference(
        "batching-range-checks",
        "arrival_rate_qps < 0 or NaN, sla_latency_ms <= 0 or NaN, num_replicas < 1, efficiency "
        "NaN: 0.3.0 answers (negative throughput; an SLA <= 0 makes every batch infeasible and a "
        "NaN SLA every batch feasible; num_replicas <= 0 is clamped to 1; NaN efficiency gives "
        "NaN latencies); we reject them (ValueError, CLI exit 1).",
        _out_of_range),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    assert sparse_keys() <= {c["model"] for c in a}
    assert set(PRECISIONS) <= {c.get("precision", "fp16") for c in a}
    assert sum(c.get("max_search_batch", 256) for c in a) <= 4000  # the reference's run time


check_main_cases_all_solve_on_both_sides = solves_on_both_sides()
check_error_cases_raise_on_both_sides = raises_on_both_sides()
check_rejected_are_documented = rejected_and_documented("batching-range-checks")


def check_cases_reach_every_outcome(run):
    solved = run.ref_records()
    assert sum(not r["is_feasible"] for _, r in solved) >= 20
    assert sum(r["is_feasible"] and r["best_batch_size"] == c.get("max_search_batch", 256)
               for c, r in solved) >= 20
    assert sum(r["is_feasible"] and 1 < r["best_batch_size"] < c.get("max_search_batch", 256)
               for c, r in solved) >= 5
    assert any(r["is_feasible"] and r["best_batch_size"] == 1 for c, r in solved)
    assert all(r["total_searched"] == c.get("max_search_batch", 256) for c, r in solved)
