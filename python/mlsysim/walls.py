"""The 22 ML-systems walls: 0.3.0's taxonomy (``mlsysim.engine.walls`` there), as data.

``ALL_WALLS`` lists them; each :class:`Wall` has ``number``, ``name``, ``domain`` (a
:class:`Domain`), ``resolver_name`` (the solver), ``metric`` (the result field that measures it,
ours), ``constraint``, ``equation`` and ``sources``. ``wall(n)``, ``walls_for_resolver(name)``,
``walls_in_domain(domain)`` and ``taxonomy()`` are 0.3.0's helpers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from . import _core

__all__ = ["ALL_WALLS", "Domain", "Wall", "taxonomy", "wall", "walls_for_resolver", "walls_in_domain"]


class Domain(Enum):
    NODE = "node"
    DATA = "data"
    ALGORITHM = "algorithm"
    FLEET = "fleet"
    OPERATIONS = "operations"
    ANALYSIS = "analysis"


@dataclass(frozen=True)
class Wall:
    number: int
    name: str
    domain: Domain
    resolver_name: str
    constraint: str
    equation: str
    sources: list = field(default_factory=list)
    metric: str = ""


ALL_WALLS = [Wall(w["number"], w["name"], Domain(w["domain"]), w["solver"], w["constraint"], w["equation"],
                  list(w["sources"]), w["metric"]) for w in _core.walls()]

_BY_NUMBER = {w.number: w for w in ALL_WALLS}
_BY_RESOLVER: dict = {}
for _w in ALL_WALLS:
    _BY_RESOLVER.setdefault(_w.resolver_name, []).append(_w)
# Solvers that answer walls another solver resolves (0.3.0's composite resolvers).
for _name, _numbers in {"TrainingMemoryModel": [2], "ServingCapacityModel": [4, 5, 7], "MoERoutingModel": [14],
                        "ParallelismOptimizer": [14], "BatchingOptimizer": [5, 7],
                        "PlacementOptimizer": [17, 18]}.items():
    _BY_RESOLVER[_name] = [_BY_NUMBER[n] for n in _numbers]

_LABELS = {
    Domain.NODE: "Domain 1 — Node (Single-Accelerator Resources)",
    Domain.DATA: "Domain 2 — Data (Movement & Pipelines)",
    Domain.ALGORITHM: "Domain 3 — Algorithm (Scaling & Compression)",
    Domain.FLEET: "Domain 4 — Fleet (Multi-Node Coordination)",
    Domain.OPERATIONS: "Domain 5 — Operations (Economics, Sustainability & Safety)",
    Domain.ANALYSIS: "Domain 6 — Meta-Analysis (Cross-Cutting Diagnostic Tools)",
}


def wall(number: int) -> Wall:
    """The wall with this number (1..22)."""
    if number not in _BY_NUMBER:
        raise KeyError(f"No wall with number {number}. Valid: 1–22.")
    return _BY_NUMBER[number]


def walls_for_resolver(resolver_name: str) -> list:
    """The walls a solver resolves (or answers, for the composite solvers)."""
    return list(_BY_RESOLVER.get(resolver_name, []))


def walls_in_domain(domain: Domain) -> list:
    """The walls of one domain, by number."""
    return sorted((w for w in ALL_WALLS if w.domain == Domain(domain)), key=lambda w: w.number)


def taxonomy() -> str:
    """The whole taxonomy as text, by domain (0.3.0's layout)."""
    lines = ["═══ The 22 ML Systems Walls ═══", ""]
    for domain in Domain:
        lines.append(f"  {_LABELS[domain]}")
        for w in walls_in_domain(domain):
            lines.append(f"    Wall {w.number:2d}: {w.name:<16s} → {w.resolver_name}")
            lines.append(f"             {w.constraint}")
        lines.append("")
    return "\n".join(lines)
