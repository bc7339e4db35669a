"""Reference cases for SustainabilityModel (a fleet's IT energy from energy proportionality,
0.3 TDP + 0.7 TDP x MFU per accelerator; facility energy x PUE; carbon and water from the grid),
its accepted differences from mlsysim 0.3.0, and checks of its own. Read by tests/reference/harness.py.

Each case is a dict of ``SustainabilityModel().solve`` keyword arguments: ``fleet`` a registry
cluster, ``duration_days`` a number of days, ``datacenter`` a registry grid (``Quebec``) or
datacenter (``Quebec_Hydro``) key or absent (US average grid at PUE 1.12), ``mfu`` and
``embodied_carbon_per_device`` numbers.

* ``main_cases()``  the goldens (TG-06, EX-05, T07-01/02/03), then every cluster x every grid and
  datacenter x durations, seeded random MFUs, durations and embodied carbon, and the defaults.
* ``error_cases()`` inputs the reference rejects: an MFU outside [0, 1], a negative embodied
  carbon, an unknown grid given as text; ours must fail too.
* ``rejected_cases()`` inputs the reference answers and we reject: a negative, NaN or infinite
  duration (negative energy and carbon, or NaN), a NaN MFU, an infinite embodied carbon.
"""
from __future__ import annotations

import math
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
from cases._registry import cluster_keys, datacenter_keys, grid_keys
from cases._values import DURATIONS, MFUS, close, is_nan

SOLVER = "SustainabilityModel"
SEED = 20261201


def _case(fleet: str, days, **kw) -> dict:
    return {"fleet": fleet, "duration_days": days, **kw}


def golden_cases() -> list[dict]:
    cases = [_case("Research_256", 1, mfu=0.45)]  # TG-06
    cases += [_case("Research_256", 30, datacenter=g, mfu=0.45) for g in ("Poland", "Quebec")]  # EX-05
    cases += [_case("Research_256", 30, datacenter=g) for g in ("Quebec", "Norway", "US_Avg", "Poland")]  # T07
    cases += [_case("Research_256", 10, datacenter="Poland")]  # T07-03
    return cases


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    cases = golden_cases()
    sites = [None, *grid_keys(), *datacenter_keys()]
    for f in cluster_keys():
        for site in sites:
            c = _case(f, rng.choice(DURATIONS), mfu=rng.choice(MFUS))
            if site is not None:
                c["datacenter"] = site
            cases.append(c)
    for d in DURATIONS:
        for m in MFUS:
            cases.append(_case(rng.choice(cluster_keys()), d, mfu=m, datacenter=rng.choice(sites[1:])))
    for _ in range(200):
        c = _case(rng.choice(cluster_keys()), 10 ** rng.uniform(-3, 4))
        if rng.random() < 0.8:
            c["mfu"] = rng.random()
        if rng.random() < 0.7:
            c["datacenter"] = rng.choice(sites[1:])
        if rng.random() < 0.4:
            c["embodied_carbon_per_device"] = 10 ** rng.uniform(0, 4)
        cases.append(c)
    cases += [_case("Research_256", 30), _case("Mega_100K", 365, embodied_carbon_per_device=1500.0),
              _case("Lab_64_A100", 7, datacenter="Quebec_Hydro", mfu=1, embodied_carbon_per_device=0)]
    return cases


def error_cases() -> list[dict]:
    return [_case("Research_256", 30, mfu=m) for m in (-0.1, 1.01, 2.0, -1e-9)] + [
        _case("Research_256", 30, embodied_carbon_per_device=-1.0),
        _case("Research_256", 30, datacenter="Atlantis"),
        _case("Nope_Cluster", 30)]


def rejected_cases() -> list[dict]:
    return [_case("Research_256", d) for d in (-1, -0.5, -365, "inf", "-inf", "nan")] + [
        _case("Research_256", 30, mfu="nan"), _case("Research_256", 30, embodied_carbon_per_device="inf"),
        _case("Research_256", 30, embodied_carbon_per_device="nan")]


GROUPS = {"main": main_cases, "error": error_cases, "rejected": rejected_cases}


# ---------------------------------------------------------------- accepted differences

def _bad_duration(c: dict) -> bool:
    d = c["duration_days"]
    return isinstance(d, str) or d < 0


def _bad_number(c: dict) -> bool:
    return any(is_nan(c.get(k, 0)) or c.get(k) == "inf" for k in ("mfu", "embodied_carbon_per_device"))


KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    rejected_difference(
        "sustainability-duration-checks",
        "a negative, NaN or infinite duration_days: 0.3.0 answers -1 day with negative energy, "
        "carbon and water, and NaN or inf with NaN or infinite ones; we reject it (ValueError "
        "'duration_days must be >= 0' / 'is not a finite number', CLI exit 1).",
        _bad_duration),
    rejected_difference(
        "nan-inputs-rejected",
        "a NaN MFU or a NaN or infinite embodied carbon: 0.3.0's range checks let NaN through "
        "(every energy NaN) and an infinite embodied carbon gives infinite carbon; we reject them.",
        _bad_number),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    used = {c.get("datacenter") for c in a}
    assert set(grid_keys()) | set(datacenter_keys()) | {None} <= used
    assert {c["fleet"] for c in a} == set(cluster_keys())


check_main_cases_all_solve_on_both_sides = solves_on_both_sides(exactly=True)
check_error_cases_raise_on_both_sides = raises_on_both_sides()
check_rejected_are_documented = rejected_and_documented("sustainability-duration-checks", "nan-inputs-rejected")


def check_goldens(run):
    """TG-06 to rel 1e-9, EX-05 and T07-02 at their printed precision."""
    def ours(c):
        return our_record(run, c)

    tg06 = ours(_case("Research_256", 1, mfu=0.45))
    assert close(tg06["it_energy_j"] / 3.6e6, 2644.992)
    assert close(tg06["total_energy_j"] / 3.6e6, 2962.3910400000004)
    assert close(tg06["carbon_footprint_kg"], 1270.8657561600003)
    assert close(tg06["water_usage_l"], 5332.303872000001)
    assert tg06["pue"] == 1.12 and tg06["region_name"] == "US Average"
    poland = ours(_case("Research_256", 30, datacenter="Poland", mfu=0.45))
    quebec = ours(_case("Research_256", 30, datacenter="Quebec", mfu=0.45))
    assert round(poland["total_energy_j"] / 3.6e9, 1) == 125.4
    assert round(poland["carbon_footprint_kg"] / 1e3, 1) == 102.8
    assert round(quebec["carbon_footprint_kg"] / 1e3, 1) == 1.7
    assert round(poland["carbon_footprint_kg"] / quebec["carbon_footprint_kg"], 1) == 61.1
    t07 = {g: ours(_case("Research_256", 30, datacenter=g)) for g in ("Quebec", "Norway", "US_Avg", "Poland")}
    expected = {"Quebec": (136.8, 2.7, 0.0, 1.06), "Norway": (136.8, 1.4, 0.0, 1.06),
                "US_Avg": (144.5, 62.0, 260.1, 1.12), "Poland": (203.9, 167.2, 366.9, 1.58)}
    for g, (mwh, t, kl, pue) in expected.items():
        r = t07[g]
        got = (round(r["total_energy_j"] / 3.6e9, 1), round(r["carbon_footprint_kg"] / 1e3, 1),
               round(r["water_usage_l"] / 1e3, 1), r["pue"])
        assert got == (mwh, t, kl, pue), (g, got)
    assert math.isclose(ours(_case("Research_256", 10, datacenter="Poland"))["carbon_footprint_kg"] / 1e3, 55.7,
                        abs_tol=0.05)
