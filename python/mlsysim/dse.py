"""0.3.0's declarative grid search (``engine/dse.py``), for code written against it::

    dse = DSE(space={"batch_size": [16, 32], "tp": [1, 2, 4]},
              objective="maximize: effective_throughput", constraints=["step_latency_total < 2000"])
    best = dse.search(lambda p: mlsysim.DistributedModel().solve(model, fleet, batch_size=p["batch_size"],
                                                                  tp_size=p["tp"]))
    best["best_params"], best["best_objective"], best["top_candidates"]

It calls a Python function per point, so it runs about as fast as 0.3.0's. ``mlsysim.search`` is
the fast path (millions of points per second, a Pareto front, any executor): use it for new code.

Where 0.3.0 turns a mistake into a silently wrong ranking, this raises ``ValueError``: a metric path
that names nothing (0.3.0 ranks it as +-inf), a constraint threshold that is not a number (0.3.0
ignores the constraint). A point whose evaluator raises is skipped as 0.3.0 skips it, and listed
under ``"failed"`` (params, error) so nothing is lost; when every point fails the first error is
named.
"""

from __future__ import annotations

import itertools
import operator
from typing import Any, Callable, Dict, List

__all__ = ["DSE"]

_OPS = {"<": operator.lt, ">": operator.gt, "<=": operator.le, ">=": operator.ge, "==": operator.eq}


class DSE:
    """An exhaustive search of ``space`` (name -> list of values), ranked by ``objective``
    ("minimize: path" or "maximize: path") among the points that pass every constraint
    ("path < number", with <, >, <=, >=, ==) and whose result's feasibility level, if it has one,
    is PASS."""

    def __init__(self, space: Dict[str, List[Any]], objective: str, constraints: List[str] | None = None):
        if not isinstance(space, dict) or not space:
            raise ValueError("DSE: space must be a non-empty dict of name -> list of values")
        for name, values in space.items():
            if not isinstance(values, (list, tuple)) or not values:
                raise ValueError(f"DSE: space[{name!r}] must be a non-empty list of values, got {values!r}")
        self.space = {k: list(v) for k, v in space.items()}
        self.direction, self.metric = _objective(objective)
        self.constraints = [_constraint(c) for c in (constraints or [])]

    def search(self, evaluator_fn: Callable[[Dict[str, Any]], Any]) -> Dict[str, Any]:
        keys = list(self.space)
        valid, failed = [], []
        for combo in itertools.product(*self.space.values()):
            params = dict(zip(keys, combo))
            try:
                result = evaluator_fn(params)
            except Exception as e:  # an infeasible point (OOM, a bad combination): skipped, as in 0.3.0
                failed.append((params, e))
                continue
            feasibility = getattr(result, "feasibility", None)
            if feasibility is not None and getattr(feasibility, "status", "PASS") != "PASS":
                continue
            if all(op(_metric(result, path), limit) for path, op, limit, _ in self.constraints):
                valid.append({"params": params, "objective_value": _metric(result, self.metric), "result": result})
        if not valid:
            why = f"; the first failure, at {failed[0][0]}: {failed[0][1]}" if failed else ""
            raise ValueError(f"No valid configurations found in the search space ({len(failed)} raised{why})")
        valid.sort(key=lambda c: c["objective_value"], reverse=self.direction == "maximize")
        best = valid[0]
        return {"best_params": best["params"], "best_objective": best["objective_value"],
                "best_result": best["result"], "top_candidates": valid[:5], "failed": failed}


def _objective(text):
    if not isinstance(text, str):
        raise ValueError(f"DSE: objective must be text like 'minimize: tco_usd', got {text!r}")
    if ":" in text:
        direction, metric = (part.strip() for part in text.split(":", 1))
    else:  # "minimize(latency)", as 0.3.0 also reads
        low = text.lower()
        direction = "minimize" if "minimize" in low else "maximize" if "maximize" in low else ""
        metric = low.replace(direction, "").strip("() ") if direction else ""
    if direction.lower() not in ("minimize", "maximize") or not metric:
        raise ValueError(f"DSE: invalid objective {text!r}; expected 'minimize: <metric path>' or "
                         "'maximize: <metric path>'")
    return direction.lower(), metric


def _constraint(text):
    parts = text.split() if isinstance(text, str) else []
    if len(parts) != 3 or parts[1] not in _OPS:
        raise ValueError(f"DSE: constraint {text!r} must be '<metric path> <op> <number>' with op one of "
                         f"{', '.join(_OPS)}")
    try:
        limit = float(parts[2])
    except ValueError:
        raise ValueError(f"DSE: constraint {text!r}: the threshold {parts[2]!r} is not a number") from None
    return parts[0], _OPS[parts[1]], limit, text


def _metric(result, path):
    """The value at a dotted path (attributes or dict keys) as a float; a quantity's magnitude."""
    current = result
    for part in path.split("."):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif not isinstance(current, dict) and hasattr(current, part):
            current = getattr(current, part)
        else:
            have = sorted(current) if isinstance(current, dict) else sorted(
                n for n in dir(current) if not n.startswith("_"))
            raise ValueError(f"DSE: metric path {path!r} has no {part!r} (there: {', '.join(map(str, have[:40]))})")
    value = getattr(current, "magnitude", current)
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"DSE: metric {path!r} is {current!r}, not a number") from None
