"""Layer D: servers (nodes), the network between them (fabrics), and clusters."""

from .entity import Entity
from .hardware import HardwareNode
from .infra import GridProfile
from .units import data_rate, quantity


class NetworkFabric(Entity):
    def __init__(self, core):
        super().__init__(core)
        self.topology = core.topology
        self.bandwidth = data_rate(core.bandwidth_bytes_per_s)
        self.latency = None if core.latency_s is None else quantity(core.latency_s * 1e6, "us")
        self.oversubscription_ratio = core.oversubscription_ratio

    def __repr__(self):
        return f"NetworkFabric({self.name}, {self.bandwidth}, {self.topology})"


class Node(Entity):
    def __init__(self, core):
        super().__init__(core)
        self.accelerator = HardwareNode(core.accelerator)
        self.accelerators_per_node = core.accelerators_per_node
        self.intra_node_bw = data_rate(core.intra_node_bw_bytes_per_s)
        self.nics_per_node = core.nics_per_node
        self.psus_per_node = core.psus_per_node

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
