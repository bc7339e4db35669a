"""Quantity views of the sustainability and economics results.

The reference gives carbon, water and money in these results as plain floats
(``carbon_footprint_kg``, ``tco_usd``) and offers each as a pint quantity too
(``carbon_footprint``, ``tco``); so do we."""

from .results import extends
from .units import quantity


def _as(field, unit):
    return property(lambda self: quantity(getattr(self, field), unit),
                    doc=f"``{field}`` as a quantity in {unit}.")


class _Energy:
    it_energy = property(lambda self: self.it_energy_kwh, doc="IT energy (kWh).")
    total_energy = property(lambda self: self.total_energy_kwh, doc="Facility energy, after PUE (kWh).")
    carbon_footprint = _as("carbon_footprint_kg", "kg")
    water_usage = _as("water_usage_liters", "liter")


@extends("SustainabilityResult")
class _Sustainability(_Energy):
    embodied_carbon = _as("embodied_carbon_kg", "kg")


@extends("EconomicsResult")
class _Economics(_Energy):
    capex = _as("capex_usd", "USD")
    opex_energy = _as("opex_energy_usd", "USD")
    opex_maintenance = _as("opex_maintenance_usd", "USD")
    total_opex = _as("total_opex_usd", "USD")
    tco = _as("tco_usd", "USD")
