"""Layer A: a workload (model) as its paper or model card describes it.

The registry's are under ``mlsysim.Models`` (``Models.Language.Llama3_8B``); build your own as in
0.3.0, with its classes, field names and defaults::

    from mlsysim.models import CNNWorkload, TransformerWorkload   # or mlsysim.models.types

    cnn = CNNWorkload(name="Custom Vision Model", architecture="CNN", parameters="50 Mparam",
                      inference_flops="10 Gflop")
    lm = TransformerWorkload(name="My 8B", architecture="Transformer", parameters="8.03 Bparam", layers=32,
                             hidden_dim=4096, heads=32, kv_heads=8)

The classes are ``Workload`` (known by its parameters or model_size), ``TransformerWorkload``,
``SparseTransformerWorkload`` (mixture of experts), ``CNNWorkload``, ``SSMWorkload``,
``DiffusionWorkload`` and ``EmbodiedWorkload``, each with 0.3.0's fields (a registry entry is an
instance of its class too). Counts are quantities or text in params ("50 Mparam", "8.03 Bparam"),
operations in flop ("10 Gflop"), sizes in bytes ("16 GB"); a bare number is refused, as 0.3.0
refuses it. Every field is checked by the registry loader, as the same entry in a registry file
would be; a bad value is one ValueError naming the class and the field, and a wrong type, an unknown
field or a field of 0.3.0 this version cannot represent is a TypeError naming it. A user-built
workload goes wherever a registry one does, stays valid on its own, has ``model_copy``, compares
equal when its fields do, and pickles (a registry entry by its path).
"""

import sys
from functools import cached_property

from . import _core
from .entity import Entity, Fields
from .hardware import (
    COUNT,
    DATA_SIZE,
    OPERATIONS,
    TOKENS,
    _checked,
    _metadata,
    _si,
    _si_text,
    _source,
    _take,
    _text,
    _whole,
    _wrapped,
)
from .units import data_size, quantity

__all__ = ["CNNWorkload", "ComputationGraph", "DiffusionWorkload", "EmbodiedWorkload", "SSMWorkload",
           "SparseTransformerWorkload", "TransformerWorkload", "Workload"]


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


# The fields the workload classes have: the quantities (the kind of unit each takes, and the unit its SI
# number is written in for model_copy) and the whole numbers.
_QUANTITIES = {"parameters": (COUNT, "count"), "active_parameters": (COUNT, "count"),
               "model_size": (DATA_SIZE, "byte"), "inference_flops": (OPERATIONS, "flop"),
               "training_ops": (OPERATIONS, "flop"), "training_tokens": (TOKENS, "count")}
_C_FIELD = {"model_size": "model_size_bytes"}  # the C++ record's name where it differs
_WHOLE = ("release_year", "layers", "hidden_dim", "heads", "kv_heads", "head_dim", "kv_lora_rank",
          "qk_rope_head_dim", "experts", "active_experts_per_token", "state_size", "denoising_steps", "resolution",
          "context_length", "vocab_size")
_ALL = tuple(_QUANTITIES) + _WHOLE


def _registry_model(path):
    from .registry import Models
    return Models.get(path)


class Workload(Fields, Entity):
    """A workload known by its size: ``Workload(name, architecture, parameters=None, model_size=None,
    inference_flops=None, release_year=None, metadata=None)`` (it needs parameters or a model_size).
    ``inference_flops`` is per generated token for language models, per input for vision and
    recommendation models, per denoising step for diffusion (as in 0.3.0)."""

    _KIND = "workload"
    _REQUIRED_FIELDS = ()
    _OPTIONAL_FIELDS = ("parameters", "model_size", "inference_flops", "release_year")
    _UNREPRESENTABLE = dict.fromkeys(("embedding_entries", "inference_energy", "data_rate", "training_dataset_size",
                                      "parameter_range_min", "parameter_range_max"))
    _DEFAULTS = {}

    def __new__(cls, *args, **fields):
        # A registry record comes back as an instance of its class (Models.ResNet50 is a CNNWorkload).
        if cls is Workload and len(args) == 1 and isinstance(args[0], _core.Workload):
            cls = _CLASSES.get(args[0].kind, Workload)
        return super().__new__(cls)

    def __init__(self, *args, **fields):
        cls = type(self).__name__
        core = _wrapped(cls, args, fields, _core.Workload)
        self.metadata = None
        if core is None:
            _take(cls, fields, ("name", "architecture") + self._REQUIRED_FIELDS,
                  self._OPTIONAL_FIELDS + ("metadata",), self._UNREPRESENTABLE)
            self.metadata = fields.get("metadata")
            entry = {"type": self._KIND, "name": _text(fields["name"], cls, "name"),
                     "architecture": _text(fields["architecture"], cls, "architecture")}
            for name in self._REQUIRED_FIELDS + self._OPTIONAL_FIELDS:
                value = fields.get(name, self._DEFAULTS.get(name))
                if name in _QUANTITIES:
                    value = _si(value, cls, name, _QUANTITIES[name][0])
                else:
                    value = _whole(value, cls, name)
                if value is not None:
                    entry[name] = value
            entry["source"] = _source(cls, self.metadata)
            core = _checked(cls, entry, section="models", given=fields)
        super().__init__(core)
        self.category = core.category
        self.architecture = core.architecture
        self.kind = core.kind  # "transformer", "cnn", ...
        for field in _WHOLE:
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

    def _value(self, name):
        return getattr(self._core, _C_FIELD.get(name, name))

    def _fields(self):
        fields = {"name": self._core.name, "architecture": self._core.architecture}
        own = self._REQUIRED_FIELDS + self._OPTIONAL_FIELDS
        # A registry file's entry may give a field its class has not (a cnn's hidden_dim): it is kept
        # here, so a copy refuses it by name rather than drop it.
        for name in own + tuple(n for n in _ALL if n not in own and self._value(n) is not None):
            value = self._value(name)
            fields[name] = _si_text(value, _QUANTITIES[name][1]) if name in _QUANTITIES else value
        fields["metadata"] = _metadata(self)
        return fields

    def _identity(self):
        return (self._core.kind, self._core.name, self._core.architecture) + tuple(self._value(n) for n in _ALL)

    def __reduce__(self):
        if self.path:  # a registry entry: by path, in the registry of the process that loads it
            return _registry_model, (self.path,)
        return super().__reduce__()

    def __repr__(self):
        count = self._core.parameters
        params = "" if count is None else f", {count:,.0f} params"
        # The reference's class name, e.g. "TransformerWorkload".
        return f"{self._core.class_name}({self.name}, {self.architecture}{params})"


_BASE = Workload._OPTIONAL_FIELDS
_ATTENTION = ("hidden_dim", "heads", "kv_heads", "head_dim", "kv_lora_rank", "qk_rope_head_dim", "training_ops",
              "training_tokens", "context_length", "vocab_size")


class TransformerWorkload(Workload):
    """An autoregressive Transformer (an LLM): ``TransformerWorkload(name, architecture, parameters,
    layers, hidden_dim=None, heads=None, kv_heads=None, head_dim=None, kv_lora_rank=None,
    qk_rope_head_dim=None, training_ops=None, training_tokens=None, inference_flops=None,
    context_length=None, vocab_size=None, ...)``; ``kv_lora_rank`` and ``qk_rope_head_dim`` together
    size a multi-head latent attention cache (DeepSeek)."""

    _KIND = "transformer"
    _REQUIRED_FIELDS = ("parameters", "layers")
    _OPTIONAL_FIELDS = tuple(f for f in _BASE if f != "parameters") + _ATTENTION
    _UNREPRESENTABLE = dict(Workload._UNREPRESENTABLE, **dict.fromkeys((
        "training_accelerators_ref", "training_days_ref", "training_energy_mwh", "training_gpu_days",
        "training_hardware_label", "training_co2e")))


class SparseTransformerWorkload(TransformerWorkload):
    """A mixture-of-experts Transformer: a TransformerWorkload with ``active_parameters`` (those one
    token uses), ``experts`` and ``active_experts_per_token=1``."""

    _KIND = "sparse_transformer"
    _REQUIRED_FIELDS = TransformerWorkload._REQUIRED_FIELDS + ("active_parameters", "experts")
    _OPTIONAL_FIELDS = TransformerWorkload._OPTIONAL_FIELDS + ("active_experts_per_token",)
    _DEFAULTS = {"active_experts_per_token": 1}


class CNNWorkload(Workload):
    """A convolutional network: ``CNNWorkload(name, architecture, parameters, inference_flops,
    layers=None, ...)``, ``inference_flops`` per input."""

    _KIND = "cnn"
    _REQUIRED_FIELDS = ("parameters", "inference_flops")
    _OPTIONAL_FIELDS = ("model_size", "release_year", "layers")
    _UNREPRESENTABLE = dict(Workload._UNREPRESENTABLE, width_multiplier=None)


class SSMWorkload(Workload):
    """A state space model (Mamba): ``SSMWorkload(name, architecture, parameters, layers, state_size,
    hidden_dim, inference_flops=None, ...)``."""

    _KIND = "ssm"
    _REQUIRED_FIELDS = ("parameters", "layers", "state_size", "hidden_dim")
    _OPTIONAL_FIELDS = ("model_size", "inference_flops", "release_year")


class DiffusionWorkload(Workload):
    """A diffusion model: ``DiffusionWorkload(name, architecture, parameters, denoising_steps,
    resolution, inference_flops=None, ...)``, ``inference_flops`` per denoising step."""

    _KIND = "diffusion"
    _REQUIRED_FIELDS = ("parameters", "denoising_steps", "resolution")
    _OPTIONAL_FIELDS = ("model_size", "inference_flops", "release_year")


class EmbodiedWorkload(Workload):
    """An embodied policy or vision-language-action model: ``EmbodiedWorkload(name, architecture,
    parameters, inference_flops=None, layers=None, hidden_dim=None, ...)``."""

    _KIND = "embodied"
    _REQUIRED_FIELDS = ("parameters",)
    _OPTIONAL_FIELDS = ("model_size", "inference_flops", "release_year", "layers", "hidden_dim")
    # observation_horizon defaults to 1 in 0.3.0: giving that loses nothing.
    _UNREPRESENTABLE = dict(Workload._UNREPRESENTABLE, action_chunk_horizon=None, action_dim=None,
                            observation_horizon=1)


_CLASSES = {c._KIND: c for c in (Workload, TransformerWorkload, SparseTransformerWorkload, CNNWorkload, SSMWorkload,
                                 DiffusionWorkload, EmbodiedWorkload)}

# 0.3.0's module for these classes (``from mlsysim.models.types import CNNWorkload``) is this one.
types = sys.modules[__name__]
sys.modules.setdefault(__name__ + ".types", types)
