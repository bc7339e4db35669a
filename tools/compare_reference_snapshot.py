#!/usr/bin/env python3
"""List numeric/field differences between mlsysim 0.3.0 and the older registry snapshot.

    .venv-ref/bin/python tools/compare_reference_snapshot.py [/work/shared/reference/registry-data.json]

Prints a Markdown table (entry | field | older snapshot | 0.3.0) of every value that
differs for entries both have, followed by the entries only one side has.
Values are compared in SI base units (bytes, byte/s, flop/s, s, W, J, counts).
"""

import json
import math
import sys

import mlsysim

SNAP = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/reference/registry-data.json"


def si(q, unit):
    if q is None:
        return None
    if hasattr(q, "m_as"):
        return float(q.m_as(unit))
    return q


def same(a, b):
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return a == b or math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0)
    return a == b


def fmt(v):
    if v is None:
        return "—"
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e16:
            return str(int(v))
        return f"{v:.6g}"
    return str(v)


def hw_fields(h):
    c, m = h.compute, h.memory
    f = {
        "release_year": h.release_year,
        "peak_flops_default_flops_per_s": si(c.peak_flops, "flop/s"),
        "memory_capacity_bytes": si(m.capacity, "byte"),
        "memory_bandwidth_bytes_per_s": si(m.bandwidth, "byte/s"),
        "sram_capacity_bytes": si(m.sram_capacity, "byte"),
        "sram_bandwidth_bytes_per_s": si(m.sram_bandwidth, "byte/s"),
        "flash_capacity_bytes": si(m.flash_capacity, "byte"),
        "flash_bandwidth_bytes_per_s": si(m.flash_bandwidth, "byte/s"),
        "l2_cache_bytes": si(m.l2_cache, "byte"),
        "register_file_per_sm_bytes": si(m.register_file_per_sm, "byte"),
        "shared_memory_per_sm_bytes": si(m.shared_memory_per_sm, "byte"),
        "dispatch_tax_s": si(h.dispatch_tax, "s"),
        "tdp_w": si(h.tdp, "W"),
        "tdp_min_w": si(h.tdp_min, "W"),
        "tdp_max_w": si(h.tdp_max, "W"),
        "unit_cost_usd": si(h.unit_cost, "dollar"),
        "unit_cost_max_usd": si(h.unit_cost_max, "dollar"),
        "embodied_carbon_kg": h.embodied_carbon_kg,
        "battery_capacity_j": si(h.battery_capacity, "J"),
        "accelerator_count": h.accelerator_count,
        "sm_count": c.sm_count,
        "clock_rate_hz": si(c.clock_rate, "Hz"),
        "die_area_m2": si(h.die_area, "m**2"),
        "storage_capacity_bytes": si(h.storage.capacity, "byte") if h.storage else None,
        "storage_bandwidth_bytes_per_s": si(h.storage.bandwidth, "byte/s") if h.storage else None,
        "host_interconnect_bandwidth_bytes_per_s": si(h.interconnect.bandwidth, "byte/s") if h.interconnect else None,
        "scaleup_link_bandwidth_bytes_per_s": si(h.nvlink.bandwidth, "byte/s") if h.nvlink else None,
        "scaleup_link_latency_s": si(h.nvlink.latency, "s") if h.nvlink else None,
        "scaleup_link_direction": h.nvlink.direction if h.nvlink else None,
    }
    for k, v in c.precision_flops.items():
        if k.startswith("int") or k.startswith("mxint"):
            f[f"peak_{k}_ops_per_s"] = si(v, "flop/s")
        else:
            f[f"peak_flops_{k}_flops_per_s"] = si(v, "flop/s")
    return f


def model_fields(w):
    def g(n):
        return getattr(w, n, None)

    return {
        "parameters_count": si(g("parameters"), "param"),
        "inference_flops": si(g("inference_flops"), "flop"),
        "layers": g("layers"), "hidden_dim": g("hidden_dim"), "heads": g("heads"),
        "kv_heads": g("kv_heads"), "kv_lora_rank": g("kv_lora_rank"),
        "qk_rope_head_dim": g("qk_rope_head_dim"),
        "active_parameters_count": si(g("active_parameters"), "param"),
        "experts": g("experts"), "active_experts_per_token": g("active_experts_per_token"),
        "training_tokens_count": si(g("training_tokens"), "count"),
        "training_flops": si(g("training_ops"), "flop"),
        "state_size": g("state_size"), "denoising_steps": g("denoising_steps"),
        "resolution": g("resolution"), "model_size_bytes": si(g("model_size"), "byte"),
        "action_chunk_horizon": g("action_chunk_horizon"), "action_dim": g("action_dim"),
        "training_accelerators_ref_count": si(g("training_accelerators_ref"), "count"),
        "training_days_ref_s": si(g("training_days_ref"), "s"),
        "training_energy_j": si(g("training_energy_mwh"), "J"),
        "training_gpu_days": g("training_gpu_days"),
        "embedding_entries_count": si(g("embedding_entries"), "count"),
        "parameter_range_min_count": si(g("parameter_range_min"), "count"),
        "parameter_range_max_count": si(g("parameter_range_max"), "count"),
        "inference_energy_j": si(g("inference_energy"), "J"),
        "training_dataset_size_bytes": si(g("training_dataset_size"), "byte"),
    }


def resolve(path):
    obj = mlsysim
    for p in path.split(".")[1 if path.startswith("mlsysim.") else 0:]:
        obj = getattr(obj, p, None)
        if obj is None:
            return None
    return obj


def main():
    snap = json.load(open(SNAP))
    rows, only_old = [], []

    def cmp(label, old, new_fields, skip=()):
        for k, ov in old.items():
            if k.startswith("peak_") and k.endswith("_per_s") and k not in new_fields:
                rows.append((label, k, fmt(ov), "— (key dropped)"))
            if k not in new_fields or k in skip:
                continue
            nv = new_fields[k]
            if isinstance(ov, str) and k == "scaleup_link_direction":
                ov = ov.split(" ")[0]
            if not same(ov, nv):
                rows.append((label, k, fmt(ov), fmt(nv)))
        for k, nv in new_fields.items():
            if k not in old and nv is not None and k.startswith("peak_"):
                rows.append((label, k, "—", fmt(nv)))

    for h in snap["hardware"]:
        obj = resolve(h["path"])
        if obj is None:
            only_old.append(h["path"])
            continue
        cmp(h["path"], h, hw_fields(obj))
    for m in snap["models"]:
        obj = resolve(m["path"])
        if obj is None:
            only_old.append(m["path"])
            continue
        cmp(m["path"], m, model_fields(obj))
    for g in snap["grids"]:
        obj = resolve(g["path"])
        if obj is None:
            only_old.append(g["path"])
            continue
        cmp(g["path"], g, {"carbon_intensity_g_per_kwh": obj.carbon_intensity_g_kwh, "pue": obj.pue,
                           "wue_l_per_kwh": obj.wue, "lat_deg": obj.lat, "lon_deg": obj.lon,
                           "renewable_pct": obj.renewable_pct})
    S = snap["systems"]
    for n in S["Nodes"]:
        obj = resolve(n["path"])
        if obj is None:
            only_old.append(n["path"])
            continue
        cmp(n["path"], n, {"accelerators_per_node": obj.accelerators_per_node,
                           "intra_node_bw_bytes_per_s": si(obj.intra_node_bw, "byte/s"),
                           "nics_per_node": obj.nics_per_node, "psus_per_node": obj.psus_per_node,
                           "host_memory_bytes": si(obj.host_memory, "byte"),
                           "host_cpu_cores": obj.host_cpu_cores,
                           "host_memory_bw_bytes_per_s": si(obj.host_memory_bw, "byte/s")})
    for f in S["Fabrics"]:
        obj = resolve(f["path"])
        if obj is None:
            only_old.append(f["path"])
            continue
        cmp(f["path"], f, {"bandwidth_bytes_per_s": si(obj.bandwidth, "byte/s"),
                           "latency_s": si(obj.latency, "s"),
                           "oversubscription_ratio": obj.oversubscription_ratio,
                           "topology": obj.topology})
    for c in S["Clusters"]:
        obj = resolve(c["path"])
        if obj is None:
            only_old.append(c["path"])
            continue
        nodes = {id(v): k for k, v in vars(mlsysim.Systems.Nodes).items() if not k.startswith("_")}
        fabs = {id(v): k for k, v in vars(mlsysim.Systems.Fabrics).items() if not k.startswith("_")}
        cmp(c["path"], c, {"node_count": obj.count,
                           "node": "Systems.Nodes." + nodes.get(id(obj.node), "?"),
                           "fabric": "Systems.Fabrics." + fabs.get(id(obj.fabric), "?"),
                           "mtbf_hours": si(obj.mtbf_hours, "hour")})

    print("| entry | field | older snapshot | 0.3.0 |")
    print("|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print()
    print("only in older snapshot:", ", ".join(only_old) or "none")
    old_paths = {e["path"] for e in snap["hardware"] + snap["models"] + snap["grids"]}
    old_paths |= {e["path"] for k in ("Nodes", "Fabrics", "Clusters") for e in S[k]}
    new = []
    for cat in ("Cloud", "Workstation", "Mobile", "Edge", "Tiny"):
        new += [f"Hardware.{cat}.{k}" for k in vars(getattr(mlsysim.Hardware, cat)) if not k.startswith("_")]
    for cat in ("Language", "Vision", "Tiny", "Recommendation", "StateSpace", "GenerativeVision", "Embodied"):
        new += [f"Models.{cat}.{k}" for k in vars(getattr(mlsysim.Models, cat)) if not k.startswith("_")]
    new += [f"Infrastructure.Grids.{k}" for k in vars(mlsysim.Infrastructure.Grids) if not k.startswith("_")]
    for ns in ("Nodes", "Fabrics", "Clusters"):
        new += [f"Systems.{ns}.{k}" for k in vars(getattr(mlsysim.Systems, ns)) if not k.startswith("_")]
    print("only in 0.3.0:", ", ".join(p for p in new if p not in old_paths and not p.endswith(".list")))


if __name__ == "__main__":
    main()
