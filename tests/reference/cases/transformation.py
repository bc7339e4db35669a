"""Reference cases for TransformationModel (the transformation wall: CPU preprocessing of a batch,
batch x sample size / CPU throughput, against the accelerator's step, the two pipelined), its
accepted differences from mlsysim 0.3.0, and checks of its own. Read by
tests/reference/harness.py.

Each case is a dict of ``TransformationModel().solve`` keyword arguments: ``batch_size`` a whole
number, ``sample_size_bytes``, ``cpu_throughput`` and ``accelerator_step_time`` quantities as
text ("500 KB", "2 GB/s", "50 ms": pint Quantities for the reference).

* ``main_cases()``  batches 1 .. 1e9 x samples 1 bit .. 1 TB in every size unit, with seeded
  random CPU throughputs (1 B/s .. 100 TB/s, every rate unit) and step times (1 ns .. 1 day, every
  time unit); a sweep of the transform-to-step ratio from 1e-9 to 1e9 (far from, near and at the
  wall on both sides); round numbers as a user types them. Both sides must agree field by field.
* ``tie_cases()`` the transform time equal to the step in exact arithmetic (100 x 1 MB at 2 GB/s
  against 50 ms): neither is the bottleneck, utilization 1.
* ``error_cases()`` inputs the reference rejects by raising: a CPU throughput of 0
  (ZeroDivisionError), a batch that is not a number, quantities of the wrong dimension or with an
  unknown unit; ours must fail too.
* ``rejected_cases()`` inputs the reference answers and we reject: batch_size < 1 or not whole,
  a sample size <= 0, a negative CPU throughput, a step time <= 0 (0.3.0: utilization 0 and
  slowdown inf at 0 ms, negative utilization below), infinite quantities, NaN.
"""
from __future__ import annotations

import math
import random
from fractions import Fraction

from harness import KnownDifference

from cases._checks import assert_deterministic, assert_rejected, raises_on_both_sides, solves_on_both_sides
from cases._differences import rejected_difference
from cases._values import close, log_uniform

SOLVER = "TransformationModel"
SEED = 20260321

# each unit's size in SI (bytes, bytes/s, seconds), exactly
SIZE_UNITS = {"B": Fraction(1), "KB": Fraction(10**3), "MB": Fraction(10**6), "GB": Fraction(10**9),
              "TB": Fraction(10**12), "PB": Fraction(10**15), "KiB": Fraction(2**10),
              "MiB": Fraction(2**20), "GiB": Fraction(2**30), "TiB": Fraction(2**40), "bit": Fraction(1, 8)}
RATE_UNITS = {"B/s": Fraction(1), "KB/s": Fraction(10**3), "MB/s": Fraction(10**6), "GB/s": Fraction(10**9),
              "TB/s": Fraction(10**12), "GiB/s": Fraction(2**30), "Gbps": Fraction(10**9, 8),
              "Mbps": Fraction(10**6, 8)}
TIME_UNITS = {"s": Fraction(1), "ms": Fraction(1, 10**3), "us": Fraction(1, 10**6), "ns": Fraction(1, 10**9),
              "min": Fraction(60), "h": Fraction(3600), "day": Fraction(86400)}
UNITS = {**SIZE_UNITS, **RATE_UNITS, **TIME_UNITS}

BATCHES = (1, 2, 3, 7, 8, 32, 100, 256, 1000, 4096, 65536, 10**6, 10**9)
SAMPLES = ("1 bit", "1 B", "3 B", "1 KB", "1 KiB", "4 KiB", "150 KB", "500 KB", "1 MB", "3 MiB",
           "12.5 MB", "1 GB", "2 GiB", "1 TB", "0.001 TiB", "0.5 PB")
# transform time / step time
RATIOS = (1e-9, 1e-6, 1e-3, 0.1, 0.5, 0.999, 0.999999, 1.000001, 1.001, 2.0, 10.0, 1e3, 1e6, 1e9)


def si(text: str) -> float:
    """'500 KB' -> 5e5 (a case's quantity in SI, as a float)."""
    number, unit = text.split()
    return float(number) * float(UNITS[unit])


def exact_si(text: str) -> Fraction:
    number, unit = text.split()
    return Fraction(float(number)) * UNITS[unit]


def q(value_si: float, unit: str) -> str:
    return f"{value_si / float(UNITS[unit])!r} {unit}"


def _case(batch_size, sample_size_bytes: str, cpu_throughput: str, accelerator_step_time: str) -> dict:
    return {"batch_size": batch_size, "sample_size_bytes": sample_size_bytes,
            "cpu_throughput": cpu_throughput, "accelerator_step_time": accelerator_step_time}


def transform_si(case: dict) -> float:
    return case["batch_size"] * si(case["sample_size_bytes"]) / si(case["cpu_throughput"])


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    rates, times, sizes = list(RATE_UNITS), list(TIME_UNITS), list(SIZE_UNITS)
    cases: list[dict] = []
    # 1. every batch x every sample, random throughput and step
    for b in BATCHES:
        for s in SAMPLES:
            for _ in range(2):
                cpu = q(log_uniform(rng, 1.0, 1e14), rng.choice(rates))
                step = q(log_uniform(rng, 1e-9, 86400.0), rng.choice(times))
                cases.append(_case(b, s, cpu, step))
    # 2. the ratio of transform to step across the wall, every time unit in turn
    for i, r in enumerate(RATIOS):
        for j in range(4):
            b = rng.choice(BATCHES[:9])
            c = _case(b, rng.choice(SAMPLES[:12]), q(log_uniform(rng, 1e6, 1e12), rng.choice(rates)), "1 s")
            c["accelerator_step_time"] = q(transform_si(c) / r, times[(i + j) % len(times)])
            cases.append(c)
    # 3. fully random: batch 1 .. 2^40, any sample, throughput and step
    for _ in range(200):
        b = int(log_uniform(rng, 1.0, 2.0**40))
        cases.append(_case(b, q(log_uniform(rng, 0.125, 1e13), rng.choice(sizes)),
                           q(log_uniform(rng, 1.0, 1e14), rng.choice(rates)),
                           q(log_uniform(rng, 1e-9, 1e6), rng.choice(times))))
    # 4. as a user types them: ImageNet JPEGs, tokenized text, video
    cases += [_case(256, "500 KB", "2 GB/s", "50 ms"), _case(256, "150 KB", "1 GB/s", "100 ms"),
              _case(1024, "110 KB", "4 GB/s", "300 ms"), _case(32, "2 MB", "500 MB/s", "20 ms"),
              _case(1, "1 B", "1 B/s", "1 s"), _case(8, "16 MiB", "10 Gbps", "1 min"),
              _case(4096, "8 KB", "800 Mbps", "2 h"), _case(1, "1 TB", "100 TB/s", "1 ns"),
              _case(10**9, "1 PB", "1 B/s", "1 day"), _case(64, "3 MiB", "3 GiB/s", "250 us")]
    return cases


def tie_cases() -> list[dict]:
    """Transform time exactly the step time (in exact arithmetic of the typed numbers)."""
    cases = [_case(100, "1 MB", "2 GB/s", "50 ms"), _case(256, "500 KB", "2 GB/s", "64 ms"),
             _case(1, "1 B", "1 B/s", "1 s"), _case(8, "1 bit", "1 B/s", "1 s"),
             _case(1000, "1 KB", "1 MB/s", "1 s"), _case(60, "1 GB", "1 GB/s", "1 min"),
             _case(3600, "1 MB", "1 MB/s", "1 h"), _case(1024, "1 MiB", "1 GiB/s", "1 s"),
             _case(125, "1 KB", "1 Mbps", "1 s"), _case(86400, "1 GB", "1 GB/s", "1 day"),
             _case(1, "1 KB", "1 GB/s", "1 us"), _case(1, "1 B", "1 GB/s", "1 ns"),
             _case(3, "1 KB", "1 KB/s", "3 s"), _case(7, "3 MB", "7 GB/s", "3 ms"),
             _case(32, "1.5 MB", "4.8 GB/s", "10 ms"), _case(10**6, "1 KB", "10 Gbps", "0.8 s")]
    return [c for c in cases if is_tie(c)]


def error_cases() -> list[dict]:
    return [_case(256, "500 KB", "0 GB/s", "50 ms"), _case(1, "1 B", "0 B/s", "1 s"),
            _case(0, "500 KB", "0 Gbps", "50 ms"), _case(256, "500 KB", "-0 GB/s", "50 ms"),
            _case("256", "500 KB", "2 GB/s", "50 ms"), _case(True, "500 KB", "2 GB/s", "50 ms"),
            _case(256, "500 KB/s", "2 GB/s", "50 ms"), _case(256, "500 KB", "2 GB", "50 ms"),
            _case(256, "500 KB", "2 GB/s", "50 MB"), _case(256, "500 ms", "2 GB/s", "50 ms"),
            _case(256, "500 kb", "2 GB/s", "50 ms")]


def rejected_cases() -> list[dict]:
    base = {"batch_size": 256, "sample_size_bytes": "500 KB", "cpu_throughput": "2 GB/s",
            "accelerator_step_time": "50 ms"}
    cases = [{**base, "batch_size": b} for b in (0, -1, -256, 2.5, 0.5)]
    cases += [{**base, "sample_size_bytes": s} for s in ("0 KB", "0 bit", "-500 KB", "-1 B", "inf KB", "nan KB")]
    cases += [{**base, "cpu_throughput": t} for t in ("-2 GB/s", "-1 B/s", "inf GB/s", "nan GB/s")]
    cases += [{**base, "accelerator_step_time": t} for t in ("0 ms", "0 s", "-50 ms", "-1 ns", "inf ms", "nan ms")]
    cases += [_case(0, "0 B", "1 GB/s", "0 ms"), _case(1, "1 B", "1 GB/s", "-0 ms")]
    return cases


GROUPS = {"main": main_cases, "tie": tie_cases, "error": error_cases, "rejected": rejected_cases}


# ---------------------------------------------------------------- accepted differences

def is_tie(case: dict) -> bool:
    """batch x sample / throughput == step, exactly."""
    return (case["batch_size"] * exact_si(case["sample_size_bytes"])
            == exact_si(case["accelerator_step_time"]) * exact_si(case["cpu_throughput"]))


def _value(text) -> float:
    return float(str(text).split()[0])


def _out_of_range(c: dict) -> bool:
    b = c["batch_size"]
    if isinstance(b, bool) or not isinstance(b, (int, float)):
        return False
    vals = [_value(c[k]) for k in ("sample_size_bytes", "cpu_throughput", "accelerator_step_time")]
    if any(math.isnan(v) for v in vals):
        return False  # nan-inputs-rejected
    sample, cpu, step = vals
    return (b < 1 or b != int(b) or sample <= 0 or cpu < 0 or step <= 0
            or any(math.isinf(v) for v in vals))


def _nan(c: dict) -> bool:
    return any(math.isnan(_value(c[k])) for k in ("sample_size_bytes", "cpu_throughput", "accelerator_step_time"))


KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    rejected_difference(
        "transformation-range-checks",
        "batch_size < 1 or not whole, sample_size_bytes <= 0, a negative cpu_throughput, "
        "accelerator_step_time <= 0, or an infinite quantity: 0.3.0 answers them all. 256 x "
        "500 KB at 2 GB/s against a 0 ms step: utilization 0.0 and slowdown inf (a 64 ms "
        "transform); against -50 ms: utilization -0.78 and slowdown inf; batch 0 or sample 0 KB: a "
        "0 ms transform, utilization 1.0; batch 2.5: a 0.625 ms transform; -2 GB/s: a -64 ms "
        "transform, not the bottleneck; an infinite step: utilization and slowdown NaN. We reject "
        "each (ValueError, CLI exit 1). A throughput of 0 raises ZeroDivisionError there "
        "(error_cases()).",
        _out_of_range),
    rejected_difference(
        "nan-inputs-rejected",
        "a NaN sample size, CPU throughput or step time: 0.3.0 answers with a NaN transform time "
        "or utilization (a NaN step: utilization NaN, slowdown inf, not the bottleneck); we reject "
        "it (ValueError: 'is not a finite number', CLI exit 1).",
        _nan),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    assert min(c["batch_size"] for c in a) == 1 and max(c["batch_size"] for c in a) >= 10**9
    for key, units in (("sample_size_bytes", SIZE_UNITS), ("cpu_throughput", RATE_UNITS),
                       ("accelerator_step_time", TIME_UNITS)):
        assert {c[key].split()[1] for c in a} == set(units), key
    ratios = [transform_si(c) / si(c["accelerator_step_time"]) for c in a]
    assert min(ratios) < 1e-9 and max(ratios) > 1e9
    assert len(tie_cases()) >= 12


check_main_cases_all_solve_on_both_sides = solves_on_both_sides("main", "tie", exactly=True)
check_error_cases_raise_on_both_sides = raises_on_both_sides()


def check_rejected_are_documented(run):
    assert_rejected(run, ("transformation-range-checks", "nan-inputs-rejected"))
    zero_step = [r.record for _, c, _, r in run.outcomes("rejected") if c["accelerator_step_time"] == "0 ms"
                 and c["batch_size"] == 256]
    assert zero_step and all(r["slowdown_factor"] == "inf" and r["accelerator_utilization"] == 0.0
                             for r in zero_step)


def check_ties_are_not_the_bottleneck(run):
    for c, r in run.ref_records("tie"):
        assert not r["is_bottleneck"] and r["accelerator_utilization"] == 1.0, (c, r)


def check_cases_reach_both_regimes(run):
    """Preprocessing-bound and accelerator-bound, utilization from below 1e-9 to 1."""
    solved = run.ref_records()
    bound = [r for _, r in solved if r["is_bottleneck"]]
    free = [r for _, r in solved if not r["is_bottleneck"]]
    assert len(bound) >= 150 and len(free) >= 150
    assert all(r["accelerator_utilization"] == 1.0 and r["slowdown_factor"] == 1.0 for r in free)
    assert min(r["accelerator_utilization"] for r in bound) < 1e-9
    assert max(r["slowdown_factor"] for r in bound) > 1e9
    assert all(close(r["accelerator_utilization"] * r["slowdown_factor"], 1.0) for r in bound)
    # just either side of the wall: 1.000001 x the step is bound, 0.999999 x is not
    assert any(close(r["slowdown_factor"], 1.000001) for r in bound)
    assert any(not r["is_bottleneck"] and close(r["transform_time_s"], 0.999999 * r["accelerator_step_time_s"])
               for _, r in solved)
