"""The result of a roofline solve, with the reference's field names."""

from .units import Q_, quantity


class Bottleneck(str):
    """Equal to "Memory" or "Compute" (as the reference compares it), but
    printed as "Memory Bound" / "Compute Bound"."""

    def __str__(self):
        return f"{str.__str__(self)} Bound"

    def __format__(self, spec):
        return format(str(self), spec)


class PerformanceProfile:
    """Latency, throughput, bottleneck, memory fit, MFU and energy of one solve.

    Built from the solver's SI record (the same one the CLI prints as JSON)."""

    def __init__(self, record):
        self._record = dict(record)
        self.feasible = record["feasible"]
        self.bottleneck = Bottleneck(record["bottleneck"].capitalize())
        self.latency = Q_(record["latency_s"] * 1e3, "ms")
        self.latency_compute = Q_(record["latency_compute_s"] * 1e3, "ms")
        self.latency_memory = Q_(record["latency_memory_s"] * 1e3, "ms")
        self.latency_overhead = Q_(record["latency_overhead_s"] * 1e3, "ms")
        self.throughput = Q_(record["throughput_per_s"], "1/s")
        self.arithmetic_intensity = Q_(record["arithmetic_intensity_flop_per_byte"], "flop/byte")
        self.energy = Q_(record["energy_j"], "J")
        self.memory_footprint = Q_(record["memory_footprint_bytes"], "byte")
        self.peak_flops_actual = Q_(record["peak_flops_actual_flop_per_s"] / 1e12, "TFLOPs/s")
        self.peak_bw_actual = Q_(record["peak_bw_actual_bytes_per_s"] / 1e9, "GB/s")
        self.mfu = record["mfu"]  # model FLOPs utilization
        self.hfu = record["hfu"]  # hardware FLOPs utilization (counts recompute)
        self.overhead_dominated = record["overhead_dominated"]
        self.offload_spill_bytes = quantity(record["offload_spill_bytes"], "byte")
        bw = record["offload_effective_bw_bytes_per_s"]
        self.offload_effective_bw = None if bw is None else Q_(bw / 1e9, "GB/s")
        self.constraint_trace = list(record["constraint_trace"])
        self.warnings = list(record["warnings"])

    @property
    def energy_per_inference(self):
        """Energy of the whole batch window; divide by batch size for per-sample."""
        return self.energy

    def summary(self):
        return "\n".join([
            f"Feasible: {self.feasible}",
            f"Bottleneck: {self.bottleneck}",
            f"Latency: {self.latency:~P}",
            f"  Compute: {self.latency_compute:~P}",
            f"  Memory: {self.latency_memory:~P}",
            f"  Overhead: {self.latency_overhead:~P}",
            f"Throughput: {self.throughput:~P}",
            f"MFU: {self.mfu:.3f}",
            f"HFU: {self.hfu:.3f}",
            f"Memory Footprint: {self.memory_footprint:~P}",
        ])

    def to_dict(self):
        """SI numbers with the unit in the key (``latency_s``), like ``mlsysim -o json``."""
        return dict(self._record)

    def __repr__(self):
        return (f"PerformanceProfile(latency={self.latency:.4g~P}, bottleneck={self.bottleneck!r}, "
                f"throughput={self.throughput:.4g~P}, feasible={self.feasible})")
