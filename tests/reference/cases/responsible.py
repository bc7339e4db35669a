"""Reference cases for ResponsibleEngineeringModel (the safety tax: the DP-SGD slowdown
1 + 2 / max(epsilon, 0.01) on the training time, and the 1 / max(prevalence, 1e-6) data needed to
see the rarest subgroup), its accepted differences from mlsysim 0.3.0, and checks of its own. Read
by tests/reference/harness.py.

Each case is a dict of ``ResponsibleEngineeringModel().solve`` keyword arguments:
``base_training_time`` a time as text ("100 h": a pint Quantity for the reference; 0.3.0 returns
the effective time in that unit, the harness compares seconds), ``epsilon``, ``delta`` and
``min_subgroup_prevalence`` numbers, any of the last three left out (defaults 1.0, 1e-5, 0.01).

* ``main_cases()``  base times 0 and 1 ns .. 1e6 days in every time unit; epsilon 1e-4 .. 100
  (below 0.01 both clamp: a slowdown of 201), delta 1e-12 .. 0.999999, prevalence 1e-8 .. 1
  (below 1e-6 both clamp: 1e6 x the data), on a grid and seeded at random; the defaults. Both
  sides must agree field by field.
* ``error_cases()`` inputs the reference rejects by raising: a time it cannot parse, an epsilon,
  delta or prevalence given as text; ours must fail too.
* ``rejected_cases()`` inputs the reference answers and we reject: epsilon <= 0 (0.3.0 clamps it
  to 0.01: slowdown 201) or infinite (slowdown 1), delta outside (0, 1) (echoed), prevalence <= 0
  (clamped: 1e6) or > 1 (less data than the subgroup: 0.5 at 2), a negative or infinite base
  time, NaN anywhere, and an epsilon of True (0.3.0: 1, slowdown 3).
"""
from __future__ import annotations

import math
import random

from harness import KnownDifference

from cases._checks import assert_deterministic, raises_on_both_sides, rejected_and_documented, solves_on_both_sides
from cases._differences import rejected_difference
from cases._values import amount, as_float, close, is_nan, log_uniform

SOLVER = "ResponsibleEngineeringModel"
SEED = 20260323

TIME_UNITS = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9, "min": 60.0, "h": 3600.0, "day": 86400.0}
EPSILONS = (1e-4, 1e-3, 0.005, 0.0099999, 0.01, 0.0100001, 0.05, 0.1, 0.5, 1.0, 2.0, 3.0, 8.0, 10.0, 50.0, 100.0)
DELTAS = (1e-12, 1e-9, 1e-6, 1e-5, 1e-3, 0.01, 0.1, 0.5, 0.999999)
PREVALENCES = (1e-8, 1e-7, 5e-7, 9.99999e-7, 1e-6, 1.000001e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.05, 0.1, 1 / 3, 0.5,
               0.999, 1.0)
BASE_TIMES = ("0 h", "0 s", "1 ns", "1 us", "1 ms", "1 s", "1 min", "1 h", "1 day", "100 h", "720 h",
              "2160 h", "90 day", "1e6 day", "3.5 min", "12345.678 s")


def _case(base_training_time: str, **kw) -> dict:
    return {"base_training_time": base_training_time, **kw}


def seconds(text: str) -> float:
    return amount(text, TIME_UNITS)


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    units = list(TIME_UNITS)
    cases: list[dict] = []
    # 1. every base time x every epsilon, random delta and prevalence
    for t in BASE_TIMES:
        for e in EPSILONS:
            cases.append(_case(t, epsilon=e, delta=rng.choice(DELTAS), min_subgroup_prevalence=rng.choice(PREVALENCES)))
    # 2. every prevalence x every delta, random epsilon and base time
    for p in PREVALENCES:
        for d in DELTAS:
            cases.append(_case(rng.choice(BASE_TIMES), epsilon=rng.choice(EPSILONS), delta=d,
                               min_subgroup_prevalence=p))
    # 3. seeded random over the whole range, every time unit
    for _ in range(300):
        c = _case(f"{log_uniform(rng, 1e-3, 1e6)!r} {rng.choice(units)}")
        if rng.random() < 0.9:
            c["epsilon"] = log_uniform(rng, 1e-4, 100.0)
        if rng.random() < 0.8:
            c["delta"] = log_uniform(rng, 1e-12, 0.5)
        if rng.random() < 0.8:
            c["min_subgroup_prevalence"] = log_uniform(rng, 1e-8, 1.0)
        cases.append(c)
    # 4. defaults, one argument at a time; integers where the signature says float
    cases += [_case("100 h"), _case("100 h", epsilon=8.0), _case("100 h", delta=1e-6),
              _case("100 h", min_subgroup_prevalence=0.001), _case("1 day", epsilon=1, min_subgroup_prevalence=1),
              _case("720 h", epsilon=0.01, delta=1e-5, min_subgroup_prevalence=1e-6)]
    return cases


def error_cases() -> list[dict]:
    return [_case("abc"), _case("100 xyz"), _case("100 h", epsilon="abc"),
            _case("100 h", min_subgroup_prevalence="0.01"), _case("100 h", delta="small")]


def rejected_cases() -> list[dict]:
    cases = [_case("100 h", epsilon=e) for e in (0.0, -0.0, -1e-4, -1.0, -100.0, "inf")]
    cases += [_case("100 h", delta=d) for d in (0.0, 1.0, -1e-5, 1.5, 100.0, "inf", "-inf")]
    cases += [_case("100 h", min_subgroup_prevalence=p) for p in (0.0, -0.01, -1.0, 1.0000001, 2.0, 100.0, "inf")]
    cases += [_case(t) for t in ("-100 h", "-1 ns", "inf h", "-inf s")]
    cases += [_case("100 h", epsilon="nan"), _case("100 h", delta="nan"), _case("100 h", min_subgroup_prevalence="nan"),
              _case("nan h"), _case("nan s", epsilon="nan", delta="nan", min_subgroup_prevalence="nan")]
    cases += [_case("100 h", epsilon=True), _case("100 h", min_subgroup_prevalence=True)]
    return cases


GROUPS = {"main": main_cases, "error": error_cases, "rejected": rejected_cases}


# ---------------------------------------------------------------- accepted differences

_NUMBERS = ("epsilon", "delta", "min_subgroup_prevalence")


def _numbers(c: dict) -> dict[str, object]:
    return {k: c.get(k, d) for k, d in zip(_NUMBERS, (1.0, 1e-5, 0.01))}


def _has_nan(c: dict) -> bool:
    return any(is_nan(v) for v in _numbers(c).values()) or is_nan(c["base_training_time"])


def _bool(c: dict) -> bool:
    return any(isinstance(v, bool) for v in _numbers(c).values())


def _out_of_range(c: dict) -> bool:
    if _has_nan(c) or _bool(c):
        return False
    e, d, p = (as_float(v) for v in _numbers(c).values())
    t = float(c["base_training_time"].split()[0])
    return (not 0 < e < math.inf or not 0 < d < 1 or not 0 < p <= 1 or t < 0 or math.isinf(t))


KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    rejected_difference(
        "responsible-range-checks",
        "epsilon <= 0 or infinite, delta outside (0, 1), min_subgroup_prevalence <= 0 or > 1, a "
        "negative or infinite base time: 0.3.0 clamps epsilon 0 (or -1) to 0.01, a slowdown of 201 "
        "(100 h becomes 20100 h), reads epsilon inf as slowdown 1.0, echoes any delta (0, 1.5), "
        "clamps a prevalence of 0 or -0.01 to 1e-6 (1e6 x the data) and gives 2.0 a factor 0.5 "
        "(less data than the subgroup alone), and answers -100 h with an effective time of "
        "-300 h; we reject each (ValueError naming the range, CLI exit 1). Epsilon in (0, 0.01) "
        "and prevalence in (0, 1e-6) keep 0.3.0's clamps on both sides.",
        _out_of_range),
    rejected_difference(
        "nan-inputs-rejected",
        "a NaN epsilon, delta, prevalence or base time: 0.3.0's max(epsilon, 0.01) keeps the NaN "
        "(slowdown and effective time NaN), max(prevalence, 1e-6) likewise (data factor NaN), a "
        "NaN delta is echoed; we reject it (ValueError: 'is not a finite number', CLI exit 1).",
        _has_nan),
    rejected_difference(
        "strict-input-types",
        "epsilon or min_subgroup_prevalence given as True: 0.3.0 reads it as 1 (slowdown 3.0, "
        "data factor 1.0); we take only numbers (TypeError, CLI exit 1).",
        _bool),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    assert {c["base_training_time"].split()[1] for c in a} == set(TIME_UNITS)
    eps = [c["epsilon"] for c in a if "epsilon" in c]
    assert min(eps) <= 1e-4 and max(eps) >= 100 and sum(e < 0.01 for e in eps) >= 30
    prev = [c["min_subgroup_prevalence"] for c in a if "min_subgroup_prevalence" in c]
    assert min(prev) <= 1e-8 and 1.0 in prev and sum(p < 1e-6 for p in prev) >= 30
    assert any(seconds(c["base_training_time"]) == 0 for c in a)
    assert max(seconds(c["base_training_time"]) for c in a) >= 1e10
    assert all(any(k not in c for c in a) for k in _NUMBERS)  # each default is used somewhere


check_main_cases_all_solve_on_both_sides = solves_on_both_sides(exactly=True)
check_error_cases_raise_on_both_sides = raises_on_both_sides()
check_rejected_are_documented = rejected_and_documented("responsible-range-checks", "nan-inputs-rejected",
                                                        "strict-input-types")


def check_cases_reach_both_clamps(run):
    """Epsilon below 0.01 and prevalence below 1e-6 clamp; above them the formulas are exact."""
    solved = run.ref_records()
    for c, r in solved:
        e, _, p = (float(v) for v in _numbers(c).values())
        assert close(r["dp_slowdown_factor"], 1 + 2 / max(e, 0.01)), c
        assert close(r["additional_data_requirement"], 1 / max(p, 1e-6)), c
        assert close(r["effective_training_time_s"], seconds(c["base_training_time"]) * r["dp_slowdown_factor"]) or (
            r["effective_training_time_s"] == 0.0 and seconds(c["base_training_time"]) == 0.0), c
        assert r["privacy_cost_ratio"] == r["dp_slowdown_factor"] and r["fairness_data_ratio"] == r[
            "additional_data_requirement"], c
    assert sum(r["dp_slowdown_factor"] == 201.0 for _, r in solved) >= 30
    assert sum(r["additional_data_requirement"] == 1e6 for _, r in solved) >= 30
    assert min(r["dp_slowdown_factor"] for _, r in solved) == 1.02
    assert any(r["additional_data_requirement"] == 1.0 for _, r in solved)
    assert any(r["effective_training_time_s"] == 0.0 for _, r in solved)
