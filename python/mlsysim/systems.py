"""Layer D: servers (nodes), the network between them (fabrics), and clusters (fleets).

The registry's are under ``mlsysim.Systems`` (``Systems.Clusters.Research_256``); build your own
as in the reference, from registry entries, your own objects or names::

    from mlsysim.systems import Fleet, NetworkFabric, Node   # or mlsysim.systems.types, as in 0.3.0

    ib = NetworkFabric(name="IB NDR", bandwidth="400 Gbps", latency="5 us")
    dgx = Node(name="My DGX", accelerator=Hardware.Cloud.H100, accelerators_per_node=8, intra_node_bw="900 GB/s")
    fleet = Fleet(name="256 GPUs", node=dgx, count=32, fabric=ib)

A user-built fleet goes wherever a registry cluster goes (every solver's ``fleet``, ``Scenario``,
``search``). It keeps what it was built from alive, so it stays valid on its own. A bad field is one
ValueError (a wrong type: TypeError) naming the class and the field. ``model_copy(update={...})``
gives a copy with some fields replaced (checked again), as pydantic's does in the reference.
"""

import sys
from functools import cached_property

from . import _core
from .entity import Entity, Fields, rebuild
from .hardware import DATA_RATE, HardwareNode, _si, _si_text
from .infra import Datacenter, GridProfile
from .units import data_rate, quantity

__all__ = ["Fleet", "NetworkFabric", "Node"]

_REQUIRED = object()  # a required field not given (the registry path passes only a C++ record)


def _missing(cls, **fields):
    names = [name for name, value in fields.items() if value is _REQUIRED]
    if names:
        raise TypeError(f"{cls}: missing required field{'s' if len(names) > 1 else ''} {', '.join(names)}")


def _portable(value):
    """A field for pickling: a registry entry by its name (the registry of the process that loads
    it resolves it), anything else as it is."""
    core = getattr(value, "_core", None)
    return core.key if core is not None and getattr(core, "path", "") else value


class _System(Fields, Entity):
    """What the three classes share: ``model_copy``, equality by the reference's fields (entity.Fields),
    and pickling by registry path for registry entries. Each class gives ``_fields()``: its fields by
    the reference's names, as values its constructor takes back exactly (SI numbers as text with
    their unit, so nothing is rounded on the way)."""

    def __reduce__(self):
        if self.path:  # a registry entry: by path, in the registry of the process that loads it
            return _registry_entry, (self.path,)
        return rebuild, (type(self), {k: _portable(v) for k, v in self._fields().items()})


def _registry_entry(path):
    from .registry import Systems
    return Systems.get(path)


def _rate_family(cls, field, value):
    # A pint quantity must be a data rate by name too: our pint gives bytes no dimension, so 5 GHz
    # would pass a dimension check as a rate (text is read by the C++ parser, which knows units).
    if hasattr(value, "units") and hasattr(value, "magnitude"):
        _si(value, cls, field, DATA_RATE)


class NetworkFabric(_System):
    """The network between nodes: ``NetworkFabric(name, bandwidth, latency=None, topology="fat-tree",
    oversubscription_ratio=1.0)``; bandwidth a data rate ("400 Gbps", "50 GB/s" or a quantity),
    latency a time ("5 us")."""

    def __init__(self, name, bandwidth=_REQUIRED, latency=None, topology="fat-tree", oversubscription_ratio=1.0):
        if isinstance(name, _core.NetworkFabric):
            core = name
        else:
            _missing("NetworkFabric", bandwidth=bandwidth)
            _rate_family("NetworkFabric", "bandwidth", bandwidth)
            core = _core.NetworkFabric(name, bandwidth, latency, topology, oversubscription_ratio)
        super().__init__(core)
        self.topology = core.topology
        self.oversubscription_ratio = core.oversubscription_ratio

    bandwidth = cached_property(lambda self: data_rate(self._core.bandwidth_bytes_per_s))

    @cached_property
    def latency(self):
        s = self._core.latency_s
        return None if s is None else quantity(s * 1e6, "us")

    @property
    def bandwidth_gbs(self):
        """Bandwidth in GB/s, a float."""
        return self._core.bandwidth_bytes_per_s / 1e9

    @property
    def latency_us(self):
        """Latency in microseconds, a float (0 when none is given)."""
        s = self._core.latency_s
        return 0.0 if s is None else s * 1e6

    def _fields(self):
        c = self._core
        return {"name": c.name, "topology": c.topology, "bandwidth": _si_text(c.bandwidth_bytes_per_s, "B/s"),
                "latency": _si_text(c.latency_s, "s"), "oversubscription_ratio": c.oversubscription_ratio}

    def _identity(self):
        c = self._core
        return (c.name, c.topology, c.bandwidth_bytes_per_s, c.latency_s, c.oversubscription_ratio)

    def __repr__(self):
        return f"NetworkFabric({self.name}, {self.bandwidth}, {self.topology})"


class Node(_System):
    """A server: ``Node(name, accelerator, accelerators_per_node, intra_node_bw, nics_per_node=1,
    psus_per_node=2, psu_redundancy=0)``; accelerator a HardwareNode (registry or your own) or a
    hardware name, intra_node_bw a data rate ("900 GB/s"), psu_redundancy the M of an N+M supply."""

    def __init__(self, name, accelerator=_REQUIRED, accelerators_per_node=_REQUIRED, intra_node_bw=_REQUIRED,
                 nics_per_node=1, psus_per_node=2, psu_redundancy=0):
        if isinstance(name, _core.Node):
            core = name
        else:
            _missing("Node", accelerator=accelerator, accelerators_per_node=accelerators_per_node,
                     intra_node_bw=intra_node_bw)
            _rate_family("Node", "intra_node_bw", intra_node_bw)
            core = _core.Node(name, accelerator, accelerators_per_node, intra_node_bw, nics_per_node, psus_per_node,
                              psu_redundancy)
        super().__init__(core)
        # The user's own accelerator object when one was given, so its attributes stay as built.
        self.accelerator = accelerator if isinstance(accelerator, HardwareNode) else HardwareNode(core.accelerator)
        self.accelerators_per_node = core.accelerators_per_node
        self.nics_per_node = core.nics_per_node
        self.psus_per_node = core.psus_per_node
        self.psu_redundancy = core.psu_redundancy

    @property
    def series_psus(self):
        """PSUs whose single failure stops the node (none when there is a spare)."""
        return 0 if self.psu_redundancy > 0 else self.psus_per_node

    intra_node_bw = cached_property(lambda self: data_rate(self._core.intra_node_bw_bytes_per_s))

    def _fields(self):
        c = self._core
        return {"name": c.name, "accelerator": self.accelerator, "accelerators_per_node": c.accelerators_per_node,
                "intra_node_bw": _si_text(c.intra_node_bw_bytes_per_s, "B/s"), "nics_per_node": c.nics_per_node,
                "psus_per_node": c.psus_per_node, "psu_redundancy": c.psu_redundancy}

    def _identity(self):
        c = self._core
        return (c.name, self.accelerator, c.accelerators_per_node, c.intra_node_bw_bytes_per_s, c.nics_per_node,
                c.psus_per_node, c.psu_redundancy)

    def __repr__(self):
        return f"Node({self.name}, {self.accelerators_per_node}x {self.accelerator.name})"


def _grid(value):
    """The region as the user gave it: a GridProfile as it is, a name as its registry entry."""
    if value is None or isinstance(value, GridProfile):
        return value
    return GridProfile(value if isinstance(value, _core.GridProfile) else _core.grid(value))


def _facility(value):
    """The datacenter as the user gave it: an object as it is, a name as its registry entry."""
    if value is None or isinstance(value, (Datacenter, GridProfile)):
        return value
    if isinstance(value, _core.Datacenter):
        return Datacenter(value)
    if isinstance(value, _core.GridProfile):
        return GridProfile(value)
    if any(d.key == value for d in _core.datacenter_entries()):
        return Datacenter(_core.datacenter(value))
    return GridProfile(_core.grid(value))


class Fleet(_System):
    """A cluster: ``Fleet(name, node, count, fabric, region=None, datacenter=None, mtbf_hours=None)``:
    ``count`` identical nodes (a Node or a node name) on one fabric (a NetworkFabric or its name),
    optionally on a grid (``region``: a GridProfile or its name) or in a facility (``datacenter``:
    a Datacenter, a GridProfile or a name; it wins over ``region`` for energy, carbon and water, as
    in the reference); ``mtbf_hours`` a time ("50000 hour") or a number of hours."""

    def __init__(self, name, node=_REQUIRED, count=_REQUIRED, fabric=_REQUIRED, region=None, datacenter=None,
                 mtbf_hours=None):
        if isinstance(name, _core.Fleet):
            core = name
        else:
            _missing("Fleet", node=node, count=count, fabric=fabric)
            core = _core.Fleet(name, node, count, fabric, region, datacenter, mtbf_hours)
        super().__init__(core)
        built = core is not name
        self.node = node if isinstance(node, Node) else Node(core.node)
        self.count = core.count
        self.fabric = fabric if isinstance(fabric, NetworkFabric) else NetworkFabric(core.fabric)
        if built:
            self.region = _grid(region)
            self.datacenter = _facility(datacenter)
        else:  # a registry entry: its region is a grid's name in the file; no datacenter
            self.region = None if core.region is None else GridProfile(core.region)
            self.datacenter = None
        self.total_accelerators = core.total_accelerators

    @cached_property
    def mtbf_hours(self):
        h = self._core.mtbf_hours
        return None if h is None else quantity(h, "hour")

    @property
    def effective_pue(self):
        """The PUE the energy models use: the datacenter's, else the region's, else 1.12 (best air-cooled)."""
        return self._core.effective_pue

    def _fields(self):
        c = self._core
        return {"name": c.name, "node": self.node, "count": c.count, "fabric": self.fabric, "region": self.region,
                "datacenter": self.datacenter, "mtbf_hours": c.mtbf_hours}

    def _identity(self):
        c = self._core
        return (c.name, self.node, c.count, self.fabric, self.region, self.datacenter, c.mtbf_hours)

    def __repr__(self):
        return f"Fleet({self.name}, {self.count} x {self.node.name})"


# The reference's module for these classes (``from mlsysim.systems.types import Fleet``) is this one.
types = sys.modules[__name__]
sys.modules.setdefault(__name__ + ".types", types)
