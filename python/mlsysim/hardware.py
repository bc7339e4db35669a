"""Layer B: an accelerator as its datasheet describes it.

The registry's are under ``mlsysim.Hardware`` (``Hardware.Cloud.H100``); build your own as in
0.3.0, with its field names and defaults::

    from mlsysim.hardware import ComputeCore, HardwareNode, MemoryHierarchy   # or mlsysim.hardware.types

    npu = HardwareNode(name="Drone NPU", release_year=2026, compute=ComputeCore(peak_flops="10 TFLOPs/s"),
                       memory=MemoryHierarchy(capacity="2 GB", bandwidth="50 GB/s"), tdp="10 W",
                       dispatch_tax="0.5 ms")

The parts are ``ComputeCore``, ``MemoryHierarchy``, ``StorageHierarchy`` and ``IOInterconnect``
(the host link ``interconnect`` and the scale-up link ``nvlink``); a part may also be given as a
dict of its fields. Quantities are pint quantities or text with their unit ("10 TFLOPs/s", "2 GB",
"0.5 ms"); a bare number is refused, as 0.3.0 refuses it (bytes or bits? seconds or milliseconds?).
Every field is checked by the registry loader, as the same entry in a registry file would be; a bad
value is one ValueError naming the class and the field, and a wrong type, an unknown field or a field
of 0.3.0 this version cannot represent (``die_area``, ``mig_profiles``, ...) is a TypeError naming it.
Fields are keywords, as in 0.3.0's pydantic models.

A user-built node goes wherever a registry one does (every solver, ``Node``, ``Scenario``,
``search``) and stays valid on its own. ``model_copy(update={...})`` gives a copy with some fields
replaced (checked again), as pydantic's does in 0.3.0; nodes and parts compare equal when their fields
do, and pickle (a registry entry by its path).
"""

import json
import math
import operator
import re
import sys
from functools import cached_property

from . import _core
from .entity import Entity, Fields
from .units import compute_rate, data_rate, data_size, quantity

__all__ = ["ComputeCore", "HardwareNode", "IOInterconnect", "Link", "MemoryHierarchy", "StorageHierarchy"]


# ---- What the user-built classes here and in mlsysim.models share.

class _Unit:
    """One kind of quantity a field takes: its SI unit, what it is called, an example, and the unit
    names that say it. pint gives bytes, counts and dollars no dimension (2 GB/s and 2 GHz look alike
    to it), so as in 0.3.0 a unit must also be of the right family by name."""

    __slots__ = ("si", "what", "example", "names", "parts")

    def __init__(self, si, what, example, names=(), parts=()):
        self.si, self.what, self.example = si, what, example
        self.names, self.parts = frozenset(names), parts  # exact unit names; lower-case name parts

    def says_it(self, names):
        if not self.names and not self.parts:
            return True  # a dimension pint knows (time, power, energy, operations) says it alone
        return bool(names & self.names) or any(p in n.lower() for n in names for p in self.parts)


_DATA = ("KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB")
_COUNT = ("count", "param", "Kparam", "Mparam", "Bparam", "Tparam")
COMPUTE_RATE = _Unit("flop/s", "compute rate", "'10 TFLOPs/s'")
DATA_SIZE = _Unit("byte", "data size", "'2 GB'", _DATA, ("byte", "bit"))
DATA_RATE = _Unit("byte/s", "data rate", "'50 GB/s'", _DATA, ("byte", "bit", "bps"))
TIME = _Unit("s", "time", "'0.5 ms'")
POWER = _Unit("W", "power", "'10 W'")
ENERGY = _Unit("J", "energy", "'15 Wh'")
COST = _Unit("USD", "cost", "'30000 USD'", ("dollar", "USD"))
COUNT = _Unit("count", "count", "'50 Mparam'", _COUNT)
TOKENS = _Unit("count", "token count", "'15 Ttoken'", _COUNT + ("token", "Ktoken", "Mtoken", "Btoken", "Ttoken"))
OPERATIONS = _Unit("flop", "operation count", "'10 Gflop'")

def _si(value, cls, field, unit):
    """``value`` (a pint quantity or text with its unit) as a float in ``unit.si``; None stays None."""
    if value is None:
        return None
    from .units import registry

    ureg = registry()
    if isinstance(value, str):
        try:
            q = ureg.Quantity(value)
        except Exception as e:  # pint's parse and undefined-unit errors
            raise ValueError(f"{cls}: {field}: cannot read {value!r} as {_a(unit.what)} such as {unit.example} "
                             f"({type(e).__name__}: {e})") from None
    elif hasattr(value, "magnitude") and hasattr(value, "units"):
        q = value if isinstance(value, ureg.Quantity) else ureg.Quantity(value.magnitude, str(value.units))
    elif isinstance(value, bool) or not isinstance(value, (int, float)) and not _is_numpy_number(value):
        raise TypeError(f"{cls}: {field} must be {_a(unit.what)} such as {unit.example} (a pint quantity or text), "
                        f"got {value!r}")
    else:
        q = None
    names = set(q.units._units) if q is not None else set()
    if not names:
        raise ValueError(f"{cls}: {field} needs a unit (e.g. {unit.example}), got {value!r}")
    if not q.is_compatible_with(unit.si) or not unit.says_it(names):
        raise ValueError(f"{cls}: {field} must be {_a(unit.what)} such as {unit.example}, got {value!r} "
                         f"({q.units} is not {_a(unit.what)} unit)")
    try:
        magnitude = float(q.magnitude)
    except TypeError:
        raise TypeError(f"{cls}: {field} must be one quantity, got {value!r}") from None
    if not math.isfinite(magnitude):
        raise ValueError(f"{cls}: {field} must be a finite number, got {value!r}")
    per = ureg.Quantity(1.0, q.units).m_as(unit.si)  # SI per unit
    return _scaled(magnitude, per, ureg.Quantity(1.0, unit.si).m_as(q.units))


def _scaled(magnitude, per, inverse):
    """``magnitude`` units of ``per`` SI units each, in SI, scaled as the registry loader scales text
    (``scale_by_unit``): a sub-unit divides by its whole inverse (0.5 ms is 0.5 / 1000 s, not
    0.5 * 0.001), so a quantity is the number the same text in a registry file gives."""
    return magnitude * per if per >= 1 else magnitude / inverse


def _a(what):
    return ("an " if what[0] in "aeiou" else "a ") + what


def _is_numpy_number(value):
    return type(value).__module__ == "numpy" and hasattr(value, "dtype") and value.dtype.kind in "iuf"


def _whole(value, cls, field):
    """A whole number (an int, or a float with no fraction); None stays None. The loader checks its range."""
    if value is None:
        return None
    if isinstance(value, bool) or type(value).__name__ in ("bool_", "bool"):
        raise TypeError(f"{cls}: {field} must be a whole number, got {value!r}")
    if isinstance(value, float) or (_is_numpy_number(value) and value.dtype.kind == "f"):
        if not float(value).is_integer():
            raise ValueError(f"{cls}: {field} must be a whole number, got {value!r}")
        n = int(value)
    else:
        try:
            n = operator.index(value)
        except TypeError:
            raise TypeError(f"{cls}: {field} must be a whole number, got {value!r}") from None
    if abs(n) > 9e15:  # beyond what a double holds exactly (the loader reads numbers as doubles)
        raise ValueError(f"{cls}: {field} must be within +-9e15, got {str(n)[:40]}")
    return n


def _number(value, cls, field):
    """A plain number (0.3.0's float fields); None stays None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) and not _is_numpy_number(value):
        raise TypeError(f"{cls}: {field} must be a number, got {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{cls}: {field} must be a finite number, got {value!r}")
    return v


def _text(value, cls, field):
    if not isinstance(value, str):
        raise TypeError(f"{cls}: {field} must be text, got {value!r}")
    return value


def _take(cls, given, required, optional, unrepresentable):
    """Checks a constructor's keywords: an unknown field, a field of 0.3.0's this version cannot
    represent (``unrepresentable``: name -> the default, which loses nothing) or a missing required
    one is a TypeError naming it."""
    known = list(required) + list(optional)
    for name in given:
        if name not in known and name not in unrepresentable:
            raise TypeError(f"{cls}: unknown field {name!r}{_core.did_you_mean(name, known)} "
                            f"(fields: {', '.join(known)})")
    for name, default in unrepresentable.items():
        if name in given and given[name] is not None and given[name] != default:
            raise TypeError(f"{cls}: {name} is a field of MLSys·im 0.3.0 that this version cannot represent; "
                            f"leave it out (it would be ignored), got {given[name]!r}")
    missing = [name for name in required if given.get(name) is None]
    if missing:
        raise TypeError(f"{cls}: missing required field{'s' if len(missing) > 1 else ''} {', '.join(missing)}")


def _wrapped(cls, args, fields, core_type):
    """The C++ record a registry wrapper is built from (the one positional argument), else None."""
    if not args:
        return None
    if len(args) == 1 and not fields and isinstance(args[0], core_type):
        return args[0]
    raise TypeError(f"{cls} takes its fields as keywords, as in 0.3.0 ({cls}(name=..., ...)), got {len(args)} "
                    f"positional argument{'s' if len(args) > 1 else ''}")


# The loader's names of fields that 0.3.0 (and so this package) calls otherwise.
_FIELD_NAMES = {"unit_cost_usd": "unit_cost", "source": "metadata"}


def _checked(cls, entry, section="hardware", prefix="", given=None):
    """``entry`` (the registry file schema, SI numbers) read by the registry loader into a C++ record
    of its own; its problem as one ValueError naming ``cls`` and the field (under ``prefix``), with
    the value the user gave for it (``given``: field -> value)."""
    text = json.dumps(entry, allow_nan=False)
    try:
        return (_core.hardware_entry if section == "hardware" else _core.model_entry)(text)
    except ValueError as e:
        message = str(e)
        m = re.match(r"field '([^']*)': (.*)", message, re.S)
        if m is None:
            raise ValueError(f"{cls}: {message}") from None
        field, problem = m.groups()
        if prefix and field.startswith(prefix):
            field = field[len(prefix):]
        head = field.split(".")[0]
        field = _FIELD_NAMES.get(head, head) + field[len(head):]
        shown = ""
        if given and field in given and "got" not in problem and str(given[field]) not in problem:
            shown = f", got {given[field]!r}"
        raise ValueError(f"{cls}: {field}: {problem}{shown}") from None


def _provenance_field(obj, name):
    value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
    return getattr(value, "value", value)  # an enum (0.3.0's ProvenanceKind) by its value


def _source(cls, metadata):
    """The registry ``source`` of an entry from 0.3.0's ``metadata`` (a Metadata-like object or a dict
    with ``provenance``: kind, ref, url, verified, notes; and a ``description``)."""
    if metadata is None:
        return {"kind": "user", "ref": "built in Python"}
    fields = ("provenance", "description", "last_verified", "version")
    if isinstance(metadata, dict):
        for name in metadata:
            if name not in fields:
                raise TypeError(f"{cls}: metadata: unknown field {name!r}{_core.did_you_mean(name, list(fields))} "
                                f"(fields: {', '.join(fields)})")
    elif not any(hasattr(metadata, name) for name in fields):
        raise TypeError(f"{cls}: metadata must be a Metadata or a dict of {', '.join(fields)}, got {metadata!r}")
    provenance = _provenance_field(metadata, "provenance")
    source = {}
    if provenance is not None:
        for name in ("kind", "ref", "url", "verified", "notes"):
            value = _provenance_field(provenance, name)
            if value is not None:
                source[name] = _text(value, cls, f"metadata.provenance.{name}")
    description = _provenance_field(metadata, "description")
    if description is not None and "notes" not in source:
        source["notes"] = _text(description, cls, "metadata.description")
    verified = _provenance_field(metadata, "last_verified")
    if verified is not None and "verified" not in source:
        source["verified"] = _text(verified, cls, "metadata.last_verified")
    if not source.get("ref") and not source.get("url"):
        source["ref"] = "built in Python"
    source.setdefault("kind", "user")
    return source


def _metadata(entity):
    """What a copy of ``entity`` takes as its metadata: the user's, or a registry entry's source as
    0.3.0's provenance (so a copy keeps where its numbers come from, as pydantic's does)."""
    if entity.metadata is not None or not entity.path:
        return entity.metadata
    src = entity._core.source
    provenance = {name: getattr(src, name) for name in ("kind", "ref", "url", "verified", "notes")
                  if getattr(src, name)}
    return {"provenance": provenance} if provenance else None


def _si_text(value, unit):
    """An SI number as text with its unit, which the constructors read back exactly; None stays None."""
    return None if value is None else f"{value!r} {unit}"


def _part(value, cls, field, part_type):
    """A part (ComputeCore, ...) as given, or built from a dict of its fields as pydantic does."""
    if value is None or isinstance(value, part_type):
        return value
    if isinstance(value, dict):
        return part_type(**value)
    raise TypeError(f"{cls}: {field} must be a {part_type.__name__} (or a dict of its fields), got {value!r}")


# A registry entry's parts with only one part of the user's: the loader checks a part alone.
_SOME_COMPUTE = {"peak_flops": 1e12}
_SOME_MEMORY = {"capacity": 1e9, "bandwidth": 1e9}
_SOME_SOURCE = {"kind": "user", "ref": "built in Python"}


def _checked_part(cls, section, entry, given):
    whole = {"compute": _SOME_COMPUTE, "memory": _SOME_MEMORY, section: entry, "source": _SOME_SOURCE}
    return _checked(cls, whole, prefix=section + ".", given=given)


def _drop_none(entry):
    return {k: v for k, v in entry.items() if v is not None}


# ---- The parts.

def _rate_for(key, flop_per_s):
    # Integer rates are quoted in TOPS on datasheets; same dimension as FLOP/s.
    return quantity(flop_per_s / 1e12, "TOPS") if key.startswith("int") else compute_rate(flop_per_s)


class ComputeCore(Fields):
    """The processing units: ``ComputeCore(peak_flops, precision_flops={})``; ``peak_flops`` the
    headline rate (dense FP16/BF16) and ``precision_flops`` the rate of each precision the datasheet
    lists ({"int8": "200 TOPS", "fp8": ...}), each a compute rate."""

    _UNREPRESENTABLE = dict.fromkeys(("sm_count", "clock_rate", "core_count", "fp32_cores_per_sm",
                                      "tensor_cores_per_sm", "systolic_array_dim", "max_threads_per_sm",
                                      "max_registers_per_thread", "warp_size"))

    def __init__(self, *args, **fields):
        core = _wrapped("ComputeCore", args, fields, _core.ComputeCore)
        if core is None:
            _take("ComputeCore", fields, ("peak_flops",), ("precision_flops",), self._UNREPRESENTABLE)
            rates = fields.get("precision_flops") or {}
            if not isinstance(rates, dict):
                raise TypeError(f"ComputeCore: precision_flops must be a dict of precision -> compute rate "
                                f"({{'int8': '200 TOPS'}}), got {rates!r}")
            entry = {"peak_flops": _si(fields["peak_flops"], "ComputeCore", "peak_flops", COMPUTE_RATE)}
            if rates:
                entry["precision_flops"] = {
                    _text(key, "ComputeCore", "precision_flops key"):
                        _si(rate, "ComputeCore", f"precision_flops[{key!r}]", COMPUTE_RATE)
                    for key, rate in rates.items()}
            core = _checked_part("ComputeCore", "compute", entry, {"peak_flops": fields["peak_flops"]}).compute
        self._core = core

    @cached_property
    def peak_flops(self):
        """Headline rate (dense FP16/BF16)."""
        return compute_rate(self._core.peak_flops_per_s)

    @cached_property
    def precision_flops(self):
        return {key: _rate_for(key, rate) for key, rate in self._core.precision_flops_per_s}

    def _entry(self):
        c = self._core
        entry = {"peak_flops": c.peak_flops_per_s}
        if c.precision_flops_per_s:
            entry["precision_flops"] = dict(c.precision_flops_per_s)
        return entry

    def _fields(self):
        c = self._core
        return {"peak_flops": _si_text(c.peak_flops_per_s, "flop/s"),
                "precision_flops": {k: _si_text(v, "flop/s") for k, v in c.precision_flops_per_s}}

    def _identity(self):
        c = self._core
        return c.peak_flops_per_s, tuple(sorted(c.precision_flops_per_s))

    def __repr__(self):
        return f"ComputeCore(peak_flops={self.peak_flops}, precision_flops={self.precision_flops})"


_MEMORY_FIELDS = {"capacity": (DATA_SIZE, "capacity_bytes"), "bandwidth": (DATA_RATE, "bandwidth_bytes_per_s"),
                  "sram_capacity": (DATA_SIZE, "sram_capacity_bytes"),
                  "sram_bandwidth": (DATA_RATE, "sram_bandwidth_bytes_per_s"),
                  "flash_capacity": (DATA_SIZE, "flash_capacity_bytes"),
                  "flash_bandwidth": (DATA_RATE, "flash_bandwidth_bytes_per_s"),
                  "l2_cache": (DATA_SIZE, "l2_cache_bytes")}
_STORAGE_FIELDS = {"capacity": (DATA_SIZE, "capacity_bytes"), "bandwidth": (DATA_RATE, "bandwidth_bytes_per_s"),
                   "latency": (TIME, "latency_s")}


class _QuantityPart(Fields):
    """A part whose fields are all quantities (memory, storage): ``_SPEC`` name -> (unit, C++ field)."""

    _CORE = _SECTION = None
    _SPEC = _REQUIRED_FIELDS = {}
    _UNREPRESENTABLE = {}

    def __init__(self, *args, **fields):
        cls = type(self).__name__
        core = _wrapped(cls, args, fields, self._CORE)
        if core is None:
            optional = [name for name in self._SPEC if name not in self._REQUIRED_FIELDS]
            _take(cls, fields, self._REQUIRED_FIELDS, optional, self._UNREPRESENTABLE)
            entry = _drop_none({name: _si(fields.get(name), cls, name, unit) for name, (unit, _) in self._SPEC.items()})
            core = getattr(_checked_part(cls, self._SECTION, entry, fields), self._SECTION)
        self._core = core

    def _values(self):
        return {name: getattr(self._core, attr) for name, (_, attr) in self._SPEC.items()}

    def _entry(self):
        return _drop_none(self._values())

    def _fields(self):
        return {name: _si_text(v, self._SPEC[name][0].si) for name, v in self._values().items()}

    def _identity(self):
        return tuple(self._values().values())


class MemoryHierarchy(_QuantityPart):
    """The memory: ``MemoryHierarchy(capacity, bandwidth, sram_capacity=None, sram_bandwidth=None,
    flash_capacity=None, flash_bandwidth=None, l2_cache=None)``; capacities data sizes ("80 GiB"),
    bandwidths data rates ("3.35 TB/s")."""

    _CORE, _SECTION, _SPEC = _core.MemoryHierarchy, "memory", _MEMORY_FIELDS
    _REQUIRED_FIELDS = ("capacity", "bandwidth")
    _UNREPRESENTABLE = dict.fromkeys(("register_file_per_sm", "shared_memory_per_sm", "bus_width", "pin_data_rate",
                                      "hbm_stacks"))

    capacity = cached_property(lambda self: data_size(self._core.capacity_bytes))
    bandwidth = cached_property(lambda self: data_rate(self._core.bandwidth_bytes_per_s))
    sram_capacity = cached_property(lambda self: data_size(self._core.sram_capacity_bytes))
    sram_bandwidth = cached_property(lambda self: data_rate(self._core.sram_bandwidth_bytes_per_s))
    flash_capacity = cached_property(lambda self: data_size(self._core.flash_capacity_bytes))
    flash_bandwidth = cached_property(lambda self: data_rate(self._core.flash_bandwidth_bytes_per_s))
    l2_cache = cached_property(lambda self: data_size(self._core.l2_cache_bytes))

    def __repr__(self):
        return f"MemoryHierarchy(capacity={self.capacity}, bandwidth={self.bandwidth})"


class StorageHierarchy(_QuantityPart):
    """Persistent storage: ``StorageHierarchy(capacity, bandwidth, latency=None)``."""

    _CORE, _SECTION, _SPEC = _core.StorageHierarchy, "storage", _STORAGE_FIELDS
    _REQUIRED_FIELDS = ("capacity", "bandwidth")

    capacity = cached_property(lambda self: data_size(self._core.capacity_bytes))
    bandwidth = cached_property(lambda self: data_rate(self._core.bandwidth_bytes_per_s))
    latency = cached_property(lambda self: quantity(self._core.latency_s, "s"))

    def __repr__(self):
        return f"StorageHierarchy(capacity={self.capacity}, bandwidth={self.bandwidth})"


_DIRECTIONS = ("per_direction", "bidirectional_total")


class IOInterconnect(Fields):
    """A host (PCIe) or scale-up (NVLink, ICI) link: ``IOInterconnect(name, bandwidth, latency=None,
    direction="per_direction")``; ``bandwidth`` as the datasheet quotes it and ``direction`` which
    convention that is ("bidirectional_total" for NVLink's send + receive)."""

    def __init__(self, *args, **fields):
        core = _wrapped("IOInterconnect", args, fields, _core.Link)
        if core is None:
            _take("IOInterconnect", fields, ("name", "bandwidth"), ("latency", "direction"), {})
            direction = fields.get("direction")
            direction = "per_direction" if direction is None else _text(direction, "IOInterconnect", "direction")
            if direction not in _DIRECTIONS:
                raise ValueError(f"IOInterconnect: direction must be 'per_direction' or 'bidirectional_total', "
                                 f"got {direction!r}")
            entry = _drop_none({"name": _text(fields["name"], "IOInterconnect", "name"),
                                "bandwidth": _si(fields["bandwidth"], "IOInterconnect", "bandwidth", DATA_RATE),
                                "latency": _si(fields.get("latency"), "IOInterconnect", "latency", TIME),
                                "direction": direction})
            core = _checked_part("IOInterconnect", "interconnect", entry, fields).interconnect
        self._core = core
        self.name = core.name
        self.direction = "bidirectional_total" if core.bidirectional_total else "per_direction"

    bandwidth = cached_property(lambda self: data_rate(self._core.bandwidth_bytes_per_s))  # as quoted
    latency = cached_property(lambda self: quantity(self._core.latency_s, "s"))
    bandwidth_per_direction = cached_property(lambda self: data_rate(self._core.bandwidth_per_direction_bytes_per_s))

    def _entry(self):
        c = self._core
        return _drop_none({"name": c.name, "bandwidth": c.bandwidth_bytes_per_s, "latency": c.latency_s,
                           "direction": self.direction})

    def _fields(self):
        c = self._core
        return {"name": c.name, "bandwidth": _si_text(c.bandwidth_bytes_per_s, "byte/s"),
                "latency": _si_text(c.latency_s, "s"), "direction": self.direction}

    def _identity(self):
        c = self._core
        return c.name, c.bandwidth_bytes_per_s, c.latency_s, c.bidirectional_total

    def __repr__(self):
        return f"IOInterconnect({self.name}, {self.bandwidth}, {self.direction})"


Link = IOInterconnect  # this package's earlier name


def _optional(wrapper, core):
    return None if core is None else wrapper(core)


def _registry_hardware(path):
    from .registry import Hardware
    return Hardware.get(path)


class HardwareNode(Fields, Entity):
    """One accelerator: ``HardwareNode(name, release_year, compute, memory, storage=None,
    interconnect=None, nvlink=None, tdp=None, battery_capacity=None, unit_cost=None,
    accelerator_count=None, embodied_carbon_kg=None, dispatch_tax="0.01 ms", metadata=None)``.
    ``compute`` a ComputeCore, ``memory`` a MemoryHierarchy, ``storage`` a StorageHierarchy,
    ``interconnect`` (host link) and ``nvlink`` (scale-up link) IOInterconnects; ``tdp`` a power,
    ``battery_capacity`` an energy, ``unit_cost`` a cost ("30000 USD"), ``dispatch_tax`` the per-call
    launch overhead (a time); ``metadata`` 0.3.0's provenance (kept, and shown as the entry's source).
    A ``release_year`` of 0 is unknown, as for a registry file's entry that gives none."""

    _OPTIONAL_FIELDS = ("storage", "interconnect", "nvlink", "tdp", "battery_capacity", "unit_cost",
                        "accelerator_count", "embodied_carbon_kg", "dispatch_tax", "metadata")
    _UNREPRESENTABLE = dict.fromkeys(("tdp_min", "tdp_max", "die_area", "transistor_count", "die_to_die_bandwidth",
                                      "unit_cost_max", "mig_profiles"))

    def __init__(self, *args, **fields):
        core = _wrapped("HardwareNode", args, fields, _core.HardwareNode)
        if core is not None:  # a registry entry
            super().__init__(core)
            self.compute = ComputeCore(core.compute)
            self.memory = MemoryHierarchy(core.memory)
            self.storage = _optional(StorageHierarchy, core.storage)
            self.interconnect = _optional(IOInterconnect, core.interconnect)
            self.nvlink = _optional(IOInterconnect, core.nvlink)
            self.metadata = None
        else:
            cls = "HardwareNode"
            _take(cls, fields, ("name", "release_year", "compute", "memory"), self._OPTIONAL_FIELDS,
                  self._UNREPRESENTABLE)
            self.compute = _part(fields["compute"], cls, "compute", ComputeCore)
            self.memory = _part(fields["memory"], cls, "memory", MemoryHierarchy)
            self.storage = _part(fields.get("storage"), cls, "storage", StorageHierarchy)
            self.interconnect = _part(fields.get("interconnect"), cls, "interconnect", IOInterconnect)
            self.nvlink = _part(fields.get("nvlink"), cls, "nvlink", IOInterconnect)
            self.metadata = fields.get("metadata")
            entry = {"name": _text(fields["name"], cls, "name"),
                     "release_year": _whole(fields["release_year"], cls, "release_year") or None,  # 0: unknown
                     "compute": self.compute._entry(), "memory": self.memory._entry(),
                     "storage": None if self.storage is None else self.storage._entry(),
                     "interconnect": None if self.interconnect is None else self.interconnect._entry(),
                     "nvlink": None if self.nvlink is None else self.nvlink._entry(),
                     "tdp": _si(fields.get("tdp"), cls, "tdp", POWER),
                     "battery_capacity": _si(fields.get("battery_capacity"), cls, "battery_capacity", ENERGY),
                     "unit_cost_usd": _si(fields.get("unit_cost"), cls, "unit_cost", COST),
                     "accelerator_count": _whole(fields.get("accelerator_count"), cls, "accelerator_count"),
                     "embodied_carbon_kg": _number(fields.get("embodied_carbon_kg"), cls, "embodied_carbon_kg"),
                     "dispatch_tax": _si(fields.get("dispatch_tax"), cls, "dispatch_tax", TIME),
                     "source": _source(cls, self.metadata)}
            core = _checked(cls, _drop_none(entry), given=fields)
            super().__init__(core)
        self.category = core.category
        self.release_year = core.release_year
        self.embodied_carbon_kg = core.embodied_carbon_kg
        self.accelerator_count = core.accelerator_count

    tdp = cached_property(lambda self: quantity(self._core.tdp_w, "W"))
    unit_cost = cached_property(lambda self: quantity(self._core.unit_cost_usd, "USD"))
    dispatch_tax = cached_property(lambda self: quantity(self._core.dispatch_tax_s * 1e3, "ms"))

    @cached_property
    def battery_capacity(self):
        j = self._core.battery_capacity_j
        return None if j is None else quantity(j / 3600, "Wh")

    @property
    def embodied_carbon(self):
        """Embodied manufacturing carbon in kg (a quantity), if known."""
        return quantity(self.embodied_carbon_kg, "kg")

    def ridge_point(self, precision="fp16"):
        """Arithmetic intensity (FLOP/byte) where the roofline turns flat."""
        return quantity(self._core.ridge_point(precision), "flop/byte")

    def _fields(self):
        c = self._core
        return {"name": c.name, "release_year": c.release_year, "compute": self.compute, "memory": self.memory,
                "storage": self.storage, "interconnect": self.interconnect, "nvlink": self.nvlink,
                "tdp": _si_text(c.tdp_w, "W"), "battery_capacity": _si_text(c.battery_capacity_j, "J"),
                "unit_cost": _si_text(c.unit_cost_usd, "USD"), "accelerator_count": c.accelerator_count,
                "embodied_carbon_kg": c.embodied_carbon_kg, "dispatch_tax": _si_text(c.dispatch_tax_s, "s"),
                "metadata": _metadata(self)}

    def _identity(self):
        c = self._core
        parts = tuple(None if p is None else p._identity()
                      for p in (self.compute, self.memory, self.storage, self.interconnect, self.nvlink))
        return (c.name, c.release_year, parts, c.tdp_w, c.battery_capacity_j, c.unit_cost_usd, c.accelerator_count,
                c.embodied_carbon_kg, c.dispatch_tax_s)

    def __reduce__(self):
        if self.path:  # a registry entry: by path, in the registry of the process that loads it
            return _registry_hardware, (self.path,)
        return super().__reduce__()

    def __repr__(self):
        return f"HardwareNode({self.name}, {self.release_year})"


# 0.3.0's module for these classes (``from mlsysim.hardware.types import HardwareNode``) is this one.
types = sys.modules[__name__]
sys.modules.setdefault(__name__ + ".types", types)
