"""Reference cases for TailLatencyModel (M/M/c queue with Kingman's M/G/c correction), its accepted
differences from mlsysim 0.3.0, and checks of its own. Read by tests/reference/harness.py.

Each case is a dict of ``TailLatencyModel().solve`` keyword arguments (plain numbers; the
reference takes floats and an int ``num_replicas``). The arrival rate is chosen from a target
offered load rho = arrival / (replicas x 1000 / service_latency_ms), so that the cases spread
over light load, heavy load, the boundary rho = 1 and overload.

* ``main_cases()``  seeded random (service latency 0.01 ms .. 100 s, 1..5000 replicas, rho from
  1e-4 to 5, service_time_cv 0 / 0.5 / 1 / 2 / 3 and random), plus grids: rho x replicas at
  cv 0, 1, 2; 1000 replicas near saturation; rho exactly 1; an idle pool (arrival_rate_qps = 0:
  rho 0, no wait).
* ``error_cases()`` a negative service_time_cv, which the reference rejects.
* ``rejected_cases()`` inputs the reference answers with nonsense and we reject: negative or NaN
  arrival rates, num_replicas <= 0 (0.3.0 clamps to 1), service latency <= 0 (0.3.0 reports an
  unstable queue), NaN service_time_cv.
"""
from __future__ import annotations

import random

from harness import KnownDifference

from cases._checks import assert_deterministic, raises_on_both_sides, rejected_and_documented, solves_on_both_sides
from cases._differences import rejected_difference
from cases._values import as_float, close, given, is_nan

SOLVER = "TailLatencyModel"
SEED = 20260303

REPLICAS = (1, 2, 3, 4, 8, 16, 50, 64, 100, 256, 1000, 2000, 5000)
RHOS = (1e-4, 0.01, 0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999, 0.999999, 1.0, 1.01, 1.2, 2.0, 5.0)
CVS = (0, 0.0, 0.5, 1, 1.0, 1.5, 2, 2.0, 3.0)
SERVICE_MS = (0.01, 0.5, 1, 5, 10, 20, 50, 100, 250, 1000, 3253.55, 100000)


def _case(arrival: float, service_ms: float, replicas: int | None = 1, cv: float | None = 1.0) -> dict:
    return given(arrival_rate_qps=arrival, service_latency_ms=service_ms, num_replicas=replicas, service_time_cv=cv)


def _arrival(rho: float, replicas: int, service_ms: float) -> float:
    return rho * replicas * (1000.0 / service_ms)


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    cases: list[dict] = []
    # 1. random
    for _ in range(1100):
        s = rng.choice(SERVICE_MS) if rng.random() < 0.6 else 10 ** rng.uniform(-2, 5)
        c = rng.choice(REPLICAS) if rng.random() < 0.7 else rng.randint(1, 300)
        rho = rng.choice(RHOS) if rng.random() < 0.6 else rng.uniform(0.0, 1.3)
        cv = rng.choice(CVS) if rng.random() < 0.7 else rng.uniform(0, 4)
        arrival = _arrival(rho, c, s)
        if rng.random() < 0.1:
            arrival = float(round(arrival)) or 1.0
        cases.append(_case(arrival, s, c, cv))
    # 2. rho x replicas at cv 0, 1, 2
    for cv in (0.0, 1.0, 2.0):
        for c in (1, 2, 8, 100, 1000):
            for rho in (0.05, 0.5, 0.9, 0.999, 1.0, 1.5):
                cases.append(_case(_arrival(rho, c, 50.0), 50.0, c, cv))
    # 3. many replicas near saturation (log-domain Erlang C)
    for c in (1000, 4096):
        for rho in (0.9, 0.99, 0.999, 0.9999):
            cases.append(_case(_arrival(rho, c, 10.0), 10.0, c))
    # 4. integer inputs, as a user types them, and the defaults
    cases += [_case(5, 10, 4, 1), _case(100, 20, 1, 2), _case(30, 100, 3, 0), _case(250, 4, 1, 1),
              _case(10, 50, None, None), _case(10, 50, 2, None), _case(10, 50, None, 0.5)]
    # 5. an idle pool
    cases += [_case(0, 10), _case(0.0, 50, 8, 2.0), _case(0, 1000, 1000, 0)]
    return cases


def error_cases() -> list[dict]:
    return [_case(5, 10, 1, -1), _case(5, 10, 4, -0.01)]


def rejected_cases() -> list[dict]:
    return [
        _case(-5, 10), _case(-0.1, 10, 8, 2.0), _case("nan", 10),
        _case(5, 10, 0), _case(5, 10, -3),
        _case(5, 0), _case(5, -10, 2),
        _case(5, 10, 1, "nan"),
    ]


GROUPS = {"main": main_cases, "error": error_cases, "rejected": rejected_cases}


# ---------------------------------------------------------------- accepted differences

def offered_load(case: dict) -> float:
    """rho = arrival / (replicas x service rate), the replicas as given (0.3.0 clamps to >= 1)."""
    mu = 1000.0 / as_float(case["service_latency_ms"])
    return as_float(case["arrival_rate_qps"]) / (max(1, int(case.get("num_replicas", 1))) * mu)


def _out_of_range(c: dict) -> bool:
    a, s = c["arrival_rate_qps"], c["service_latency_ms"]
    return (is_nan(a) or as_float(a) < 0 or int(c.get("num_replicas", 1)) < 1
            or is_nan(s) or as_float(s) <= 0 or is_nan(c.get("service_time_cv", 1.0)))


KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    KnownDifference(
        id="offered-load-reported",
        fields=("queue_utilization",),
        status="deliberate",
        reason="an unstable queue (rho >= 1): 0.3.0 reports queue_utilization = 1.0 whatever the "
               "load; we report the offered load rho = arrival / (replicas x service rate), e.g. "
               "1.2, next to is_stable=false and infinite waits, as in the stable case.",
        matches=lambda d: close(d.ref, 1.0) and close(d.ours, offered_load(d.case))
        and offered_load(d.case) >= 1.0,
    ),
    rejected_difference(
        "queue-range-checks",
        "arrival_rate_qps < 0 or NaN, num_replicas < 1, service_latency_ms <= 0, or "
        "service_time_cv NaN: 0.3.0 answers (a negative arrival rate gives a negative "
        "utilization and no wait; num_replicas <= 0 is clamped to 1; a zero or negative service "
        "time is reported as an unstable queue; NaN passes the range checks); we reject them "
        "(ValueError, CLI exit 1).",
        _out_of_range),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    rhos = [offered_load(c) for c in a]
    assert min(rhos) == 0.0 and max(rhos) >= 5.0 and any(r == 1.0 for r in rhos)
    assert {1, 1000} <= {c.get("num_replicas", 1) for c in a} and max(c.get("num_replicas", 1) for c in a) >= 4096
    assert {0.0, 1.0, 2.0} <= {float(c.get("service_time_cv", 1.0)) for c in a}


check_main_cases_all_solve_on_both_sides = solves_on_both_sides()
check_error_cases_raise_on_both_sides = raises_on_both_sides()
check_rejected_are_documented = rejected_and_documented("queue-range-checks")


def check_cases_reach_stable_and_unstable_queues(run):
    solved = run.ref_records()
    assert sum(r["is_stable"] for _, r in solved) >= 300
    assert sum(not r["is_stable"] for _, r in solved) >= 50
    assert any(r["is_stable"] and r["p99_latency_s"] > 10 * as_float(c["service_latency_ms"]) / 1000
               for c, r in solved)
    assert any(r["slo_headroom_ratio"] > 1.0 and r["is_stable"] for _, r in solved)
    # p99 wait zero at light load, Kingman factor 0.5 at cv 0
    assert any(r["p99_latency_s"] == as_float(c["service_latency_ms"]) / 1000 for c, r in solved)


def check_unstable_queues_report_the_offered_load(run):
    """Where rho >= 1 the reference says 1.0 and we say rho; nowhere else do they differ."""
    for c, o, r in run.records():
        rho = offered_load(c)
        if not r["is_stable"]:
            assert r["queue_utilization"] == 1.0 and r["is_stable"] is False, c
            assert close(o["queue_utilization"], rho) and o["is_stable"] is False, c
        else:
            assert close(o["queue_utilization"], r["queue_utilization"]), c
    for d in run.by_id["offered-load-reported"]:
        assert run.refs[d.index].record["is_stable"] is False
