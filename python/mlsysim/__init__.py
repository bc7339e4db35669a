"""mlsysim: first-principles analytical modeling of ML systems.

Name a workload and a system, get latency, throughput, the binding constraint
and memory fit from datasheet numbers and closed-form equations::

    import mlsysim
    profile = mlsysim.SingleNodeModel().solve(mlsysim.Models.ResNet50, mlsysim.Hardware.Cloud.A100)
    print(profile.bottleneck, profile.latency.to("ms"))

The engine is C++ (``mlsysim._core``); this package gives it pint quantities
and the registry namespaces of MLSys·im.
"""

__version__ = "0.1.0"

from . import solvers, units
from .errors import OOMError
from .profile import PerformanceProfile
from .registry import Hardware, Infrastructure, Models, Systems, load_registry
from .solvers import Engine, SingleNodeModel, solve_record
from .units import Q_, ureg

__all__ = [
    "Engine", "Hardware", "Infrastructure", "Models", "OOMError", "PerformanceProfile", "Q_",
    "SingleNodeModel", "Systems", "load_registry", "solve_record", "solvers", "units", "ureg",
]
