"""Fabrics, nodes and fleets of the user's own, built as in 0.3.0:
``NetworkFabric(name, bandwidth, ...)``, ``Node(name, accelerator, ...)``, ``Fleet(name, node, count, fabric, ...)``.

A rebuilt registry cluster is that cluster (equal, and every fleet solver gives the same result); the same
user code gives 0.3.0's numbers (run in .venv-ref); a bad field is one clear error naming it; a fleet outlives
the names it was built from; it goes wherever a registry cluster goes (Scenario, SystemEvaluator, search,
pickling for a process pool)."""

from __future__ import annotations

import gc
import json
import pickle
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

import mlsysim
import pytest
from mlsysim import Hardware, Infrastructure, Models, Systems
from mlsysim.solvers import CheckpointModel, DistributedModel, EconomicsModel, ReliabilityModel, SustainabilityModel
from mlsysim.systems import Fleet, NetworkFabric, Node
from mlsysim.units import Q_
from reference_env import run_in_reference

LLAMA = Models.Language.Llama3_70B


def rebuilt(cluster):
    """``cluster`` built again from the values its attributes show."""
    f, n = cluster.fabric, cluster.node
    fabric = NetworkFabric(name=f.name, bandwidth=f.bandwidth, latency=f.latency, topology=f.topology,
                           oversubscription_ratio=f.oversubscription_ratio)
    node = Node(name=n.name, accelerator=n.accelerator, accelerators_per_node=n.accelerators_per_node,
                intra_node_bw=n.intra_node_bw, nics_per_node=n.nics_per_node, psus_per_node=n.psus_per_node,
                psu_redundancy=n.psu_redundancy)
    return Fleet(name=cluster.name, node=node, count=cluster.count, fabric=fabric, region=cluster.region,
                 mtbf_hours=cluster.mtbf_hours)


@pytest.mark.parametrize("key", ["Research_256", "Frontier_8K", "Meta_GenAI_H100_24K_RoCE"])
def test_a_rebuilt_registry_cluster_is_that_cluster(key):
    cluster = Systems.Clusters.get(key)
    mine = rebuilt(cluster)
    assert mine == cluster and hash(mine) == hash(cluster)
    assert mine.node == cluster.node and mine.fabric == cluster.fabric
    assert (mine.total_accelerators, mine.count, mine.effective_pue) == (cluster.total_accelerators, cluster.count,
                                                                         cluster.effective_pue)
    assert mine.path == "" and mine.key == cluster.name  # a user's own entry, not the registry's
    for fleet in (mine, Fleet(cluster.name, cluster.node, cluster.count, cluster.fabric)):  # positional too
        for tp, pp in [(1, 1), (8, 1), (8, 4)]:
            kw = dict(model=LLAMA, batch_size=4 * cluster.total_accelerators, tp_size=tp, pp_size=pp,
                      microbatch_count=16 if pp > 1 else 1, zero_stage=1)
            assert DistributedModel().solve(fleet=fleet, **kw) == DistributedModel().solve(fleet=cluster, **kw)
        assert EconomicsModel().solve(fleet, 30) == EconomicsModel().solve(cluster, 30)
        assert ReliabilityModel().solve(fleet, 720) == ReliabilityModel().solve(cluster, 720)
        assert SustainabilityModel().solve(fleet, 30, datacenter="Quebec") == SustainabilityModel().solve(
            cluster, 30, datacenter="Quebec")


def _example(spec_input):
    value = spec_input["example"]
    return json.loads(value) if spec_input["kind"] in ("integer", "number") else value


FLEET_SOLVERS = [s for s in mlsysim.solvers._SPECS if any(i["kind"] == "cluster" for i in s["inputs"])]


@pytest.mark.parametrize("spec", FLEET_SOLVERS, ids=lambda s: s["name"])
def test_every_fleet_solver_takes_a_user_fleet(spec):
    values = {i["name"]: _example(i) for i in spec["inputs"] if i["required"]}
    name = next(i["name"] for i in spec["inputs"] if i["kind"] == "cluster")
    cluster = Systems.Clusters.get(values.get(name) or "Research_256")
    solve = getattr(mlsysim.solvers, spec["name"])().solve
    assert solve(**{**values, name: rebuilt(cluster)}).to_dict() == solve(**{**values, name: cluster}).to_dict()


def test_fields_defaults_and_quantities():
    ib = NetworkFabric("IB", "400 Gbps")
    assert (ib.topology, ib.latency, ib.oversubscription_ratio, ib.latency_us) == ("fat-tree", None, 1.0, 0.0)
    assert ib.bandwidth.to("GB/s").magnitude == pytest.approx(50) and ib.bandwidth_gbs == pytest.approx(50)
    assert NetworkFabric("q", Q_(50, "GB/s"), Q_(5, "us")) == NetworkFabric("q", "400 Gbps", "5 us")
    n = Node("n", "H100", 4, "450 GB/s")
    assert (n.nics_per_node, n.psus_per_node, n.psu_redundancy, n.series_psus) == (1, 2, 0, 2)
    assert n.accelerator == Hardware.Cloud.H100
    f = Fleet("f", n, 3, ib)
    assert (f.region, f.datacenter, f.mtbf_hours, f.total_accelerators, f.effective_pue) == (None, None, None, 12, 1.12)
    by_name = Fleet("f", "DGX_H100", 2, "InfiniBand_NDR", region="Quebec", mtbf_hours="2 day")
    assert by_name.node == Systems.Nodes.DGX_H100 and by_name.fabric == Systems.Fabrics.InfiniBand_NDR
    assert by_name.region == Infrastructure.Grids.Quebec and by_name.effective_pue == Infrastructure.Grids.Quebec.pue
    assert by_name.mtbf_hours.to("hour").magnitude == 48 and Fleet("f", n, 3, ib, mtbf_hours=5000).mtbf_hours == Q_(
        5000, "hour")
    # The reference's module path for these classes works too.
    from mlsysim.systems import types
    assert (types.Fleet, types.Node, types.NetworkFabric) == (Fleet, Node, NetworkFabric)
    assert __import__("mlsysim.systems.types", fromlist=["Fleet"]).Fleet is Fleet


def test_datacenter_wins_over_region_for_energy():
    dc = mlsysim.Datacenter(name="Custom DC", grid=Infrastructure.Grids.Quebec, pue_override=1.3)
    f = Fleet("f", "DGX_H100", 32, "InfiniBand_NDR", region="Poland", datacenter=dc)
    assert f.datacenter is dc and f.region == Infrastructure.Grids.Poland and f.effective_pue == 1.3
    s = SustainabilityModel().solve(f, 30)
    assert (s.pue, s.region_name) == (1.3, "Quebec (Hydro)")
    assert SustainabilityModel().solve(f, 30, datacenter="Iowa").region_name == Infrastructure.Grids.Iowa.name
    assert Fleet("f", "DGX_H100", 32, "InfiniBand_NDR", datacenter="Quebec").datacenter == Infrastructure.Grids.Quebec


def test_model_copy():
    r = Systems.Clusters.Research_256
    big = r.model_copy(update={"count": 64})
    assert (big.total_accelerators, big.node, big.fabric, r.count) == (512, r.node, r.fabric, 32)
    assert r.model_copy() == r and r.node.model_copy(update={"accelerators_per_node": 4}).accelerators_per_node == 4
    slow = r.fabric.model_copy(update={"bandwidth": "100 Gbps"})
    assert slow.bandwidth_gbs == pytest.approx(12.5) and slow.latency == r.fabric.latency
    with pytest.raises(ValueError, match="unknown field 'cont'; did you mean 'count'"):
        r.model_copy(update={"cont": 3})
    with pytest.raises(ValueError, match="Fleet: count must be at least 1, got 0"):
        r.model_copy(update={"count": 0})


N, F = Systems.Nodes.DGX_H100, Systems.Fabrics.InfiniBand_NDR


@pytest.mark.parametrize("build,error,message", [
    (lambda: NetworkFabric("x", "0 Gbps"), ValueError, "NetworkFabric: bandwidth must be positive, got '0 Gbps'"),
    (lambda: NetworkFabric("x", "-5 GB/s"), ValueError, "NetworkFabric: bandwidth must be positive"),
    (lambda: NetworkFabric("x", 400), ValueError, "NetworkFabric: bandwidth needs a unit (e.g. '400 Gbps'"),
    (lambda: NetworkFabric("x", "400"), ValueError, "NetworkFabric: bandwidth needs a unit"),
    (lambda: NetworkFabric("x", "400 GB"), ValueError, "NetworkFabric: bandwidth: '400 GB' is a data size"),
    (lambda: NetworkFabric("x", "400 Gbs"), ValueError, "NetworkFabric: bandwidth: unknown unit in '400 Gbs'"),
    (lambda: NetworkFabric("x", Q_(3, "TFLOPs/s")), ValueError, "NetworkFabric: bandwidth must be a data rate such as"),
    (lambda: NetworkFabric("x", "1 GB/s", 5), ValueError, "NetworkFabric: latency needs a unit (e.g. '5 us')"),
    (lambda: NetworkFabric("x", "1 GB/s", "-1 us"), ValueError, "NetworkFabric: latency must be in [0, 1e6] s"),
    (lambda: NetworkFabric("x", "1 GB/s", oversubscription_ratio=0), ValueError,
     "NetworkFabric: oversubscription_ratio must be in [1, 1e4]"),
    (lambda: NetworkFabric("x", "1 GB/s", topology=None), TypeError, "NetworkFabric: topology must be text"),
    (lambda: NetworkFabric(3, "1 GB/s"), TypeError, "NetworkFabric: name must be text, got 3"),
    (lambda: NetworkFabric("x"), TypeError, "NetworkFabric: missing required field bandwidth"),
    (lambda: Node("n", "H1000", 8, "1 GB/s"), ValueError, "Node: accelerator: unknown hardware 'H1000'; did you mean"),
    (lambda: Node("n", 5, 8, "1 GB/s"), TypeError, "Node: accelerator must be a HardwareNode or a registry name"),
    (lambda: Node("n", "H100", 0, "1 GB/s"), ValueError, "Node: accelerators_per_node must be at least 1, got 0"),
    (lambda: Node("n", "H100", 2.5, "1 GB/s"), ValueError, "Node: accelerators_per_node must be a whole number"),
    (lambda: Node("n", "H100", 8, "0 GB/s"), ValueError, "Node: intra_node_bw must be positive"),
    (lambda: Node("n", "H100", 8, "1 GB/s", nics_per_node=-1), ValueError, "Node: nics_per_node must be at least 0"),
    (lambda: Node("n", "H100", 8, "1 GB/s", psu_redundancy=2), ValueError,
     "Node: psu_redundancy (2) must satisfy 0 <= psu_redundancy < psus_per_node (2)"),
    (lambda: Node("n", "H100", 8), TypeError, "Node: missing required field intra_node_bw"),
    (lambda: Fleet("f", N, 0, F), ValueError, "Fleet: count must be at least 1, got 0"),
    (lambda: Fleet("f", N, -3, F), ValueError, "Fleet: count must be at least 1, got -3"),
    (lambda: Fleet("f", N, True, F), TypeError, "Fleet: count must be a whole number, got True"),
    (lambda: Fleet("f", N, 10**8, F), ValueError, "Fleet: count must be at most 10000000"),
    (lambda: Fleet("f", F, 3, F), TypeError, "Fleet: node must be a Node or a registry name, got NetworkFabric("),
    (lambda: Fleet("f", N, 3, "nope"), ValueError, "Fleet: fabric: unknown fabric 'nope'"),
    (lambda: Fleet("f", N, 3, F, region="Atlantis"), ValueError, "Fleet: region: unknown grid 'Atlantis'"),
    (lambda: Fleet("f", N, 3, F, datacenter=5), TypeError, "Fleet: datacenter must be a Datacenter, a GridProfile"),
    (lambda: Fleet("f", N, 3, F, mtbf_hours=0), ValueError, "Fleet: mtbf_hours must be in [1e-3, 1e9] hours"),
    (lambda: Fleet("f", N, 3, F, mtbf_hours="5 GB"), ValueError, "Fleet: mtbf_hours: '5 GB' is a data size"),
    (lambda: Fleet("f", N, 3, F, mtbf_hours=Q_(5, "W")), ValueError, "Fleet: mtbf_hours: <Quantity(5, 'watt')>"),
    (lambda: Fleet("f", N, 3), TypeError, "Fleet: missing required field fabric"),
    (lambda: Fleet("f", N, 3, F, bogus=1), TypeError, "unexpected keyword argument 'bogus'"),
])
def test_a_bad_field_is_one_clear_error(build, error, message):
    with pytest.raises(error) as e:
        build()
    assert type(e.value) is error and message in str(e.value) and "\n" not in str(e.value), str(e.value)


def _fleet_of_locals(count):
    """Everything the fleet points at is a local of this function, gone when it returns."""
    fabric = NetworkFabric(name="IB NDR", bandwidth="400 Gbps", latency="5 us")
    accelerator = Hardware.Cloud.get("H100")
    node = Node(name="DGX", accelerator=accelerator, accelerators_per_node=8, intra_node_bw="900 GB/s")
    return Fleet(name=f"{count} DGX", node=node, count=count, fabric=fabric)


def test_a_fleet_outlives_what_it_was_built_from():
    held = _fleet_of_locals(32)
    expected = DistributedModel().solve(LLAMA, held, batch_size=512, tp_size=8)
    fleet = _fleet_of_locals(32)
    gc.collect()
    assert DistributedModel().solve(LLAMA, fleet, batch_size=512, tp_size=8) == expected
    # Only the C++ record is left: it still holds its node, the node's accelerator and the fabric.
    core = _fleet_of_locals(32)._core
    gc.collect()
    junk = [NetworkFabric(f"j{i}", f"{i + 1} GB/s") for i in range(200)]  # reuse any freed memory
    assert core.node.accelerator.name == "NVIDIA H100" and core.fabric.bandwidth_bytes_per_s == 5e10
    assert core.node is core.node and core.total_accelerators == 256 and len(junk) == 200
    assert DistributedModel().solve(LLAMA, core, batch_size=512, tp_size=8) == expected
    # A result keeps what it was solved on.
    r = EconomicsModel().solve(_fleet_of_locals(8), 30)
    gc.collect()
    assert r == EconomicsModel().solve(held.model_copy(update={"count": 8}), 30)


def test_scenario_evaluator_search_and_pickling():
    research = Systems.Clusters.Research_256
    s = mlsysim.Scenario(name="mine", workload=LLAMA, system=rebuilt(research), sla_latency="5 s")
    assert s.is_distributed
    assert s.evaluate(batch_size=256).to_dict() == s.model_copy(update={"system": research}).evaluate(
        batch_size=256).to_dict()
    evaluate = mlsysim.SystemEvaluator.evaluate
    ev = evaluate("mine", LLAMA, "H100", 256, "fp16", 0.5, fleet_obj=rebuilt(research), nodes=32, duration_days=30)
    assert ev.to_dict() == evaluate("mine", LLAMA, "H100", 256, "fp16", 0.5, fleet_obj=research, nodes=32,
                                    duration_days=30).to_dict()
    fleet = _fleet_of_locals(32)
    ck = CheckpointModel().solve(LLAMA, fleet.node.accelerator, optimizer="adam")
    assert ck.write_time_seconds.to("s").magnitude == pytest.approx(141.2)

    fleets = [_fleet_of_locals(n) for n in (8, 16, 32)]
    grid = {"fleet": fleets, "tp_size": [1, 8]}
    fixed = {"model": "Llama3_70B", "batch_size": 256}
    found = mlsysim.search("DistributedModel", grid, fixed=fixed, minimize="step_latency_total_s")
    assert found.best["fleet"] in fleets and found.best_result.step_latency_total.magnitude > 0
    assert pickle.loads(pickle.dumps(fleets[0])) == fleets[0]
    assert pickle.loads(pickle.dumps(Systems.Clusters.Research_256)) is Systems.Clusters.Research_256
    with ProcessPoolExecutor(1) as pool:  # the grid goes to another process by pickle
        there = mlsysim.search("DistributedModel", grid, fixed=fixed, minimize="step_latency_total_s", executor=pool)
    assert (there.objective == found.objective).all() and there.best == found.best


# The same user code in both packages: the classes by 0.3.0's module path, nothing from either's extras.
USER_CODE = r"""
import json
from mlsysim import Hardware, Infrastructure, Models
from mlsysim.solvers import DistributedModel, EconomicsModel, ReliabilityModel, SustainabilityModel
from mlsysim.systems.types import Fleet, NetworkFabric, Node
try:
    from mlsysim.infrastructure.types import Datacenter  # 0.3.0
except ImportError:
    from mlsysim import Datacenter

def dgx_fleet(count):
    ib = NetworkFabric(name="IB NDR", bandwidth="400 Gbps", latency="5 us")
    dgx = Node(name="DGX H100", accelerator=Hardware.Cloud.H100, accelerators_per_node=8, intra_node_bw="900 GB/s",
               nics_per_node=8, psus_per_node=6, psu_redundancy=2)
    return Fleet(name=f"{count} x DGX H100", node=dgx, count=count, fabric=ib)

fleet = dgx_fleet(32)
out = {"total_accelerators": fleet.total_accelerators, "effective_pue": fleet.effective_pue,
       "bandwidth_gbs": fleet.fabric.bandwidth_gbs, "latency_us": fleet.fabric.latency_us,
       "series_psus": fleet.node.series_psus, "equal": fleet == dgx_fleet(32),
       "copy_accelerators": fleet.model_copy(update={"count": 64}).total_accelerators}
for tp, pp in [(1, 1), (8, 1), (8, 4)]:
    d = DistributedModel().solve(model=Models.Language.Llama3_70B, fleet=fleet, batch_size=1024, tp_size=tp, pp_size=pp,
                                 microbatch_count=16 if pp > 1 else 1, zero_stage=1)
    out[f"step_s_tp{tp}_pp{pp}"] = d.step_latency_total.m_as("s")
    out[f"scaling_tp{tp}_pp{pp}"] = d.scaling_efficiency
e = EconomicsModel().solve(fleet=fleet, duration_days=30)
out.update(tco_usd=e.tco_usd, capex_usd=e.capex_usd, carbon_kg=e.carbon_footprint_kg)
r = ReliabilityModel().solve(fleet=fleet, job_duration_hours=720, checkpoint_time_s=60)
out.update(mtbf_h=r.fleet_mtbf.m_as("hour"), goodput=r.goodput_ratio)
dc = Datacenter(name="Custom DC", grid=Infrastructure.Grids.Quebec, pue_override=1.3)
for label, f in [("region", fleet.model_copy(update={"region": Infrastructure.Grids.Poland})),
                 ("datacenter", Fleet(name="in dc", node=fleet.node, count=32, fabric=fleet.fabric,
                                      region=Infrastructure.Grids.Poland, datacenter=dc, mtbf_hours="20000 hour"))]:
    s = SustainabilityModel().solve(fleet=f, duration_days=30)
    out[label] = [s.pue, s.region_name, s.carbon_footprint_kg, s.water_usage_liters, f.effective_pue,
                  EconomicsModel().solve(fleet=f, duration_days=30).tco_usd]
print(json.dumps(out))
"""


def _same(ours, ref):
    if isinstance(ref, list):
        return len(ours) == len(ref) and all(_same(a, b) for a, b in zip(ours, ref))
    if isinstance(ref, (str, bool)):
        return ours == ref
    return ours == pytest.approx(ref, rel=1e-12)


def test_the_same_user_code_gives_the_references_numbers():
    p = subprocess.run([sys.executable, "-c", USER_CODE], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    ours = json.loads(p.stdout)
    ref = run_in_reference(USER_CODE)
    assert ours.keys() == ref.keys()
    for key, value in ref.items():
        assert _same(ours[key], value), (key, ours[key], value)


@pytest.mark.parametrize("build", [
    lambda: NetworkFabric(name="x", bandwidth=mlsysim.Q_(5, "GHz")),
    lambda: Node(name="n", accelerator="H100", accelerators_per_node=8, intra_node_bw=mlsysim.Q_(900, "GHz")),
])
def test_a_frequency_is_not_a_data_rate(build):
    # pint alone would take 5 GHz as 5e9 /s; a data rate must say bytes or bits.
    with pytest.raises(ValueError, match="data rate"):
        build()


def test_gbps_is_a_bit_rate():
    f = NetworkFabric(name="x", bandwidth=mlsysim.Q_(400, "Gbps"))
    assert f.bandwidth.m_as("GB/s") == 50.0 and f"{mlsysim.Q_(400, 'Gbps')}" == "400 Gbps"
