"""Reference cases for OrchestrationModel (a shared cluster as an M/D/1 queue of whole-cluster
jobs: utilisation rho = arrivals x duration, the wait rho / (2 mu (1 - rho)) and the queue
rho^2 / (2 (1 - rho))), its accepted differences from mlsysim 0.3.0, and checks of its own. Read
by tests/reference/harness.py.

Each case is a dict of ``OrchestrationModel().solve`` keyword arguments: ``fleet`` a registry
cluster (every one of data/systems/clusters.json; the formulas do not read it),
``arrival_rate_jobs_per_day`` and ``avg_job_duration_days`` plain numbers (jobs per day, days),
the floats 0.3.0 takes. The arrival rate is chosen from a target utilisation rho = arrival x
duration, so the cases spread over an idle cluster, light and heavy load, rho = 1 and overload.

* ``main_cases()``  every cluster x seeded random durations (15 min .. a year) and loads (rho
  1e-6 .. 5), plus grids: rho x duration; rho exactly 1 from pairs whose product is exactly 1 in
  doubles (1 x 1, 4 x 0.25, 10 x 0.1, 1/7 x 7, ...); loads near saturation (1 - rho down to
  1e-6); an idle cluster (no arrivals: no wait); integer inputs.
* ``units_cases()`` ``avg_job_duration_days`` as quantity text ("12 h", "90 min"): 0.3.0 divides
  by it and then compares a Quantity with 1.0 (ValueError), so these run with a
  ``reference_context`` that hands it the value in days; every field must then agree.
* ``units_raw_cases()`` the same without the patch: 0.3.0 raises, we answer
  (``time-quantity-accepted``).
* ``error_cases()`` inputs the reference rejects by raising: a zero or infinite duration
  (ZeroDivisionError: mu = 1 / d, then lambda / mu); ours must fail too.
* ``rejected_cases()`` inputs the reference answers and we reject: negative arrival rates or
  durations (0.3.0: a negative utilisation and wait, "stable"; both negative: rho = 1, unstable),
  NaN or infinite inputs (rho NaN, "unstable").

Not among the cases: products within an ulp or two of 1 (0.13702039307070354 jobs/day x
7.298183705282414 days), where our utilisation and 0.3.0's can fall on either side of 1.
"""
from __future__ import annotations

import contextlib
import math
import random

from harness import KnownDifference

from cases._checks import (
    assert_accepted,
    assert_deterministic,
    raises_on_both_sides,
    rejected_and_documented,
    solves_on_both_sides,
)
from cases._differences import accepted_difference, rejected_difference
from cases._reference_hooks import argument_as_float
from cases._registry import cluster_keys
from cases._values import amount, as_float, close

SOLVER = "OrchestrationModel"
SEED = 20260404

DURATIONS = (0.01, 1 / 24, 0.25, 0.5, 1, 1.0, 2, 3, 7, 14, 30, 90, 365)
RHOS = (0.0, 1e-6, 0.01, 0.1, 0.25, 0.5, 0.7, 0.9, 0.95, 0.99, 0.999, 0.9999, 0.999999, 1.0, 1.01, 1.5, 2.0, 5.0)
# (arrivals per day, days) whose product is exactly 1 in doubles, a / (1 / d) too
EXACT_ONE = ((1, 1), (2, 0.5), (4, 0.25), (0.5, 2), (10, 0.1), (0.1, 10), (1 / 7, 7), (7, 1 / 7), (3, 1 / 3),
             (1 / 3, 3), (5, 0.2), (100, 0.01), (1 / 30, 30), (1 / 14, 14), (24, 1 / 24), (1 / 365, 365),
             (1.25, 0.8), (0.8, 1.25))
DAYS = {"s": 1 / 86400, "min": 1 / 1440, "h": 1 / 24, "day": 1.0, "days": 1.0}
DURATION_TEXT = ("12 h", "1 day", "90 min", "3600 s", "2 days", "0.5 h", "36 h", "7 day")


def _case(fleet: str, arrival, duration) -> dict:
    return {"fleet": fleet, "arrival_rate_jobs_per_day": arrival, "avg_job_duration_days": duration}


def duration_days(value) -> float:
    return amount(value, DAYS)


def utilization(case: dict) -> float:
    """rho as 0.3.0 computes it: lambda / (1 / d)."""
    return as_float(case["arrival_rate_jobs_per_day"]) / (1.0 / duration_days(case["avg_job_duration_days"]))


def _far_from_one(rho: float) -> bool:
    """Outside the ulps around 1 where either side's rounding decides stability (rho exactly 1
    comes from EXACT_ONE only)."""
    return abs(rho - 1.0) > 1e-12


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    clusters = cluster_keys()
    cases: list[dict] = []
    # 1. every cluster, seeded random durations and loads
    for f in clusters:
        for _ in range(40):
            d = rng.choice(DURATIONS) if rng.random() < 0.5 else 10 ** rng.uniform(-2, math.log10(365))
            rho = rng.choice(RHOS) if rng.random() < 0.5 else rng.uniform(0.0, 2.5)
            a = rho / d
            if rng.random() < 0.1:
                a = float(round(a)) or 1.0
            c = _case(f, a, d)
            if _far_from_one(utilization(c)):
                cases.append(c)
    # 2. rho x duration
    for d in DURATIONS:
        for rho in RHOS:
            c = _case(rng.choice(clusters), rho / d, d)
            if _far_from_one(utilization(c)):
                cases.append(c)
    # 3. rho exactly 1 (unstable, infinite wait) and a hair either side
    for j, (a, d) in enumerate(EXACT_ONE):
        f = clusters[j % len(clusters)]
        cases += [_case(f, a, d), _case(f, a * (1 - 1e-9), d), _case(f, a * (1 + 1e-9), d)]
    # 4. near saturation: 1 - rho down to 1e-6
    for k in range(1, 7):
        cases += [_case("Research_256", 1 - 10.0 ** -k, 1), _case("Frontier_8K", (1 - 10.0 ** -k) / 4, 4)]
    # 5. an idle cluster, integers as a user types them
    cases += [_case(f, 0, d) for f, d in (("Research_256", 1), ("Mega_100K", 30), ("Lab_64_A100", 0.5))]
    cases += [_case("Research_256", 0.5, 1), _case("Research_256", 0.0, 7.0), _case("Training_1K", 1, 2),
              _case("Training_1K", 3, 1), _case("Production_2K", 2, 0.25), _case("Kempner_H100_384", 10, 0.05)]
    return cases


def units_cases() -> list[dict]:
    """avg_job_duration_days as quantity text; the reference is handed days (reference_context)."""
    out = []
    for j, text in enumerate(DURATION_TEXT):
        f = cluster_keys()[(3 * j) % len(cluster_keys())]
        # rho exactly 1 only where pint's conversion to days is exact too ("90 min" is
        # 0.06249999999999999 day there, 1/16 here)
        for rho in (0.0, 0.3, 0.9, 2.0) + ((1.0,) if text in ("12 h", "1 day", "2 days", "7 day") else ()):
            out.append({**_case(f, rho / duration_days(text), text), "_duration_in_days": True})
    return out


def units_raw_cases() -> list[dict]:
    return [_case("Research_256", 0.5, "12 h"), _case("Frontier_8K", 0.5, "1 day"), _case("Mega_100K", 2, "36 h")]


def error_cases() -> list[dict]:
    return [_case("Research_256", 0.5, 0), _case("Mega_100K", 0, 0.0), _case("Frontier_8K", 2, "0 h"),
            _case("Research_256", 0.5, "inf"), _case("Research_256", 0, "inf"),
            _case("Research_256", 0.5, "-12 h")]   # a quantity: 0.3.0 raises before the sign matters


def rejected_cases() -> list[dict]:
    return [
        _case("Research_256", -0.5, 1), _case("Research_256", -2, 1), _case("Frontier_8K", 0.5, -1),
        _case("Frontier_8K", 0, -3), _case("Mega_100K", -1, -1),
        _case("Research_256", "nan", 1), _case("Research_256", 0.5, "nan"), _case("Research_256", "inf", 1),
        _case("Research_256", "-inf", 1),
    ]


GROUPS = {"main": main_cases, "units": units_cases, "units_raw": units_raw_cases, "error": error_cases,
          "rejected": rejected_cases}


# ---------------------------------------------------------------- the reference's process

def reference_context(case: dict):
    """For cases marked ``_duration_in_days``: hand 0.3.0 avg_job_duration_days as a float in
    days, the unit it takes (with a Quantity its `utilization < 1.0` raises ValueError)."""
    if not case.get("_duration_in_days"):
        return contextlib.nullcontext()
    return argument_as_float(SOLVER, "avg_job_duration_days", "day")


# ---------------------------------------------------------------- accepted differences

def _out_of_range(c: dict) -> bool:
    a, d = as_float(c["arrival_rate_jobs_per_day"]), duration_days(c["avg_job_duration_days"])
    return not (math.isfinite(a) and math.isfinite(d)) or a < 0 or d < 0


def _quantity_duration(c: dict) -> bool:
    dur = c.get("avg_job_duration_days")
    return isinstance(dur, str) and " " in dur.strip()


KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    rejected_difference(
        "orchestration-range-checks",
        "a negative arrival rate or duration, or a NaN or infinite one: 0.3.0 answers. Research_256, "
        "-0.5 jobs/day of 1 day: utilisation -0.5, a wait of -0.1667 days (-14,400 s), queue 0.0833, "
        "'stable'; 0.5 jobs/day of -1 day: utilisation -0.5, wait +0.1667 days; both negative: "
        "utilisation 1.0, unstable; NaN: utilisation NaN, infinite wait, 'unstable'. We reject "
        "them (ValueError, CLI exit 1). A duration of 0 or infinity raises ZeroDivisionError there "
        "(error_cases()).",
        _out_of_range),
    accepted_difference(
        "time-quantity-accepted",
        "avg_job_duration_days as a quantity (Q_('12 h'), CLI '12 h'): 0.3.0 divides by it, "
        "gets a utilisation in days and raises ValueError: Cannot compare PlainQuantity and "
        "<class 'float'> at its `utilization < 1.0`; ours reads the time with its unit: "
        "Research_256, 0.5 jobs/day of '12 h' gives utilisation 0.25, a wait of 7,200 s "
        "and a queue of 0.0417, what 0.3.0 gives for 0.5 days (the units group).",
        _quantity_duration,
        lambda message: message == "ValueError: Cannot compare PlainQuantity and <class 'float'>"),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    assert {c["fleet"] for c in a} == set(cluster_keys()) and len(cluster_keys()) >= 18
    rhos = [utilization(c) for c in a]
    assert min(rhos) == 0.0 and max(rhos) >= 5.0 and sum(r == 1.0 for r in rhos) >= len(EXACT_ONE)
    assert all(_far_from_one(r) or (c["arrival_rate_jobs_per_day"], c["avg_job_duration_days"]) in EXACT_ONE
               for c, r in zip(a, rhos))
    assert min(duration_days(c["avg_job_duration_days"]) for c in a) <= 0.01
    assert max(duration_days(c["avg_job_duration_days"]) for c in a) >= 365


check_main_cases_all_solve_on_both_sides = solves_on_both_sides("main", "units", exactly=True)
check_error_cases_raise_on_both_sides = raises_on_both_sides()
check_rejected_are_documented = rejected_and_documented("orchestration-range-checks")


def check_duration_quantity(run):
    """Unpatched, 0.3.0 raises on a duration quantity and we answer as with the days."""
    import mlsysim
    assert_accepted(run, ("time-quantity-accepted",), "units_raw")
    for _, c, o, _ in run.outcomes("units_raw"):
        plain = {**c, "avg_job_duration_days": duration_days(c["avg_job_duration_days"])}
        got, want = o.record, mlsysim._core.solve(SOLVER, plain).to_record()
        assert got["is_stable"] == want["is_stable"] and all(
            close(got[k], want[k], 1e-14) for k in ("cluster_utilization", "avg_wait_time_s", "avg_queue_length")), c


def check_queue_formulas(run):
    """M/D/1 on every case: rho = lambda d, W = rho d / (2 (1 - rho)) days, Lq = rho^2 / (2 (1 - rho));
    rho >= 1 unstable with infinite wait and queue; no arrivals, no wait."""
    for c, o, r in run.records() + run.records("units"):
        rho, d = utilization(c), duration_days(c["avg_job_duration_days"])
        assert close(r["cluster_utilization"], rho, 1e-15), c
        assert r["is_stable"] == (rho < 1.0), c
        if rho < 1.0:
            assert close(r["avg_wait_time_s"], rho * d / (2 * (1 - rho)) * 86400, 1e-12), c
            assert close(r["avg_queue_length"], rho * rho / (2 * (1 - rho)), 1e-12), c
        else:
            for rec in (r, o):
                assert as_float(rec["avg_wait_time_s"]) == math.inf == as_float(rec["avg_queue_length"]), c
        if rho == 0:
            assert r["avg_wait_time_s"] == 0 and r["avg_queue_length"] == 0, c


def check_golden_little_and_half_mm1(run):
    """Research_256, 0.5 jobs a day of 1 day (rho 0.5): half a day's wait (43,200 s), a quarter of
    a job queued; the M/D/1 wait is half the M/M/1 one, rho / (mu (1 - rho))."""
    import mlsysim
    got = mlsysim._core.solve(SOLVER, _case("Research_256", 0.5, 1)).to_record()
    assert got == {"cluster_utilization": 0.5, "avg_wait_time_s": 43200.0, "avg_queue_length": 0.25,
                   "is_stable": True, "constraint_trace": None}
    (ref,) = [r for c, r in run.ref_records() if c == _case("Research_256", 0.5, 1)]
    assert ref == got


def check_cases_reach_every_regime(run):
    solved = run.ref_records()
    assert sum(r["is_stable"] for _, r in solved) >= 400
    assert sum(not r["is_stable"] for _, r in solved) >= 100
    assert any(r["cluster_utilization"] == 1.0 and not r["is_stable"] for _, r in solved)
    assert max(r["avg_queue_length"] for _, r in solved if r["is_stable"]) > 1e5   # rho = 1 - 1e-6
    assert any(r["avg_wait_time_s"] == 0 for _, r in solved)
