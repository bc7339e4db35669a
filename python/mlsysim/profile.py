"""What PerformanceProfile (SingleNodeModel's result) has beyond its fields."""

from .results import extends


class Bottleneck(str):
    """The binding roofline term. Equal to the reference's value ("Memory",
    "Compute") and to the words it prints ("Memory Bound"), ignoring case."""

    def __new__(cls, value):
        return super().__new__(cls, value.capitalize())

    def __str__(self):
        return f"{str.__str__(self)} Bound"

    def __format__(self, spec):
        return format(str(self), spec)

    def __eq__(self, other):
        if isinstance(other, str):
            words = other.strip().lower()
            mine = str.__str__(self).lower()
            return words in (mine, f"{mine} bound", f"{mine}-bound", f"{mine}_bound")
        return NotImplemented

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = str.__hash__


@extends("PerformanceProfile")
class PerformanceProfileExtras:
    @property
    def bottleneck(self):
        value = self.__dict__.get("bottleneck")
        if value is None:
            value = self.__dict__["bottleneck"] = Bottleneck(self._r.get(self._index("bottleneck")))
        return value

    @classmethod
    def _index(cls, attr):
        return cls._fields.index(attr)

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

    def __repr__(self):
        return (f"PerformanceProfile(latency={self.latency:.4g~P}, bottleneck={self.bottleneck!r}, "
                f"throughput={self.throughput:.4g~P}, feasible={self.feasible})")
