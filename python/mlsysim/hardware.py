"""Layer B: an accelerator as its datasheet describes it."""

from .entity import Entity
from .units import Q_, compute_rate, data_rate, data_size, quantity


def _rate_for(key, flop_per_s):
    # Integer rates are quoted in TOPS on datasheets; same dimension as FLOP/s.
    return Q_(flop_per_s / 1e12, "TOPS") if key.startswith("int") else compute_rate(flop_per_s)


class ComputeCore:
    def __init__(self, core):
        self.peak_flops = compute_rate(core.peak_flops_per_s)  # headline (dense FP16/BF16)
        self.precision_flops = {key: _rate_for(key, rate) for key, rate in core.precision_flops_per_s}

    def __repr__(self):
        return f"ComputeCore(peak_flops={self.peak_flops}, precision_flops={self.precision_flops})"


class MemoryHierarchy:
    def __init__(self, core):
        self.capacity = data_size(core.capacity_bytes)
        self.bandwidth = data_rate(core.bandwidth_bytes_per_s)
        self.sram_capacity = data_size(core.sram_capacity_bytes)
        self.sram_bandwidth = data_rate(core.sram_bandwidth_bytes_per_s)
        self.flash_capacity = data_size(core.flash_capacity_bytes)
        self.flash_bandwidth = data_rate(core.flash_bandwidth_bytes_per_s)
        self.l2_cache = data_size(core.l2_cache_bytes)

    def __repr__(self):
        return f"MemoryHierarchy(capacity={self.capacity}, bandwidth={self.bandwidth})"


class StorageHierarchy:
    def __init__(self, core):
        self.capacity = data_size(core.capacity_bytes)
        self.bandwidth = data_rate(core.bandwidth_bytes_per_s)
        self.latency = quantity(core.latency_s, "s")

    def __repr__(self):
        return f"StorageHierarchy(capacity={self.capacity}, bandwidth={self.bandwidth})"


class Link:
    """A host (PCIe) or scale-up (NVLink) link."""

    def __init__(self, core):
        self.name = core.name
        self.bandwidth = data_rate(core.bandwidth_bytes_per_s)  # as the datasheet quotes it
        self.latency = quantity(core.latency_s, "s")
        self.direction = "bidirectional_total" if core.bidirectional_total else "per_direction"
        self.bandwidth_per_direction = data_rate(core.bandwidth_per_direction_bytes_per_s)

    def __repr__(self):
        return f"Link({self.name}, {self.bandwidth}, {self.direction})"


def _optional(wrapper, core):
    return None if core is None else wrapper(core)


class HardwareNode(Entity):
    def __init__(self, core):
        super().__init__(core)
        self.category = core.category
        self.release_year = core.release_year
        self.compute = ComputeCore(core.compute)
        self.memory = MemoryHierarchy(core.memory)
        self.storage = _optional(StorageHierarchy, core.storage)
        self.interconnect = _optional(Link, core.interconnect)
        self.nvlink = _optional(Link, core.nvlink)
        self.tdp = quantity(core.tdp_w, "W")
        self.battery_capacity = None if core.battery_capacity_j is None else Q_(core.battery_capacity_j / 3600, "Wh")
        self.unit_cost = quantity(core.unit_cost_usd, "USD")
        self.embodied_carbon_kg = core.embodied_carbon_kg
        self.accelerator_count = core.accelerator_count
        self.dispatch_tax = Q_(core.dispatch_tax_s * 1e3, "ms")

    def ridge_point(self, precision="fp16"):
        """Arithmetic intensity (FLOP/byte) where the roofline turns flat."""
        return Q_(self._core.ridge_point(precision), "flop/byte")

    def __repr__(self):
        return f"HardwareNode({self.name}, {self.release_year})"
