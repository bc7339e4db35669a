"""Units: one pint registry for the whole package, and SI -> readable quantities.

The C++ engine works in SI doubles (bytes, bytes/s, FLOP, FLOP/s, s, W, J);
this module turns them into pint quantities, so ``latency.to("ms")`` works.
pint takes about a tenth of a second to import and set up, so nothing here
loads it until the first quantity is built: ``import mlsysim`` stays fast,
and ``mlsysim.ureg`` / ``mlsysim.Q_`` appear on first use.
"""

import math

__all__ = ["ureg", "Q_", "quantity", "registry"]  # noqa: F822  (ureg and Q_ come from __getattr__)

_REGISTRY = None
_UNITS = {}  # unit text -> parsed units, so each unit is parsed once per process


def registry():
    """The package's pint UnitRegistry (built on first use)."""
    global _REGISTRY
    if _REGISTRY is None:
        import pint

        ureg = pint.UnitRegistry()
        ureg.formatter.default_format = "~P"  # "312 TFLOP/s", not "312 teraflop / second"
        _define_units(ureg)
        pint.set_application_registry(ureg)
        _REGISTRY = ureg
    return _REGISTRY


def __getattr__(name):
    # `from mlsysim.units import Q_, ureg` builds the registry then.
    if name == "ureg":
        return registry()
    if name == "Q_":
        return registry().Quantity
    raise AttributeError(f"module 'mlsysim.units' has no attribute {name!r}")


def _define_units(ureg):
    # Storage: decimal and binary scales are distinct units (80 GiB != 80 GB).
    for power, prefix in enumerate(["K", "M", "G", "T", "P"], start=1):
        ureg.define(f"{prefix}B = 1e{3 * power} * byte")
    for power, prefix in enumerate(["Ki", "Mi", "Gi", "Ti"], start=1):
        ureg.define(f"{prefix}B = {1024 ** power} * byte")
    # Network rates in bits, as datasheets quote them ("400 Gbps"); pint alone reads Gbps as gigabaud.
    for power, prefix in enumerate(["K", "M", "G", "T"], start=1):
        ureg.define(f"{prefix}bps = 1e{3 * power} * bit / second")
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


def _units(unit):
    parsed = _UNITS.get(unit)
    if parsed is None:
        parsed = _UNITS[unit] = registry().parse_units(unit)._units
    return parsed


def quantity(value, unit):
    """``value`` in ``unit`` (text) as a quantity; None stays None."""
    if value is None:
        return None
    return registry().Quantity(value, _units(unit))


class Converter:
    """SI numbers of one dimension shown in one unit (``Converter("s", "ms")``).

    The factor is found once, on first use, and applied the exact way: a
    division by a factor >= 1 (1e12 for TFLOP/s), else a multiplication by its
    inverse (1e3 for ms), so datasheet numbers stay exact."""

    __slots__ = ("si", "unit", "_divide", "_factor")

    def __init__(self, si, unit):
        self.si, self.unit, self._factor = si, unit, None

    def __call__(self, value):
        if value is None:
            return None
        if self._factor is None:
            per = registry().Quantity(1.0, _units(self.unit)).m_as(self.si)  # SI per display unit
            self._divide = per >= 1
            self._factor = per if self._divide else registry().Quantity(1.0, _units(self.si)).m_as(self.unit)
        magnitude = value / self._factor if self._divide else value * self._factor
        return registry().Quantity(magnitude, _units(self.unit))


class PlainConverter:
    """SI numbers as plain floats in one unit (``PlainConverter("kg", "t")``), for the result
    fields the reference gives as floats (``carbon_footprint_kg``, ``tco_usd``)."""

    __slots__ = ("si", "unit", "_factor")

    def __init__(self, si, unit):
        self.si, self.unit, self._factor = si, unit, None

    def __call__(self, value):
        if value is None:
            return None
        if self._factor is None:
            self._factor = registry().Quantity(1.0, _units(self.unit)).m_as(self.si)  # SI per unit
        return value if self._factor == 1.0 else value / self._factor


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
    return quantity(value / factor, unit)


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
    return None if flop_per_s is None else quantity(flop_per_s / 1e12, "TFLOPs/s")
