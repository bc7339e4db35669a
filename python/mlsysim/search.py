"""Design-space search over any solver: every combination of the given values, scored by a
result field, filtered by constraints, with the best point and a Pareto front.

``mlsysim.search("SingleNodeModel", {"hardware": ["H100", "A100"], "batch_size": range(1, 257)},
fixed={"model": "Llama3_8B"}, minimize="latency_s", where=["throughput_per_s > 2000"])``

The grid is evaluated in C++ on every core (exact: every point is solved, so the best is the
brute-force best; ties go to the first point in grid order). Pass ``executor=`` any
``concurrent.futures.Executor`` (a ``dask.distributed.Client``'s ``get_executor()``, a
``ProcessPoolExecutor``, a Ray executor) to spread the grid over its workers in chunks; the
answer is the same. Fields and constraints are result keys by dotted path
(``node_profile.latency_s``), limits a number in the key's SI unit or a quantity text
(``"p99_latency_s <= 20 ms"``).
"""

from __future__ import annotations

from . import _core

__all__ = ["SearchResult", "search"]

_STATUS = ("satisfies", "violates", "invalid")


def _portable(value):
    """A value that survives pickling to another process: registry entries by key, pint
    quantities as text; numbers and names as they are."""
    core = getattr(value, "_core", None)
    if core is not None and getattr(core, "path", ""):
        return core.key
    if hasattr(value, "magnitude") and hasattr(value, "units"):
        return f"{value.magnitude!r} {value.units:~}"
    return value


def _axis_values(name, values):
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name}: an axis is a list of values (or a range), got {values!r}")
    if isinstance(values, (set, frozenset, dict)):
        raise TypeError(f"{name}: an axis needs an order; pass a list, not a {type(values).__name__}")
    out = values.tolist() if hasattr(values, "tolist") else list(values)
    if not out:
        raise ValueError(f"{name}: an axis needs at least one value")
    return out


def _goal(minimize, maximize, what):
    if (minimize is None) == (maximize is None):
        raise ValueError(f"search: give exactly one of {what}minimize= or {what}maximize=")
    return (minimize, False) if minimize is not None else (maximize, True)


def _evaluate_chunk(request, begin, end):
    """One piece of a grid, in whatever process the executor runs it (module level: picklable)."""
    out = _core.search_evaluate(request["solver"], request["fixed"], request["axes"], request["objective"],
                                request["maximize"], request["second"], request["second_maximize"],
                                request["where"], begin, end, request["threads"])
    return begin, out["objective"], out["second"], out["status"], out["first_invalid"]


class SearchResult:
    """The outcome of :func:`search`.

    ``objective`` (and ``second``) are numpy arrays shaped like the grid (one dimension per axis,
    in the order given), NaN where a point is invalid; ``status`` holds 0 (satisfies the
    constraints), 1 (violates one) or 2 (invalid: its inputs do not go together). ``best`` is the
    best satisfying point as a dict of its axis values, ``best_result`` that point's full solver
    result, ``top`` the best rows and ``pareto`` the Pareto front of the two objectives (rows of
    inputs and objectives); ``table()`` every point as a list of rows."""

    def __init__(self, solver, axes, fixed, request, objective, second, status, first_invalid, top):
        import numpy as np

        self.solver = solver
        self.dims = tuple(name for name, _ in axes)
        self.coords = {name: list(values) for name, values in axes}
        self.shape = tuple(len(values) for _, values in axes)
        self.fields = (request["objective"],) + ((request["second"],) if request["second"] else ())
        self._fixed = fixed
        self._flat = (objective, second, status)
        self.objective = objective.reshape(self.shape)
        self.second = None if second is None else second.reshape(self.shape)
        self.status = status.reshape(self.shape)
        self.first_invalid = first_invalid
        summary = _core.search_summary(objective, second, status, request["maximize"],
                                       request["second_maximize"] if request["second"] else None, top)
        self.satisfying, self.invalid = summary["satisfying"], summary["invalid"]
        self.size = int(np.prod(self.shape)) if self.shape else 1
        self._best_index = summary["best"]
        self.top = [self._row(i) for i in summary["top"]]
        self.pareto = [self._row(i) for i in summary["pareto"]] if request["second"] else None
        self.best = None if self._best_index is None else self._point(self._best_index)
        self._best_result = None
        self._warnings = None

    def _point(self, i):
        point = {}
        for name, extent in zip(reversed(self.dims), reversed(self.shape)):
            point[name] = self.coords[name][i % extent]
            i //= extent
        return dict(reversed(list(point.items())))

    def _row(self, i):
        row = self._point(i)
        objective, second, _ = self._flat
        row[self.fields[0]] = float(objective[i])
        if second is not None:
            row[self.fields[1]] = float(second[i])
        return row

    @property
    def best_result(self):
        """The best point's full result (solved again, with its inputs)."""
        if self._best_result is None and self.best is not None:
            from . import solvers

            self._best_result = getattr(solvers, self.solver)().solve(**self._fixed, **self.best)
        return self._best_result

    @property
    def warnings(self):
        """The solver's warnings at the points this result shows (the best and the top rows), each
        "point: message", solved again through the solver (the grid itself is not: millions of
        messages would tell less). A precision an accelerator lists no rate for is one such."""
        if self._warnings is None:
            import warnings as _warnings

            from . import solvers

            solve = getattr(solvers, self.solver)().solve
            found = []
            # The top rows start with the best point; without rows (top=0), the best alone.
            rows = [{k: r[k] for k in self.dims} for r in self.top] or ([self.best] if self.best else [])
            for point in rows:
                with _warnings.catch_warnings(record=True) as caught:
                    _warnings.simplefilter("always")
                    solve(**self._fixed, **point)
                inputs = ", ".join(f"{k}={getattr(v, 'key', v)}" for k, v in point.items())
                for w in caught:
                    line = f"{inputs}: {w.message}"
                    if line not in found:
                        found.append(line)
            self._warnings = found
        return self._warnings

    def table(self):
        """Every point: its axis values, objectives and status, in grid order."""
        objective, second, status = self._flat
        rows = []
        for i in range(self.size):
            row = self._row(i)
            row["status"] = _STATUS[int(status[i])]
            if status[i] == 2:
                row[self.fields[0]] = None
                if second is not None:
                    row[self.fields[1]] = None
            rows.append(row)
        return rows

    def __repr__(self):
        dims = ", ".join(f"{d}: {n}" for d, n in zip(self.dims, self.shape))
        return (f"<SearchResult of {self.solver} ({dims}; {self.size} points, {self.satisfying} satisfy, "
                f"{self.invalid} invalid); best {self.best}>")


def search(solver, axes, fixed=None, *, minimize=None, maximize=None, where=(), pareto_minimize=None,
           pareto_maximize=None, top=10, executor=None, chunks=None, threads=0):
    """Searches ``solver``'s inputs over ``axes`` (``{name: [values...]}``, in grid order) with the
    other inputs ``fixed`` (``{name: value}``); see the module's docstring. ``pareto_minimize`` /
    ``pareto_maximize`` names a second objective for the Pareto front. With ``executor``, the
    grid is cut into ``chunks`` pieces (default four per worker the executor reports, else 16)
    and each piece runs where the executor puts it."""
    name = solver if isinstance(solver, str) else getattr(solver, "name", type(solver).__name__)
    spec_name = next((s["name"] for s in _core.solver_specs() if s["name"].lower() == str(name).lower()
                      or str(name).lower() in (a.lower() for a in s["aliases"])), name)
    if not isinstance(axes, dict) or not axes:
        raise TypeError("search: axes must be a non-empty dict {input name: [values...]}")
    fixed = dict(fixed or {})
    objective, maximize_first = _goal(minimize, maximize, "")
    second, maximize_second = (None, False)
    if pareto_minimize is not None or pareto_maximize is not None:
        second, maximize_second = _goal(pareto_minimize, pareto_maximize, "pareto_")
    if isinstance(where, str):
        where = [where]
    axis_list = [(str(k), _axis_values(k, v)) for k, v in axes.items()]
    request = {"solver": spec_name, "fixed": fixed, "axes": axis_list, "objective": objective,
               "maximize": maximize_first, "second": second, "second_maximize": maximize_second,
               "where": list(where), "threads": threads}
    if executor is None:
        out = _core.search_evaluate(spec_name, fixed, axis_list, objective, maximize_first, second,
                                    maximize_second, list(where), 0, None, threads)
        columns = (out["objective"], out["second"], out["status"], out["first_invalid"])
    else:
        columns = _run_on(executor, request, chunks)
    result = SearchResult(spec_name, axis_list, fixed, request, *columns, top)
    if result.warnings:  # what a direct solve of a shown point would say, said once
        import warnings as _warnings

        _warnings.warn(f"search: {len(result.warnings)} solver warning(s) at the points shown, e.g. "
                       f"{result.warnings[0]} (all in result.warnings)", UserWarning, stacklevel=2)
    return result


def _run_on(executor, request, chunks):
    import numpy as np

    portable = dict(request, fixed={k: _portable(v) for k, v in request["fixed"].items()},
                    axes=[(n, [_portable(v) for v in vs]) for n, vs in request["axes"]], threads=1)
    # The grid's size (and any input error) from the first point, here, before anything is sent.
    size = _core.search_evaluate(portable["solver"], portable["fixed"], portable["axes"], portable["objective"],
                                 portable["maximize"], portable["second"], portable["second_maximize"],
                                 portable["where"], 0, 0, 1)["size"]
    n = chunks or 16
    bounds = [(size * k // n, size * (k + 1) // n) for k in range(n)]
    futures = [executor.submit(_evaluate_chunk, portable, b, e) for b, e in bounds if e > b]
    pieces = sorted((f.result() for f in futures), key=lambda piece: piece[0])
    objective = np.concatenate([p[1] for p in pieces]) if pieces else np.empty(0)
    second = np.concatenate([p[2] for p in pieces]) if request["second"] and pieces else None
    status = np.concatenate([p[3] for p in pieces]) if pieces else np.empty(0, dtype=np.uint8)
    first_invalid = next((p[4] for p in pieces if p[4]), None)
    return objective, second, status, first_invalid
