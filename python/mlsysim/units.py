"""Units: one pint registry for the whole package, and SI -> readable quantities.

The C++ engine works in SI doubles (bytes, bytes/s, FLOP, FLOP/s, s, W, J);
this module turns them into pint quantities, so ``latency.to("ms")`` works.
"""

import math

import pint

__all__ = ["ureg", "Q_"]

ureg = pint.UnitRegistry()
ureg.formatter.default_format = "~P"  # "312 TFLOP/s", not "312 teraflop / second"
Q_ = ureg.Quantity


def _define_units():
    # Storage: decimal and binary scales are distinct units (80 GiB != 80 GB).
    for power, prefix in enumerate(["K", "M", "G", "T", "P"], start=1):
        ureg.define(f"{prefix}B = 1e{3 * power} * byte")
    for power, prefix in enumerate(["Ki", "Mi", "Gi", "Ti"], start=1):
        ureg.define(f"{prefix}B = {1024 ** power} * byte")
    # Operations get their own dimension so FLOP/s can never be added to bytes/s.
    ureg.define("flop = [flop] = FLOP = FLOPs")
    for power, prefix in enumerate(["K", "M", "G", "T", "P", "E", "Z"], start=1):
        ureg.define(f"{prefix}FLOP = 1e{3 * power} * flop = _ = {prefix}FLOPs")
    # Integer-op rates (TOPS) share the flop dimension: precision is not a dimension.
    ureg.define("OPS = flop / second")
    for power, prefix in enumerate(["K", "M", "G", "T"], start=1):
        ureg.define(f"{prefix}OPS = 1e{3 * power} * OPS")
    # Money, parameters and tokens are counts with readable names.
    ureg.define("dollar = count = _ = USD")
    for name in ("param", "token"):
        ureg.define(f"{name} = count")
        for power, prefix in enumerate(["K", "M", "B", "T"], start=1):
            ureg.define(f"{prefix}{name} = 1e{3 * power} * {name}")


_define_units()
pint.set_application_registry(ureg)


def readable(value, si_unit, ladder):
    """``value`` (in ``si_unit``) in the largest unit of ``ladder`` that keeps
    the magnitude >= 1. ``ladder`` is [(unit, factor), ...] from small to
    large; dividing by the exact factor keeps datasheet numbers exact."""
    if value is None:
        return None
    unit, factor = si_unit, 1.0
    for candidate, candidate_factor in ladder:
        if abs(value) >= candidate_factor:
            unit, factor = candidate, candidate_factor
    return Q_(value / factor, unit)


_DECIMAL_BYTES = [("KB", 1e3), ("MB", 1e6), ("GB", 1e9), ("TB", 1e12), ("PB", 1e15)]
_BINARY_BYTES = [("KiB", 2.0**10), ("MiB", 2.0**20), ("GiB", 2.0**30), ("TiB", 2.0**40)]


def data_size(num_bytes):
    """Bytes in binary units when the datasheet number is a whole number of
    KiB (80 GiB of HBM), else in decimal units (51.1 MB of weights)."""
    if num_bytes is None:
        return None
    is_binary = num_bytes >= 1024 and math.fmod(num_bytes, 1024) == 0
    return readable(num_bytes, "byte", _BINARY_BYTES if is_binary else _DECIMAL_BYTES)


def data_rate(bytes_per_s):
    return readable(bytes_per_s, "byte/s", [(f"{u}/s", f) for u, f in _DECIMAL_BYTES])


def compute_rate(flop_per_s):
    return None if flop_per_s is None else Q_(flop_per_s / 1e12, "TFLOPs/s")


def quantity(value, unit):
    """A plain SI number as a quantity; None stays None."""
    return None if value is None else Q_(value, unit)
