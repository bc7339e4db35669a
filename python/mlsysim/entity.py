"""The base of every registry entry wrapper (hardware, model, grid, ...), and what the classes
users build share."""

from . import _core


class Entity:
    """One registry entry. Wraps the C++ record (SI numbers, in ``_core``)
    and exposes it with the reference's attribute names as pint quantities."""

    def __init__(self, core):
        self._core = core
        self.key = core.key  # short key: "A100"
        self.path = core.path  # "Hardware.Cloud.A100"
        self.name = core.name  # display name: "NVIDIA A100"
        self.source = core.source  # kind, ref, url, verified, notes

    def __eq__(self, other):
        return type(self) is type(other) and self.path == other.path and self.name == other.name

    def __hash__(self):
        return hash((type(self).__name__, self.path, self.name))

    def __repr__(self):
        return f"{type(self).__name__}({self.name})"


class Fields:
    """What the classes users build share (hardware, workloads, fabrics, nodes, fleets):
    ``model_copy``, equality and pickling by the fields. Each class gives ``_fields()`` (its fields
    by 0.3.0's names, as values its constructor takes back exactly) and ``_identity()``."""

    def model_copy(self, update=None, deep=False):
        """A copy with the fields in ``update`` replaced ({"tdp": "500 W"}), checked like a new one.
        ``deep`` is accepted for pydantic's signature; entries are immutable, so it changes nothing."""
        fields = self._fields()
        for key in update or {}:
            if key not in fields:
                raise ValueError(f"{type(self).__name__}.model_copy: unknown field {key!r}"
                                 f"{_core.did_you_mean(key, list(fields))} (fields: {', '.join(fields)})")
        fields.update(update or {})
        return type(self)(**fields)

    def __eq__(self, other):
        return type(self) is type(other) and self._identity() == other._identity()

    def __hash__(self):
        return hash((type(self).__name__, self._identity()))

    def __reduce__(self):
        return rebuild, (type(self), self._fields())


def rebuild(cls, fields):
    return cls(**fields)
