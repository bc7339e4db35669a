"""Solver results as Python classes, generated from the solvers' descriptions.

Each result class (``PerformanceProfile``, ...) has one attribute per result
field, under the reference's attribute name. A result is a thin wrapper over
the C++ result: a field is converted (to a pint quantity in its display unit,
a nested result, a list) the first time it is read, then kept. Classes that
need more than their fields (``PerformanceProfile.summary()``) add it with
``@extends("PerformanceProfile")``.
"""

from .units import Converter, PlainConverter

__all__ = ["Result", "extends", "result_class"]

_EXTRAS = {}  # result name -> mixin class
_CLASSES = {}  # (result name, attribute names) -> generated class


def extends(result_name):
    """Class decorator: the methods and properties of the decorated class are
    added to the generated result class ``result_name`` (they win over a field
    of the same name)."""

    def register(mixin):
        _EXTRAS[result_name] = mixin
        return mixin

    return register


class Result:
    """Base of every result class."""

    _fields = ()  # attribute names, in the solver's order

    def __init__(self, handle):
        self._r = handle

    def to_dict(self):
        """SI numbers with the unit in the key (``latency_s``), nested results as
        dicts: the same record ``mlsysim solve ... --output json`` prints."""
        return self._r.to_record()

    def __iter__(self):
        # (attribute, value) pairs, like a pydantic model's.
        return ((name, getattr(self, name)) for name in self._fields)

    def __getitem__(self, key):
        # The reference returns some nested results as plain dicts
        # (ParallelismOptimizer's top_candidates): c["mfu"] keeps working.
        if key in self._fields:
            return getattr(self, key)
        raise KeyError(key)

    def keys(self):
        return self._fields

    def get(self, key, default=None):
        return getattr(self, key) if key in self._fields else default

    def __eq__(self, other):
        return type(self) is type(other) and self.to_dict() == other.to_dict()

    __hash__ = None

    def __repr__(self):
        shown = []
        for name in self._fields[:6]:
            value = getattr(self, name)
            if isinstance(value, (Result, list, dict)):
                continue
            shown.append(f"{name}={value!r}" if not hasattr(value, "units") else f"{name}={value:.4g~P}")
        return f"{type(self).__name__}({', '.join(shown)}, ...)"


class _Field:
    """One result field: read from the C++ result on first access, then cached
    in the instance (a non-data descriptor, so the cached value wins)."""

    __slots__ = ("name", "index", "convert")

    def __init__(self, name, index, convert):
        self.name, self.index, self.convert = name, index, convert

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = self.convert(obj._r.get(self.index))
        obj.__dict__[self.name] = value
        return value


def _identity(value):
    return value


def _converter(output):
    kind = output["kind"]
    if kind == "result":
        nested = output["result"], output["outputs"]
        return lambda handle: None if handle is None else result_class(*nested)(handle)
    if kind == "result_list":
        nested = output["result"], output["outputs"]
        return lambda handles: [result_class(*nested)(h) for h in handles]
    if kind == "number" and output["si_unit"] and output["ref_unit"] and not output["display_unit"]:
        return PlainConverter(output["si_unit"], output["ref_unit"])  # a float, as the reference's (tco_usd)
    if kind == "number" and output["si_unit"]:
        return Converter(output["si_unit"], output["display_unit"] or output["si_unit"])
    if kind == "number" and output["display_unit"] == "count":  # parameters, tokens: Q_(7e10, "count")
        return Converter("count", "count")
    return _identity


def result_class(name, outputs):
    """The class for result ``name`` with ``outputs`` (a description's
    "outputs" list), made once per process."""
    fields = tuple(o["attr"] for o in outputs)
    # Several results share a name with different fields (DistributedModel's
    # node_profile is a PerformanceProfile without warnings), so key by both.
    cls = _CLASSES.get((name, fields))
    if cls is not None:
        return cls
    extras = _EXTRAS.get(name)
    namespace = {"_fields": fields,
                 "__doc__": f"The {name} result: " + ", ".join(o["attr"] for o in outputs) + "."}
    for index, output in enumerate(outputs):
        if extras is not None and output["attr"] in vars(extras):
            continue
        namespace[output["attr"]] = _Field(output["attr"], index, _converter(output))
    bases = (extras, Result) if extras is not None else (Result,)
    cls = _CLASSES[(name, fields)] = type(name, bases, namespace)
    cls.__module__ = "mlsysim.results"
    return cls
