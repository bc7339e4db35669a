"""Reference cases for ServingCapacityModel (replicas for a QPS and P99 target), its accepted
differences from mlsysim 0.3.0, and checks of its own. Read by tests/reference/harness.py.

Each case is a dict of ``ServingCapacityModel().solve`` keyword arguments: ``model`` and
``hardware`` are registry keys (transformers only), the rest plain numbers and text. The reference
scans replica counts 1..max_replicas with an M/M/c queue of up to that many servers each, so the
cases keep ``max_replicas`` modest (<= 128) wherever the scan may run to the end; the default
(1024) appears only where one replica suffices or the model does not fit (no scan).

* ``main_cases()``  seeded random model x accelerator x QPS (0.01..1e4) x P99 target (10 ms..
  1000 s), plus targeted cases, reaching every outcome: feasible on one replica, feasible on
  several (capacity- or tail-bound), memory wall, capacity short at max_replicas, tail latency
  short at max_replicas, base latency alone over the target; every precision; mean_request_tokens
  None and values; service_time_cv 0, 1, 2.
* ``error_cases()`` inputs the reference rejects by raising (zero or negative QPS / target /
  counts, efficiency out of [1e-9, 1], negative cv, bad mean length or precision, non-transformer
  models); ours must fail too.
* ``rejected_cases()`` NaN inputs, which pass the reference's range checks.
"""
from __future__ import annotations

import random
from functools import partial

from harness import KnownDifference

from cases._checks import assert_deterministic, raises_on_both_sides, rejected_and_documented, solves_on_both_sides
from cases._differences import moe_difference, rejected_difference
from cases._registry import PRECISIONS, hardware_keys, sparse_keys, transformer_keys, weights_fit
from cases._values import is_nan

SOLVER = "ServingCapacityModel"
SEED = 20260304

HARDWARE = ("H100", "H200", "A100", "B200", "MI300X", "T4", "A100_40GB",
            "GB200_NVL72", "TPUv5p", "Gaudi3", "JetsonAGXOrin", "DGX_Spark", "Groq_LPU", "Cerebras_CS3")
MAX_REPLICAS = (1, 2, 3, 4, 8, 16, 32, 64, 128)


def _case(model: str, hardware: str, **kw) -> dict:
    return {"model": model, "hardware": hardware, "qps": 10.0, "target_p99_latency_ms": 5000.0,
            "max_replicas": 64, **kw}


def _random_case(rng: random.Random, model: str, hardware: str) -> dict:
    kw = {"qps": round(10 ** rng.uniform(-2, 4), 6), "target_p99_latency_ms": round(10 ** rng.uniform(1.5, 6), 3),
          "max_replicas": rng.choice(MAX_REPLICAS)}
    if rng.random() < 0.6:
        kw["max_seq_len"] = rng.choice((128, 512, 1024, 2048, 4096, 8192, 32768))
    s = kw.get("max_seq_len", 2048)
    if rng.random() < 0.5:
        kw["mean_request_tokens"] = rng.choice((s, s / 4, 1, rng.uniform(1, s), rng.randint(1, s)))
    if rng.random() < 0.6:
        kw["output_tokens"] = rng.choice((1, 16, 64, 128, 256, 1024))
    if rng.random() < 0.6:
        kw["max_batch_size"] = rng.choice((1, 4, 8, 32, 64, 256))
    if rng.random() < 0.7:
        kw["precision"] = rng.choice(PRECISIONS)
    if rng.random() < 0.5:
        kw["efficiency"] = rng.choice((1.0, 1e-9, 0.1, 0.3, 0.5, 0.8))
    if rng.random() < 0.5:
        kw["service_time_cv"] = rng.choice((0.0, 0.5, 1.0, 2.0, 3.0))
    return _case(model, hardware, **kw)


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    cases: list[dict] = []
    models = transformer_keys()
    # 1. every transformer on a spread of accelerators, twice with random targets
    for m in models:
        for h in HARDWARE:
            for _ in range(2):
                c = _random_case(rng, m, h)
                # most pairs whose weights do not fit say only "Memory": keep a third of them
                if weights_fit(m, h, c.get("precision", "fp16")) or rng.random() < 0.3:
                    cases.append(c)
    # 2. a QPS sweep on one deployment: 1 replica .. capacity short at max_replicas
    for m, h in (("Llama3_8B", "H100"), ("Mixtral_8x7B", "H200"), ("Llama3_70B", "MI300X")):
        for qps in (0.01, 1, 10, 50, 100, 300, 1000, 3000, 1e5):
            for target in (200.0, 5000.0, 60000.0):
                cases.append(_case(m, h, qps=qps, target_p99_latency_ms=target, max_replicas=32))
    # 3. every precision, cv 0 / 1 / 2, fixed and variable request lengths
    for p in PRECISIONS:
        for cv in (0.0, 1.0, 2.0):
            cases.append(_case("Llama3_8B", "A100", precision=p, service_time_cv=cv, qps=40.0,
                               target_p99_latency_ms=20000.0, mean_request_tokens=600))
    for mean in (None, 2048, 1024.5, 100, 1):
        kw = {} if mean is None else {"mean_request_tokens": mean}
        cases.append(_case("Llama3_70B", "H200", qps=20.0, target_p99_latency_ms=30000.0, **kw))
    # 4. the default max_replicas (1024) where the scan stops early or never starts
    cases += [{"model": "Llama3_8B", "hardware": "H100", "qps": 1.0, "target_p99_latency_ms": 10000.0},
              {"model": "GPT4", "hardware": "H100", "qps": 1.0, "target_p99_latency_ms": 10000.0},
              _case("Llama3_405B", "A100", max_replicas=1024),
              _case("GPT2_Small", "T4", qps=5.0, target_p99_latency_ms=1e6, max_replicas=1024)]
    # 5. a stable queue whose P99 wait still misses the target at max_replicas (tail-bound)
    for qps, cv, mr in ((30.0, 1.0, 1), (33.0, 1.0, 1), (32.0, 2.0, 1), (64.0, 1.0, 2), (66.0, 0.0, 2)):
        cases.append(_case("Llama3_8B", "H100", qps=qps, service_time_cv=cv, max_replicas=mr,
                           target_p99_latency_ms=3400.0))
    # 6. a target below the queue-free latency (no replica count can help), small scans
    for m, h in (("Llama3_8B", "H100"), ("Llama2_70B", "MI300X"), ("DeepSeek_V3", "GB200_NVL72")):
        for qps in (0.5, 5000.0):
            cases.append(_case(m, h, qps=qps, target_p99_latency_ms=50.0, max_replicas=8))
    return cases


def error_cases() -> list[dict]:
    c = partial(_case, "Llama3_8B", "H100")
    return [
        c(qps=0), c(qps=-3.0), c(target_p99_latency_ms=0), c(target_p99_latency_ms=-100.0),
        c(max_seq_len=0), c(output_tokens=0), c(output_tokens=-1), c(max_batch_size=0),
        c(max_replicas=0), c(max_replicas=-4),
        c(efficiency=0.0), c(efficiency=1e-10), c(efficiency=1.5),
        c(service_time_cv=-1.0),
        c(mean_request_tokens=0), c(mean_request_tokens=5000), c(mean_request_tokens="nan"),
        c(precision="fp64"), c(precision="fp4"),
        _case("ResNet50", "H100"), _case("ResNet50", "nRF52840"), _case("Mamba_130M", "A100"),
    ]


def rejected_cases() -> list[dict]:
    c = partial(_case, "Llama3_8B", "H100", max_replicas=4)
    return [c(qps="nan"), c(target_p99_latency_ms="nan"), c(efficiency="nan"), c(service_time_cv="nan")]


GROUPS = {"main": main_cases, "error": error_cases, "rejected": rejected_cases}


# ---------------------------------------------------------------- accepted differences

def _max_replicas(case: dict) -> int:
    return int(case.get("max_replicas", 1024))


def _infeasible_replicas(d) -> bool:
    if d.field == "required_replicas":
        return d.ours is None and d.ref == _max_replicas(d.case)
    if d.field in ("qps_capacity_per_s", "utilization"):
        return d.ours is None
    # constraint_trace: 0.3.0's first line claims max_replicas "provide" the capacity
    ref = d.ref if isinstance(d.ref, str) else " ".join(map(str, d.ref or []))
    return f"Serving Capacity: {_max_replicas(d.case)} replicas provide" in ref


_BOTTLENECKS = ("none", "Capacity", "Tail Latency", "Base Latency")

KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    KnownDifference(
        id="infeasible-replicas-none",
        fields=("required_replicas", "qps_capacity_per_s", "utilization", "constraint_trace"),
        status="deliberate",
        reason="no replica count up to max_replicas meets the P99 target (or the model does not "
               "fit): 0.3.0 reports required_replicas = max_replicas, with the capacity and "
               "utilization of that many replicas, and a trace line saying they 'provide' it; we "
               "report required_replicas None (null in JSON), and qps_capacity and utilization "
               "None with it, since no deployment was found.",
        matches=_infeasible_replicas,
    ),
    KnownDifference(
        id="bottleneck-names-the-binding-constraint",
        fields=("bottleneck",),
        status="deliberate",
        reason="0.3.0 says bottleneck 'Feasible' whenever the target is met, and never reaches "
               "its 'Base Latency' branch (it sits behind feasible). We name what bound: 'none' "
               "when one replica suffices, else 'Capacity' (a stable queue needed the last "
               "replica) or 'Tail Latency' (the P99 wait did); and 'Base Latency' whenever the "
               "queue-free request latency alone exceeds the target (0.3.0: 'Tail Latency' or "
               "'Capacity' at max_replicas). 'Memory' is the same on both sides.",
        matches=lambda d: d.ours != d.ref and d.ours in _BOTTLENECKS
        and d.ref in ("Feasible", "Tail Latency", "Capacity"),
    ),
    moe_difference(
        ("ttft_s", "base_request_latency_s", "estimated_p99_latency_s", "queue_wait_p99_s",
         "constraint_trace", "feasible", "required_replicas", "qps_capacity_per_s", "utilization",
         "bottleneck"),
        "Here ttft_s and so the queue-free request latency (base_request_latency_s) differ for "
        "sparse models; the replica scan compares base latency + queue wait with the target, so "
        "the replica count, and what follows from it (feasibility, capacity, utilization, queue "
        "wait, bottleneck, trace), can move too. Per-replica token capacity and itl agree."),
    rejected_difference(
        "nan-inputs-rejected",
        "qps, target_p99_latency_ms, efficiency or service_time_cv NaN: the reference's range "
        "checks compare false on NaN and let it through (NaN utilization or latency, a scan to "
        "max_replicas); we reject them (ValueError, CLI exit 1).",
        lambda c: any(is_nan(c.get(k)) for k in ("qps", "target_p99_latency_ms", "efficiency",
                                                  "service_time_cv"))),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    assert set(transformer_keys()) <= {c["model"] for c in a}
    assert set(PRECISIONS) <= {c.get("precision", "fp16") for c in a}
    assert any("mean_request_tokens" not in c for c in a) and any("mean_request_tokens" in c for c in a)
    assert {0.0, 1.0, 2.0} <= {c.get("service_time_cv", 1.0) for c in a}
    assert set(HARDWARE) <= set(hardware_keys())


check_main_cases_all_solve_on_both_sides = solves_on_both_sides()
check_error_cases_raise_on_both_sides = raises_on_both_sides()
check_rejected_are_documented = rejected_and_documented("nan-inputs-rejected")


def check_cases_reach_every_outcome(run):
    solved = run.ref_records()
    seen = {r["bottleneck"] for _, r in solved}
    assert seen == {"Feasible", "Memory", "Capacity", "Tail Latency"}, seen
    assert sum(r["feasible"] and r["required_replicas"] == 1 for _, r in solved) >= 20
    assert sum(r["feasible"] and r["required_replicas"] > 1 for _, r in solved) >= 20
    assert any(r["feasible"] and r["required_replicas"] > 8 for _, r in solved)
    assert any(not r["feasible"] and r["base_request_latency_s"] > r["target_p99_latency_s"] for _, r in solved)
    assert any(not r["feasible"] and r["bottleneck"] == "Tail Latency"
               and r["base_request_latency_s"] <= r["target_p99_latency_s"] for _, r in solved)


def check_infeasible_deployments_have_no_replica_count(run):
    for c, o, r in run.records():
        if c["model"] in sparse_keys():
            continue
        assert o["feasible"] == r["feasible"], c
        if not r["feasible"]:
            assert o["required_replicas"] is None, c
        else:
            assert o["required_replicas"] == r["required_replicas"], c
    for d in run.by_id["infeasible-replicas-none"]:
        assert run.refs[d.index].record["feasible"] is False, d


def check_bottleneck_names_what_bound(run):
    for c, o, r in run.records():
        b = o["bottleneck"]
        if o["feasible"]:
            assert b in ("none", "Capacity", "Tail Latency"), (c, b)
            assert (b == "none") == (o["required_replicas"] == 1), (c, b)
        elif r["bottleneck"] == "Memory" and c["model"] not in sparse_keys():
            assert b == "Memory", c
        if b == "Base Latency":
            assert not o["feasible"] and o["base_request_latency_s"] > o["target_p99_latency_s"], c
