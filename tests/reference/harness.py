"""The differential test's machinery, for every solver: run our engine in-process and the
reference mlsysim 0.3.0 in its own environment on the same cases, and compare every result field.

Nothing here names a solver. What to compare comes from each solver's description
(``mlsysim._core.solver_specs()``, the data ``mlsysim solve --describe NAME --output json``
prints): the SI keys, the reference's attribute names and units, nested results. The cases come
from ``tests/reference/cases/<name>.py``, one module per solver, each with:

* ``SOLVER``: the solver's name; ``GROUPS``: {group name: function returning its cases}, in the
  order the cases are numbered. A case is a dict of the solver's keyword inputs (registry keys for
  models, hardware, ...); keys starting with ``_`` are instructions to the harness, not inputs.
* ``KNOWN_DIFFERENCES``: the accepted disagreements (:class:`KnownDifference`), each also written
  up in docs/differences.md.
* optionally ``reference_context(case)`` (a context manager the reference solve runs in, e.g. a
  patch) and ``fix_reference(record, case)`` (normalise the reference's record in place, e.g.
  "Compute" -> "compute"); both run in the reference's process.
* optionally ``check_*(run)`` functions: solver-specific assertions on the finished run
  (:class:`SolverRun`), collected by tests/python/test_reference_diff.py.

What the modules share (registry keys, value helpers, known-difference builders, standard checks)
lives beside them in ``cases/_*.py``; ``print_cases.py`` prints a module's cases as JSON.

Also runnable by hand: ``.venv/bin/python tests/reference/harness.py [SOLVER ...]`` prints the
summary and every unexplained disagreement.
"""
from __future__ import annotations

import importlib
import json
import math
import os
import re
import subprocess
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
REF_PYTHON = Path(os.environ.get("MLSYSIM_REF_PYTHON", ROOT / ".venv-ref" / "bin" / "python"))

REL_TOL = 1e-9
ABS_TOL = 1e-12  # only when one side is exactly zero

_NUM_RE = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


# ---------------------------------------------------------------- case modules

@dataclass(frozen=True)
class KnownDifference:
    id: str
    fields: tuple[str, ...]   # result keys (dotted for nested) or "error"
    status: str               # "deliberate" | "reported"
    reason: str
    matches: Callable         # (diff) -> bool


def case_modules() -> list:
    """Every module of tests/reference/cases/, in file-name order."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    names = sorted(p.stem for p in (HERE / "cases").glob("*.py") if not p.stem.startswith("_"))
    return [importlib.import_module(f"cases.{n}") for n in names]


def case_groups(module) -> dict[str, list[dict]]:
    """A case module's cases, {group name: [case, ...]}, built from its ``GROUPS``."""
    return {name: make() for name, make in module.GROUPS.items()}


def inputs_of(case: dict) -> dict:
    return {k: v for k, v in case.items() if not k.startswith("_")}


def jsonable(value):
    """A case value the reference process can read: floats JSON lacks travel as strings."""
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return value


# ---------------------------------------------------------------- our side, in-process

@dataclass
class Outcome:
    """One side's answer to a case: a record, or an error kind and message."""
    record: dict | None = None
    error: str | None = None      # "oom" | "input" (ValueError/TypeError) | "crash"
    message: str = ""


def our_inputs(spec: dict, case: dict) -> dict:
    """The case as Python values: "nan"/"inf" strings (kept JSON-safe) become floats."""
    numeric = {p["name"] for p in spec["inputs"] if p["kind"] in ("number", "quantity")}
    return {k: float(v) if k in numeric and v in ("nan", "inf", "-inf") else v
            for k, v in inputs_of(case).items()}


def run_ours(spec: dict, cases: list[dict]) -> list[Outcome]:
    import mlsysim

    out = []
    for case in cases:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                result = mlsysim._core.solve(spec["name"], our_inputs(spec, case))
            except mlsysim.OOMError as e:
                out.append(Outcome(error="oom", message=str(e)))
                continue
            except (ValueError, TypeError) as e:
                out.append(Outcome(error="input", message=f"{type(e).__name__}: {e}"))
                continue
            except Exception as e:  # noqa: BLE001 - anything else is a defect, reported as such
                out.append(Outcome(error="crash", message=f"{type(e).__name__}: {e}"))
                continue
        out.append(Outcome(record=result.to_record()))
    return out


# ---------------------------------------------------------------- the reference, in its own process

def start_reference(jobs: list[dict]) -> subprocess.Popen:
    """Start dump_reference.py on ``jobs`` ([{solver, module, spec, cases}]); finish with
    :func:`finish_reference`. Importing the reference takes seconds, so one process does all."""
    p = subprocess.Popen([str(REF_PYTHON), str(HERE / "dump_reference.py")], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    payload = [{**job, "cases": [{k: jsonable(v) for k, v in c.items()} for c in job["cases"]]}
               for job in jobs]
    p.stdin.write(json.dumps(payload, allow_nan=False))
    p.stdin.close()
    return p


def finish_reference(p: subprocess.Popen) -> list[list[Outcome]]:
    out, err = p.stdout.read(), p.stderr.read()
    if p.wait() != 0:
        raise RuntimeError(f"reference dump failed (exit {p.returncode}):\n{err[-4000:]}")
    return [[Outcome(**o) for o in job] for job in json.loads(out)]


# ---------------------------------------------------------------- comparison

@dataclass
class Diff:
    solver: str
    index: int
    case: dict
    field: str
    ours: object
    ref: object
    detail: str = ""

    def __str__(self) -> str:
        c = " ".join(f"{k}={v}" for k, v in self.case.items())
        return (f"[{self.solver} {self.index}] {c}\n    {self.field}: ours={self.ours!r} "
                f"ref={self.ref!r} {self.detail}")


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


def num_close(o, r) -> tuple[bool, float]:
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


def trace_line_close(a: str, b: str) -> tuple[bool, float]:
    """Same text once numbers are masked, and each number within REL_TOL; (ok, max rel)."""
    (sa, na), (sb, nb) = split_numbers(a), split_numbers(b)
    if sa != sb or len(na) != len(nb):
        return False, 0.0
    worst = 0.0
    for x, y in zip(na, nb):
        close, rel = num_close(x, y)
        if not close:
            return False, rel
        worst = max(worst, rel)
    return True, worst


class Comparison:
    """Compares one case's records field by field, as the description says."""

    def __init__(self, solver: str, index: int, case: dict, stats: Stats):
        self.solver, self.index, self.case, self.stats = solver, index, case, stats

    def diff(self, path, ours, ref, detail=""):
        self.stats.diffs.append(Diff(self.solver, self.index, self.case, path, ours, ref, detail))

    def note_rel(self, rel, path):
        if rel > self.stats.max_rel:
            self.stats.max_rel, self.stats.max_rel_where = rel, f"{self.solver} case {self.index} {path}"

    def record(self, outputs: list[dict], ours: dict, ref: dict, prefix: str = "") -> None:
        for out in outputs:
            key, path = out["key"], prefix + out["key"]
            if out["extra"] and key != "warnings":
                continue  # ours only: the reference has nothing to compare with
            # "warnings" is ours only as an attribute: the reference emits them, and its
            # dump records the messages it caught under that key.
            self.value(out, ours.get(key), ref.get(key), path)

    def value(self, out: dict, o, r, path: str) -> None:
        self.stats.fields += 1
        kind = out["kind"]
        if o is None or r is None:
            if (o is None) != (r is None):
                self.diff(path, o, r)
            return
        if kind == "number":
            ok, rel = num_close(o, r)
            if ok:
                self.note_rel(rel, path)
            else:
                self.diff(path, o, r, f"(rel {rel:.3g})")
        elif kind == "text_list":
            if len(o) != len(r):
                self.diff(path, o, r)
                return
            for a, b in zip(o, r):
                ok, rel = trace_line_close(a, b) if out["key"] != "warnings" else (a == b, 0.0)
                if not ok:
                    self.diff(path, a, b)
                else:
                    self.note_rel(rel, path)
        elif kind == "map":
            if set(o) != set(r):
                self.diff(path, sorted(o), sorted(r), "(keys)")
                return
            for k in o:
                a, b = o[k], r[k]
                if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
                    ok, rel = num_close(a, b)
                    if not ok:
                        self.diff(f"{path}.{k}", a, b, f"(rel {rel:.3g})")
                elif a != b:
                    self.diff(f"{path}.{k}", a, b)
        elif kind == "result":
            self.record(out["outputs"], o, r, path + ".")
        elif kind == "result_list":
            if len(o) != len(r):
                self.diff(path, f"{len(o)} items", f"{len(r)} items")
                return
            for i, (a, b) in enumerate(zip(o, r)):
                self.record(out["outputs"], a, b, f"{path}.{i}.")
        elif o != r:
            self.diff(path, o, r)


def compare_case(solver: str, spec: dict, i: int, case: dict, ours: Outcome, ref: Outcome,
                 stats: Stats) -> None:
    stats.cases += 1
    cmp = Comparison(solver, i, inputs_of(case), stats)
    if ref.error:
        stats.error_cases += 1
        want = "oom" if ref.error == "oom" else "input"
        if ours.error != want:
            cmp.diff("error", ours.error or "no error", ref.message, f"(expected {want})")
        return
    if ours.error:
        cmp.diff("error", f"{ours.error}: {ours.message}", "no error")
        return
    o, r = ours.record, ref.record
    wanted = {out["key"] for out in spec["outputs"] if not out["extra"] or out["key"] == "warnings"}
    if set(r) != wanted:
        cmp.diff("keys", sorted(wanted - set(r)), sorted(set(r) - wanted), "(missing in ref / unexpected)")
    cmp.record(spec["outputs"], o, r)


def classify(diffs: list[Diff], known: tuple[KnownDifference, ...]) -> tuple[dict[str, list], list]:
    """Split diffs into {entry id: [diffs]} and the list that no entry explains."""
    by_id: dict[str, list] = {k.id: [] for k in known}
    unexplained = []
    for d in diffs:
        for k in known:
            if (d.field in k.fields or d.field.split(".")[0] in k.fields) and k.matches(d):
                by_id[k.id].append(d)
                break
        else:
            unexplained.append(d)
    return by_id, unexplained


def summary(solver: str, stats: Stats) -> str:
    return (f"{solver}: {stats.cases} cases ({stats.error_cases} where the reference raises), "
            f"{stats.fields} fields compared, max rel error {stats.max_rel:.3g}"
            f"{' at ' + stats.max_rel_where if stats.max_rel_where else ''}, "
            f"{len(stats.diffs)} disagreements")


# ---------------------------------------------------------------- one run of everything

class SolverRun:
    """One solver's cases, both sides' outcomes and the comparison."""

    def __init__(self, module, spec: dict, groups: dict[str, list[dict]], ours, refs):
        self.module, self.spec, self.solver = module, spec, module.SOLVER
        self.cases = [c for g in groups.values() for c in g]
        self.slices, start = {}, 0
        for name, cs in groups.items():
            self.slices[name] = slice(start, start + len(cs))
            start += len(cs)
        self.ours, self.refs = ours, refs
        self.stats = Stats()
        for i, (c, o, r) in enumerate(zip(self.cases, ours, refs)):
            compare_case(self.solver, spec, i, c, o, r, self.stats)
        self.by_id, self.unexplained = classify(self.stats.diffs, module.KNOWN_DIFFERENCES)

    def group(self, name):
        """(cases, ours, refs, first index) of one group."""
        sl = self.slices[name]
        return self.cases[sl], self.ours[sl], self.refs[sl], sl.start

    def indices(self, name) -> range:
        """The case indices of one group (what a Diff's ``index`` counts)."""
        sl = self.slices[name]
        return range(sl.start, sl.stop)

    def outcomes(self, name):
        """(index, case, ours, ref) for each case of one group."""
        sl = self.slices[name]
        return list(zip(self.indices(name), self.cases[sl], self.ours[sl], self.refs[sl]))

    def records(self, name="main"):
        """(case, our record, reference record) of the group's cases both sides solved."""
        return [(c, o.record, r.record) for _, c, o, r in self.outcomes(name)
                if o.record is not None and r.record is not None]

    def ref_records(self, name="main"):
        """(case, reference record) of the group's cases the reference solved."""
        return [(c, r.record) for _, c, _, r in self.outcomes(name) if r.record is not None]

    def explained(self, *ids) -> set[int]:
        """The indices of the cases these known differences explain."""
        return {d.index for k in ids for d in self.by_id[k]}

    def diffs_in(self, name) -> list[Diff]:
        """Every disagreement, explained or not, among one group's cases."""
        where = self.indices(name)
        return [d for d in self.stats.diffs if d.index in where]


def run_all(modules=None) -> dict[str, SolverRun]:
    """Every case module (or the given ones): the reference in one background process while
    ours runs in this one."""
    import mlsysim

    modules = modules or case_modules()
    specs = {s["name"]: s for s in mlsysim._core.solver_specs()}
    jobs, groups = [], {}
    for m in modules:
        groups[m.SOLVER] = case_groups(m)
        jobs.append({"solver": m.SOLVER, "module": m.__name__, "spec": specs[m.SOLVER],
                     "cases": [c for g in groups[m.SOLVER].values() for c in g]})
    ref_proc = start_reference(jobs)
    ours = {job["solver"]: run_ours(job["spec"], job["cases"]) for job in jobs}
    refs = finish_reference(ref_proc)
    return {m.SOLVER: SolverRun(m, specs[m.SOLVER], groups[m.SOLVER], ours[m.SOLVER], ref)
            for m, ref in zip(modules, refs)}


if __name__ == "__main__":
    wanted = set(sys.argv[1:])
    mods = [m for m in case_modules() if not wanted or m.SOLVER in wanted]
    for name, run in run_all(mods).items():
        print(summary(name, run.stats))
        for k, v in run.by_id.items():
            print(f"  known difference {k}: {len(v)}")
        print(f"  unexplained: {len(run.unexplained)}")
        for d in run.unexplained:
            print(d)
