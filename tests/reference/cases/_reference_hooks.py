"""Pieces of the modules' ``reference_context`` and ``fix_reference`` hooks. They run in the
reference's process (mlsysim 0.3.0), so they import it only when called.
"""
from __future__ import annotations

import contextlib


@contextlib.contextmanager
def solve_patched(cls, wrap):
    """``cls.solve`` replaced by ``wrap(the original solve)`` while the context lasts."""
    original = cls.solve
    cls.solve = wrap(original)
    try:
        yield
    finally:
        cls.solve = original


def argument_as_float(solver: str, argument: str, unit: str):
    """A context in which the reference's ``solver`` gets ``argument`` as a float in ``unit``
    where it is handed a Quantity: an input 0.3.0 takes in that unit but fails on with units."""
    import mlsysim

    def wrap(original):
        def solve(self, *args, **kwargs):
            value = kwargs.get(argument)
            if hasattr(value, "m_as"):
                kwargs[argument] = value.m_as(unit)
            return original(self, *args, **kwargs)
        return solve

    return solve_patched(getattr(mlsysim.solvers, solver), wrap)


def lowercase_bottleneck(record: dict, case: dict) -> None:
    """A ``fix_reference``: 0.3.0 says "Compute"/"Memory"/"Network"; our record's key holds the
    lower case."""
    record["bottleneck"] = str(record["bottleneck"]).lower()
