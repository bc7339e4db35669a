"""The registry as attribute namespaces: ``mlsysim.Hardware.Cloud.A100``.

Built from the C++ registry (the category comes from each entry's path), and
rebuilt in place by ``load_registry`` so names imported earlier stay valid.
Every entry is also reachable by its short key from the top namespace
(``mlsysim.Models.ResNet50``).
"""

import os

from . import _core
from .hardware import HardwareNode
from .infra import Datacenter, GridProfile
from .models import Workload
from .systems import Fleet, NetworkFabric, Node

__all__ = ["Hardware", "Models", "Infrastructure", "Systems", "load_registry"]


class Namespace:
    """One level of registry paths: a top namespace or a category."""

    def __init__(self, path):
        self._path = path
        self._children = {}  # attribute name -> Namespace or entry
        self._entries = []  # every entry below, in registry order

    def __getattr__(self, name):
        if name.startswith("__"):  # keep copy/pickle probing away from the lookup
            raise AttributeError(name)
        children = self.__dict__.get("_children", {})
        if name in children:
            return children[name]
        raise AttributeError(self._miss_message(name))

    def __dir__(self):
        return sorted(self._children) + ["get", "list"]

    def __iter__(self):
        return iter(self._entries)

    def __len__(self):
        return len(self._entries)

    def __repr__(self):
        categories = [name for name, child in self._children.items() if isinstance(child, Namespace)]
        shown = categories or [entry.key for entry in self._entries]
        return f"<mlsysim.{self._path}: {', '.join(sorted(shown))}>"

    def get(self, name):
        """An entry or category by key, path or display name, ignoring case."""
        wanted = name.lower()
        for attr, child in self._children.items():
            if attr.lower() == wanted:
                return child
        for entry in self._entries:
            if wanted in (entry.key.lower(), entry.path.lower(), entry.name.lower()):
                return entry
        raise AttributeError(self._miss_message(name))

    def list(self):
        """Every entry below this namespace, in registry order."""
        return list(self._entries)

    def _miss_message(self, name):
        return f"mlsysim.{self._path} has no entry {name!r}{_core.did_you_mean(name, list(self._children))}"

    def _add(self, categories, entry):
        self._entries.append(entry)
        if not categories:
            self._children[entry.key] = entry
            return
        category = self._children.get(categories[0])
        if not isinstance(category, Namespace):
            category = self._children[categories[0]] = Namespace(f"{self._path}.{categories[0]}")
        category._add(categories[1:], entry)

    def _add_shortcuts(self):
        for entry in self._entries:
            self._children.setdefault(entry.key, entry)  # a category name wins a clash

    def _clear(self):
        self._children.clear()
        self._entries.clear()


Hardware = Namespace("Hardware")
Models = Namespace("Models")
Infrastructure = Namespace("Infrastructure")
Systems = Namespace("Systems")
_TOP = {ns._path: ns for ns in (Hardware, Models, Infrastructure, Systems)}

# Entries of each kind, and the wrapper that gives them pint quantities.
_SOURCES = [
    (_core.hardware_entries, HardwareNode),
    (_core.model_entries, Workload),
    (_core.grid_entries, GridProfile),
    (_core.datacenter_entries, Datacenter),
    (_core.fabric_entries, NetworkFabric),
    (_core.node_entries, Node),
    (_core.cluster_entries, Fleet),
]

# Categories the reference also offers under a second name.
_ALIASES = {("Hardware", "Embodied"): "Edge"}


def _rebuild():
    for namespace in _TOP.values():
        namespace._clear()
    for entries, wrapper in _SOURCES:
        for core in entries():
            top, *categories = core.path.split(".")[:-1]
            _TOP[top]._add(categories, wrapper(core))
    for (top, alias), target in _ALIASES.items():
        if target in _TOP[top]._children:
            _TOP[top]._children.setdefault(alias, _TOP[top]._children[target])
    for namespace in _TOP.values():
        namespace._add_shortcuts()


def load_registry(path):
    """Adds the entries of a YAML/JSON file to the registry (all or nothing).

    Entries with an existing key replace the built-in ones. A malformed file
    raises ValueError naming the file, the entry and the field."""
    _core.load_registry_file(os.fspath(path))
    _rebuild()


_rebuild()
