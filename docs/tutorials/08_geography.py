# %% [markdown]
# # 08 · Geography is a Systems Variable
#
# **The question.** You have 256 H100s for a month of training. The hardware, the model and the schedule are
# fixed; only the site is open. How much do energy, carbon, water and cost depend on where the cluster is
# plugged in?
#
# **What you will learn**
#
# * how a fleet's power becomes energy at the meter: the [TDP](../glossary.md#tdp) of every GPU, then the
#   facility's [PUE](../glossary.md#pue);
# * why the grid's [carbon intensity](../glossary.md#carbon-intensity) moves emissions far more than any
#   realistic change in training time, and what the facility adds through PUE and [WUE](../glossary.md#wue);
# * why the bill, the [TCO](../glossary.md#tco), hardly notices the grid, and what a
#   [carbon price](../glossary.md#carbon-price) changes.
#
# **Time:** about 15 minutes. **Before this:** [07 · Scaling to 1000 GPUs](07_scaling_1000_gpus.md) (a fleet of
# DGX H100 nodes).

# %% [markdown]
# ## Background: from watts to tonnes
#
# `SustainabilityModel` gives each of the $N$ GPUs a power between idle and full load, adds up the
# [IT energy](../glossary.md#it-energy) over the run, and multiplies by the facility's overhead and the grid's
# intensity:
#
# $$P_\text{GPU} = \mathit{TDP}\,(0.3 + 0.7\,u), \qquad E_\text{IT} = N \cdot P_\text{GPU} \cdot D, \qquad
#   E = E_\text{IT} \cdot \mathit{PUE}$$
#
# $$\mathit{CO_2e} = E \cdot \mathit{CI}, \qquad V_\text{water} = E \cdot \mathit{WUE}$$
#
# `EconomicsModel` prices the same run: the period's share of the hardware's purchase price
# ([CapEx](../glossary.md#capex), [written off](../glossary.md#amortization) over 3 years), maintenance at 5 % of the
# purchase price a year, and the electricity ([OpEx](../glossary.md#opex)); a carbon price $\pi$ adds the emissions to
# the bill:
#
# $$\mathit{TCO} = \frac{c\,N}{3}\cdot\frac{D}{365\text{ d}} + 0.05\,c\,N\cdot\frac{D}{365\text{ d}} + E \cdot p,
#   \qquad J = \mathit{TCO} + \pi\, \mathit{CO_2e}$$
#
# | symbol | meaning | unit |
# |---|---|---|
# | $\mathit{TDP}$ | a GPU's thermal design power (H100: 700 W) | W |
# | $u$ | the share of the dynamic power drawn, `mfu` (default 1) | — |
# | $D$ | the run's duration | h |
# | $\mathit{PUE}$ | power usage effectiveness: facility energy over IT energy (cooling, power conversion) | — |
# | $\mathit{CI}$ | the grid's carbon intensity | g CO₂e/kWh |
# | $\mathit{WUE}$ | water usage effectiveness: cooling water per kWh | L/kWh |
# | $c$ | an H100's unit cost (the registry says \$25,000) | USD |
# | $p$ | the electricity price (default \$0.12/kWh) | USD/kWh |
# | $\pi$ | a carbon price | USD per tonne CO₂e |
#
# With $u = 1$ every GPU draws its full TDP all month: an upper bound on the energy. The registry's grids carry
# no electricity prices, so every site pays the same $p$ unless you give another.

# %% [markdown]
# ## Predict first
#
# Write your answers into the next cell before you run anything below it. Leave a `None` to skip one.
#
# 1. **`carbon_ratio`**: the same month on Poland's coal grid and on Quebec's hydro grid. How many times more
#    CO₂e in Poland?
# 2. **`short_dirty_run`**: which emits more, `"quebec"` for 30 days or `"poland"` for 10 days?
# 3. **`tco_gap`**: how many percent more does the month cost in Poland than in Quebec, at the same electricity
#    price?
# 4. **`breakeven_price`**: how cheap would Poland's electricity have to be (USD/kWh) for its month to cost the
#    same as Quebec's at \$0.12/kWh?
# 5. **`free_power_carbon_price`**: suppose Poland's electricity were free. Above what carbon price (USD per
#    tonne) does Quebec still win?

# %%
import matplotlib.pyplot as plt
import mlsysim
from mlsysim import EconomicsModel, PlacementOptimizer, SustainabilityModel
from mlsysim.exercises import Exercises
from mlsysim.viz import plot_series

quiz = Exercises("08 Geography is a Systems Variable")
quiz.predict("carbon_ratio", None)  # your prediction: a ratio, e.g. 10 (right within 10 %)
quiz.predict("short_dirty_run", None)  # your prediction: "quebec" or "poland"
quiz.predict("tco_gap", None)  # your prediction: a percentage, e.g. 20 (right within 10 %)
quiz.predict("breakeven_price", None)  # your prediction: USD/kWh, e.g. 0.05 (right within 10 %)
quiz.predict("free_power_carbon_price", None)  # your prediction: USD per tonne, e.g. 50 (right within 10 %)

# %% [markdown]
# ## The fleet and the grids
#
# The registry's `DgxH100SuperPodSU` is one DGX SuperPOD scalable unit: 32 DGX H100 nodes, 256 GPUs, on
# InfiniBand NDR. The registry has twelve grids; each carries a carbon intensity, the PUE of a typical
# datacenter there and its water use.

# %%
fleet = mlsysim.Systems.Clusters.DgxH100SuperPodSU
gpu = fleet.node.accelerator
grids = sorted(mlsysim.Infrastructure.Grids, key=lambda g: g.carbon_intensity_g_kwh)
DAYS = 30

print(f"{fleet.name}: {fleet.total_accelerators} x {gpu.name}, {gpu.tdp:~P} TDP, "
      f"{gpu.unit_cost.magnitude:,.0f} USD each\n")
print(f"{'grid':<27} {'source':<11} {'gCO2e/kWh':>9} {'PUE':>5} {'WUE L/kWh':>9}")
for g in grids:
    print(f"{g.name:<27} {g.primary_source:<11} {g.carbon_intensity_g_kwh:>9.0f} {g.pue:>5.2f} {g.wue:>9.1f}")

# %% [markdown]
# ## The same month on twelve grids

# %%
footprints = {g.key: SustainabilityModel().solve(fleet=fleet, duration_days=DAYS, datacenter=g) for g in grids}
bills = {g.key: EconomicsModel().solve(fleet=fleet, duration_days=DAYS, grid=g) for g in grids}


def mwh(q):
    return q.to("MWh").magnitude


print(f"{'grid':<27} {'IT MWh':>7} {'facility MWh':>12} {'CO2e t':>7} {'water kL':>8} {'TCO USD':>9}")
for g in grids:
    s, e = footprints[g.key], bills[g.key]
    print(f"{g.name:<27} {mwh(s.it_energy_kwh):>7.1f} {mwh(s.total_energy_kwh):>12.1f} "
          f"{s.carbon_footprint_kg / 1e3:>7.1f} {s.water_usage_liters / 1e3:>8.1f} {e.tco_usd:>9,.0f}")

quebec, poland = mlsysim.Infrastructure.Grids.Quebec, mlsysim.Infrastructure.Grids.Poland
q, p = footprints["Quebec"], footprints["Poland"]
ratio = p.carbon_footprint_kg / q.carbon_footprint_kg
ci_ratio = poland.carbon_intensity_g_kwh / quebec.carbon_intensity_g_kwh
pue_ratio = p.pue / q.pue
print(f"\nPoland / Quebec: {ratio:.1f}x the CO2e = {ci_ratio:.0f}x the carbon intensity x {pue_ratio:.2f}x the PUE")

quiz.check("carbon_ratio", ratio, unit="x",
           why=f"the IT energy is the same {mwh(q.it_energy_kwh):.1f} MWh; Poland's grid emits {ci_ratio:.0f}x more "
               f"per kWh ({poland.carbon_intensity_g_kwh:.0f} vs {quebec.carbon_intensity_g_kwh:.0f} g) and its "
               f"PUE of {p.pue:.2f} vs {q.pue:.2f} draws {pue_ratio:.2f}x the kWh")

# %% [markdown]
# The IT energy column is the same on every row: the GPUs do not know where they are. Everything after it is
# geography. The facility's PUE and the grid's carbon intensity multiply, so a coal grid with a poor PUE
# compounds both: China's average grid emits less per kWh than Iowa's, yet the same month there emits more,
# because of its PUE. Water follows the facility energy too; the hydro and geothermal sites in the registry
# report no cooling water at all.
#
# How much of Poland's excess is the building, and how much the grid? Put the same cluster on Poland's grid in a
# facility as efficient as Quebec's (a `Datacenter` with its own PUE):

# %%
efficient_poland = mlsysim.Datacenter("Poland grid, PUE of a Quebec site", grid=poland, pue_override=q.pue)
ep = SustainabilityModel().solve(fleet=fleet, duration_days=DAYS, datacenter=efficient_poland)
print(f"{efficient_poland.name}: {ep.carbon_footprint_kg / 1e3:.1f} t CO2e "
      f"(Poland as built {p.carbon_footprint_kg / 1e3:.1f} t, Quebec {q.carbon_footprint_kg / 1e3:.1f} t): the better "
      f"building removes {1 - ep.carbon_footprint_kg / p.carbon_footprint_kg:.0%} of Poland's emissions; the grid "
      f"keeps it {ep.carbon_footprint_kg / q.carbon_footprint_kg:.0f}x above Quebec")

# %% [markdown]
# ## Time or place?
#
# A common instinct is to cut emissions by training faster. Compare a month in Quebec with a third of a month in
# Poland.

# %%
q30 = footprints["Quebec"]
p10 = SustainabilityModel().solve(fleet=fleet, duration_days=10, datacenter=poland)
dirtier = "poland" if p10.carbon_footprint_kg > q30.carbon_footprint_kg else "quebec"
equal_days = DAYS * q30.carbon_footprint_kg / p.carbon_footprint_kg
print(f"Quebec, 30 days: {q30.carbon_footprint_kg / 1e3:6.1f} t CO2e")
print(f"Poland, 10 days: {p10.carbon_footprint_kg / 1e3:6.1f} t CO2e")
print(f"Poland matches Quebec's whole month in {equal_days * 24:.0f} hours")

quiz.check("short_dirty_run", dirtier,
           why=f"a third of the time on a grid {ratio:.0f}x dirtier still emits "
               f"{p10.carbon_footprint_kg / q30.carbon_footprint_kg:.1f}x as much")

# %% [markdown]
# ## The bill hardly notices
#
# Break the TCO into its parts. The purchase price and maintenance do not depend on the site; the electricity
# does, through the PUE only, because every site pays the same price per kWh.

# %%
print(f"{'grid':<16} {'CapEx share':>11} {'maintenance':>11} {'electricity':>11} {'TCO':>9} {'electricity share':>17}")
for key in ("Quebec", "US_Avg", "Poland"):
    e = bills[key]
    print(f"{key:<16} {e.capex_usd:>11,.0f} {e.opex_maintenance_usd:>11,.0f} {e.opex_energy_usd:>11,.0f} "
          f"{e.tco_usd:>9,.0f} {e.opex_energy_usd / e.tco_usd:>17.1%}")

tq, tp = bills["Quebec"], bills["Poland"]
gap = 100 * (tp.tco_usd / tq.tco_usd - 1)
quiz.check("tco_gap", gap, unit="%",
           why=f"only the electricity differs ({tp.opex_energy_usd:,.0f} vs {tq.opex_energy_usd:,.0f} USD, the PUE "
               f"ratio); the {tq.capex_usd + tq.opex_maintenance_usd:,.0f} USD of hardware and maintenance is the same "
               f"everywhere")

# %% [markdown]
# Carbon differs by more than an order of magnitude, cost by a few percent: a budget alone will not steer the
# choice of site. Two levers could: regional electricity prices (cheap power is often dirty power), and a price
# on carbon.
#
# **Cheaper power.** `EconomicsModel` takes a `kwh_price`. The cost is linear in it, so the price at which
# Poland's month costs what Quebec's does follows from one solve; a second solve at that price checks it.

# %%
PRICE = tq.kwh_price  # the default, 0.12 USD/kWh
fixed_poland = tp.tco_usd - tp.opex_energy_usd  # CapEx share + maintenance
breakeven = (tq.tco_usd - fixed_poland) / p.total_energy_kwh.to("kWh").magnitude
check = EconomicsModel().solve(fleet=fleet, duration_days=DAYS, grid=poland, kwh_price=breakeven)
print(f"Poland at {breakeven:.4f} USD/kWh: TCO {check.tco_usd:,.0f} USD (Quebec at {PRICE:.2f}: {tq.tco_usd:,.0f} USD)")

quiz.check("breakeven_price", breakeven, unit="USD/kWh",
           why=f"Poland buys {p.pue / q.pue:.2f}x the kWh, so its power must cost {PRICE:.2f} / {p.pue / q.pue:.2f} "
               f"= {breakeven:.4f} USD/kWh to pay the same")

# %% [markdown]
# **A carbon price.** `PlacementOptimizer` ranks grids by TCO plus the run's tonnes times a carbon price. At one
# electricity price for all, the cleanest grids already have the best PUE, so they win at every price.
# Then give Poland free electricity, a deliberately extreme what-if, and ask at what carbon price Quebec wins
# anyway.

# %%
for tax in (0, 50, 100, 200):
    placed = PlacementOptimizer().solve(fleet=fleet, duration_days=DAYS, regions=["Quebec", "US_Avg", "Poland"],
                                        carbon_tax_per_ton=tax)
    ranking = ", ".join(f"{c.region} {c.objective:,.0f}" for c in placed.top_candidates)
    print(f"carbon price {tax:>3} USD/t: best {placed.best_region:<7} ({ranking} USD)")

free = EconomicsModel().solve(fleet=fleet, duration_days=DAYS, grid=poland, kwh_price=0.0)
tonnes_q, tonnes_p = q.carbon_footprint_kg / 1e3, p.carbon_footprint_kg / 1e3
free_power_price = (tq.tco_usd - free.tco_usd) / (tonnes_p - tonnes_q)
print(f"\nPoland with free electricity: TCO {free.tco_usd:,.0f} USD, {tq.tco_usd - free.tco_usd:,.0f} USD below "
      f"Quebec; {tonnes_p - tonnes_q:.1f} t more CO2e")
print(f"they cost the same at a carbon price of {free_power_price:.1f} USD/t")

quiz.check("free_power_carbon_price", free_power_price, unit="USD/t",
           why=f"Quebec's whole electricity bill ({tq.opex_energy_usd:,.0f} USD) against Poland's extra "
               f"{tonnes_p - tonnes_q:.1f} t of CO2e")

# %% [markdown]
# The picture: each line is a site's cost over Quebec's at \$0.12/kWh, as the carbon price rises. A line below zero
# is cheaper than Quebec.

# %%
taxes = list(range(0, 301, 25))


def extra_over_quebec(bill, tonnes):
    return [bill.tco_usd + t * tonnes - (tq.tco_usd + t * tonnes_q) for t in taxes]


lines = {
    "US average grid": extra_over_quebec(bills["US_Avg"], footprints["US_Avg"].carbon_footprint_kg / 1e3),
    "Poland": extra_over_quebec(tp, tonnes_p),
    f"Poland at {breakeven:.3f} USD/kWh": extra_over_quebec(check, tonnes_p),
    "Poland, free electricity": extra_over_quebec(free, tonnes_p),
}
fig, ax = plot_series(taxes, lines, xlabel="carbon price (USD per tonne CO2e)",
                      ylabel="extra cost over Quebec for the month (USD)",
                      title=f"{fleet.total_accelerators} H100s for {DAYS} days: where is cheapest?")
ax.axhline(0, color="black", linewidth=0.8)
plt.show()

# %% [markdown]
# ## What the numbers show
#
# * **The grid sets the carbon.** The same GPUs doing the same work for the same month emit more than an order
#   of magnitude more on a coal grid than on a hydro grid. No realistic speed-up closes that: a third of the time
#   in Poland still emits more than a full month in Quebec.
# * **The facility multiplies it.** PUE scales the energy the grid must supply, and with it carbon, water and the
#   electricity bill; on a dirty grid a better building helps, but the grid dominates.
# * **The bill barely notices.** Hardware dominates the TCO, so at one electricity price for all, the site moves
#   the cost by a few percent.
# * **A carbon price makes it count.** Even free electricity does not make Poland cheaper than Quebec once carbon
#   carries a price like the one printed above.
#
# What the model leaves out: one electricity price for all sites unless you give one, yearly-average carbon
# intensity (no hour-by-hour variation, no renewable certificates), and the emissions of manufacturing the GPUs,
# their [embodied carbon](../glossary.md#embodied-carbon) (`embodied_carbon_per_device`, which you supply).
#
# **Going further.** Rerun at `mfu=0.45` (a typical training utilization) and see which numbers change and which
# ratios do not; find the carbon price at which the US average grid with free electricity ties Quebec.

# %%
print(f"{DAYS} days of {fleet.total_accelerators} H100s: {q.carbon_footprint_kg / 1e3:.1f} t CO2e in Quebec vs "
      f"{p.carbon_footprint_kg / 1e3:.1f} t in Poland ({ratio:.1f}x); TCO {tq.tco_usd:,.0f} vs {tp.tco_usd:,.0f} USD "
      f"(+{gap:.1f}%)")

# %% [markdown]
# ## Answer key

# %%
quiz.answer_key()
