"""Layer C: the electricity grid a datacenter draws from."""

from .entity import Entity


class GridProfile(Entity):
    def __init__(self, core):
        super().__init__(core)
        self.carbon_intensity_g_kwh = core.carbon_intensity_g_per_kwh
        self.pue = core.pue  # power usage effectiveness
        self.wue = core.wue_l_per_kwh  # water usage effectiveness, L/kWh
        self.primary_source = core.primary_source
        self.renewable_pct = core.renewable_pct
        self.lat = core.lat
        self.lon = core.lon

    def __repr__(self):
        return f"GridProfile({self.name}, {self.carbon_intensity_g_kwh} gCO2/kWh, PUE {self.pue})"
