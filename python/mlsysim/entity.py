"""The base of every registry entry wrapper (hardware, model, grid, ...)."""


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
