"""Reference cases for PlacementOptimizer (EconomicsModel on each candidate grid, ranked by TCO plus
carbon tonnes x the carbon tax), its accepted differences from mlsysim 0.3.0, and checks of its
own. Read by tests/reference/harness.py.

Each case is a dict of ``PlacementOptimizer().solve`` keyword arguments: ``fleet`` a registry
cluster, ``duration_days`` a number, ``regions`` a list of grid keys or absent (US_Avg, Quebec,
Iowa), ``carbon_tax_per_ton`` and ``mfu`` numbers.

* ``main_cases()``  E11 (Research_256, 30 days, tax 100: Quebec), then every cluster with the
  default regions, every grid alone, all grids at once, repeated names, taxes from 0 to
  10,000 USD/t (the ranking flips from cheapest energy to cleanest grid), seeded random subsets.
* ``error_cases()`` inputs the reference rejects: no known region at all (an empty list, only
  unknown names), an MFU outside [0, 1].
* ``rejected_cases()`` inputs the reference answers and we reject: a list with an unknown name
  among known ones (0.3.0 skips it silently: a typo drops a candidate), a negative, NaN or
  infinite carbon tax, a negative duration.
"""
from __future__ import annotations

import random

from harness import KnownDifference

from cases._checks import (
    assert_deterministic,
    our_record,
    raises_on_both_sides,
    rejected_and_documented,
    solves_on_both_sides,
)
from cases._differences import rejected_difference
from cases._registry import cluster_keys, grid_keys
from cases._values import DURATIONS, MFUS, is_nan

SOLVER = "PlacementOptimizer"
SEED = 20261203

TAXES = (0, 0.0, 1, 10, 50, 100, 100.0, 250, 1000, 10_000)


def _case(fleet: str, days, **kw) -> dict:
    return {"fleet": fleet, "duration_days": days, **kw}


E11 = _case("Research_256", 30, carbon_tax_per_ton=100.0, mfu=1.0)


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    grids = grid_keys()
    cases = [E11]
    cases += [_case(f, rng.choice(DURATIONS[2:])) for f in cluster_keys()]
    cases += [_case("Research_256", 30, regions=[g]) for g in grids]
    cases += [_case("Research_256", d, regions=list(grids), carbon_tax_per_ton=t) for d in (1, 30, 365) for t in TAXES]
    cases += [_case("Lab_64_A100", 30, regions=["Quebec", "Quebec", "Poland"]),
              _case("Training_1K", 0, regions=list(grids))]
    for _ in range(150):
        c = _case(rng.choice(cluster_keys()), 10 ** rng.uniform(-2, 3.5),
                  regions=rng.sample(grids, rng.randint(1, len(grids))))
        if rng.random() < 0.7:
            c["carbon_tax_per_ton"] = rng.choice(TAXES) if rng.random() < 0.5 else rng.uniform(0, 2000)
        if rng.random() < 0.5:
            c["mfu"] = rng.choice(MFUS)
        cases.append(c)
    return cases


def error_cases() -> list[dict]:
    return [_case("Research_256", 30, regions=[]), _case("Research_256", 30, regions=["Atlantis"]),
            _case("Research_256", 30, regions=["Atlantis", "Mars"]), _case("Research_256", 30, mfu=1.5)]


def rejected_cases() -> list[dict]:
    return [_case("Research_256", 30, regions=["Quebec", "Qeubec"]),
            _case("Research_256", 30, regions=["US_Avg", "Atlantis", "Iowa"])] + [
        _case("Research_256", 30, carbon_tax_per_ton=t) for t in (-1, -100.0, "inf", "nan")] + [
        _case("Research_256", -30)]


GROUPS = {"main": main_cases, "error": error_cases, "rejected": rejected_cases}


# ---------------------------------------------------------------- accepted differences

def _unknown_region(c: dict) -> bool:
    return any(r not in grid_keys() for r in c.get("regions", []))


def _bad_number(c: dict) -> bool:
    t = c.get("carbon_tax_per_ton", 100)
    return isinstance(t, str) or t < 0 or c["duration_days"] < 0 or is_nan(t)


KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    rejected_difference(
        "unknown-region-rejected",
        "a region name that is no grid, among known ones: 0.3.0 skips it silently, so a typo "
        "('Qeubec') quietly drops a candidate and total_searched shrinks; we reject the list "
        "naming the unknown grid with a 'did you mean' (ValueError, CLI exit 1).",
        _unknown_region),
    rejected_difference(
        "placement-range-checks",
        "a negative, NaN or infinite carbon tax, or a negative duration: 0.3.0 ranks regions by "
        "an objective that rewards carbon (tax -100), is NaN, or is infinite for all; we reject "
        "them.",
        _bad_number),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic(run):
    assert_deterministic(run)


check_main_cases_all_solve_on_both_sides = solves_on_both_sides(exactly=True)
check_error_cases_raise_on_both_sides = raises_on_both_sides()
check_rejected_are_documented = rejected_and_documented("unknown-region-rejected", "placement-range-checks")


def check_e11_picks_quebec_and_the_tax_flips_the_ranking(run):
    e11 = our_record(run, E11)
    assert e11["best_region"] == "Quebec" and e11["total_searched"] == 3
    assert [c["region"] for c in e11["top_candidates"]] == ["Quebec", "US_Avg", "Iowa"]
    best = {c.get("carbon_tax_per_ton"): o["best_region"] for c, o, _ in run.records()
            if c.get("regions") == grid_keys() and c["duration_days"] == 30}
    assert best[0] != best[10_000] or best[0] in ("Norway", "Quebec")
