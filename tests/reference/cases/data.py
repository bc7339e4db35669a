"""Reference cases for DataModel (the data wall: a workload's ingestion rate against the slower of
the node's storage bandwidth and host link), its accepted differences from mlsysim 0.3.0, and
checks of its own. Read by tests/reference/harness.py.

Each case is a dict of ``DataModel().solve`` keyword arguments: ``workload_data_rate`` a data
rate as text ("5 GB/s", "100 Gbps": a pint Quantity for the reference) and ``hardware`` a
registry key.

* ``main_cases()``  every hardware entry that lists a storage bandwidth or a host link (or both:
  H100, H200, DriveThor, RoboTaxi, where storage is the slower), at fixed multiples of its supply
  (0, 1e-12 .. 1e6 x: far below, just below, exactly at, just above and far above the data wall)
  written in every data-rate unit (B/s, KB/s, MB/s, GB/s, TB/s, GiB/s, Gbps, Mbps), plus seeded
  random rates. Both sides must agree field by field.
* ``error_cases()`` rates the reference rejects by raising: a quantity of another dimension
  ("5 GB", "5 ms", "5 TFLOP/s") or an unknown unit; ours must fail too.
* ``rejected_cases()`` inputs the reference answers and we reject: hardware that lists neither a
  storage bandwidth nor a host link (0.3.0: bottleneck "Unknown", supply 0, utilization inf,
  stalled), and negative, infinite or NaN rates (0.3.0: negative utilization and a margin above
  the supply; inf; NaN).
"""
from __future__ import annotations

import math
import random
from fractions import Fraction

from harness import KnownDifference

from cases._checks import (
    assert_confined,
    assert_deterministic,
    assert_rejected,
    raises_on_both_sides,
    solves_on_both_sides,
)
from cases._differences import rejected_difference
from cases._registry import hardware_entry, hardware_keys
from cases._values import close, is_nan

SOLVER = "DataModel"
SEED = 20260320

# bytes per second of each unit the rate may be written in (our parser's and pint's meaning)
RATE_UNITS = {"B/s": 1.0, "KB/s": 1e3, "MB/s": 1e6, "GB/s": 1e9, "TB/s": 1e12, "GiB/s": 2.0**30,
              "Gbps": 1e9 / 8, "Mbps": 1e6 / 8}
# demand / supply: idle, far below, just below, at, just above and far above the wall
# (exactly 1 is tie_cases(): written in another unit, it is a tie only in exact arithmetic)
MULTIPLES = (0.0, 1e-12, 1e-6, 1e-3, 0.1, 0.5, 0.9, 0.999999, 1.000001, 1.5, 2.0, 10.0, 1e3, 1e6)
EXACT_UNITS = {"B/s": Fraction(1), "KB/s": Fraction(10**3), "MB/s": Fraction(10**6), "GB/s": Fraction(10**9),
               "TB/s": Fraction(10**12), "GiB/s": Fraction(2**30), "Gbps": Fraction(10**9, 8),
               "Mbps": Fraction(10**6, 8)}


def _bytes_per_s(text: str | None) -> float:
    """'64.0 GB/s' / '100 Gbps' / '1.2 TB/s' (the registry's bandwidth text) -> bytes/s; 0 if absent."""
    if not text:
        return 0.0
    number, unit = text.split()
    return float(number) * RATE_UNITS[unit]


def paths(hardware: str) -> dict[str, float]:
    """{"Storage": bytes/s, "Interconnect": bytes/s}: the data paths the entry lists (> 0)."""
    e = hardware_entry(hardware)
    out = {"Storage": _bytes_per_s((e.get("storage") or {}).get("bandwidth")),
           "Interconnect": _bytes_per_s((e.get("interconnect") or {}).get("bandwidth"))}
    return {k: v for k, v in out.items() if v > 0}


def has_path(hardware: str) -> bool:
    return bool(paths(hardware))


def supply(hardware: str) -> tuple[str, float]:
    """(the slower path's name, its bandwidth): storage on a tie, as both sides break it."""
    return min(paths(hardware).items(), key=lambda kv: kv[1])


def supply_text(hardware: str) -> str:
    """The slower path's bandwidth as the registry writes it ('7.0 GB/s')."""
    e = hardware_entry(hardware)
    return (e.get("storage") if supply(hardware)[0] == "Storage" else e.get("interconnect"))["bandwidth"]


def with_path() -> list[str]:
    return [h for h in hardware_keys() if has_path(h)]


def without_path() -> list[str]:
    return [h for h in hardware_keys() if not has_path(h)]


def rate(bytes_per_s: float, unit: str) -> str:
    return f"{bytes_per_s / RATE_UNITS[unit]!r} {unit}"


def _case(hardware: str, workload_data_rate: str) -> dict:
    return {"workload_data_rate": workload_data_rate, "hardware": hardware}


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    units = list(RATE_UNITS)
    cases: list[dict] = []
    for h in with_path():
        s = supply(h)[1]
        # 1. every multiple of the supply, in a unit chosen in turn
        for i, k in enumerate(MULTIPLES):
            cases.append(_case(h, rate(k * s, units[i % len(units)])))
        # 2. exactly the supply, written as the registry writes it: utilization exactly 1
        cases.append(_case(h, supply_text(h)))
        # 3. every unit at one rate
        for u in units:
            cases.append(_case(h, rate(0.75 * s, u)))
        # 4. seeded random rates, log-spread from 1e-9 to 1e4 x the supply
        for _ in range(10):
            cases.append(_case(h, rate(s * 10 ** rng.uniform(-9, 4), rng.choice(units))))
        # 5. round numbers as a user types them
        cases += [_case(h, t) for t in ("1 GB/s", "5 GB/s", "100 Gbps", "0 GB/s", "-0 GB/s", "250 MB/s", "2 TB/s")]
    return cases


def exact_rate(text: str, decimal: bool = False) -> Fraction:
    """The rate a text names, in bytes/s, exactly: the double as typed (or, with ``decimal``, the
    decimal number as written) times the unit."""
    number, unit = text.split()
    return (Fraction(number) if decimal else Fraction(float(number))) * EXACT_UNITS[unit]


def exact_supply(hardware: str) -> Fraction:
    return exact_rate(supply_text(hardware), decimal=True)


def is_tie(case: dict) -> bool:
    """The demand equals the supply exactly (utilization exactly 1): as written in decimal
    ('1200.0 GB/s' against Cerebras_CS3's '1.2 TB/s') or as the double typed ('14.668330550193787
    GiB/s', which times 2^30 is V100's 15.75 GB/s)."""
    if not has_path(case["hardware"]):
        return False
    try:
        s = exact_supply(case["hardware"])
        t = case["workload_data_rate"]
        return exact_rate(t, decimal=True) == s or exact_rate(t) == s
    except (ValueError, KeyError, OverflowError):
        return False


def tie_cases() -> list[dict]:
    """Demand exactly the supply, written in each unit where the double as typed is exactly it
    ("15750000000.0 B/s", "126.0 Gbps" on V100's 15.75 GB/s link), and each listed path's own
    bandwidth (H100's 64 GB/s link is the faster path: not a tie)."""
    cases: list[dict] = []
    for h in with_path():
        s = supply(h)[1]
        for u in RATE_UNITS:
            c = _case(h, rate(s, u))
            if is_tie(c):
                cases.append(c)
        cases += [_case(h, rate(b, "GB/s")) for b in paths(h).values() if rate(b, "GB/s") not in
                  [c["workload_data_rate"] for c in cases if c["hardware"] == h]]
    return cases


def error_cases() -> list[dict]:
    return [_case("H100", "5 GB"), _case("A100", "5 ms"), _case("B200", "5 TFLOP/s"),
            _case("DGX_Spark", "1 TB"), _case("H100", "5 gb/s"), _case("RoboTaxi", "3 W")]


def rejected_cases() -> list[dict]:
    cases = [_case(h, t) for h in without_path() for t in ("5 GB/s", "0 GB/s")]
    cases += [_case(h, "1 MB/s") for h in without_path()[::4]]
    for h in ("H100", "A100", "DGX_Spark", "RoboTaxi"):
        cases += [_case(h, t) for t in ("-5 GB/s", "-1e-9 B/s", "-100 Gbps", "inf GB/s", "-inf GB/s",
                                        "nan GB/s", "nan Gbps")]
    return cases


GROUPS = {"main": main_cases, "tie": tie_cases, "error": error_cases, "rejected": rejected_cases}


# ---------------------------------------------------------------- accepted differences

def _rate_value(case: dict) -> float:
    return float(case["workload_data_rate"].split()[0])


def _no_path(c: dict) -> bool:
    return not has_path(c["hardware"])


def _bad_rate(c: dict) -> bool:
    v = _rate_value(c)
    return has_path(c["hardware"]) and (math.isnan(v) or math.isinf(v) or v < 0)


def _tie(d) -> bool:
    """Ours: exactly at the wall (not stalled, margin 0); 0.3.0's conversion to GB/s leaves the
    demand or the supply an ulp off, so it may say stalled, and its margin is that ulp."""
    if not is_tie(d.case):
        return False
    if d.field == "is_stalled":
        return d.ours is False and d.ref is True
    if d.field == "margin_bytes_per_s":
        return d.ours == 0.0 and abs(float(d.ref)) <= 1e-12 * float(exact_supply(d.case["hardware"]))
    return False


KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    KnownDifference(
        id="data-wall-exact-tie",
        fields=("is_stalled", "margin_bytes_per_s"),
        status="deliberate",
        reason="the demand exactly equals the supply, written in another unit than the "
               "registry's (V100's 15.75 GB/s host link as '15750000000.0 B/s' or "
               "'15750000.0 KB/s'): ours compares bytes/s exactly, utilization 1.0, not stalled, "
               "margin 0 B/s; 0.3.0 converts both to GB/s, and the demand comes out "
               "15.750000000000002 GB/s: stalled, margin -1.8e-06 B/s (GB200_NVL72's 130 TB/s "
               "link at '130000.0 GB/s': not stalled, margin +0.0146 B/s). Rates written in the "
               "registry's own unit agree.",
        matches=_tie,
    ),
    rejected_difference(
        "no-data-path-rejected",
        "hardware that lists neither a storage bandwidth nor a host link (the microcontrollers, "
        "phones, Coral, Jetsons, TPUs, Gaudi, MI300X, ...): 0.3.0 answers bottleneck 'Unknown', "
        "supply 0 GB/s, utilization inf and is_stalled True for any rate (0 GB/s included), a "
        "margin of minus the demand (-5 GB/s at 5 GB/s); we reject it (ValueError naming the "
        "hardware: it has no supply to compare with, CLI exit 1).",
        _no_path),
    rejected_difference(
        "data-rate-range-checks",
        "a negative, infinite or NaN data rate: 0.3.0 answers -5 GB/s on H100 (7 GB/s storage) "
        "with utilization -0.714, not stalled and a margin of 12 GB/s, above the supply; inf with "
        "utilization inf and a margin of -inf; NaN with utilization NaN, not stalled; we reject "
        "it (ValueError: 'must be >= 0' / 'is not a finite number', CLI exit 1).",
        _bad_rate),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    every = set(hardware_keys())
    assert len(every) == 52
    assert {c["hardware"] for c in a} | {c["hardware"] for c in rejected_cases()} == every
    assert {c["hardware"] for c in a} == set(with_path()) and len(with_path()) >= 10
    assert {c["workload_data_rate"].split()[1] for c in a} == set(RATE_UNITS)
    assert {"Storage", "Interconnect"} <= {supply(h)[0] for h in with_path()}
    assert any(len(paths(h)) == 2 for h in with_path())


check_main_cases_all_solve_on_both_sides = solves_on_both_sides(exactly=True)
check_error_cases_raise_on_both_sides = raises_on_both_sides()


def check_rejected_are_documented(run):
    assert_rejected(run, ("no-data-path-rejected", "data-rate-range-checks"))
    for _, c, o, r in run.outcomes("rejected"):
        if _no_path(c):
            assert r.record["bottleneck"] == "Unknown" and r.record["utilization"] == "inf", (c, r.record)
            assert c["hardware"] in o.message, (c, o.message)
        elif is_nan(c["workload_data_rate"]):
            assert r.record["utilization"] == "nan", (c, r.record)


def check_exact_ties(run):
    """At the wall exactly, ours is not stalled with utilization 1 and margin 0; only the tie group
    differs from 0.3.0, and only in is_stalled and the margin."""
    ties = run.outcomes("tie")
    assert len(ties) >= 2 * len(with_path())
    for _, c, o, r in ties:
        if is_tie(c):
            assert o.record["utilization"] == 1.0 and not o.record["is_stalled"], (c, o.record)
            assert o.record["margin_bytes_per_s"] == 0.0, (c, o.record)
            assert close(r.record["utilization"], 1.0), (c, r.record)
        else:  # the faster path's own bandwidth (H100's 64 GB/s link): above the supply
            assert o.record["is_stalled"] and r.record["is_stalled"], c
    assert run.by_id["data-wall-exact-tie"]
    assert_confined(run, "data-wall-exact-tie", "tie")


def check_cases_reach_every_regime(run):
    """Both bottlenecks, stalled and not, utilization exactly 0 and exactly 1 (not stalled)."""
    solved = run.ref_records()
    assert {r["bottleneck"] for _, r in solved} == {"Storage", "Interconnect"}
    assert sum(r["is_stalled"] for _, r in solved) >= 100
    assert sum(not r["is_stalled"] for _, r in solved) >= 100
    assert any(r["utilization"] == 0.0 for _, r in solved)
    ones = [r for _, r in solved if r["utilization"] == 1.0]
    assert len(ones) >= len(with_path()) and not any(r["is_stalled"] for r in ones)
    assert any(r["is_stalled"] and close(r["utilization"], 1.000001) for _, r in solved)
    assert any(not r["is_stalled"] and close(r["utilization"], 0.999999) for _, r in solved)
    # the supply is always the slower listed path
    for c, r in solved:
        assert close(r["supply_bw_bytes_per_s"], supply(c["hardware"])[1]), c
        assert r["bottleneck"] == supply(c["hardware"])[0], c
