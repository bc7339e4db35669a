"""fp4, which 0.3.0 does not know: its case groups, the known difference, the reference taught it.

A module with fp4 cases puts ``**fp4_groups(fp4_cases)`` in its GROUPS ("fp4": the reference
raises, we answer; "fp4_patched": the same cases with the reference taught fp4, which must then
agree field by field), sets ``reference_context = fp4_taught``, lists ``fp4_difference(...)`` and
checks both groups with ``assert_fp4_groups``.
"""
from __future__ import annotations

import contextlib
from typing import Callable

from cases._differences import accepted_difference

FP4_REJECTED = "ValueError: precision 'fp4'"


def with_fp4(cases: list[dict]) -> list[dict]:
    """The cases again, marked for ``fp4_taught``: they must then agree field by field."""
    return [{**c, "_with_fp4": True} for c in cases]


def fp4_groups(fp4_cases: Callable[[], list[dict]]) -> dict:
    """GROUPS entries "fp4" (the cases as they are) and "fp4_patched" (the same, ``with_fp4``)."""
    return {"fp4": fp4_cases, "fp4_patched": lambda: with_fp4(fp4_cases())}


@contextlib.contextmanager
def fp4_taught(case: dict):
    """A ``reference_context``: for cases marked ``_with_fp4``, teach the reference fp4 at 0.5
    byte/element (as we do). With the entry in its PRECISION_MAP, its solvers find the fp4 rate in
    precision_flops like any other precision's. Runs in the reference's process."""
    if not case.get("_with_fp4"):
        yield
        return
    from mlsysim.core import units
    units.PRECISION_MAP["fp4"] = units.Q_(0.5, "byte")
    try:
        yield
    finally:
        del units.PRECISION_MAP["fp4"]


def fp4_difference(reason: str, ref_error: str = FP4_REJECTED, where: Callable[[dict], bool] = lambda c: True):
    """fp4 accepted by us (where the hardware lists an fp4 rate), rejected by 0.3.0; ``where``
    narrows it to some cases."""
    return accepted_difference(
        "fp4-accepted", reason,
        lambda c: c.get("precision") == "fp4" and not c.get("_with_fp4") and where(c),
        lambda message: message.startswith(ref_error))


def assert_fp4_groups(run, ref_error: str = FP4_REJECTED) -> None:
    """The "fp4" group: the reference raises, we answer, and a known difference says so; the
    "fp4_patched" group (the reference taught fp4): both answer and nothing differs."""
    accepted = run.explained("fp4-accepted")
    for i, c, o, r in run.outcomes("fp4"):
        assert r.message.startswith(ref_error), (c, r.message)
        assert o.error is None and i in accepted, (c, o.message)
    assert all(r.error is None for _, _, _, r in run.outcomes("fp4_patched"))
    assert not run.diffs_in("fp4_patched")
