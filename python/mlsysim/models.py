"""Layer A: a workload (model) as its paper or model card describes it."""

from functools import cached_property

from . import _core
from .entity import Entity
from .units import data_size, quantity


def bytes_per_param(precision):
    """A precision name ("fp16"), a byte quantity, or a plain number of bytes."""
    if isinstance(precision, str):
        return _core.bytes_per_element(precision)
    if hasattr(precision, "units"):
        return precision.m_as("byte")
    return float(precision)


class ComputationGraph:
    """The two numbers the roofline needs, at one precision."""

    def __init__(self, name, core):
        self.name = name
        self.total_ops = quantity(core.total_ops, "flop")
        self.parameter_count = quantity(core.parameter_count, "param")
        self.weight_bytes = quantity(core.weight_bytes, "byte")
        self.layers = core.layers

    @property
    def arithmetic_intensity(self):
        return (self.total_ops / self.weight_bytes).to("flop/byte")

    def __repr__(self):
        return (f"ComputationGraph({self.name}: {self.total_ops:.4g}, {self.weight_bytes:.4g}, "
                f"{self.layers} layers)")


class Workload(Entity):
    def __init__(self, core):
        super().__init__(core)
        self.category = core.category
        self.architecture = core.architecture
        self.kind = core.kind  # "transformer", "cnn", ...
        self.release_year = core.release_year
        for field in ("layers", "hidden_dim", "heads", "kv_heads", "head_dim", "kv_lora_rank",
                      "qk_rope_head_dim", "experts", "active_experts_per_token", "state_size",
                      "denoising_steps", "resolution", "context_length", "vocab_size"):
            setattr(self, field, getattr(core, field))

    parameters = cached_property(lambda self: quantity(self._core.parameters, "param"))
    model_size = cached_property(lambda self: data_size(self._core.model_size_bytes))
    inference_flops = cached_property(lambda self: quantity(self._core.inference_flops, "flop"))
    active_parameters = cached_property(lambda self: quantity(self._core.active_parameters, "param"))
    training_ops = cached_property(lambda self: quantity(self._core.training_ops, "flop"))
    training_tokens = cached_property(lambda self: quantity(self._core.training_tokens, "token"))

    def lower(self, precision="fp16"):
        """The hardware-agnostic graph at ``precision`` (name or bytes per parameter)."""
        return ComputationGraph(self.name, _core.lower(self._core, bytes_per_param(precision)))

    def size_in_bytes(self, precision="fp16"):
        return data_size(_core.size_in_bytes(self._core, bytes_per_param(precision)))

    def __repr__(self):
        count = self._core.parameters
        params = "" if count is None else f", {count:,.0f} params"
        # The reference's class name, e.g. "TransformerWorkload".
        return f"{self._core.class_name}({self.name}, {self.architecture}{params})"
