"""Reference cases for CheckpointModel (the size of a training checkpoint, its write time through
per-writer storage capped by the filesystem, the storage-bottleneck flag and the share of the
checkpoint interval lost), its accepted differences from mlsysim 0.3.0, and checks of its own.
Read by tests/reference/harness.py.

Each case is a dict of ``CheckpointModel().solve`` keyword arguments: ``model`` and ``hardware``
are registry keys (every model with a parameter count, every accelerator: the five with a storage
bandwidth, H100 / H200 / DGX Spark 7 GB/s, DRIVE Thor 4 GB/s, RoboTaxi 1 GB/s, and the rest on the
1 GB/s fall-back), ``optimizer`` a name, ``n_writers`` a whole number, the interval and the
filesystem limit plain numbers in 0.3.0's units (hours, GB/s) or quantity text ("30 min",
"16 Gbps"), which 0.3.0 converts itself.

* ``main_cases()``  the golden T06-05 first (Llama3_70B on an H100, adam, 1 h), then every model
  on a dozen seeded random accelerators (and every accelerator on at least six models) with
  random optimizer spellings (adam, Adam, ADAM, sgd, SGD, left out), intervals (0 h, where both
  say a penalty of 1.0, to a week), writers (1 .. 4096) and filesystem limits (0.5 .. 2000 GB/s),
  plus sweeps: writers until the filesystem binds, the interval, the 60 s stall threshold from
  both sides (59.999 s, 60.001 s), quantity text and the defaults.
* ``adamw_cases()`` optimizer "adamw" (any case): 0.3.0 gives 14 B/param to "adam" only and
  4 B/param to every other name; ours keeps AdamW's state at 14 B (``adamw-checkpoint-state``).
* ``stall_tie_cases()`` a write of exactly 60 s in decimal arithmetic (6 GB at a 0.1 GB/s
  filesystem limit): ours is no stall (the flag is "over a minute"), 0.3.0's unit round-off
  (60.00000000000001 s) makes it one (``stall-threshold-exact``).
* ``error_cases()`` inputs the reference rejects by raising: n_writers = 0 and a filesystem limit
  of 0 (ZeroDivisionError), a model without a parameter count (DLRM: TypeError); ours must fail
  too.
* ``rejected_cases()`` inputs the reference answers and we reject: optimizer names other than
  adam / adamw / sgd (0.3.0: 4 B/param for "lion", "none", ""), n_writers < 0 or not whole, a
  negative, NaN or infinite interval (0.3.0: penalty 1.0 or 0.0), a negative, NaN or infinite
  filesystem limit (negative write times).
"""
from __future__ import annotations

import math
import random
from fractions import Fraction

from harness import KnownDifference, trace_line_close

from cases._checks import (
    assert_confined,
    assert_deterministic,
    raises_on_both_sides,
    rejected_and_documented,
    solves_on_both_sides,
)
from cases._differences import rejected_difference
from cases._registry import hardware_entry, hardware_keys, model_entry, param_model_keys
from cases._values import amount, close, given

SOLVER = "CheckpointModel"
SEED = 20260402

BYTES_PER_PARAM = {"adam": 14, "adamw": 14, "sgd": 4}
FALLBACK_BPS = 1e9
OPTIMIZERS = (None, "adam", "Adam", "ADAM", "sgd", "SGD", "Sgd")
INTERVALS_H = (0, 0.0, 0.01, 0.25, 0.5, 1, 1.0, 2, 4, 6, 12, 24, 168)
WRITERS = (1, 2, 4, 8, 16, 32, 64, 128, 512, 1024, 4096)
FS_LIMITS = (0.5, 1, 2, 7, 10, 50, 100, 250, 500, 500.0, 1000, 2000)
INTERVAL_TEXT = ("30 min", "2 h", "1 day", "90 s", "0 h", "3600 s", "0.5 day")
FS_TEXT = ("2 GB/s", "16 Gbps", "500 MB/s", "1 TB/s", "400 Gbps", "64 GiB/s")


def storage_bps(hardware: str) -> float:
    """The per-writer rate both sides use: the registry's storage bandwidth, else 1 GB/s."""
    st = hardware_entry(hardware).get("storage") or {}
    bw = st.get("bandwidth")
    if not bw:
        return FALLBACK_BPS
    number, unit = bw.split()
    assert unit == "GB/s", bw
    return float(number) * 1e9 or FALLBACK_BPS


def _case(model: str, hardware: str, optimizer=None, interval=None, writers=None, fs=None) -> dict:
    return given(model=model, hardware=hardware, optimizer=optimizer, checkpoint_interval_hours=interval,
                 n_writers=writers, filesystem_limit_gbs=fs)


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    models, hws = param_model_keys(), hardware_keys()
    # T06-05 first (check_golden_t06_05 reads it there)
    cases = [_case("Llama3_70B", "H100", "adam", 1.0)]

    def rand(model, hw):
        return _case(model, hw, rng.choice(OPTIMIZERS),
                     rng.choice(INTERVALS_H) if rng.random() < 0.6 else round(10 ** rng.uniform(-2, 2.5), 4),
                     rng.choice(WRITERS) if rng.random() < 0.7 else rng.randint(1, 3000),
                     rng.choice(FS_LIMITS) if rng.random() < 0.7 else round(10 ** rng.uniform(-1, 3.5), 3))

    # 1. every model on a dozen random accelerators, every accelerator on at least six models
    for m in models:
        for hw in rng.sample(hws, 12):
            cases.append(rand(m, hw))
    for hw in hws:
        for m in rng.sample(models, 6):
            cases.append(rand(m, hw))
    # 2. writers until the filesystem binds (7 GB/s each against 500 GB/s: 72 writers bind)
    for m in ("Llama3_70B", "GPT3", "Llama3_405B"):
        for hw in ("H100", "DriveThor", "A100"):
            for n in (1, 2, 8, 64, 71, 72, 100, 500, 501, 1000):
                cases.append(_case(m, hw, "adam", 4, n))
    # 3. the interval, including 0 (continuous checkpointing: penalty 1.0) and the default
    for h in INTERVALS_H:
        cases += [_case("Llama3_8B", "H200", "sgd", h), _case("GPT4", "B200", None, h, 64, 200)]
    # 4. the 60 s stall threshold, either side of it (exactly 60 s: stall_tie_cases())
    for m, bpp, opt in (("GPT2", 4, "sgd"), ("Llama3_8B", 14, "adam"), ("Mixtral_8x7B", 14, "adam")):
        size = model_entry(m)["parameters"] * bpp
        for t in (59.999, 60.001):
            cases.append(_case(m, "A100", opt, 1, 1, size / t / 1e9))
    cases.append(_case("GPT2", "A100", "sgd", 1, 6))           # 6 GB over 6 writers x 1 GB/s: 1 s
    # 5. quantity text for the interval and the filesystem limit
    for j, text in enumerate(INTERVAL_TEXT):
        cases.append(_case(models[j * 5 % len(models)], "H100", "adam", text))
    for j, text in enumerate(FS_TEXT):
        cases.append(_case(models[j * 7 % len(models)], "H200", "sgd", 1, 1000, text))
    # 6. the defaults (adam, 4 h, 1 writer, 500 GB/s), one input given at a time
    for m in ("Llama3_70B", "ResNet50", "LeNet1", "GPT4"):
        cases += [_case(m, "H100"), _case(m, "ESP32_S3"), _case(m, "H100", optimizer="sgd"),
                  _case(m, "H100", interval=1), _case(m, "H100", writers=128), _case(m, "DGX_Spark", fs=5)]
    return cases


def adamw_cases() -> list[dict]:
    out = []
    for j, (m, hw) in enumerate((("Llama3_70B", "H100"), ("Llama3_8B", "A100"), ("GPT3", "H200"),
                                 ("ResNet50", "T4"), ("DeepSeek_V3", "B200"), ("GPT2", "RoboTaxi"))):
        for opt in ("adamw", "AdamW", "ADAMW"):
            out.append(_case(m, hw, opt, (1, 4, 0.5)[j % 3], (1, 8, 64)[j % 3]))
    out.append(_case("Llama3_70B", "H100", "adamw", 0))   # interval 0: penalty 1.0 on both sides
    out.append(_case("GPT2", "A100", "adamw", 1, 1, 0.5))  # 21 GB at 0.5 GB/s: ours 42 s, theirs 12 s
    return out


# (model, optimizer, filesystem GB/s): a write of exactly 60 s in decimal arithmetic
STALL_TIES = (("GPT2", "sgd", 0.1), ("GPT2", "adam", 0.35), ("PaLM_540B", "sgd", 36), ("PaLM_540B", "adam", 126),
              ("Llama3_405B", "sgd", 27), ("Llama3_405B", "adam", 94.5))


def stall_tie_cases() -> list[dict]:
    """A write of exactly 60 s (size / filesystem limit, the limit binding): not "over a minute"."""
    return [_case(m, "A100", opt, 1, 1000, fs) for m, opt, fs in STALL_TIES]


def error_cases() -> list[dict]:
    return [
        _case("Llama3_70B", "H100", "adam", 1, 0), _case("GPT2", "A100", "sgd", 4, 0, 100),
        _case("Llama3_70B", "H100", "adam", 1, 1, 0), _case("Llama3_8B", "T4", None, 4, 8, "0 GB/s"),
        _case("DLRM", "H100"), _case("DLRM", "A100", "sgd", 1, 8, 50),
    ]


BAD_OPTIMIZERS = ("lion", "none", "", "adagrad", "momentum", "adam8bit", "adam ")


def rejected_cases() -> list[dict]:
    cases = [_case("Llama3_70B", "H100", o, 1) for o in BAD_OPTIMIZERS]
    cases += [
        # writers below 1 or not whole
        _case("Llama3_70B", "H100", "adam", 1, -1), _case("Llama3_70B", "H100", "adam", 1, -3),
        _case("GPT2", "A100", "sgd", 4, 2.5),
        # the interval: negative, NaN, infinite
        _case("Llama3_70B", "H100", "adam", -1), _case("Llama3_70B", "H100", "adam", "-30 min"),
        _case("Llama3_70B", "H100", "adam", "nan"), _case("Llama3_70B", "H100", "adam", "inf"),
        # the filesystem limit: negative, NaN, infinite
        _case("Llama3_70B", "H100", "adam", 1, 1, -5), _case("Llama3_70B", "H100", "adam", 1, 1, "nan"),
        _case("Llama3_70B", "H100", "adam", 1, 1, "inf"),
    ]
    return cases


GROUPS = {"main": main_cases, "adamw": adamw_cases, "stall_tie": stall_tie_cases, "error": error_cases,
          "rejected": rejected_cases}


# ---------------------------------------------------------------- accepted differences

def _is_adamw(c: dict) -> bool:
    return str(c.get("optimizer", "adam")).lower() == "adamw"


def _adamw_state(d) -> bool:
    """Ours counts AdamW at 14 B/param, 0.3.0 at 4: sizes, times and penalties 3.5x, the flag
    set where only our 3.5x longer write passes 60 s."""
    if d.field == "error" or not _is_adamw(d.case):
        return False
    if d.field == "storage_bottleneck":
        if isinstance(d.case.get("filesystem_limit_gbs", 500.0), str):
            return False
        ours_t = exact_write_time(d.case)            # at 14 B/param; 0.3.0's is 4/14 of it
        return d.ours is True and d.ref is False and ours_t * 4 / 14 <= 60 < ours_t
    return close(float(d.ours), float(d.ref) * 14 / 4)


def exact_write_time(c: dict) -> Fraction:
    """The write time in exact decimal arithmetic of the case's inputs (the user's 0.1 is 1/10)."""
    bpp = BYTES_PER_PARAM[str(c.get("optimizer", "adam")).lower()]
    size = Fraction(model_entry(c["model"])["parameters"]) * bpp
    rate = Fraction(str(storage_bps(c["hardware"]))) * c.get("n_writers", 1)
    limit = Fraction(str(c.get("filesystem_limit_gbs", 500.0))) * 10**9
    return size / min(rate, limit)


def _stall_tie(d) -> bool:
    """Exactly 60 s: ours is not a stall (> 60 s), 0.3.0's unit round-off (60.00000000000001 s)
    makes it one."""
    return (d.field == "storage_bottleneck" and d.ours is False and d.ref is True
            and not isinstance(d.case.get("filesystem_limit_gbs", 500.0), str)
            and str(d.case.get("optimizer", "adam")).lower() in BYTES_PER_PARAM
            and exact_write_time(d.case) == 60)


def _bad_optimizer(c: dict) -> bool:
    return str(c.get("optimizer", "adam")).lower() not in BYTES_PER_PARAM


# the units quantity text may use, in the inputs' own (hours, GB/s): amount() reads a case with them
HOURS = {"s": 1 / 3600, "min": 1 / 60, "h": 1.0, "day": 24.0}
GBS = {"GB/s": 1.0, "MB/s": 1e-3, "TB/s": 1e3, "Gbps": 1 / 8, "GiB/s": 2**30 / 1e9}


def _out_of_range(c: dict) -> bool:
    n = c.get("n_writers", 1)
    interval = amount(c.get("checkpoint_interval_hours", 4.0), HOURS)
    fs = amount(c.get("filesystem_limit_gbs", 500.0), GBS)
    return (n != int(n) or n < 0 or not math.isfinite(interval) or interval < 0
            or not math.isfinite(fs) or fs < 0)


KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    KnownDifference(
        id="adamw-checkpoint-state",
        fields=("checkpoint_size_bytes", "write_time_s", "mfu_penalty", "storage_bottleneck"),
        status="deliberate",
        reason="optimizer 'adamw' (any case): 0.3.0 gives 14 B/param to 'adam' only and 4 B/param "
               "(its SGD figure) to every other name, so Llama3_70B on an H100 with AdamW is a "
               "282.4 GB checkpoint written in 40.34 s, no stall, penalty 0.0112 at 1 h; AdamW "
               "keeps the same FP32 master weights and two moments as Adam, and ours says 988.4 GB, "
               "141.2 s, a stall, 0.0392: sizes, write times and penalties 3.5x 0.3.0's.",
        matches=_adamw_state,
    ),
    KnownDifference(
        id="stall-threshold-exact",
        fields=("storage_bottleneck",),
        status="deliberate",
        reason="a write of exactly one minute, the filesystem limit binding (GPT2, sgd: 6 GB at "
               "0.1 GB/s; PaLM_540B, sgd: 2160 GB at 36 GB/s; Llama3_405B, adam: 5670 GB at "
               "94.5 GB/s): 0.3.0's pint conversion of GB / (GB/s) to seconds leaves "
               "60.00000000000001 s and it flags a storage bottleneck (> 60 s); ours divides bytes "
               "by bytes/s, gets 60.0 s, and a minute is not over a minute: no bottleneck. The "
               "write times agree to 2e-16.",
        matches=_stall_tie,
    ),
    rejected_difference(
        "checkpoint-optimizer-names",
        "an optimizer other than adam, adamw or sgd ('lion', 'none', '', 'adagrad'): 0.3.0 silently "
        "prices it as SGD at 4 B/param (Llama3_70B: 282.4 GB, 40.34 s on an H100); ours rejects it "
        "(ValueError listing adam, adamw, sgd; CLI exit 1). Lion keeps one moment (10 B/param "
        "with FP16 weights), plain inference none: 4 B is right for neither.",
        _bad_optimizer),
    rejected_difference(
        "checkpoint-range-checks",
        "n_writers < 0 or not whole, a negative, NaN or infinite checkpoint_interval_hours, a "
        "negative, NaN or infinite filesystem_limit_gbs: 0.3.0 answers. Llama3_70B, H100, 1 h, "
        "-1 writers: write time -141.2 s and penalty -0.0392; 2.5 writers: 2.5 x the rate; "
        "interval -1 h or NaN: penalty 1.0 (the zero-interval branch); interval inf: penalty 0.0; "
        "filesystem -5 GB/s: write time -197.68 s; NaN: min() keeps 7 GB/s; inf: no cap. We reject "
        "them (ValueError, CLI exit 1). n_writers = 0 and a limit of 0 raise ZeroDivisionError "
        "there (error_cases()).",
        _out_of_range),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    assert {c["model"] for c in a} == set(param_model_keys()) and len(param_model_keys()) >= 41
    assert {c["hardware"] for c in a} == set(hardware_keys()) and len(hardware_keys()) >= 52
    assert {str(c.get("optimizer", "adam")).lower() for c in a} == {"adam", "sgd"}
    assert any("optimizer" not in c for c in a) and any("n_writers" not in c for c in a)
    assert {storage_bps(h) for h in hardware_keys()} == {1e9, 4e9, 7e9}


check_main_cases_all_solve_on_both_sides = solves_on_both_sides(exactly=True)
check_error_cases_raise_on_both_sides = raises_on_both_sides()
check_rejected_are_documented = rejected_and_documented("checkpoint-optimizer-names", "checkpoint-range-checks")


def check_adamw_is_adam(run):
    """Ours: AdamW exactly as Adam; 0.3.0: as SGD. Every such case is explained by the entry."""
    import mlsysim
    explained = run.explained("adamw-checkpoint-state")
    for i, c, o, r in run.outcomes("adamw"):
        adam = mlsysim._core.solve(SOLVER, {**c, "optimizer": "adam"}).to_record()
        sgd = mlsysim._core.solve(SOLVER, {**c, "optimizer": "sgd"}).to_record()
        assert o.record == adam, c
        for k, v in r.record.items():
            assert v == sgd[k] if isinstance(v, bool) else close(v, sgd[k]), (c, k)
        if c.get("checkpoint_interval_hours") != 0:
            assert i in explained, c
    assert_confined(run, "adamw-checkpoint-state", "adamw")
    flips = [d for d in run.by_id["adamw-checkpoint-state"] if d.field == "storage_bottleneck"]
    assert flips, "no AdamW case crosses the 60 s stall threshold"


def check_golden_t06_05(run):
    """T06-05: Llama3_70B (70.6e9 parameters) on an H100, adam, 1 h: 988.4 GB, 141.2 s at the
    H100's 7 GB/s, 3.92 % of the hour, a storage bottleneck."""
    c, o, r = run.records()[0]
    assert c == _case("Llama3_70B", "H100", "adam", 1.0)
    for rec in (o, r):
        assert close(rec["checkpoint_size_bytes"], 988.4e9, 1e-15)
        assert close(rec["write_time_s"], 141.2, 1e-15)
        assert close(rec["mfu_penalty"], 141.2 / 3600, 1e-15) and round(rec["mfu_penalty"] * 100, 2) == 3.92
        assert rec["storage_bottleneck"] is True
        assert rec["max_bandwidth_required_bytes_per_s"] == 7e9
    (line,) = o["constraint_trace"]
    assert trace_line_close(line, "Checkpoint: 988.4 GB at 7.0 GB/s takes 141.2 s, over a minute: the job stalls "
                                  "on storage.")[0], line


def check_formulas_on_every_case(run):
    """size = P x bytes/param; time = size / min(rate x writers, limit); penalty = time / interval
    (1.0 at interval 0); a stall above 60 s; our trace names the fall-back rate when it is used."""
    for c, o, r in run.records():
        bpp = BYTES_PER_PARAM[str(c.get("optimizer", "adam")).lower()]
        size = model_entry(c["model"])["parameters"] * bpp
        rate = storage_bps(c["hardware"])
        assert close(r["checkpoint_size_bytes"], size, 1e-15), c
        assert r["max_bandwidth_required_bytes_per_s"] == rate, c
        if amount(c.get("checkpoint_interval_hours", 4.0), HOURS) == 0:
            assert r["mfu_penalty"] == 1.0, c
        assert r["storage_bottleneck"] == (r["write_time_s"] > 60), c
        assert o["constraint_trace"][0].startswith("Storage: the hardware lists no storage bandwidth") == \
            (hardware_entry(c["hardware"]).get("storage") is None), c
        fs = amount(c.get("filesystem_limit_gbs", 500.0), GBS) * 1e9
        eff = min(rate * c.get("n_writers", 1), fs)
        assert close(r["write_time_s"], size / eff, 1e-14), c


def check_cases_reach_every_regime(run):
    solved = run.ref_records()
    assert sum(r["storage_bottleneck"] for _, r in solved) >= 100
    assert sum(not r["storage_bottleneck"] for _, r in solved) >= 100
    assert any(r["mfu_penalty"] == 1.0 for _, r in solved) and any(r["mfu_penalty"] > 1.0 for _, r in solved)
    assert min(r["mfu_penalty"] for _, r in solved) < 1e-9
    # the filesystem binds (write time = size / limit) and the writers bind
    fs_bound = [c for c, r in solved if storage_bps(c["hardware"]) * c.get("n_writers", 1)
                > amount(c.get("filesystem_limit_gbs", 500.0), GBS) * 1e9]
    assert len(fs_bound) >= 100 and len(fs_bound) <= len(solved) - 100


def check_stall_threshold_exactly_one_minute(run):
    """Exactly 60 s is no stall on our side; where 0.3.0 says otherwise its write time is 60 s
    plus round-off, and the entry explains it."""
    explained = run.explained("stall-threshold-exact")
    for i, c, o, r in run.outcomes("stall_tie"):
        assert exact_write_time(c) == 60, c
        assert o.record["write_time_s"] == 60.0 and o.record["storage_bottleneck"] is False, c
        assert close(r.record["write_time_s"], 60.0, 1e-15), c
        assert r.record["storage_bottleneck"] == (r.record["write_time_s"] > 60), c
        assert (i in explained) == r.record["storage_bottleneck"], c
    assert explained, "no tie where 0.3.0's round-off crosses the threshold"
    assert_confined(run, "stall-threshold-exact", "stall_tie")
