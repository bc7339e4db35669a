#!/usr/bin/env python3
"""Export the mlsysim 0.3.0 reference registries to the JSON data files under data/.

Run with the reference virtualenv (the package must be mlsysim==0.3.0):

    .venv-ref/bin/python tools/import_reference_registry.py            # writes data/
    .venv-ref/bin/python tools/import_reference_registry.py --check    # verify only

Every dimensional value is written as "<number> <unit>" with a unit from the
fixed vocabulary in UNIT_FACTORS below (the same table the C++ loader uses).
For each value the script recomputes float(number) * factor and asserts it
equals the reference's own SI magnitude (pint m_as) to rel 1e-15, so the JSON
reproduces the reference numbers exactly. Output is deterministic: entries are
written in registry (definition) order, with fixed field order and 2-space
indentation.

The few numbers where the reference disagrees with its own cited source are
replaced by tools/registry_corrections.py, which also names the source.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import mlsysim

sys.path.insert(0, str(Path(__file__).resolve().parent))
from registry_corrections import CORRECTIONS  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"

# ---------------------------------------------------------------------------
# Unit vocabulary: spelling -> (SI base unit used for the check, factor).
# Data is counted in bytes (byte/s for rates), compute in flop (flop/s).
# ---------------------------------------------------------------------------
_DATA = {"B": 1.0, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12, "PB": 1e15,
         "KiB": 1024.0, "MiB": 1048576.0, "GiB": 1073741824.0, "TiB": 1099511627776.0}
UNIT_FACTORS: dict[str, tuple[str, float]] = {}
for _u, _f in _DATA.items():
    UNIT_FACTORS[_u] = ("byte", _f)
    UNIT_FACTORS[_u + "/s"] = ("byte / second", _f)
UNIT_FACTORS["Gbps"] = ("byte / second", 1e9 / 8)
UNIT_FACTORS["TB/h"] = ("byte / second", 1e12 / 3600)
for _u, _f in {"": 1.0, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18}.items():
    UNIT_FACTORS[_u + "FLOP/s"] = ("flop / second", _f)
for _u, _f in {"": 1.0, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12}.items():
    UNIT_FACTORS[_u + "OPS"] = ("flop / second", _f)
UNIT_FACTORS.update({
    "s": ("second", 1.0), "ms": ("second", 1e-3), "us": ("second", 1e-6),
    "ns": ("second", 1e-9), "h": ("second", 3600.0),
    "W": ("watt", 1.0), "kW": ("watt", 1e3), "mW": ("watt", 1e-3), "MW": ("watt", 1e6),
    "J": ("joule", 1.0), "Wh": ("joule", 3600.0), "kWh": ("joule", 3.6e6),
})

# pint "~P" spellings used by the reference -> our spelling.
PINT_TO_OURS = {
    "µs": "us", "μs": "us", "hr": "h", "hour": "h",
    "KFLOPs/s": "KFLOP/s", "MFLOPs/s": "MFLOP/s", "GFLOPs/s": "GFLOP/s",
    "TFLOPs/s": "TFLOP/s", "PFLOPs/s": "PFLOP/s", "EFLOPs/s": "EFLOP/s",
    "flop/s": "FLOP/s",
}

SPECIAL_UNITS_SEEN: dict[str, str] = {}   # pint spelling -> ours, for the report
NOT_BIT_EXACT: list[str] = []             # values equal only to rel 1e-15


def fmt_num(x) -> str:
    if isinstance(x, bool):
        raise TypeError(x)
    if isinstance(x, int):
        return str(x)
    return repr(float(x))


def qstr(q, where: str) -> str:
    """Quantity -> "<number> <unit>" with an exact round-trip check."""
    pint_unit = f"{q.units:~P}"
    unit = PINT_TO_OURS.get(pint_unit, pint_unit)
    if unit != pint_unit:
        SPECIAL_UNITS_SEEN[pint_unit] = unit
    if unit not in UNIT_FACTORS:
        raise ValueError(f"{where}: unit {pint_unit!r} not in the vocabulary")
    base, factor = UNIT_FACTORS[unit]
    mag = q.magnitude
    s = f"{fmt_num(mag)} {unit}"
    ours = float(s.split(" ")[0]) * factor
    ref = float(q.m_as(base))
    if not (ours == ref or abs(ours - ref) <= 1e-15 * abs(ref)):
        raise AssertionError(f"{where}: {s} -> {ours!r} != reference {ref!r}")
    if ours != ref:
        NOT_BIT_EXACT.append(f"{where}: {s} -> {ours!r} vs reference {ref!r}")
    return s


def count(q, base: str, where: str):
    """Dimensionless count (param, flop, count) -> plain JSON number in base units."""
    if hasattr(q, "m_as"):
        v = q.m_as(base)
    else:
        v = q
    v = float(v) if not isinstance(v, int) else v
    if isinstance(v, float) and v.is_integer() and abs(v) < 2 ** 53:
        v = int(v)
    return v


def source_of(md, where: str, missing: list):
    p = md.provenance if md is not None else None
    if p is None:
        missing.append(where)
        return {"kind": "reference", "ref": "mlsysim 0.3.0 registry (no provenance recorded)"}
    out = {"kind": p.kind.value, "ref": p.ref}
    if p.url:
        out["url"] = p.url
    if p.verified:
        out["verified"] = p.verified
    # Keep a short note only where it explains how a number was chosen
    # (estimate / derived / convention-type records, or a note quoting a figure).
    if p.notes:
        note = " ".join(p.notes.split())
        if p.kind.value in ("estimate", "derived", "convention", "illustrative", "heuristic") \
                or any(ch.isdigit() for ch in note):
            out["notes"] = note
    return out


def entries_of(ns):
    """Registry entries in definition order (skips `list`, nested namespaces, callables)."""
    out = []
    for k in vars(ns):
        if k.startswith("_") or k == "list":
            continue
        v = getattr(ns, k)
        if isinstance(v, type) or callable(v):
            continue
        out.append((k, v))
    return out


def put(d, key, val):
    if val is not None:
        d[key] = val


# ---------------------------------------------------------------------------
# Hardware
# ---------------------------------------------------------------------------
HW_CATEGORIES = ["Cloud", "Workstation", "Mobile", "Edge", "Tiny"]  # Embodied re-exports Edge


def link(lk, where):
    if lk is None:
        return None
    d = {"name": lk.name, "bandwidth": qstr(lk.bandwidth, where + ".bandwidth")}
    if lk.latency is not None:
        d["latency"] = qstr(lk.latency, where + ".latency")
    d["direction"] = lk.direction
    return d


def hardware_entry(key, hw, where, missing):
    e = {"name": hw.name, "release_year": hw.release_year}
    c = hw.compute
    e["compute"] = {"peak_flops": qstr(c.peak_flops, where + ".compute.peak_flops")}
    if c.precision_flops:
        e["compute"]["precision_flops"] = {
            k: qstr(v, f"{where}.compute.precision_flops.{k}") for k, v in c.precision_flops.items()}
    m = hw.memory
    mem = {}
    for f in ("capacity", "bandwidth", "sram_capacity", "sram_bandwidth",
              "flash_capacity", "flash_bandwidth", "l2_cache"):
        v = getattr(m, f)
        if v is not None:
            mem[f] = qstr(v, f"{where}.memory.{f}")
    e["memory"] = mem
    if hw.storage is not None:
        st = {}
        for f in ("capacity", "bandwidth", "latency"):
            v = getattr(hw.storage, f)
            if v is not None:
                st[f] = qstr(v, f"{where}.storage.{f}")
        e["storage"] = st
    put(e, "interconnect", link(hw.interconnect, where + ".interconnect"))
    put(e, "nvlink", link(hw.nvlink, where + ".nvlink"))
    if hw.tdp is not None:
        e["tdp"] = qstr(hw.tdp, where + ".tdp")
    if hw.battery_capacity is not None:
        e["battery_capacity"] = qstr(hw.battery_capacity, where + ".battery_capacity")
    if hw.unit_cost is not None:
        e["unit_cost_usd"] = count(hw.unit_cost, "dollar", where + ".unit_cost")
    put(e, "embodied_carbon_kg", hw.embodied_carbon_kg)
    e["dispatch_tax"] = qstr(hw.dispatch_tax, where + ".dispatch_tax")
    put(e, "accelerator_count", hw.accelerator_count)
    e["source"] = source_of(hw.metadata, where, missing)
    return e


# ---------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------
MODEL_CATEGORIES = {"Language": "language", "Vision": "vision", "Tiny": "tiny",
                    "Recommendation": "recommendation", "StateSpace": "statespace",
                    "GenerativeVision": "generativevision", "Embodied": "embodied"}
MODEL_TYPES = {"Workload": "workload", "TransformerWorkload": "transformer",
               "SparseTransformerWorkload": "sparse_transformer", "CNNWorkload": "cnn",
               "SSMWorkload": "ssm", "DiffusionWorkload": "diffusion",
               "EmbodiedWorkload": "embodied"}
MODEL_INT_FIELDS = ["layers", "hidden_dim", "heads", "kv_heads", "head_dim", "kv_lora_rank",
                    "qk_rope_head_dim"]


def model_entry(key, w, where, missing):
    e = {"type": MODEL_TYPES[type(w).__name__], "name": w.name, "architecture": w.architecture}
    put(e, "release_year", w.release_year)
    if w.parameters is not None:
        e["parameters"] = count(w.parameters, "param", where + ".parameters")
    if w.model_size is not None:
        e["model_size"] = qstr(w.model_size, where + ".model_size")
    if w.inference_flops is not None:
        e["inference_flops"] = count(w.inference_flops, "flop", where + ".inference_flops")
    for f in MODEL_INT_FIELDS:
        put(e, f, getattr(w, f, None))
    def g(f):
        return getattr(w, f, None)

    if g("active_parameters") is not None:
        e["active_parameters"] = count(w.active_parameters, "param", where + ".active_parameters")
    put(e, "experts", g("experts"))
    put(e, "active_experts_per_token", g("active_experts_per_token"))
    put(e, "state_size", g("state_size"))
    put(e, "denoising_steps", g("denoising_steps"))
    put(e, "resolution", g("resolution"))
    if g("training_ops") is not None:
        e["training_ops"] = count(w.training_ops, "flop", where + ".training_ops")
    if g("training_tokens") is not None:
        e["training_tokens"] = count(w.training_tokens, "count", where + ".training_tokens")
    put(e, "context_length", g("context_length"))
    put(e, "vocab_size", g("vocab_size"))
    e["source"] = source_of(w.metadata, where, missing)
    return e


# ---------------------------------------------------------------------------
# Grids and systems
# ---------------------------------------------------------------------------
def grid_entry(key, gp, where, missing):
    e = {"name": gp.name, "carbon_intensity_g_per_kwh": gp.carbon_intensity_g_kwh,
         "pue": gp.pue, "wue_l_per_kwh": gp.wue, "primary_source": gp.primary_source}
    put(e, "renewable_pct", gp.renewable_pct)
    put(e, "lat", gp.lat)
    put(e, "lon", gp.lon)
    e["source"] = source_of(gp.metadata, where, missing)
    return e


def fabric_entry(key, f, where, missing):
    e = {"name": f.name, "topology": f.topology, "bandwidth": qstr(f.bandwidth, where + ".bandwidth")}
    if f.latency is not None:
        e["latency"] = qstr(f.latency, where + ".latency")
    e["oversubscription_ratio"] = f.oversubscription_ratio
    e["source"] = source_of(f.metadata, where, missing)
    return e


def find_key(obj, table, what, notes):
    for k, v in table:
        if v is obj:
            return k
    for k, v in table:
        if v == obj:
            notes.append(f"{what}: equal to (not identical with) registry entry {k}")
            return k
    raise AssertionError(f"{what}: object matches no registry entry")


def apply_corrections(namespace: str, entries: dict) -> None:
    """Put each corrected value in place of the reference's and say so in the entry's source."""
    notes: dict[str, list[str]] = {}
    for c in CORRECTIONS:
        ns, key = c.path.rsplit(".", 1)
        if ns != namespace:
            continue
        node = entries[key]
        *parents, leaf = c.field.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        assert node.get(leaf) == c.reference, f"{c.path}.{c.field}: reference now has {node.get(leaf)!r}"
        node[leaf] = c.value
        notes.setdefault(key, [])
        notes[key].append(f"{c.field} {c.reference} -> {c.value}")
        if c.source not in notes[key]:
            notes[key].append(c.source)
    for key, parts in notes.items():
        source = entries[key]["source"]
        note = "Corrected from mlsysim 0.3.0 (docs/differences.md): " + "; ".join(parts) + "."
        source["notes"] = f"{source['notes']} {note}" if source.get("notes") else note


def write(path: Path, namespace: str, entries: dict, check: bool, changed: list):
    apply_corrections(namespace, entries)
    text = json.dumps({"namespace": namespace, "entries": entries}, indent=2,
                      ensure_ascii=False) + "\n"
    old = path.read_text() if path.exists() else None
    if old != text:
        changed.append(str(path.relative_to(REPO)))
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)


# The result field (our JSON key, by dotted path) of each wall's solver that measures it: what a
# scorecard line reports. Ours; 0.3.0's walls name only the solver.
WALL_METRICS = {
    1: "latency_compute_s", 2: "memory_footprint_bytes", 3: "mfu", 4: "ttft_s", 5: "max_active_requests",
    6: "throughput_tokens_per_s", 7: "p99_latency_s", 8: "utilization", 9: "transform_time_s",
    10: "effective_bw_bytes_per_s", 11: "optimal_parameters", 12: "total_reasoning_time_s",
    13: "compression_ratio", 14: "communication_latency_s", 15: "fleet_mtbf_s", 16: "avg_wait_time_s",
    17: "tco_usd", 18: "carbon_footprint_kg", 19: "mfu_penalty", 20: "dp_slowdown_factor",
    21: "binding_constraint", 22: "required_bw_bytes_per_s",
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true", help="verify data/ is up to date; write nothing")
    args = ap.parse_args()
    if mlsysim.__version__ != "0.3.0":
        sys.exit(f"expected mlsysim 0.3.0, found {mlsysim.__version__}")

    missing, notes, changed = [], [], []
    counts = {}

    hw_table = []
    for cat in HW_CATEGORIES:
        ns = getattr(mlsysim.Hardware, cat)
        ents = {}
        for k, v in entries_of(ns):
            ents[k] = hardware_entry(k, v, f"Hardware.{cat}.{k}", missing)
            hw_table.append((k, v))
        counts[f"Hardware.{cat}"] = len(ents)
        write(DATA / "hardware" / f"{cat.lower()}.json", f"Hardware.{cat}", ents, args.check, changed)
    # Hardware.Embodied must only re-export Edge entries.
    edge_ids = {id(v) for _, v in entries_of(mlsysim.Hardware.Edge)}
    extra = [k for k, v in entries_of(mlsysim.Hardware.Embodied) if id(v) not in edge_ids]
    if extra:
        sys.exit(f"Hardware.Embodied has entries not in Edge: {extra}")
    keys = [k for k, _ in hw_table]
    assert len(keys) == len(set(keys)), "hardware keys collide across categories"

    for cat, fname in MODEL_CATEGORIES.items():
        ns = getattr(mlsysim.Models, cat)
        ents = {k: model_entry(k, v, f"Models.{cat}.{k}", missing) for k, v in entries_of(ns)}
        counts[f"Models.{cat}"] = len(ents)
        write(DATA / "models" / f"{fname}.json", f"Models.{cat}", ents, args.check, changed)

    grids = entries_of(mlsysim.Infrastructure.Grids)
    ents = {k: grid_entry(k, v, f"Infrastructure.Grids.{k}", missing) for k, v in grids}
    counts["Infrastructure.Grids"] = len(ents)
    write(DATA / "infra" / "grids.json", "Infrastructure.Grids", ents, args.check, changed)

    ents = {}
    for k, d in entries_of(mlsysim.Infrastructure.Datacenters):
        w = f"Infrastructure.Datacenters.{k}"
        e = {"name": d.name, "grid": find_key(d.grid, grids, w + ".grid", notes)}
        put(e, "pue_override", d.pue_override)
        e["source"] = source_of(d.metadata, w, missing)
        ents[k] = e
    counts["Infrastructure.Datacenters"] = len(ents)
    write(DATA / "infra" / "datacenters.json", "Infrastructure.Datacenters", ents, args.check, changed)

    S = mlsysim.Systems
    fabrics = entries_of(S.Fabrics)
    ents = {k: fabric_entry(k, v, f"Systems.Fabrics.{k}", missing) for k, v in fabrics}
    counts["Systems.Fabrics"] = len(ents)
    write(DATA / "systems" / "fabrics.json", "Systems.Fabrics", ents, args.check, changed)

    nodes = entries_of(S.Nodes)
    ents = {}
    for k, n in nodes:
        w = f"Systems.Nodes.{k}"
        e = {"name": n.name,
             "accelerator": find_key(n.accelerator, hw_table, w + ".accelerator", notes),
             "accelerators_per_node": n.accelerators_per_node,
             "intra_node_bw": qstr(n.intra_node_bw, w + ".intra_node_bw"),
             "nics_per_node": n.nics_per_node,
             "psus_per_node": n.psus_per_node,
             "psu_redundancy": n.psu_redundancy,
             "source": source_of(n.metadata, w, missing)}
        ents[k] = e
    counts["Systems.Nodes"] = len(ents)
    write(DATA / "systems" / "nodes.json", "Systems.Nodes", ents, args.check, changed)

    ents = {}
    for k, c in entries_of(S.Clusters):
        w = f"Systems.Clusters.{k}"
        e = {"name": c.name, "node": find_key(c.node, nodes, w + ".node", notes),
             "count": c.count, "fabric": find_key(c.fabric, fabrics, w + ".fabric", notes)}
        if c.region is not None:
            e["region"] = find_key(c.region, grids, w + ".region", notes)
        if c.datacenter is not None:
            notes.append(f"{w}: datacenter {c.datacenter.name!r} not exported")
        if c.mtbf_hours is not None:
            e["mtbf_hours"] = qstr(c.mtbf_hours, w + ".mtbf_hours")
        e["source"] = source_of(c.metadata, w, missing)
        ents[k] = e
    counts["Systems.Clusters"] = len(ents)
    write(DATA / "systems" / "clusters.json", "Systems.Clusters", ents, args.check, changed)

    # The 22 walls (0.3.0's engine/walls.py), with the result field that measures each (ours).
    from mlsysim.engine import walls as reference_walls
    ents = {}
    for w in reference_walls.ALL_WALLS:
        ents[str(w.number)] = {"name": w.name, "domain": w.domain.value, "solver": w.resolver_name,
                               "metric": WALL_METRICS[w.number], "constraint": w.constraint,
                               "equation": w.equation, "sources": list(w.sources)}
    counts["Taxonomy.Walls"] = len(ents)
    write(DATA / "taxonomy" / "walls.json", "Taxonomy.Walls", ents, args.check, changed)

    # The executable scenarios (0.3.0's engine/scenarios.py Scenarios: workload, system, SLAs); the
    # calculation scenarios beside them (DecodeScenario, ...) are other solvers' inputs, not exported.
    from mlsysim.engine.scenarios import Scenario
    model_table = [(k, v) for cat in MODEL_CATEGORIES for k, v in entries_of(getattr(mlsysim.Models, cat))]
    clusters = entries_of(S.Clusters)
    ents = {}
    for k, sc in entries_of(mlsysim.Scenarios):
        if not isinstance(sc, Scenario):
            continue
        w = f"Scenarios.{k}"
        workload = sc.workload
        e = {"name": sc.name, "description": sc.description}
        put(e, "application", sc.application)
        base = next((m for _, m in model_table if m.name == workload.name), None)
        if base is None:  # a registry model with a data rate added (AutonomousVehicle_Waymo)
            base = next(m for _, m in model_table if m.model_copy(update={"name": workload.name}) == workload
                        or m.model_copy(update={"name": workload.name, "data_rate": workload.data_rate}) == workload)
            e["workload_name"] = workload.name
        e["workload"] = find_key(base, model_table, w + ".workload", notes)
        if sc.is_distributed:
            e["cluster"] = find_key(sc.system, clusters, w + ".system", notes)
        else:
            e["hardware"] = find_key(sc.system, hw_table, w + ".system", notes)
        if workload.data_rate is not None:
            e["data_rate"] = qstr(workload.data_rate, w + ".data_rate")
            rates = mlsysim.ReferenceStats.Workloads
            if workload.data_rate == rates.WaymoDataPerHourHigh:
                e["data_rate_source"] = ("ReferenceStats.Workloads.WaymoDataPerHourHigh: an illustrative "
                                         "upper-bound AV sensor data rate (0.3.0 prov:reference-workload-scale)")
        for f in ("sla_latency", "power_budget"):
            if getattr(sc, f) is not None:
                e[f] = qstr(getattr(sc, f), f"{w}.{f}")
        put(e, "target_accuracy", sc.target_accuracy)
        e["source"] = f"mlsysim 0.3.0 engine/scenarios.py Scenarios.{k}: the SLA and power budget are the scenario's"
        ents[k] = e
    counts["Scenarios"] = len(ents)
    write(DATA / "scenarios" / "scenarios.json", "Scenarios", ents, args.check, changed)

    print("entry counts:", json.dumps(counts))
    print("hardware total:", sum(v for k, v in counts.items() if k.startswith("Hardware")),
          "models total:", sum(v for k, v in counts.items() if k.startswith("Models")))
    if SPECIAL_UNITS_SEEN:
        print("unit spellings rewritten:", SPECIAL_UNITS_SEEN)
    for n in NOT_BIT_EXACT:
        print("not bit-exact (within rel 1e-15):", n)
    for n in notes:
        print("note:", n)
    for m in missing:
        print("no provenance:", m)
    if args.check:
        if changed:
            sys.exit("out of date: " + ", ".join(changed))
        print("data/ is up to date")
    else:
        print("written:" if changed else "unchanged", ", ".join(changed))


if __name__ == "__main__":
    main()
