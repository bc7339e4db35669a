"""Field-by-field diff of every solver with reference cases against mlsysim 0.3.0.

The reference runs once per session in its own environment (.venv-ref, `make ref-env`) on the
cases of tests/reference/cases/<solver>.py, while ours runs in this process through
`mlsysim._core.solve`. What is compared comes from each solver's description: numbers must agree
to rel 1e-9 (abs 1e-12 only where one side is exactly 0); flags, counts and text exactly; trace
lines exactly with their numbers compared at rel 1e-9; warnings verbatim. Any disagreement must be
explained by an entry of the case module's KNOWN_DIFFERENCES (also written up in
docs/differences.md), or the test fails. Each case module's check_* functions run as tests too.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "reference"))

import harness  # noqa: E402

MODULES = harness.case_modules()
BY_SOLVER = {m.SOLVER: m for m in MODULES}
CHECKS = [(m.SOLVER, name) for m in MODULES for name in sorted(vars(m)) if name.startswith("check_")]


@pytest.fixture(scope="session")
def runs():
    """Every solver's cases, once per session: one reference process for all of them."""
    if not harness.REF_PYTHON.exists():
        pytest.skip(f"reference environment missing ({harness.REF_PYTHON}); "
                    "create it with `make ref-env` (pip install mlsysim==0.3.0 into .venv-ref)")
    return harness.run_all(MODULES)


def test_every_solver_with_cases_is_a_solver():
    import mlsysim
    names = {s["name"] for s in mlsysim._core.solver_specs()}
    assert MODULES and set(BY_SOLVER) <= names
    assert len(BY_SOLVER) == len(MODULES), "two case modules for one solver"


@pytest.mark.parametrize("solver", sorted(BY_SOLVER))
def test_reference_diff(runs, solver, capsys):
    run = runs[solver]
    lines = [harness.summary(solver, run.stats)]
    lines += [f"  known difference {k}: {len(v)}" for k, v in run.by_id.items() if v]
    lines += [f"  unexplained: {len(run.unexplained)}"]
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    solved = sum(r.record is not None for r in run.refs)
    assert run.stats.cases >= 100 and run.stats.fields >= solved * len(run.spec["outputs"]) // 2
    shown = "\n".join(str(d) for d in run.unexplained[:40])
    assert not run.unexplained, (
        f"{len(run.unexplained)} disagreements with reference 0.3.0 that no KNOWN_DIFFERENCES entry "
        f"of tests/reference/cases explains (first 40):\n{shown}")


@pytest.mark.parametrize("solver", sorted(BY_SOLVER))
def test_every_field_present(runs, solver):
    """Our record has every field of the description, and the reference's has the same keys."""
    run = runs[solver]
    keys = [o["key"] for o in run.spec["outputs"]]
    for c, o, r in zip(run.cases, run.ours, run.refs):
        if o.record is not None:
            assert list(o.record) == keys, c
        if r.record is not None and o.record is not None:
            assert set(r.record) == {o["key"] for o in run.spec["outputs"]
                                     if not o["extra"] or o["key"] == "warnings"}, c


@pytest.mark.parametrize("solver,check", CHECKS, ids=[f"{s}.{c}" for s, c in CHECKS])
def test_solver_check(runs, solver, check):
    getattr(BY_SOLVER[solver], check)(runs[solver])


REPORTED = [(m.SOLVER, k) for m in MODULES for k in m.KNOWN_DIFFERENCES if k.status == "reported"]


@pytest.mark.parametrize("solver,entry", REPORTED, ids=[f"{s}.{k.id}" for s, k in REPORTED])
@pytest.mark.xfail(strict=True, reason="reported to the lead; remove the entry once our output matches")
def test_reported_difference_fixed(runs, solver, entry):
    assert not runs[solver].by_id[entry.id], f"{len(runs[solver].by_id[entry.id])} cases still differ"


def test_known_differences_are_documented():
    doc = (ROOT / "docs" / "differences.md").read_text(encoding="utf-8")
    for m in MODULES:
        for k in m.KNOWN_DIFFERENCES:
            assert f"`{k.id}`" in doc, f"known difference {k.id} ({m.SOLVER}) is not in docs/differences.md"
            assert k.status in ("deliberate", "reported") and k.reason


# ------------------------------------------------------------------ the comparator itself

SPEC = {"name": "X", "outputs": [
    {"key": "latency_s", "attr": "latency", "kind": "number", "extra": False},
    {"key": "mfu", "attr": "mfu", "kind": "number", "extra": False},
    {"key": "offload_spill_bytes", "attr": "offload_spill_bytes", "kind": "number", "extra": False},
    {"key": "bottleneck", "attr": "bottleneck", "kind": "text", "extra": False},
    {"key": "feasible", "attr": "feasible", "kind": "bool", "extra": False},
    {"key": "parallelism", "attr": "parallelism", "kind": "map", "extra": False},
    {"key": "node", "attr": "node", "kind": "result", "extra": False,
     "outputs": [{"key": "latency_s", "attr": "latency", "kind": "number", "extra": False}]},
    {"key": "candidates", "attr": "candidates", "kind": "result_list", "extra": False,
     "outputs": [{"key": "tp", "attr": "tp", "kind": "integer", "extra": False}]},
    {"key": "constraint_trace", "attr": "constraint_trace", "kind": "text_list", "extra": False},
    {"key": "warnings", "attr": "warnings", "kind": "text_list", "extra": True},
    {"key": "ours_only", "attr": "ours_only", "kind": "number", "extra": True},
]}
TRACE = "Memory Wall: Passed. Required {} GB <= Available 85.9 GB on NVIDIA H100."


def _record(**kw) -> dict:
    r = {"latency_s": 1.0, "mfu": 1.0, "offload_spill_bytes": None, "bottleneck": "memory", "feasible": True,
         "parallelism": {"tp": 8, "pp": 2}, "node": {"latency_s": 0.5}, "candidates": [{"tp": 8}, {"tp": 4}],
         "constraint_trace": [TRACE.format("16.06")], "warnings": []}
    r.update(kw)
    return r


def _diffs(ours: dict, ref: dict) -> list:
    st = harness.Stats()
    harness.compare_case("X", SPEC, 0, {"model": "m"}, harness.Outcome(record={**ours, "ours_only": 3.0}),
                         harness.Outcome(record=ref), st)
    return st.diffs


@pytest.mark.parametrize("ours,ref,n", [
    (_record(), _record(), 0),
    (_record(latency_s=1.0 + 0.9e-9), _record(), 0),       # inside rel 1e-9
    (_record(latency_s=1.0 + 1.1e-9), _record(), 1),       # outside
    (_record(mfu=1e-20), _record(mfu=1.1e-20), 1),         # tiny but nonzero: still relative
    (_record(mfu=0.0), _record(mfu=1e-13), 0),             # exactly zero on one side: abs 1e-12
    (_record(mfu=0.0), _record(mfu=2e-12), 1),
    (_record(offload_spill_bytes=0.0), _record(), 1),      # None vs a number
    (_record(bottleneck="compute"), _record(), 1),
    (_record(feasible=False), _record(), 1),
    (_record(latency_s="nan"), _record(latency_s="nan"), 0),
    (_record(latency_s=1.0), _record(latency_s="nan"), 1),
    (_record(parallelism={"tp": 8, "pp": 4}), _record(), 1),
    (_record(parallelism={"tp": 8}), _record(), 1),
    (_record(node={"latency_s": 0.6}), _record(), 1),      # nested results are compared
    (_record(candidates=[{"tp": 8}, {"tp": 2}]), _record(), 1),
    (_record(candidates=[{"tp": 8}]), _record(), 1),
    (_record(constraint_trace=[TRACE.format("16.060000000001")]), _record(), 0),
    (_record(constraint_trace=[TRACE.format("16.07")]), _record(), 1),
    (_record(constraint_trace=[TRACE.format("16.06").replace("Passed", "FAILED")]), _record(), 1),
    (_record(constraint_trace=[]), _record(), 1),
    (_record(warnings=["w"]), _record(), 1),
])
def test_comparator(ours, ref, n):
    assert len(_diffs(ours, ref)) == n


def test_comparator_error_ness():
    def diffs(ours, ref):
        st = harness.Stats()
        harness.compare_case("X", SPEC, 0, {}, ours, ref, st)
        return st.diffs
    oom, bad = harness.Outcome(error="oom", message="OOMError: x"), harness.Outcome(error="input", message="x")
    assert len(diffs(bad, oom)) == 1  # OOMError must be ours OOMError too
    assert not diffs(harness.Outcome(error="oom"), oom)
    assert not diffs(harness.Outcome(error="input"), bad)
    assert [d.field for d in diffs(bad, harness.Outcome(record=_record()))] == ["error"]
    assert [d.field for d in diffs(harness.Outcome(record=_record()), bad)] == ["error"]


def test_unexplained_differences_are_not_absorbed():
    module = BY_SOLVER["SingleNodeModel"]
    d = harness.Diff("SingleNodeModel", 0, {}, "constraint_trace", TRACE.format("5e-05"), TRACE.format("4e-05"))
    assert harness.classify([d], module.KNOWN_DIFFERENCES)[1] == [d]
    w = harness.Diff("SingleNodeModel", 0, {}, "warnings", [], ["Precision 'int4' not in X"])
    assert harness.classify([w], module.KNOWN_DIFFERENCES)[1] == [w]
