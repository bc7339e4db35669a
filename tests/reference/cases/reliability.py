"""Reference cases for ReliabilityModel (series-system fleet MTBF, failure probability over a job,
Young's checkpoint interval and the steady-state goodput), its accepted differences from mlsysim
0.3.0, and checks of its own. Read by tests/reference/harness.py.

Each case is a dict of ``ReliabilityModel().solve`` keyword arguments: ``fleet`` is a registry
cluster (every cluster of data/systems/clusters.json: DGX H100 / A100 / B200 nodes whose PSUs are
redundant, 4-GPU Kempner and Grand Teton nodes whose 2 PSUs are in series), the three times plain
numbers in the units 0.3.0 takes (hours, seconds, seconds) or, for ``job_duration_hours`` and
``checkpoint_time_s``, quantity text ("30 day", "2 min"), which 0.3.0 converts itself.

* ``main_cases()``  the goldens first (T06-03 on the registry clusters of n/8 DGX H100 nodes:
  Lab_64_H100, Research_256, Training_512_H100, Training_1K, Production_2K; T12b-06's job on
  Training_512_H100), then every cluster x a grid of job lengths (0 h .. 10 years) x checkpoint
  times (1 ms .. 1 h), seeded random jobs / checkpoint / recovery times, quantity text, the
  defaults, goodput clamped at 0 (recovery longer than the MTBF), and the Young-Daly
  out-of-regime warning (checkpoint time >= 2 x fleet MTBF: Mega_100K's 1350 s MTBF against
  checkpoints of 45 min .. 6 h, exactly 2 x MTBF included), whose text must agree verbatim.
* ``units_cases()`` ``avg_recovery_time_s`` as quantity text ("5 min"): 0.3.0 subtracts it from a
  float and raises DimensionalityError, so these run with a ``reference_context`` that hands it
  the value in seconds; every field must then agree.
* ``units_raw_cases()`` the same without the patch: 0.3.0 raises, we answer
  (``time-quantity-accepted``).
* ``error_cases()`` inputs the reference rejects by raising: a negative job length (its
  validate_nonnegative), a checkpoint time <= 0 (validate_positive); ours must fail too.
* ``rejected_cases()`` inputs the reference answers and we reject: a negative recovery time
  (goodput above 1 - checkpoint share), and NaN or infinite times (NaN failure probability, an
  infinite interval with goodput 0, ...).
"""
from __future__ import annotations

import contextlib
import math
import random
import re

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
from cases._registry import cluster_keys, clusters, nodes
from cases._values import amount, close, given, is_nan

SOLVER = "ReliabilityModel"
SEED = 20260401

GPU_MTTF_H, NIC_MTTF_H, PSU_MTTF_H = 50_000.0, 150_000.0, 100_000.0
YOUNG_DALY_WARNING = (
    "calc_young_daly_interval: checkpoint cost delta >= 2*MTBF — the Young first-order form is out of "
    "regime here (it returns tau < delta, which is physically impossible). Daly (2006) Sec. 5 prescribes "
    "tau = MTBF in this regime.")

JOB_HOURS = (0, 0.25, 1, 24, 168, 720, 2160, 8760, 87600)
CHECKPOINT_S = (0.001, 1, 10, 60, 120, 600, 3600)
RECOVERY_S = (0, 0.0, 30, 300, 600, 1800, 3600)
JOB_TEXT = ("720 h", "30 day", "90 min", "3600 s", "1.5 h", "365 day", "0 h", "2 day")
CHECKPOINT_TEXT = ("2 min", "60 s", "500 ms", "1 h", "0.5 min")
RECOVERY_TEXT = ("300 s", "5 min", "0 s", "1 h", "1500 ms", "0.25 h")


# ---------------------------------------------------------------- the registry's clusters

def node_counts(cluster: str) -> tuple[int, int, int, int]:
    """(nodes, GPUs per node, NICs per node, PSUs in series) of a registry cluster."""
    c = clusters()[cluster]
    n = nodes()[c["node"]]
    series = 0 if n.get("psu_redundancy", 0) > 0 else n["psus_per_node"]
    return c["count"], n["accelerators_per_node"], n["nics_per_node"], series


def node_mtbf_h(cluster: str) -> float:
    """TF-25's series sum: 1 / (n_gpu / 50,000 h + n_nic / 150,000 h + n_series_psu / 100,000 h)."""
    _, g, nic, psu = node_counts(cluster)
    return 1.0 / (g / GPU_MTTF_H + nic / NIC_MTTF_H + psu / PSU_MTTF_H)


def fleet_mtbf_s(cluster: str) -> float:
    """TF-15: the node MTBF over the node count, in seconds."""
    return node_mtbf_h(cluster) / node_counts(cluster)[0] * 3600


# ---------------------------------------------------------------- cases

def _case(fleet: str, job=720, checkpoint=None, recovery=None) -> dict:
    return given(fleet=fleet, job_duration_hours=job, checkpoint_time_s=checkpoint, avg_recovery_time_s=recovery)


GOLDEN_T06_03 = ("Lab_64_H100", "Research_256", "Training_512_H100", "Training_1K", "Production_2K")


def _golden_cases() -> list[dict]:
    # T06-03: 720 h, 60 s checkpoints on n/8 DGX H100 nodes; T12b-06: 720 h, 120 s on 64 nodes
    return [_case(f, 720, 60.0) for f in GOLDEN_T06_03] + [_case("Training_512_H100", 720, 120)]


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    cases = _golden_cases()
    for f in cluster_keys():
        mtbf = fleet_mtbf_s(f)
        # 1. job length x checkpoint time, default recovery (kept in regime: checkpoint < 2 MTBF)
        for job in JOB_HOURS:
            for ck in CHECKPOINT_S:
                if ck < 2 * mtbf and rng.random() < 0.55:
                    cases.append(_case(f, job, ck))
        # 2. seeded random times, integers and floats, every input given
        for _ in range(22):
            job = rng.choice(JOB_HOURS) if rng.random() < 0.3 else 10 ** rng.uniform(-2, 5)
            ck = rng.choice(CHECKPOINT_S) if rng.random() < 0.3 else 10 ** rng.uniform(-2, math.log10(1.9 * mtbf))
            rec = rng.choice(RECOVERY_S) if rng.random() < 0.3 else 10 ** rng.uniform(-1, 4)
            if rng.random() < 0.15:
                job, ck, rec = round(job) or 1, round(ck) or 1, round(rec)
            cases.append(_case(f, job, ck, rec))
        # 3. the defaults (60 s, 300 s) and one left out at a time
        cases += [_case(f, 720), _case(f, 24, checkpoint=30), _case(f, 2160, recovery=900)]
    # 4. quantity text for the job and the checkpoint (0.3.0 converts it with Q_(value, "hour"))
    for j, text in enumerate(JOB_TEXT):
        cases.append(_case(cluster_keys()[j % len(cluster_keys())], text))
    for j, text in enumerate(CHECKPOINT_TEXT):
        cases.append(_case(cluster_keys()[(j + 3) % len(cluster_keys())], 720, text, 120))
    cases.append(_case("Frontier_8K", "30 day", "2 min"))
    # 5. goodput clamped at 0: recovery as long as or longer than the fleet MTBF
    for f in ("Mega_100K", "Meta_GenAI_H100_24K_IB", "Training_10K", "Research_256"):
        mtbf = fleet_mtbf_s(f)
        cases += [_case(f, 720, 60, mtbf), _case(f, 720, 60, 2 * mtbf), _case(f, 720, 600, 0.99 * mtbf)]
    # 6. out of regime: checkpoint time >= 2 x fleet MTBF (warning), exactly at 2 x MTBF, just below
    for f in ("Mega_100K", "Reference_25K_H100", "Meta_GenAI_H100_24K_RoCE", "Meta_Llama3_16K_H100",
              "Training_10K"):
        two = 2 * fleet_mtbf_s(f)
        cases += [_case(f, 720, two), _case(f, 720, two * 0.999), _case(f, 720, two * 1.5, 0),
                  _case(f, 8760, two * 4)]
    cases += [_case("Mega_100K", 720, 3 * 3600), _case("Mega_100K", 720, 6 * 3600, 60),
              _case("Mega_100K", 720, "1 h"), _case("Mega_100K", 24, "45 min"), _case("Mega_100K", 1, 2700)]
    return cases


def units_cases() -> list[dict]:
    """avg_recovery_time_s as quantity text; the reference is handed seconds (reference_context)."""
    out = []
    for j, text in enumerate(RECOVERY_TEXT):
        f = cluster_keys()[(2 * j) % len(cluster_keys())]
        out += [{**_case(f, 720, 60, text), "_recovery_in_seconds": True},
                {**_case(f, "30 day", "2 min", text), "_recovery_in_seconds": True}]
    return out


def units_raw_cases() -> list[dict]:
    return [_case("Research_256", 720, 60, "300 s"), _case("Frontier_8K", 24, 120, "5 min"),
            _case("Mega_100K", "30 day", "2 min", "1 h")]


def error_cases() -> list[dict]:
    return [_case("Research_256", -720), _case("Research_256", -0.5, 60), _case("Mega_100K", "-1 h"),
            _case("Research_256", 720, 0), _case("Research_256", 720, -60), _case("Frontier_8K", 720, 0.0, 300),
            _case("Kempner_H100_384", 720, "-2 min")]


def rejected_cases() -> list[dict]:
    return [
        # negative recovery: goodput above 1 - checkpoint share
        _case("Research_256", 720, 60, -300), _case("Frontier_8K", 24, 120, -1), _case("Mega_100K", 720, 60, -1e4),
        # NaN and infinite times
        _case("Research_256", "nan"), _case("Research_256", 720, "nan"), _case("Research_256", 720, 60, "nan"),
        _case("Research_256", "inf"), _case("Research_256", 720, "inf"), _case("Research_256", 720, 60, "inf"),
    ]


GROUPS = {"main": main_cases, "units": units_cases, "units_raw": units_raw_cases, "error": error_cases,
          "rejected": rejected_cases}


# ---------------------------------------------------------------- the reference's process

def reference_context(case: dict):
    """For cases marked ``_recovery_in_seconds``: hand 0.3.0 avg_recovery_time_s as a float in
    seconds, the unit it takes (a Quantity there raises DimensionalityError in its goodput)."""
    if not case.get("_recovery_in_seconds"):
        return contextlib.nullcontext()
    return argument_as_float(SOLVER, "avg_recovery_time_s", "second")


# ---------------------------------------------------------------- accepted differences

SECONDS = {"ms": 1e-3, "s": 1.0, "min": 60.0, "h": 3600.0, "day": 86400.0}


def _time_s(value, unit_s: float) -> float:
    """A case's time in seconds: quantity text, or a bare number in the input's unit (unit_s seconds)."""
    return amount(value, SECONDS, unit_s)


def _out_of_range(c: dict) -> bool:
    times = [(c["job_duration_hours"], 3600.0), (c.get("checkpoint_time_s", 60.0), 1.0),
             (c.get("avg_recovery_time_s", 300.0), 1.0)]
    secs = [_time_s(v, u) for v, u in times]
    return any(not math.isfinite(s) for s in secs) or secs[2] < 0


def _quantity_recovery(c: dict) -> bool:
    rec = c.get("avg_recovery_time_s")
    return isinstance(rec, str) and not is_nan(rec)


def _recovery_not_dimensionless(message: str) -> bool:
    return re.fullmatch(r"DimensionalityError: Cannot convert from '(second|minute|hour)' to 'dimensionless'",
                        message) is not None


KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    rejected_difference(
        "reliability-range-checks",
        "avg_recovery_time_s < 0, or any time NaN or infinite: 0.3.0 answers. Research_256, 720 h, "
        "60 s checkpoints, recovery -300 s: goodput 0.99303, above the 0.99246 of a free recovery "
        "(1 - 60/7954.95 s; 0.99189 with the default 300 s); job NaN h: failure probability and "
        "expected failures NaN; checkpoint NaN s: interval NaN s, goodput 0.0; recovery NaN or "
        "inf: goodput 0.0 (max(0, NaN) = 0); "
        "job inf: probability 1.0, infinitely many failures; checkpoint inf: an infinite interval "
        "and its out-of-regime warning. We reject them (ValueError, CLI exit 1). A negative job "
        "length and a checkpoint time <= 0 raise on both sides (error_cases()).",
        _out_of_range),
    accepted_difference(
        "time-quantity-accepted",
        "avg_recovery_time_s as a quantity (Q_('300 s'), CLI '5 min'): 0.3.0 subtracts "
        "the Quantity from a float in its goodput and raises DimensionalityError: Cannot "
        "convert from 'second' to 'dimensionless' (it converts job_duration_hours and "
        "checkpoint_time_s but not this one); ours reads every time input with its unit: "
        "Research_256, 720 h, 60 s, '300 s' gives goodput 0.9918886387784547, the same as "
        "300. The units group hands 0.3.0 the seconds and agrees field by field.",
        _quantity_recovery, _recovery_not_dimensionless),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    assert {c["fleet"] for c in a} == set(cluster_keys()) and len(cluster_keys()) >= 18
    jobs = [_time_s(c["job_duration_hours"], 3600.0) for c in a]
    assert min(jobs) == 0 and max(jobs) >= 10 * 8760 * 3600
    assert any("checkpoint_time_s" not in c for c in a) and any("avg_recovery_time_s" not in c for c in a)
    assert any(isinstance(c["job_duration_hours"], str) for c in a)
    assert any(isinstance(c.get("checkpoint_time_s"), str) for c in a)
    # both kinds of node: PSUs redundant (series 0) and in series
    assert {node_counts(f)[3] for f in cluster_keys()} == {0, 2}


check_main_cases_all_solve_on_both_sides = solves_on_both_sides("main", "units", exactly=True)
check_error_cases_raise_on_both_sides = raises_on_both_sides()
check_rejected_are_documented = rejected_and_documented("reliability-range-checks")


def check_recovery_quantity(run):
    """Unpatched, 0.3.0 raises on a recovery quantity and we answer as with the plain number."""
    assert_accepted(run, ("time-quantity-accepted",), "units_raw")
    import mlsysim
    for _, c, o, _ in run.outcomes("units_raw"):
        plain = {**c, "avg_recovery_time_s": _time_s(c["avg_recovery_time_s"], 1.0)}
        assert o.record == mlsysim._core.solve(SOLVER, plain).to_record(), c


def check_goldens(run):
    """T06-03 with 0.3.0's DGX H100 node MTBF (4687.5 h: its 6 PSUs are redundant; the tutorial's
    4285.7 h counted 2 in series), and T12b-06's job on the registry's 64-node cluster."""
    solved = {(c["fleet"], c.get("checkpoint_time_s")): (o, r) for c, o, r in run.records()[:6]}
    for f in GOLDEN_T06_03:
        o, r = solved[(f, 60.0)]
        nodes = node_counts(f)[0]
        assert node_mtbf_h(f) == 4687.5 and o["node_mtbf_s"] == 4687.5 * 3600, f
        assert close(r["fleet_mtbf_s"], 4687.5 / nodes * 3600, 1e-15), f
        assert close(r["expected_failures"], 720 * nodes / 4687.5, 1e-15), f
        assert close(r["optimal_checkpoint_interval_s"], math.sqrt(2 * 60 * 4687.5 / nodes * 3600), 1e-15), f
    # the printed T06-03 rows as 0.3.0 gives them: 64 GPUs -> 585.9 h, 1.2 failures, 4.4 h
    o, r = solved[("Lab_64_H100", 60.0)]
    assert round(r["fleet_mtbf_s"] / 3600, 1) == 585.9 and round(r["expected_failures"], 1) == 1.2
    assert round(r["optimal_checkpoint_interval_s"] / 3600, 1) == 4.4
    o, r = solved[("Research_256", 60.0)]     # 256 GPUs: 146.5 h, 4.9 failures, 2.2 h
    assert round(r["fleet_mtbf_s"] / 3600, 1) == 146.5 and round(r["expected_failures"], 1) == 4.9
    assert round(r["optimal_checkpoint_interval_s"] / 3600, 1) == 2.2
    o, r = solved[("Training_1K", 60.0)]      # 1024 GPUs: 36.6 h, 19.7 failures, 1.1 h
    assert round(r["fleet_mtbf_s"] / 3600, 1) == 36.6 and round(r["expected_failures"], 1) == 19.7
    assert round(r["optimal_checkpoint_interval_s"] / 3600, 1) == 1.1
    # T12b-06 (the tutorial's custom node had 83.71 h; the registry's 64 DGX H100 nodes 73.24 h)
    o, r = solved[("Training_512_H100", 120)]
    assert r["fleet_mtbf_s"] == 73.2421875 * 3600
    assert close(r["failure_probability"], 1 - math.exp(-720 / 73.2421875), 1e-15)
    assert round(r["failure_probability"], 4) == 0.9999 and round(r["expected_failures"], 2) == 9.83
    assert round(r["optimal_checkpoint_interval_s"] / 60, 1) == 132.6


def check_formulas_on_every_case(run):
    """TF-14 (tau = sqrt(2 delta MTBF)), TF-15 (node MTBF / nodes), TF-25 (the series sum, our
    extra node_mtbf) and the goodput on every case both sides solved."""
    for c, o, r in run.records() + run.records("units"):
        f = c["fleet"]
        ck = _time_s(c.get("checkpoint_time_s", 60.0), 1.0)
        rec = _time_s(c.get("avg_recovery_time_s", 300.0), 1.0)
        assert close(o["node_mtbf_s"], node_mtbf_h(f) * 3600, 1e-15), c
        assert close(r["fleet_mtbf_s"], fleet_mtbf_s(f), 1e-15), c
        assert close(r["optimal_checkpoint_interval_s"], math.sqrt(2 * ck * r["fleet_mtbf_s"]), 1e-14), c
        goodput = 1 - ck / r["optimal_checkpoint_interval_s"] - rec / r["fleet_mtbf_s"]
        assert (r["goodput_ratio"] == 0 and goodput <= 1e-12) or close(r["goodput_ratio"], goodput, 1e-12), c


def check_out_of_regime_warning(run):
    """The Young-Daly warning exactly when checkpoint time >= 2 x fleet MTBF, verbatim, on both."""
    warned = 0
    for c, o, r in run.records():
        out = _time_s(c.get("checkpoint_time_s", 60.0), 1.0) >= 2 * r["fleet_mtbf_s"]
        assert r["warnings"] == ([YOUNG_DALY_WARNING] if out else []), c
        assert o["warnings"] == r["warnings"], c
        warned += out
    assert warned >= 15
    # exactly at 2 x MTBF: warned (>=); 0.999 x: not
    at = [(c, r) for c, r in run.ref_records() if c["fleet"] == "Mega_100K" and c.get("checkpoint_time_s") == 2700]
    assert at and all(r["warnings"] == [YOUNG_DALY_WARNING] for _, r in at)


def check_cases_reach_every_regime(run):
    solved = run.ref_records()
    p = [r["failure_probability"] for _, r in solved]
    assert min(p) == 0.0 and max(p) == 1.0 and any(1e-6 < x < 0.5 for x in p)
    g = [r["goodput_ratio"] for _, r in solved]
    assert min(g) == 0.0 and max(g) > 0.9999 and any(0.1 < x < 0.9 for x in g)
    mtbf_h = {r["fleet_mtbf_s"] / 3600 for _, r in solved}
    assert min(mtbf_h) == 0.375 and max(mtbf_h) == 4687.5 / 8   # Mega_100K .. the 8-node labs
    assert any(close(m, node_mtbf_h("Kempner_H100_384") / 96) for m in mtbf_h)
