"""Checks of a finished run (harness.SolverRun) that every case module makes in the same shape.

A module's standard checks take a line each, saying only what is particular to it:

    check_main_cases_all_solve_on_both_sides = solves_on_both_sides(exactly=True)
    check_error_cases_raise_on_both_sides = raises_on_both_sides()
    check_rejected_are_documented = rejected_and_documented("queue-range-checks")

tests/python/test_reference_diff.py collects a module's ``check_*`` names; nothing here is named
so, so importing from here adds no test. The ``assert_*`` helpers serve the checks a module
writes itself.
"""
from __future__ import annotations

import json

from harness import case_groups


def assert_deterministic(run) -> list[dict]:
    """Every group's cases come out the same on each call and travel as JSON (no NaN floats);
    returns the main cases, for the module's own coverage assertions."""
    groups = case_groups(run.module)
    assert groups == case_groups(run.module)
    json.dumps(groups, allow_nan=False)
    return groups["main"]


def our_record(run, case: dict, group: str = "main") -> dict:
    """Our record of a case named by its inputs (a golden one), where both sides solved it."""
    key = json.dumps(case, sort_keys=True)
    for c, o, _ in reversed(run.records(group)):
        if json.dumps(c, sort_keys=True) == key:
            return o
    raise AssertionError(f"no record of {case} in the {group} group")


def assert_solves(run, group: str = "main") -> None:
    for _, c, o, r in run.outcomes(group):
        assert r.error is None, f"case generator produced an input the reference rejects: {c}: {r.message}"
        assert o.error is None, (c, o.message)


def assert_agrees_exactly(run, group: str = "main", unless: frozenset[int] | set[int] = frozenset()) -> None:
    """Nothing differs among the group's cases, not even what a known difference would explain
    (but the cases of the indices ``unless``)."""
    differing = [d for d in run.diffs_in(group) if d.index not in unless]
    assert not differing, "\n".join(map(str, differing[:10]))


def assert_errors_raise(run, group: str = "error") -> None:
    """The reference raises, and we fail the same way: OOMError for its OOMError, else an input error."""
    for _, c, o, r in run.outcomes(group):
        assert r.error, f"case list is stale: the reference accepts {c}"
        assert o.error == ("oom" if r.error == "oom" else "input"), (c, r.message, o.error, o.message)


def assert_rejected(run, ids: tuple[str, ...], group: str = "rejected") -> None:
    """The reference answers, we reject with an input error, and a known-difference entry says so."""
    documented = run.explained(*ids)
    for i, c, o, r in run.outcomes(group):
        assert r.error is None, f"case list is stale: the reference now rejects {c}: {r.message}"
        assert o.error == "input", (c, o.error, o.message)
        assert i in documented, c


def assert_accepted(run, ids: tuple[str, ...], group: str) -> None:
    """The reference raises, we answer, and a known-difference entry says so."""
    documented = run.explained(*ids)
    for i, c, o, r in run.outcomes(group):
        assert r.error and o.error is None and i in documented, (c, r.message, o.message)


def assert_confined(run, known_id: str, group: str) -> None:
    """The known difference explains cases of this group and no other."""
    where = run.indices(group)
    stray = [d for d in run.by_id[known_id] if d.index not in where]
    assert not stray, "\n".join(map(str, stray[:10]))


# ---------------------------------------------------------------- the standard checks

def solves_on_both_sides(*groups: str, exactly: bool = False):
    """Every case of the groups (default: main) solves on both sides; ``exactly``: and nothing in
    them differs, known difference or not."""
    groups = groups or ("main",)

    def check(run):
        for g in groups:
            assert_solves(run, g)
            if exactly:
                assert_agrees_exactly(run, g)
    return check


def raises_on_both_sides(group: str = "error"):
    def check(run):
        assert_errors_raise(run, group)
    return check


def rejected_and_documented(*ids: str, group: str = "rejected"):
    def check(run):
        assert_rejected(run, ids, group)
    return check
