"""Layer D: servers (nodes), the network between them (fabrics), and clusters."""

from functools import cached_property

from .entity import Entity
from .hardware import HardwareNode
from .infra import GridProfile
from .units import data_rate, quantity


class NetworkFabric(Entity):
    def __init__(self, core):
        super().__init__(core)
        self.topology = core.topology
        self.oversubscription_ratio = core.oversubscription_ratio

    bandwidth = cached_property(lambda self: data_rate(self._core.bandwidth_bytes_per_s))

    @cached_property
    def latency(self):
        s = self._core.latency_s
        return None if s is None else quantity(s * 1e6, "us")

    def __repr__(self):
        return f"NetworkFabric({self.name}, {self.bandwidth}, {self.topology})"


class Node(Entity):
    def __init__(self, core):
        super().__init__(core)
        self.accelerator = HardwareNode(core.accelerator)
        self.accelerators_per_node = core.accelerators_per_node
        self.nics_per_node = core.nics_per_node
        self.psus_per_node = core.psus_per_node
        self.psu_redundancy = core.psu_redundancy

    @property
    def series_psus(self):
        """PSUs whose single failure stops the node (none when there is a spare)."""
        return 0 if self.psu_redundancy > 0 else self.psus_per_node

    intra_node_bw = cached_property(lambda self: data_rate(self._core.intra_node_bw_bytes_per_s))

    def __repr__(self):
        return f"Node({self.name}, {self.accelerators_per_node}x {self.accelerator.name})"


class Fleet(Entity):
    """A cluster: ``count`` identical nodes on one fabric, optionally in a region."""

    def __init__(self, core):
        super().__init__(core)
        self.node = Node(core.node)
        self.count = core.count
        self.fabric = NetworkFabric(core.fabric)
        self.region = None if core.region is None else GridProfile(core.region)
        self.mtbf_hours = core.mtbf_hours
        self.total_accelerators = core.total_accelerators

    def __repr__(self):
        return f"Fleet({self.name}, {self.count} x {self.node.name})"
