"""Layer B: an accelerator as its datasheet describes it."""

from functools import cached_property

from .entity import Entity
from .units import compute_rate, data_rate, data_size, quantity


def _rate_for(key, flop_per_s):
    # Integer rates are quoted in TOPS on datasheets; same dimension as FLOP/s.
    return quantity(flop_per_s / 1e12, "TOPS") if key.startswith("int") else compute_rate(flop_per_s)


class ComputeCore:
    def __init__(self, core):
        self._core = core

    @cached_property
    def peak_flops(self):
        """Headline rate (dense FP16/BF16)."""
        return compute_rate(self._core.peak_flops_per_s)

    @cached_property
    def precision_flops(self):
        return {key: _rate_for(key, rate) for key, rate in self._core.precision_flops_per_s}

    def __repr__(self):
        return f"ComputeCore(peak_flops={self.peak_flops}, precision_flops={self.precision_flops})"


class MemoryHierarchy:
    def __init__(self, core):
        self._core = core

    capacity = cached_property(lambda self: data_size(self._core.capacity_bytes))
    bandwidth = cached_property(lambda self: data_rate(self._core.bandwidth_bytes_per_s))
    sram_capacity = cached_property(lambda self: data_size(self._core.sram_capacity_bytes))
    sram_bandwidth = cached_property(lambda self: data_rate(self._core.sram_bandwidth_bytes_per_s))
    flash_capacity = cached_property(lambda self: data_size(self._core.flash_capacity_bytes))
    flash_bandwidth = cached_property(lambda self: data_rate(self._core.flash_bandwidth_bytes_per_s))
    l2_cache = cached_property(lambda self: data_size(self._core.l2_cache_bytes))

    def __repr__(self):
        return f"MemoryHierarchy(capacity={self.capacity}, bandwidth={self.bandwidth})"


class StorageHierarchy:
    def __init__(self, core):
        self._core = core

    capacity = cached_property(lambda self: data_size(self._core.capacity_bytes))
    bandwidth = cached_property(lambda self: data_rate(self._core.bandwidth_bytes_per_s))
    latency = cached_property(lambda self: quantity(self._core.latency_s, "s"))

    def __repr__(self):
        return f"StorageHierarchy(capacity={self.capacity}, bandwidth={self.bandwidth})"


class Link:
    """A host (PCIe) or scale-up (NVLink) link."""

    def __init__(self, core):
        self._core = core
        self.name = core.name
        self.direction = "bidirectional_total" if core.bidirectional_total else "per_direction"

    bandwidth = cached_property(lambda self: data_rate(self._core.bandwidth_bytes_per_s))  # as quoted
    latency = cached_property(lambda self: quantity(self._core.latency_s, "s"))
    bandwidth_per_direction = cached_property(lambda self: data_rate(self._core.bandwidth_per_direction_bytes_per_s))

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
        self.embodied_carbon_kg = core.embodied_carbon_kg
        self.accelerator_count = core.accelerator_count

    tdp = cached_property(lambda self: quantity(self._core.tdp_w, "W"))
    unit_cost = cached_property(lambda self: quantity(self._core.unit_cost_usd, "USD"))
    dispatch_tax = cached_property(lambda self: quantity(self._core.dispatch_tax_s * 1e3, "ms"))

    @cached_property
    def battery_capacity(self):
        j = self._core.battery_capacity_j
        return None if j is None else quantity(j / 3600, "Wh")

    def ridge_point(self, precision="fp16"):
        """Arithmetic intensity (FLOP/byte) where the roofline turns flat."""
        return quantity(self._core.ridge_point(precision), "flop/byte")

    def __repr__(self):
        return f"HardwareNode({self.name}, {self.release_year})"
