"""Carbon, cost and placement from Python and from the CLI.

The numbers are reference 0.3.0's (its tutorials' and examples' calls, verbatim); the
field-by-field comparison over many cases is test_reference_diff.py. Here: the reference's call
style works (grids and datacenters as objects or names, a custom Datacenter), money, carbon and
water are plain floats as in 0.3.0 with quantity properties beside them, and bad input is one
clear error.
"""
from __future__ import annotations

import inspect
import json
import subprocess

import mlsysim
import pytest
from mlsysim import Datacenter, EconomicsModel, PlacementOptimizer, SustainabilityModel

S, G = mlsysim.Systems.Clusters, mlsysim.Infra.Grids


def test_tg06_and_its_quantities():
    r = SustainabilityModel().solve(S.Research_256, duration_days=1, mfu=0.45)
    assert r.it_energy_kwh.to("kWh").magnitude == pytest.approx(2644.992, rel=1e-12)
    assert r.total_energy.to("kWh").magnitude == pytest.approx(2962.3910400000004, rel=1e-12)
    assert isinstance(r.carbon_footprint_kg, float) and r.carbon_footprint_kg == pytest.approx(1270.8657561600003)
    assert r.carbon_footprint.to("t").magnitude == pytest.approx(1.2708657561600003)
    assert r.water_usage_liters == pytest.approx(5332.303872000001) and r.pue == 1.12
    assert r.region_name == "US Average"


def test_ex05_carbon_geography():
    poland = SustainabilityModel().solve(fleet=S.Research_256, duration_days=30, datacenter=G.Poland, mfu=0.45)
    quebec = SustainabilityModel().solve(fleet=S.Research_256, duration_days=30, datacenter=G.Quebec, mfu=0.45)
    assert round(poland.total_energy.to("MWh").magnitude, 1) == 125.4
    assert round(poland.carbon_footprint_kg / 1000, 1) == 102.8 and round(quebec.carbon_footprint_kg / 1000, 1) == 1.7
    assert round(poland.carbon_footprint_kg / quebec.carbon_footprint_kg, 1) == 61.1


def test_ex09_custom_datacenter_and_registry_datacenters():
    dc = Datacenter(name="Custom DC", grid=G.Poland, pue_override=1.06)
    assert dc.pue == 1.06 and dc.grid.name == "Poland (Coal)"
    fleet = S.Research_256  # 32 nodes; EX-09 has 64: its numbers are twice these
    r = SustainabilityModel().solve(fleet, duration_days=30, datacenter=dc)
    assert r.pue == 1.06 and round(2 * r.total_energy.to("MWh").magnitude, 1) == 273.5
    assert round(2 * r.carbon_footprint_kg / 1000, 1) == 224.3
    campus = mlsysim.Infrastructure.Datacenters.Quebec_Hydro
    by_name = SustainabilityModel().solve(fleet, 30, datacenter="Quebec_Hydro")
    assert SustainabilityModel().solve(fleet, 30, datacenter=campus) == by_name
    assert by_name == SustainabilityModel().solve(fleet, 30, datacenter=G.Quebec)  # the campus is its grid
    with pytest.raises(ValueError, match="pue_override"):
        Datacenter(name="x", grid=G.Poland, pue_override=0.5)
    with pytest.raises(TypeError, match="grid"):
        Datacenter(name="x", grid=3)


def test_tg07_money_is_plain_floats_with_quantities_beside():
    e = EconomicsModel().solve(S.Research_256, duration_days=1, mfu=0.45, infrastructure_multiplier=1.0)
    assert isinstance(e.tco_usd, float) and e.tco_usd == pytest.approx(7076.948112014612, rel=1e-12)
    assert e.capex_usd == pytest.approx(5844.748858447489, rel=1e-12)
    assert e.opex_maintenance_usd == pytest.approx(876.7123287671233, rel=1e-12)
    assert e.tco.to("USD").magnitude == e.tco_usd and e.capex.magnitude == e.capex_usd
    assert list(inspect.signature(EconomicsModel().solve).parameters) == [
        "fleet", "duration_days", "kwh_price", "datacenter", "grid", "mfu", "amortization_years",
        "infrastructure_multiplier"]


def test_t07_04_carbon_priced_tco():
    tco = {g: EconomicsModel().solve(fleet=S.Research_256, duration_days=30, grid=getattr(G, g))
           for g in ("Quebec", "Norway", "US_Avg", "Poland")}
    assert {g: round(r.tco_usd) for g, r in tco.items()} == {
        "Quebec": 218056, "Norway": 218056, "US_Avg": 218985, "Poland": 226107}
    assert round(tco["Poland"].carbon_footprint_kg / 1000 * 50) == 8358


def test_e11_placement_picks_quebec():
    r = PlacementOptimizer().solve(S.Research_256, duration_days=30)
    assert r.best_region == "Quebec" and r.best_config == {"region": "Quebec"} and r.total_searched == 3
    assert [c["region"] for c in r.top_candidates] == ["Quebec", "US_Avg", "Iowa"]
    assert r.carbon_footprint == pytest.approx(2.73531, abs=1e-5)  # tonnes, as 0.3.0 reports it
    assert r.objective_value == pytest.approx(r.lowest_tco + r.carbon_footprint * 100)
    mixed = PlacementOptimizer().solve(S.Research_256, 30, regions=["Poland", G.Norway], carbon_tax_per_ton=50)
    assert mixed.best_region == "Norway"


@pytest.mark.parametrize("call, message", [
    (lambda: SustainabilityModel().solve(S.Research_256, -1), "duration_days must be >= 0"),
    (lambda: SustainabilityModel().solve(S.Research_256, 30, datacenter="Qeubec"), "did you mean 'Quebec'"),
    (lambda: SustainabilityModel().solve(S.Research_256, 30, mfu=1.5), "mfu"),
    (lambda: EconomicsModel().solve(S.Research_256, 30, amortization_years=0), "amortization_years must be > 0"),
    (lambda: EconomicsModel().solve(S.Research_256, 30, kwh_price=-0.1), "kwh_price must be >= 0"),
    (lambda: PlacementOptimizer().solve(S.Research_256, 30, regions=["Quebec", "Atlantis"]), "Atlantis"),
    (lambda: PlacementOptimizer().solve(S.Research_256, 30, regions=[]), "regions is empty"),
    (lambda: PlacementOptimizer().solve(S.Research_256, 30, carbon_tax_per_ton=-5), "carbon_tax_per_ton"),
])
def test_bad_input_is_one_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_regions_must_be_a_list():
    with pytest.raises(TypeError, match="list of grid names"):
        PlacementOptimizer().solve(S.Research_256, 30, regions="Quebec")


def cli(cli_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(cli_path), *args], capture_output=True, text=True, timeout=60)


def test_cli_placement_and_economics(cli_path):
    p = cli(cli_path, "solve", "PlacementOptimizer", "fleet=Research_256", "duration_days=30",
            "regions=US_Avg,Quebec, Iowa,Poland", "--output", "json")
    assert p.returncode == 0, p.stderr
    r = json.loads(p.stdout)
    assert r["best_region"] == "Quebec" and r["total_searched"] == 4
    assert [c["region"] for c in r["top_candidates"]][-1] == "Poland"
    text = cli(cli_path, "solve", "EconomicsModel", "fleet=Research_256", "duration_days=1", "mfu=0.45").stdout
    assert "$7076.95" in text and "2.962 MWh" in text
    bad = cli(cli_path, "solve", "PlacementOptimizer", "fleet=Research_256", "duration_days=30", "regions=Quebec,,Iowa")
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "empty name" in bad.stderr
    zoo = cli(cli_path, "zoo", "datacenters")
    assert zoo.returncode == 0 and "Quebec_Hydro" in zoo.stdout
