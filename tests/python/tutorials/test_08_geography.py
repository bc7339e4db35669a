"""Tutorial 08 · Geography is a Systems Variable: it runs, prints what the solvers say, and its answer key is
the model's.

Every expected number is computed here with SustainabilityModel, EconomicsModel and PlacementOptimizer (or
from the registry's grid values), never copied from the tutorial's output."""

import math

import mlsysim
import pytest
from mlsysim import EconomicsModel, PlacementOptimizer, SustainabilityModel

KEYS = {"carbon_ratio", "short_dirty_run", "tco_gap", "breakeven_price", "free_power_carbon_price"}
FLEET = mlsysim.Systems.Clusters.DgxH100SuperPodSU
GRIDS = mlsysim.Infrastructure.Grids
DAYS = 30


@pytest.fixture(scope="module")
def run(tutorial):
    return tutorial("08")


def footprint(grid, days=DAYS):
    return SustainabilityModel().solve(fleet=FLEET, duration_days=days, datacenter=grid)


def bill(grid, **kw):
    return EconomicsModel().solve(fleet=FLEET, duration_days=DAYS, grid=grid, **kw)


def test_answer_keys(run):
    assert set(run.namespace["quiz"].answers) == KEYS


def test_every_grid_row(run):
    it = {footprint(g).it_energy_kwh.to("MWh").magnitude for g in GRIDS}
    assert len({round(x, 9) for x in it}) == 1  # "the IT energy column is the same on every row"
    for g in GRIDS:
        s, e = footprint(g), bill(g)
        row = (f"{g.name:<27} {s.it_energy_kwh.to('MWh').magnitude:>7.1f} "
               f"{s.total_energy_kwh.to('MWh').magnitude:>12.1f} "
               f"{s.carbon_footprint_kg / 1e3:>7.1f} {s.water_usage_liters / 1e3:>8.1f} {e.tco_usd:>9,.0f}")
        assert row in run.stdout
        assert s.pue == pytest.approx(g.pue)
        if g.primary_source in ("hydro", "geothermal"):
            assert s.water_usage_liters == 0  # "the hydro and geothermal sites report no cooling water"
    # China's grid is cleaner per kWh than Iowa's, yet emits more for the month (its PUE)
    assert GRIDS.China_Avg.carbon_intensity_g_kwh < GRIDS.Iowa.carbon_intensity_g_kwh
    assert footprint(GRIDS.China_Avg).carbon_footprint_kg > footprint(GRIDS.Iowa).carbon_footprint_kg


def test_carbon_ratio(run):
    q, p = footprint(GRIDS.Quebec), footprint(GRIDS.Poland)
    ratio = p.carbon_footprint_kg / q.carbon_footprint_kg
    # closed form: the intensity ratio times the PUE ratio
    assert ratio == pytest.approx((820 / 20) * (1.58 / 1.06))
    assert ratio > 10  # "more than an order of magnitude"
    answer = run.namespace["quiz"].answers["carbon_ratio"]
    assert math.isclose(answer.actual, ratio, rel_tol=1e-12)
    assert f"Poland / Quebec: {ratio:.1f}x the CO2e" in run.stdout
    assert f"({ratio:.1f}x)" in run.stdout


def test_building_versus_grid(run):
    q, p = footprint(GRIDS.Quebec), footprint(GRIDS.Poland)
    dc = mlsysim.Datacenter("check", grid=GRIDS.Poland, pue_override=GRIDS.Quebec.pue)
    ep = footprint(dc)
    assert ep.carbon_footprint_kg == pytest.approx(p.carbon_footprint_kg * 1.06 / 1.58)
    assert f"{ep.carbon_footprint_kg / 1e3:.1f} t CO2e" in run.stdout
    assert f"removes {1 - ep.carbon_footprint_kg / p.carbon_footprint_kg:.0%}" in run.stdout
    assert ep.carbon_footprint_kg / q.carbon_footprint_kg > 10  # "the grid dominates"


def test_time_or_place(run):
    q30, p10 = footprint(GRIDS.Quebec), footprint(GRIDS.Poland, days=10)
    assert p10.carbon_footprint_kg > q30.carbon_footprint_kg
    assert run.namespace["quiz"].answers["short_dirty_run"].actual == "poland"
    assert f"Poland, 10 days: {p10.carbon_footprint_kg / 1e3:6.1f} t CO2e" in run.stdout
    hours = DAYS * 24 * q30.carbon_footprint_kg / footprint(GRIDS.Poland).carbon_footprint_kg
    assert f"in {hours:.0f} hours" in run.stdout


def test_tco_gap(run):
    tq, tp = bill(GRIDS.Quebec), bill(GRIDS.Poland)
    gap = 100 * (tp.tco_usd / tq.tco_usd - 1)
    assert gap < 5  # "cost by a few percent"
    answer = run.namespace["quiz"].answers["tco_gap"]
    assert math.isclose(answer.actual, gap, rel_tol=1e-12)
    assert f"(+{gap:.1f}%)" in run.stdout
    for e in (tq, bill(GRIDS.US_Avg), tp):
        assert f"{e.tco_usd:>9,.0f} {e.opex_energy_usd / e.tco_usd:>17.1%}" in run.stdout
        assert e.opex_energy_usd / e.tco_usd < 0.15  # "hardware dominates the TCO"
    assert tq.capex_usd == pytest.approx(256 * 25_000 / 3 * 30 / 365)


def test_breakeven_price(run):
    q, p = footprint(GRIDS.Quebec), footprint(GRIDS.Poland)
    # the fixed costs are the same everywhere, so the energy bills must match
    price = 0.12 * q.total_energy_kwh.to("kWh").magnitude / p.total_energy_kwh.to("kWh").magnitude
    answer = run.namespace["quiz"].answers["breakeven_price"]
    assert math.isclose(answer.actual, price, rel_tol=1e-9)
    assert bill(GRIDS.Poland, kwh_price=price).tco_usd == pytest.approx(bill(GRIDS.Quebec).tco_usd, rel=1e-12)
    assert f"Poland at {price:.4f} USD/kWh" in run.stdout


def test_carbon_price(run):
    tq, q, p = bill(GRIDS.Quebec), footprint(GRIDS.Quebec), footprint(GRIDS.Poland)
    tonnes = (p.carbon_footprint_kg - q.carbon_footprint_kg) / 1e3
    price = tq.opex_energy_usd / tonnes  # free power saves exactly Quebec's electricity bill
    answer = run.namespace["quiz"].answers["free_power_carbon_price"]
    assert math.isclose(answer.actual, price, rel_tol=1e-9)
    assert f"carbon price of {price:.1f} USD/t" in run.stdout
    for tax in (0, 50, 100, 200):
        placed = PlacementOptimizer().solve(fleet=FLEET, duration_days=DAYS, regions=["Quebec", "US_Avg", "Poland"],
                                            carbon_tax_per_ton=tax)
        assert placed.best_region == "Quebec"  # "they win at every price"
        assert f"carbon price {tax:>3} USD/t: best Quebec" in run.stdout


def test_datasheet_inputs_quoted_in_prose():
    gpu = FLEET.node.accelerator
    assert gpu.key == "H100" and FLEET.total_accelerators == 256 and FLEET.count == 32
    assert FLEET.fabric.key == "InfiniBand_NDR"
    assert gpu.tdp.to("W").magnitude == pytest.approx(700)
    assert gpu.unit_cost.magnitude == pytest.approx(25_000)
    assert len(GRIDS) == 12
    assert (GRIDS.Quebec.carbon_intensity_g_kwh, GRIDS.Poland.carbon_intensity_g_kwh) == (20, 820)
    assert bill(GRIDS.Quebec).kwh_price == pytest.approx(0.12)
