"""Solvers. Each runs in the C++ core and returns a result with pint quantities."""

import numbers
import warnings

from . import _core
from .profile import PerformanceProfile
from .registry import resolve_hardware, resolve_model

__all__ = ["Engine", "SingleNodeModel", "solve_record"]

# Keywords SingleNodeModel.solve passes through to Engine.solve.
_ENGINE_OPTIONS = ("is_training", "seq_len", "zero_stage", "dp_size", "is_lora", "activation_recomputation")


def _profile(record):
    # stacklevel 3: _profile, the public solve, then the user's line.
    for message in record["warnings"]:
        warnings.warn(message, stacklevel=3)
    return PerformanceProfile(record)


_COUNT_LIMIT = 10**9


def _count(value, name):
    """A whole number for an int parameter; the engine checks its range."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and float(value).is_integer():
        if abs(value) > _COUNT_LIMIT:
            raise ValueError(f"{name} must be at most {_COUNT_LIMIT}, got {value}")
        return int(value)
    raise ValueError(f"{name} must be a whole number, got {value!r}")


def _number(value, name):
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)
    raise ValueError(f"{name} must be a number, got {value!r}")


def _text(value, name):
    if isinstance(value, str):
        return value
    raise ValueError(f"{name} must be text such as 'fp16', got {value!r}")


def _solve_record(model, hardware, batch_size, precision, efficiency, raise_errors, is_training=False,
                  seq_len=2048, zero_stage=0, dp_size=1, is_lora=False, activation_recomputation=False):
    return _core.solve_single_node(
        resolve_model(model), resolve_hardware(hardware), _count(batch_size, "batch_size"),
        _text(precision, "precision"), _number(efficiency, "efficiency"), bool(raise_errors), bool(is_training),
        _count(seq_len, "seq_len"), _count(zero_stage, "zero_stage"), _count(dp_size, "dp_size"), bool(is_lora),
        bool(activation_recomputation))


class Engine:
    """Roofline performance of one workload on one accelerator."""

    @staticmethod
    def solve(model, hardware, batch_size=1, precision="fp16", efficiency=0.5, raise_errors=False,
              is_training=False, seq_len=2048, zero_stage=0, dp_size=1, is_lora=False,
              activation_recomputation=False):
        """``model`` and ``hardware`` are registry entries or names. A model that
        does not fit gives ``feasible=False`` (spilling to host memory), or
        raises OOMError when ``raise_errors`` is set."""
        return _profile(_solve_record(model, hardware, batch_size, precision, efficiency, raise_errors,
                                      is_training, seq_len, zero_stage, dp_size, is_lora,
                                      activation_recomputation))

    @staticmethod
    def sweep(model, hardware_list, batch_sizes=None, precisions=None, efficiency=0.5):
        """Every hardware x batch size x precision, skipping points that do not fit.

        Returns dicts with keys hardware (name), batch_size, precision, profile."""
        rows = _core.sweep_single_node(
            resolve_model(model), [resolve_hardware(h) for h in hardware_list],
            [_count(b, "batch_sizes") for b in batch_sizes or [1]],
            [_text(p, "precisions") for p in precisions or ["fp16"]], _number(efficiency, "efficiency"))
        results = []
        for row in rows:  # a loop, not a comprehension, so warnings point at the caller
            results.append({"hardware": row["hardware"], "batch_size": row["batch_size"],
                            "precision": row["precision"], "profile": _profile(row["record"])})
        return results


class SingleNodeModel:
    """The roofline solver (Walls 1 and 2: compute and memory)."""

    def solve(self, model, hardware, batch_size=1, precision="fp16", efficiency=0.5, raise_errors=False,
              **kwargs):
        """As Engine.solve; also accepts its training keywords."""
        for name in kwargs:
            if name not in _ENGINE_OPTIONS:
                raise TypeError(f"SingleNodeModel.solve() got an unexpected keyword argument {name!r} "
                                f"(accepted: {', '.join(_ENGINE_OPTIONS)})")
        return _profile(_solve_record(model, hardware, batch_size, precision, efficiency, raise_errors, **kwargs))


def _as_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return getattr(value, "path", None) or str(value)


def solve_record(solver, **params):
    """Runs a solver by name like ``mlsysim solve SOLVER name=value ...`` and
    returns its SI record (the CLI's JSON). Values may be text, numbers,
    booleans or registry entries."""
    return _core.solve_record(solver, {name: _as_text(value) for name, value in params.items()})
