"""What the registry holds, for building cases: keys, entries and sizes from our ``data/*.json``.

Not a case module (the leading ``_`` keeps harness.case_modules() from loading it). Like every
case module it is imported in both processes, ours and the reference's, so it imports no mlsysim:
it reads the data files the registry is built from.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

# the precision names both sides know, and the bytes per element both give them
PRECISIONS = ("fp32", "tf32", "bf16", "fp16", "fp8", "int8", "int4")
BYTES_PER_ELEMENT = {"fp32": 4, "tf32": 4, "bf16": 2, "fp16": 2, "fp8": 1, "int8": 1, "int4": 0.5}

_BYTE_UNITS = {"B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12, "PB": 1e15,
               "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}


# ---------------------------------------------------------------- reading the files

@cache
def _entries(kind: str) -> tuple[tuple[str, dict], ...]:
    """(key, entry) of every ``data/<kind>/*.json`` in a fixed order (file name, then entry order)."""
    out: list[tuple[str, dict]] = []
    for path in sorted((ROOT / "data" / kind).glob("*.json")):
        out.extend(json.loads(path.read_text(encoding="utf-8"))["entries"].items())
    return tuple(out)


@cache
def _file(kind: str, name: str) -> dict:
    """The entries of one file, ``data/<kind>/<name>.json``, in file order."""
    return json.loads((ROOT / "data" / kind / f"{name}.json").read_text(encoding="utf-8"))["entries"]


# ---------------------------------------------------------------- models and hardware

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


def param_model_keys() -> list[str]:
    """Every model with a parameter count (DLRM has only a size)."""
    return [k for k in model_keys() if model_entry(k).get("parameters")]


def fp4_hardware() -> list[str]:
    """Hardware that lists an fp4 rate."""
    return [h for h in hardware_keys() if "fp4" in (hardware_entry(h)["compute"].get("precision_flops") or {})]


# ---------------------------------------------------------------- systems and infrastructure

def clusters() -> dict:
    """data/systems/clusters.json: {key: {"node": node key, "count": nodes, ...}}."""
    return _file("systems", "clusters")


def nodes() -> dict:
    """data/systems/nodes.json: {key: {"accelerator": hardware key, "accelerators_per_node": n, ...}}."""
    return _file("systems", "nodes")


def cluster_keys() -> list[str]:
    """Every cluster, in file order."""
    return list(clusters())


def fabric_keys() -> list[str]:
    """Every fabric of data/systems/fabrics.json, in file order."""
    return list(_file("systems", "fabrics"))


def grid_keys() -> list[str]:
    return list(_file("infra", "grids"))


def datacenter_keys() -> list[str]:
    return list(_file("infra", "datacenters"))


# ---------------------------------------------------------------- sizes

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
