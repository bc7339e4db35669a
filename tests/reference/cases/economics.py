"""Reference cases for EconomicsModel (CapEx written off straight-line and charged for the period's
share of a 365-day year; maintenance 5 % of the full CapEx a year; energy OpEx = facility kWh x
price), its accepted differences from mlsysim 0.3.0, and checks of its own. Read by
tests/reference/harness.py.

Each case is a dict of ``EconomicsModel().solve`` keyword arguments: ``fleet`` a registry cluster,
``duration_days`` a number, ``kwh_price`` a number or absent (0.12 USD/kWh), ``datacenter`` and
``grid`` registry grid or datacenter keys or absent, ``mfu``, ``amortization_years`` and
``infrastructure_multiplier`` numbers.

* ``main_cases()``  the goldens (TG-07, T07-04), then every cluster x grids and datacenters x
  durations, prices, amortisation horizons and multipliers on a grid and seeded at random, both
  ``datacenter`` and ``grid`` given (the datacenter wins), and the defaults.
* ``error_cases()`` inputs the reference rejects: ``amortization_years = 0`` (ZeroDivisionError),
  an MFU outside [0, 1], an unknown grid; ours must fail too.
* ``rejected_cases()`` inputs the reference answers and we reject: negative durations, prices,
  amortisation horizons and multipliers (negative money), a zero multiplier, NaN or infinite
  values.
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
from cases._registry import cluster_keys, datacenter_keys, grid_keys
from cases._values import DURATIONS, MFUS, close, is_nan

SOLVER = "EconomicsModel"
SEED = 20261202

PRICES = (0.0, 0.01, 0.05, 0.08, 0.12, 0.2, 0.35, 1.0)
YEARS = (0.25, 1, 1.0, 2, 3, 4, 5, 10)
MULTIPLIERS = (0.5, 1.0, 1, 1.5, 2.0, 2.5, 4.0)


def _case(fleet: str, days, **kw) -> dict:
    return {"fleet": fleet, "duration_days": days, **kw}


def golden_cases() -> list[dict]:
    return [_case("Research_256", 1, mfu=0.45, infrastructure_multiplier=1.0)] + [  # TG-07
        _case("Research_256", 30, grid=g) for g in ("Quebec", "Norway", "US_Avg", "Poland")]  # T07-04


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    cases = golden_cases()
    sites = [*grid_keys(), *datacenter_keys()]
    for f in cluster_keys():
        for site in [None, *sites]:
            c = _case(f, rng.choice(DURATIONS), mfu=rng.choice(MFUS))
            if site is not None:
                c[rng.choice(("datacenter", "grid"))] = site
            cases.append(c)
    for p in PRICES:
        for y in YEARS:
            cases.append(_case(rng.choice(cluster_keys()), rng.choice(DURATIONS), kwh_price=p, amortization_years=y,
                               infrastructure_multiplier=rng.choice(MULTIPLIERS)))
    for _ in range(200):
        c = _case(rng.choice(cluster_keys()), 10 ** rng.uniform(-3, 4))
        for key, draw in (("mfu", rng.random), ("kwh_price", lambda: rng.uniform(0, 0.5)),
                          ("amortization_years", lambda: rng.uniform(0.5, 8)),
                          ("infrastructure_multiplier", lambda: rng.uniform(0.8, 3))):
            if rng.random() < 0.6:
                c[key] = draw()
        if rng.random() < 0.6:
            c["grid"] = rng.choice(sites)
        if rng.random() < 0.3:
            c["datacenter"] = rng.choice(sites)
        cases.append(c)
    cases += [_case("Research_256", 30), _case("Mega_100K", 365, infrastructure_multiplier=2.5),
              _case("Lab_64_A100", 90, datacenter="Quebec_Hydro", grid="Poland")]
    return cases


def error_cases() -> list[dict]:
    return [_case("Research_256", 30, amortization_years=y) for y in (0, 0.0)] + [
        _case("Research_256", 30, mfu=1.5), _case("Research_256", 30, mfu=-0.5),
        _case("Research_256", 30, grid="Atlantis"), _case("Research_256", 30, datacenter="Atlantis")]


def rejected_cases() -> list[dict]:
    return [_case("Research_256", d) for d in (-1, -30, "inf", "nan")] + [
        _case("Research_256", 30, kwh_price=p) for p in (-0.12, "inf", "nan")] + [
        _case("Research_256", 30, amortization_years=y) for y in (-3, "inf", "nan")] + [
        _case("Research_256", 30, infrastructure_multiplier=m) for m in (0, -1.0, "inf", "nan")]


GROUPS = {"main": main_cases, "error": error_cases, "rejected": rejected_cases}


# ---------------------------------------------------------------- accepted differences

def _negative_or_nonfinite(c: dict) -> bool:
    def bad(v, strict=False):
        return isinstance(v, str) or v < 0 or (strict and v == 0)
    return (bad(c["duration_days"]) or bad(c.get("kwh_price", 0)) or bad(c.get("amortization_years", 3))
            or bad(c.get("infrastructure_multiplier", 1), strict=True)) and not any(
        is_nan(c.get(k, 0)) for k in ("duration_days", "kwh_price", "amortization_years", "infrastructure_multiplier"))


def _nan(c: dict) -> bool:
    return any(is_nan(c.get(k, 0)) for k in ("duration_days", "kwh_price", "amortization_years",
                                               "infrastructure_multiplier"))


KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    rejected_difference(
        "economics-range-checks",
        "a negative or infinite duration, price or amortisation horizon, or a multiplier <= 0 or "
        "infinite: 0.3.0 answers -30 days with negative CapEx, energy and maintenance, a price of "
        "-0.12 with a negative energy bill, -3 years with a negative CapEx, and a multiplier of 0 "
        "with free hardware; we reject each (ValueError naming the range, CLI exit 1).",
        _negative_or_nonfinite),
    rejected_difference(
        "nan-inputs-rejected",
        "a NaN duration, price, amortisation horizon or multiplier: 0.3.0 carries the NaN into "
        "the money fields; we reject it ('is not a finite number').",
        _nan),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic(run):
    assert_deterministic(run)


check_main_cases_all_solve_on_both_sides = solves_on_both_sides(exactly=True)
check_error_cases_raise_on_both_sides = raises_on_both_sides()
check_rejected_are_documented = rejected_and_documented("economics-range-checks", "nan-inputs-rejected")


def check_goldens(run):
    """TG-07 to rel 1e-9; T07-04's TCOs to the dollar."""
    tg07 = our_record(run, golden_cases()[0])
    for key, want in (("capex_usd", 5844.748858447489), ("opex_energy_usd", 355.48692480000005),
                      ("opex_maintenance_usd", 876.7123287671233), ("total_opex_usd", 1232.1992535671234),
                      ("tco_usd", 7076.948112014612), ("carbon_footprint_kg", 1270.8657561600003)):
        assert close(tg07[key], want), (key, tg07[key])
    tco = {g: round(our_record(run, _case("Research_256", 30, grid=g))["tco_usd"])
           for g in ("Quebec", "Norway", "US_Avg", "Poland")}
    assert tco == {"Quebec": 218056, "Norway": 218056, "US_Avg": 218985, "Poland": 226107}, tco
