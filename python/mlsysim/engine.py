"""0.3.0's import paths under ``mlsysim.engine``, for code written against it:
``from mlsysim.engine.dse import DSE``, ``from mlsysim.engine.evaluation import SystemEvaluator``,
``from mlsysim.engine.scenarios import Scenario, Scenarios``, ``from mlsysim.engine.solvers import
DistributedModel``. Each is the module of ours that holds those names (mlsysim.dse, .evaluation,
.scenarios, .solvers)."""

import sys

from . import dse, evaluation, scenarios, solvers

for _module in (dse, evaluation, scenarios, solvers):
    sys.modules.setdefault(f"{__name__}.{_module.__name__.rsplit('.', 1)[1]}", _module)
