"""Helpers shared by the serving-family case modules (serving.py, continuous_batching.py, ...).

Not a case module itself (the leading ``_`` keeps harness.case_modules() from loading it). Like
the case modules it is imported in both processes, ours and the reference's, so it imports no
mlsysim at module level: registry keys come from our ``data/*.json``, nothing here touches the reference.
"""
from __future__ import annotations

import contextlib
import json
import math
from fractions import Fraction
from functools import cache
from pathlib import Path

from harness import KnownDifference

ROOT = Path(__file__).resolve().parents[3]

PRECISIONS = ("fp32", "tf32", "bf16", "fp16", "fp8", "int8", "int4")
# (0, 1]: 1.0 exactly, tiny values the reference accepts, and a spread in between
EFFICIENCIES = (1.0, 1e-6, 0.001, 0.05, 0.1, 0.25, 1 / 3, 0.5, 0.55, 0.7, 0.9, 0.999999)


@cache
def _entries(kind: str) -> tuple[tuple[str, dict], ...]:
    """(key, entry) of ``data/<kind>/*.json`` in a fixed order (file name, then entry order)."""
    out: list[tuple[str, dict]] = []
    for path in sorted((ROOT / "data" / kind).glob("*.json")):
        out.extend(json.loads(path.read_text(encoding="utf-8"))["entries"].items())
    return tuple(out)


def model_keys() -> list[str]:
    return [k for k, _ in _entries("models")]


def hardware_keys() -> list[str]:
    return [k for k, _ in _entries("hardware")]


def model_entry(key: str) -> dict:
    return dict(_entries("models"))[key]


def hardware_entry(key: str) -> dict:
    return dict(_entries("hardware"))[key]


def transformer_keys() -> list[str]:
    """Models the transformer solvers accept: registry type transformer or sparse_transformer."""
    return [k for k, e in _entries("models") if e.get("type") in ("transformer", "sparse_transformer")]


def sparse_keys() -> frozenset[str]:
    """Mixture-of-experts models (registry type sparse_transformer: Mixtral_8x7B, GPT4, DeepSeek_V3)."""
    return frozenset(k for k, e in _entries("models") if e.get("type") == "sparse_transformer")


def non_transformer_keys() -> list[str]:
    return [k for k, e in _entries("models") if e.get("type") not in ("transformer", "sparse_transformer")]


# ---------------------------------------------------------------- values

_BYTE_UNITS = {"B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12, "PB": 1e15,
               "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}
BYTES_PER_ELEMENT = {"fp32": 4, "tf32": 4, "bf16": 2, "fp16": 2, "fp8": 1, "int8": 1, "int4": 0.5}


def bytes_of(text: str) -> float:
    """'80 GiB' -> 85899345920.0 (the registry's capacity text)."""
    number, unit = text.split()
    return float(number) * _BYTE_UNITS[unit]


def weight_bytes(model: str, precision: str) -> float:
    """parameters x bytes per element, as both sides size a transformer's weights."""
    return model_entry(model)["parameters"] * BYTES_PER_ELEMENT[precision]


def weights_fit(model: str, hardware: str, precision: str) -> bool:
    """Memory capacity minus the weights is positive (ContinuousBatchingModel's first test)."""
    return bytes_of(hardware_entry(hardware)["memory"]["capacity"]) - weight_bytes(model, precision) > 0


def is_nan(v) -> bool:
    return (isinstance(v, str) and v.strip().lower().startswith("nan")) or (
        isinstance(v, float) and math.isnan(v))


def as_float(v) -> float:
    """A case value as a float ("nan"/"inf" strings included)."""
    return float(v)


def close(a, b, rel: float = 1e-9) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    if a == b:
        return True
    return abs(a - b) <= rel * max(abs(a), abs(b))


# ---------------------------------------------------------------- exact arithmetic for matchers

def exact(x) -> Fraction:
    """A number (or our SI quantity) as an exact fraction, to tell a true tie from round-off."""
    if hasattr(x, "m_as"):
        raise TypeError("convert the quantity to SI first")
    return Fraction(x)


def ties(a, b) -> bool:
    """a == b in exact arithmetic of the doubles given (a ratio that is exactly 1)."""
    return exact(a) == exact(b)


def ridge_tie_difference(fields: tuple[str, ...], is_tie) -> KnownDifference:
    """A step exactly on the ridge point: ours says Compute, as 0.3.0's calc_bottleneck documents
    for a tie; 0.3.0's pint round-off (9593.750000000002 ms vs 9593.75 ms) breaks some toward Memory."""
    return KnownDifference(
        id="ridge-tie-is-compute",
        fields=fields,
        status="deliberate",
        reason="compute and memory time are exactly equal (intensity on the ridge point): ours calls "
               "it Compute, the tie-break 0.3.0's calc_bottleneck documents; 0.3.0's unit "
               "conversions leave one side an ulp larger and call some such ties Memory.",
        matches=lambda d: d.field != "error" and is_tie(d.case),
    )


# ---------------------------------------------------------------- fp4, which 0.3.0 does not know

def with_fp4(cases: list[dict]) -> list[dict]:
    """The cases again, marked for ``fp4_taught``: they must then agree field by field."""
    return [{**c, "_with_fp4": True} for c in cases]


@contextlib.contextmanager
def fp4_taught(case: dict):
    """A ``reference_context``: for cases marked ``_with_fp4``, teach the reference fp4 at 0.5
    byte/element (as we do). With the entry in its PRECISION_MAP, its solvers find the fp4 rate in
    precision_flops like any other precision's. Runs in the reference's process."""
    if not case.get("_with_fp4"):
        yield
        return
    from mlsysim.core import units
    units.PRECISION_MAP["fp4"] = units.Q_(0.5, "byte")
    try:
        yield
    finally:
        del units.PRECISION_MAP["fp4"]


def fp4_difference(reason: str, ref_error: str = "ValueError: precision 'fp4'") -> KnownDifference:
    """fp4 accepted by us (where the hardware lists an fp4 rate), rejected by 0.3.0."""
    return KnownDifference(
        id="fp4-accepted", fields=("error",), status="deliberate", reason=reason,
        matches=lambda d: d.case.get("precision") == "fp4" and not d.case.get("_with_fp4")
        and d.ours == "no error" and str(d.ref).startswith(ref_error),
    )


def assert_fp4_groups(run, ref_error: str = "ValueError: precision 'fp4'") -> None:
    """The "fp4" group: the reference raises, we answer, and a known difference says so; the
    "fp4_patched" group (the reference taught fp4): both answer and nothing differs."""
    cs, ours, refs, start = run.group("fp4")
    accepted = {d.index for d in run.by_id["fp4-accepted"]}
    for j, (c, o, r) in enumerate(zip(cs, ours, refs)):
        assert r.message.startswith(ref_error), (c, r.message)
        assert o.error is None and start + j in accepted, (c, o.message)
    sl = run.slices["fp4_patched"]
    assert all(r.error is None for r in run.refs[sl])
    assert not [d for d in run.stats.diffs if sl.start <= d.index < sl.stop]


# ---------------------------------------------------------------- accepted differences

def moe_difference(fields: tuple[str, ...], what: str, model_key: str = "model") -> KnownDifference:
    """Sparse (MoE) models: our prefill linear FLOPs use active_parameters, 0.3.0 uses all of them.

    Matches only cases whose ``model`` is a sparse_transformer, and only ``fields``.
    """
    sparse = sparse_keys()
    return KnownDifference(
        id="moe-active-parameter-flops",
        fields=fields,
        status="deliberate",
        reason="mixture-of-experts models (registry type sparse_transformer): the prefill's linear "
               "FLOPs are 2 x active_parameters x tokens (each token passes through its routed "
               "experts only); 0.3.0 counts 2 x parameters, all experts, so its linear prefill "
               "term is parameters/active_parameters times ours (3.6x Mixtral_8x7B, 6.3x GPT4, "
               f"18x DeepSeek_V3); the attention term and decode (weight streaming) are the same. {what}",
        matches=lambda d: d.case.get(model_key) in sparse and d.field != "error",
    )


def rejected_difference(id_: str, reason: str, predicate) -> KnownDifference:
    """Inputs the reference accepts silently and we reject (ValueError, CLI exit 1)."""
    return KnownDifference(
        id=id_, fields=("error",), status="deliberate", reason=reason,
        matches=lambda d: d.ref == "no error" and str(d.ours).startswith("input:") and predicate(d.case),
    )


# ---------------------------------------------------------------- checks shared by the modules

def assert_main_solves(run) -> None:
    for c, o, r in zip(*run.group("main")[:3]):
        assert r.error is None, f"case generator produced an input the reference rejects: {c}: {r.message}"
        assert o.error is None, (c, o.message)


def assert_errors_raise(run, group: str = "error") -> None:
    for c, o, r in zip(*run.group(group)[:3]):
        assert r.error, f"case list is stale: the reference accepts {c}"
        assert o.error == ("oom" if r.error == "oom" else "input"), (c, r.message, o.error, o.message)


def assert_rejected(run, ids: tuple[str, ...], group: str = "rejected") -> None:
    """The reference answers, we reject with an input error, and a known-difference entry says so."""
    cs, ours, refs, start = run.group(group)
    documented = {d.index for k in ids for d in run.by_id[k]}
    for j, (c, o, r) in enumerate(zip(cs, ours, refs)):
        assert r.error is None, f"case list is stale: the reference now rejects {c}: {r.message}"
        assert o.error == "input", (c, o.error, o.message)
        assert start + j in documented, c


def records(run, group: str = "main"):
    """(case, our record, reference record) of the cases both sides solved."""
    cs, ours, refs, _ = run.group(group)
    return [(c, o.record, r.record) for c, o, r in zip(cs, ours, refs)
            if o.record is not None and r.record is not None]


def ref_records(run, group: str = "main"):
    cs, _, refs, _ = run.group(group)
    return [(c, r.record) for c, r in zip(cs, refs) if r.record is not None]
