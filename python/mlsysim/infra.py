"""Layer C: the electricity grid a datacenter draws from."""

from . import _core
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


class Datacenter(Entity):
    """A facility on a grid: its own PUE when it has one (``pue_override``), else the grid's.

    Registry entries live under ``mlsysim.Infrastructure.Datacenters``; build your own as in
    the reference: ``Datacenter(name="Custom DC", grid=Infrastructure.Grids.Quebec,
    pue_override=1.06)`` (``grid`` a GridProfile or a grid's name). Solvers that take a
    ``datacenter`` accept a Datacenter, a GridProfile, or either's name."""

    def __init__(self, name, grid=None, pue_override=None):
        if isinstance(name, _core.Datacenter):
            core = name
        else:
            if isinstance(grid, str):
                grid = _core.grid(grid)
            grid_core = getattr(grid, "_core", grid)
            if not isinstance(grid_core, _core.GridProfile):
                raise TypeError(f"Datacenter: grid must be a GridProfile or a grid name, got {grid!r}")
            if not isinstance(name, str):
                raise TypeError(f"Datacenter: name must be text, got {name!r}")
            core = _core.Datacenter(name, grid_core, pue_override)
        super().__init__(core)
        self.grid = GridProfile(core.grid)
        self.pue_override = core.pue_override

    @property
    def pue(self):
        """The facility's PUE: its own, else its grid's."""
        return self._core.pue

    def __repr__(self):
        return f"Datacenter({self.name}, {self.grid.name}, PUE {self.pue})"
