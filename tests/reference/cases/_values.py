"""Case values: the spreads cases draw from, and reading a case's values back (quantity text,
"nan"/"inf" strings, exact arithmetic for matchers). Imports no mlsysim (both processes load it).
"""
from __future__ import annotations

import math
import random
from fractions import Fraction

# (0, 1]: 1.0 exactly, tiny values the reference accepts, and a spread in between
EFFICIENCIES = (1.0, 1e-6, 0.001, 0.05, 0.1, 0.25, 1 / 3, 0.5, 0.55, 0.7, 0.9, 0.999999)

# the fleet-cost solvers' (Sustainability, Economics, Placement): durations in days, MFUs
DURATIONS = (0, 0.0, 1e-6, 0.5, 1, 7, 10, 14, 30, 90, 365, 1095, 3650)
MFUS = (0.0, 1e-6, 0.1, 0.3, 0.45, 0.5, 0.7, 0.9, 1.0, 1)


# ---------------------------------------------------------------- making values

def given(**inputs) -> dict:
    """The inputs that are not None: one left out is the solver's default on both sides."""
    return {k: v for k, v in inputs.items() if v is not None}


def log_uniform(rng: random.Random, lo: float, hi: float) -> float:
    return 10 ** rng.uniform(math.log10(lo), math.log10(hi))


# ---------------------------------------------------------------- reading them back

def is_nan(v) -> bool:
    return (isinstance(v, str) and v.strip().lower().startswith("nan")) or (
        isinstance(v, float) and math.isnan(v))


def as_float(v) -> float:
    """A case value as a float ("nan"/"inf" strings included)."""
    return float(v)


def amount(value, units: dict, bare: float = 1.0) -> float:
    """A case's quantity as a number: text '30 min' with units {"min": 60.0, ...} is 1800.0; a bare
    number (or "nan"/"inf") is in the input's own unit, ``bare`` of the units'."""
    if isinstance(value, str) and " " in value.strip():
        number, unit = value.split()
        return float(number) * units[unit]
    return as_float(value) * bare


def close(a, b, rel: float = 1e-9) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    if a == b:
        return True
    return abs(a - b) <= rel * max(abs(a), abs(b))


def exact(x) -> Fraction:
    """A number (or our SI quantity) as an exact fraction, to tell a true tie from round-off."""
    if hasattr(x, "m_as"):
        raise TypeError("convert the quantity to SI first")
    return Fraction(x)
