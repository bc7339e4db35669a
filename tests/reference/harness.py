"""Run our CLI and the reference on the same SingleNodeModel cases and compare the results.

Used by tests/python/test_reference_diff.py; also runnable by hand:
``python3 tests/reference/harness.py`` prints the summary and every disagreement.
"""
from __future__ import annotations

import concurrent.futures as cf
import json
import math
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
REF_PYTHON = Path(os.environ.get("MLSYSIM_REF_PYTHON", ROOT / ".venv-ref" / "bin" / "python"))
CLI = Path(os.environ.get("MLSYSIM_CLI", ROOT / "build" / "mlsysim"))

REL_TOL = 1e-9
ABS_TOL = 1e-12  # only when one side is exactly zero

NUMERIC_FIELDS = (
    "latency_s", "latency_compute_s", "latency_memory_s", "latency_overhead_s",
    "throughput_per_s", "arithmetic_intensity_flop_per_byte", "energy_j",
    "memory_footprint_bytes", "peak_flops_actual_flop_per_s", "peak_bw_actual_bytes_per_s",
    "mfu", "hfu", "offload_spill_bytes", "offload_effective_bw_bytes_per_s",
)
EXACT_FIELDS = ("bottleneck", "feasible", "overhead_dominated")
ALL_FIELDS = NUMERIC_FIELDS + EXACT_FIELDS + ("constraint_trace", "warnings")

_NUM_RE = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


# ---------------------------------------------------------------- running both sides

HARNESS_ONLY_KEYS = frozenset({"with_fp4"})  # instructions to dump_reference.py, not inputs


def cli_args(case: dict) -> list[str]:
    args = [str(CLI), "solve", "SingleNodeModel"]
    for k, v in case.items():
        if k in HARNESS_ONLY_KEYS:
            continue
        if isinstance(v, bool):
            v = "true" if v else "false"
        elif isinstance(v, float):
            v = repr(v)
        args.append(f"{k}={v}")
    return args + ["--output", "json"]


@dataclass
class OurResult:
    rc: int
    out: dict | None
    stderr: str


def run_ours_one(case: dict) -> OurResult:
    p = subprocess.run(cli_args(case), capture_output=True, text=True, timeout=60)
    out = None
    if p.returncode == 0:
        out = json.loads(p.stdout)
    return OurResult(p.returncode, out, p.stderr)


def run_ours(cases: list[dict], workers: int | None = None) -> list[OurResult]:
    workers = workers or max(2, os.cpu_count() or 2)
    with cf.ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run_ours_one, cases, chunksize=16))


def start_reference(cases: list[dict], *flags: str) -> subprocess.Popen:
    """Start the reference dump in the background; finish with ``finish_reference``."""
    p = subprocess.Popen([str(REF_PYTHON), str(HERE / "dump_reference.py"), *flags],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    p.stdin.write(json.dumps(cases, allow_nan=False))
    p.stdin.close()
    return p


def finish_reference(p: subprocess.Popen) -> list[dict]:
    out = p.stdout.read()
    err = p.stderr.read()
    if p.wait() != 0:
        raise RuntimeError(f"reference dump failed (exit {p.returncode}):\n{err[-4000:]}")
    return json.loads(out)


def run_both(cases: list[dict], *flags: str) -> tuple[list[dict], list[OurResult]]:
    """Reference and ours side by side: one reference process (importing mlsysim alone takes
    seconds, so it is not sharded) and our CLI in a thread pool at the same time."""
    ref_proc = start_reference(cases, *flags)
    ours = run_ours(cases)
    return finish_reference(ref_proc), ours


# ---------------------------------------------------------------- comparison

@dataclass
class Diff:
    index: int
    case: dict
    field: str
    ours: object
    ref: object
    detail: str = ""

    def __str__(self) -> str:
        c = " ".join(f"{k}={v}" for k, v in self.case.items())
        return (f"[{self.index}] {c}\n    {self.field}: ours={self.ours!r} ref={self.ref!r} "
                f"{self.detail}")


@dataclass
class Stats:
    cases: int = 0
    error_cases: int = 0
    fields: int = 0
    max_rel: float = 0.0
    max_rel_where: str = ""
    diffs: list[Diff] = field(default_factory=list)


def _to_float(v) -> float:
    return float(v)  # also takes the dump's "nan" / "inf" / "-inf" strings


def _num_close(o, r) -> tuple[bool, float]:
    """(close?, relative error) at REL_TOL; ABS_TOL applies only when a side is exactly 0."""
    o, r = _to_float(o), _to_float(r)
    if math.isnan(o) or math.isnan(r):
        return math.isnan(o) and math.isnan(r), 0.0
    if o == r:
        return True, 0.0
    if o == 0.0 or r == 0.0:
        return abs(o - r) <= ABS_TOL, 0.0
    if math.isinf(o) or math.isinf(r):
        return False, math.inf
    rel = abs(o - r) / max(abs(o), abs(r))
    return rel <= REL_TOL, rel


def split_numbers(text: str) -> tuple[str, list[float]]:
    """'Required 0.05 GB <= 85.9 GB' -> ('Required # GB <= # GB', [0.05, 85.9])."""
    nums = [float(m) for m in _NUM_RE.findall(text)]
    return _NUM_RE.sub("#", text), nums


def compare_case(i: int, case: dict, ours: OurResult, ref: dict, stats: Stats) -> None:
    stats.cases += 1
    if "error" in ref:
        stats.error_cases += 1
        want_rc = 2 if ref["error"].startswith("OOMError") else 1
        if ours.rc != want_rc:
            stats.diffs.append(Diff(i, case, "error", f"exit {ours.rc}", ref["error"],
                                    f"(expected exit {want_rc})"))
        return
    if ours.rc != 0 or ours.out is None:
        stats.diffs.append(Diff(i, case, "error", f"exit {ours.rc}: {ours.stderr.strip()}",
                                "no error"))
        return
    o = ours.out
    keys_o = set(o) - {"solver"}
    if keys_o != set(ref):
        stats.diffs.append(Diff(i, case, "keys", sorted(keys_o - set(ref)),
                                sorted(set(ref) - keys_o), "(extra ours / extra ref)"))
    for f in NUMERIC_FIELDS:
        stats.fields += 1
        ov, rv = o.get(f), ref.get(f)
        if ov is None or rv is None:
            if (ov is None) != (rv is None):
                stats.diffs.append(Diff(i, case, f, ov, rv))
            continue
        ok, rel = _num_close(ov, rv)
        if rel > stats.max_rel and ok:
            stats.max_rel, stats.max_rel_where = rel, f"case {i} {f}"
        if not ok:
            stats.diffs.append(Diff(i, case, f, ov, rv, f"(rel {rel:.3g})"))
    for f in EXACT_FIELDS:
        stats.fields += 1
        if o.get(f) != ref.get(f):
            stats.diffs.append(Diff(i, case, f, o.get(f), ref.get(f)))
    # constraint_trace: same text with the numbers compared at REL_TOL
    stats.fields += 1
    ot, rt = o.get("constraint_trace"), ref.get("constraint_trace")
    if (ot is None) != (rt is None) or len(ot or []) != len(rt or []):
        stats.diffs.append(Diff(i, case, "constraint_trace", ot, rt))
    else:
        for a, b in zip(ot or [], rt or []):
            ok, rel = trace_line_close(a, b)
            if ok and rel > stats.max_rel:
                stats.max_rel, stats.max_rel_where = rel, f"case {i} constraint_trace"
            if not ok:
                stats.diffs.append(Diff(i, case, "constraint_trace", a, b))
    # warnings: the same messages, verbatim
    stats.fields += 1
    if (o.get("warnings") or []) != (ref.get("warnings") or []):
        stats.diffs.append(Diff(i, case, "warnings", o.get("warnings"), ref.get("warnings")))


def trace_line_close(a: str, b: str) -> tuple[bool, float]:
    """Same text once numbers are masked, and each number within REL_TOL; (ok, max rel)."""
    (sa, na), (sb, nb) = split_numbers(a), split_numbers(b)
    if sa != sb or len(na) != len(nb):
        return False, 0.0
    worst = 0.0
    for x, y in zip(na, nb):
        close, rel = _num_close(x, y)
        if not close:
            return False, rel
        worst = max(worst, rel)
    return True, worst


def compare_trace(a: str, b: str) -> bool:
    return trace_line_close(a, b)[0]


def compare_all(cases, ours, refs) -> Stats:
    assert len(cases) == len(ours) == len(refs)
    stats = Stats()
    for i, (c, o, r) in enumerate(zip(cases, ours, refs)):
        compare_case(i, c, o, r, stats)
    return stats


def summary(stats: Stats) -> str:
    return (f"reference diff: {stats.cases} cases ({stats.error_cases} where the reference "
            f"raises), {stats.fields} fields compared, max rel error {stats.max_rel:.3g}"
            f"{' at ' + stats.max_rel_where if stats.max_rel_where else ''}, "
            f"{len(stats.diffs)} disagreements")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    import cases as cases_mod  # noqa: E402
    import known_differences as kd  # noqa: E402
    cs = cases_mod.all_cases()
    refs, ours = run_both(cs)
    st = compare_all(cs, ours, refs)
    print(summary(st))
    by_id, rest = kd.classify(st.diffs, compare_trace)
    for k, v in by_id.items():
        print(f"  known difference {k}: {len(v)}")
    print(f"  unexplained: {len(rest)}")
    for d in rest:
        print(d)
