"""Columnar sweeps of SingleNodeModel: a grid of inputs in, one numpy array
per result field out, computed in C++ on every core.

``mlsysim.sweep(model, hardware, batch_size=range(1, 1025), precision=["fp16", "int8"])``
evaluates every combination. An argument given as a list (tuple, range, 1-D
array) is an axis of the grid; one given as a single value is fixed. The
result's arrays have one dimension per axis, in the order of the arguments.
Points whose inputs do not go together (fp4 on hardware without an fp4 rate)
are flagged in ``valid`` rather than raised; models that do not fit are
results with ``feasible`` False, as ``raise_errors=False`` gives.
"""

from . import _core

__all__ = ["Sweep", "engine_sweep", "sweep"]

# SingleNodeModel's inputs but raise_errors, in its order: the grid's axes.
_AXES = ("model", "hardware", "batch_size", "precision", "efficiency", "is_training", "seq_len",
         "zero_stage", "dp_size", "is_lora", "activation_recomputation")
_FLAGS = ("valid", "feasible", "overhead_dominated")


def _as_axis(value, name):
    """(values, swept): a list-like is an axis, anything else one fixed value."""
    if isinstance(value, (list, tuple, range)):
        return list(value), True
    if type(value).__module__ == "numpy" and hasattr(value, "tolist") and getattr(value, "ndim", 0) == 1:
        return value.tolist(), True
    if isinstance(value, (set, frozenset, dict)):
        raise TypeError(f"{name}: expected one value or a list of values, got a {type(value).__name__} "
                        "(its order is undefined; pass a list)")
    return [value], False


def _coordinate(value):
    core = getattr(value, "_core", None)
    return core.key if core is not None else getattr(value, "key", value)


class Sweep:
    """A grid of SingleNodeModel results.

    ``dims`` names the swept axes, ``coords[dim]`` their values (registry keys
    for models and hardware) and ``shape`` their lengths. Each result field is
    a numpy array of that shape under its SI key: ``s["latency_s"]`` or
    ``s.latency_s``; ``valid``, ``feasible`` and ``overhead_dominated`` are
    boolean arrays and ``bottleneck`` holds "compute"/"memory". Numbers of
    invalid points are NaN; ``offload_*`` are NaN where nothing spills.

    Iterating a Sweep (and ``len``) gives the rows 0.3.0's ``Engine.sweep``
    returned: one dict (hardware, batch_size, precision, profile) per point
    that is valid and fits in memory.
    """

    def __init__(self, axes, dims, columns):
        self._axes = axes  # every axis name -> list of values
        self.dims = tuple(dims)
        self.coords = {d: [_coordinate(v) for v in axes[d]] for d in self.dims}
        self.shape = tuple(len(axes[d]) for d in self.dims)
        self._columns = columns  # SI key -> flat array
        self._arrays = {}
        self._rows = None

    @property
    def fields(self):
        """The result keys, as ``s[key]`` takes them."""
        return [k for k in self._columns if k != "bottleneck_memory"] + ["bottleneck"]

    @property
    def size(self):
        """Number of points in the grid."""
        return int(self._columns["latency_s"].size)

    def __getitem__(self, key):
        if isinstance(key, str):
            return self._array(key)
        return self.rows(_stacklevel=3)[key]

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._array(name)
        except KeyError:
            raise AttributeError(f"Sweep has no field {name!r} (fields: {', '.join(self.fields)})") from None

    def _array(self, key):
        array = self._arrays.get(key)
        if array is None:
            if key == "bottleneck":
                import numpy as np

                flat = np.where(self._columns["bottleneck_memory"].astype(bool), "memory", "compute")
            elif key in self._columns and key != "bottleneck_memory":
                flat = self._columns[key]
                if key in _FLAGS:
                    flat = flat.view(bool)
            else:
                raise KeyError(f"Sweep has no field {key!r} (fields: {', '.join(self.fields)})")
            array = self._arrays[key] = flat.reshape(self.shape)
        return array

    def to_dict(self):
        """Every field as an array, plus the coordinates under their axis names."""
        out = {d: list(self.coords[d]) for d in self.dims}
        out.update({k: self._array(k) for k in self.fields})
        return out

    def rows(self, _stacklevel=2):
        """The valid points that fit, as 0.3.0's Engine.sweep listed them (its
        order: hardware, then batch size, then precision). A precision the
        hardware lists no rate for warns once per message, at the caller."""
        if self._rows is None:
            import warnings

            from .solvers import SingleNodeModel

            keep = (self._columns["valid"] & self._columns["feasible"]).astype(bool)
            fixed = {name: values[0] for name, values in self._axes.items() if name not in self.dims}
            rows = []
            solver = SingleNodeModel()
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                for flat in keep.nonzero()[0].tolist():
                    point = dict(fixed)
                    rest = flat
                    for dim, extent in zip(reversed(self.dims), reversed(self.shape)):
                        point[dim] = self._axes[dim][rest % extent]
                        rest //= extent
                    rows.append((point, solver.solve(**point)))
            for message in dict.fromkeys(str(w.message) for w in caught):
                warnings.warn(message, stacklevel=_stacklevel + 1)
            named = []
            for point, profile in rows:
                hardware = point["hardware"]
                name = hardware.name if hasattr(hardware, "name") else _core.hardware(hardware).name
                named.append({"hardware": name, "batch_size": point["batch_size"],
                              "precision": point["precision"], "profile": profile})
            self._rows = named
        return self._rows

    def __iter__(self):
        return iter(self.rows(_stacklevel=3))

    def __len__(self):
        return len(self.rows(_stacklevel=3))

    def __repr__(self):
        dims = ", ".join(f"{d}: {n}" for d, n in zip(self.dims, self.shape))
        return f"<Sweep of SingleNodeModel ({dims}; {self.size} points)>"


def _run(axes, dims):
    columns = _core.sweep_single_node(axes)
    return Sweep(axes, dims, columns)


def sweep(model, hardware, batch_size=1, precision="fp16", efficiency=0.5, is_training=False, seq_len=2048,
          zero_stage=0, dp_size=1, is_lora=False, activation_recomputation=False):
    """SingleNodeModel on every combination of the given values (see the
    module's docstring); returns a :class:`Sweep`. Arguments are those of
    ``SingleNodeModel().solve`` but raise_errors; each takes one value or a
    list of them. An empty list is an error."""
    given = dict(model=model, hardware=hardware, batch_size=batch_size, precision=precision,
                 efficiency=efficiency, is_training=is_training, seq_len=seq_len, zero_stage=zero_stage,
                 dp_size=dp_size, is_lora=is_lora, activation_recomputation=activation_recomputation)
    axes, dims = {}, []
    for name in _AXES:
        values, swept = _as_axis(given[name], name)
        if not values:
            raise ValueError(f"{name}: an axis needs at least one value")
        axes[name] = values
        if swept:
            dims.append(name)
    return _run(axes, dims)


def _list_argument(value, name, default, example):
    if value is None:
        return [default]
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple, range)):
        raise TypeError(f"{name} must be a list such as {example}, got {value!r}")
    values = list(value)
    if not values:
        raise ValueError(f"{name} is empty; give at least one value (or None for {default!r})")
    return values


def engine_sweep(model, hardware_list, batch_sizes=None, precisions=None, efficiency=0.5):
    """Every hardware x batch size x precision (0.3.0's ``Engine.sweep``).

    Returns a :class:`Sweep` with the dims (hardware, batch_size, precision);
    iterating it gives 0.3.0's rows, the points that fit."""
    if isinstance(model, (list, tuple)):
        raise TypeError(f"model must be one model, got a {type(model).__name__}; sweep models with mlsysim.sweep")
    axes = {"model": [model],
            "hardware": _list_argument(hardware_list, "hardware_list", None, "[Hardware.Cloud.H100]"),
            "batch_size": _list_argument(batch_sizes, "batch_sizes", 1, "[1, 8, 32]"),
            "precision": _list_argument(precisions, "precisions", "fp16", "['fp16', 'int8']"),
            "efficiency": [efficiency], "is_training": [False], "seq_len": [2048], "zero_stage": [0],
            "dp_size": [1], "is_lora": [False], "activation_recomputation": [False]}
    if axes["hardware"] == [None]:
        raise TypeError("hardware_list must be a list such as [Hardware.Cloud.H100], got None")
    return _run(axes, ("hardware", "batch_size", "precision"))
