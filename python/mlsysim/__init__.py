"""mlsysim: first-principles analytical modeling of ML systems.

Name a workload and a system, get latency, throughput, the binding constraint
and memory fit from datasheet numbers and closed-form equations::

    import mlsysim
    profile = mlsysim.SingleNodeModel().solve(mlsysim.Models.ResNet50, mlsysim.Hardware.Cloud.A100)
    print(profile.bottleneck, profile.latency.to("ms"))

The engine is C++ (``mlsysim._core``); this package gives it pint quantities
and the registry namespaces of MLSys·im. Every solver is a class here and in
``mlsysim.solvers``; ``mlsysim.sweep`` runs grids of the roofline.
"""

__version__ = "0.1.0"

from . import results, solvers, units, walls
from .dse import DSE
from .errors import OOMError
from .evaluation import SystemEvaluation, SystemEvaluator, evaluate_plan
from .infra import Datacenter, GridProfile
from .registry import Hardware, Infrastructure, Models, Systems, load_registry
from .scenarios import Applications, Archetypes, Scenario, Scenarios, SLAViolation
from .search import SearchResult, search
from .solvers import *  # noqa: F401,F403  (every solver class, Engine, sweep, solve_record)
from .solvers import __all__ as _solver_names
from .sweep import Sweep, sweep

Infra = Infrastructure  # the reference's short name (mlsysim.Infra.Grids.Quebec)

PerformanceProfile = results.result_class(
    "PerformanceProfile", next(s for s in solvers._SPECS if s["result"] == "PerformanceProfile")["outputs"])

__all__ = ["Applications", "Archetypes", "DSE", "Datacenter", "GridProfile", "Hardware", "Infra",  # noqa: F405
           "Infrastructure", "Models", "OOMError", "PerformanceProfile", "Q_", "SLAViolation", "Scenario",
           "Scenarios", "SearchResult", "Sweep", "SystemEvaluation", "SystemEvaluator", "Systems",
           "evaluate_plan", "load_registry", "results", "search", "solvers", "sweep", "walls",
           "units", "ureg", *_solver_names]


def __getattr__(name):
    # pint loads on first use: `mlsysim.Q_` and `mlsysim.ureg` build its registry.
    if name in ("Q_", "ureg"):
        return getattr(units, name)
    # The tutorials' helpers and 0.3.0's engine paths load on first use (viz imports matplotlib only
    # when it plots).
    if name in ("engine", "exercises", "viz"):
        import importlib
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'mlsysim' has no attribute {name!r}")
