"""Solvers, one class each, generated from the C++ solvers' descriptions.

Every solver the engine has (``mlsysim solve --list``) is a class here with
the reference's name and a ``solve`` method with the reference's keyword
names and defaults: ``inspect.signature(SingleNodeModel().solve)`` shows
them. Nothing here is written per solver: the parameters, defaults, help and
result fields all come from ``_core.solver_specs()``; a call goes straight
to the C++ core (``_core.solve``) and returns a lazy result
(:mod:`mlsysim.results`).
"""

import keyword
import warnings

from . import (
    _core,
    footprint,  # noqa: F401  (registers the sustainability and economics results' quantity properties)
    profile,  # noqa: F401  (registers PerformanceProfile's extras)
)
from .results import result_class
from .sweep import Sweep, engine_sweep, sweep

_SPECS = _core.solver_specs()

_TYPE_NAMES = {
    "model": "Workload", "hardware": "HardwareNode", "grid": "GridProfile", "datacenter": "Datacenter | GridProfile",
    "grid_list": "list[str | GridProfile]", "fabric": "NetworkFabric", "node": "Node", "cluster": "Fleet",
    "integer": "int", "number": "float", "bool": "bool",
    "precision": "str", "choice": "str", "text": "str", "quantity": "Quantity | float | str",
}


def _warn(messages):
    # stacklevel 3: this function, the generated solve, then the caller's line.
    for message in messages:
        warnings.warn(message, stacklevel=3)


def _docstring(spec):
    lines = [spec["summary"] + ".", "", "Parameters", "----------"]
    for param in spec["inputs"]:
        type_name = _TYPE_NAMES[param["kind"]] + (" or None" if param["nullable"] else "")
        if not param["required"]:
            type_name += f", default {param['default']!r}"
            if param["kind"] == "quantity":
                type_name += f" {param['bare_unit']}"
        lines += [f"{param['name']} : {type_name}", f"    {param['help']} ({param['accepted']})."]
    lines += ["", "Returns", "-------", f"{spec['result']}", f"    {spec['result_summary']}."]
    return "\n".join(lines)


def _make_solve(spec, index, method, qualname=None):
    """The solve function: a real signature (so argument binding is CPython's
    own, and fast), whose body hands every argument to the core in one tuple."""
    names = [p["name"] for p in spec["inputs"]]
    for name in names:
        if not name.isidentifier() or keyword.iskeyword(name):
            raise RuntimeError(f"{spec['name']}: input {name!r} is not a Python identifier")
    params = [name if p["required"] else f"{name}=_defaults[{i}]" for i, (name, p) in
              enumerate(zip(names, spec["inputs"]))]
    if method:
        params.insert(0, "self")
    args = ", ".join(names) + ("," if len(names) == 1 else "")
    source = (f"def solve({', '.join(params)}):\n"
              f"    r = _solve({index}, ({args}))\n"
              f"    w = r.warnings\n"
              f"    if w:\n"
              f"        _warn(w)\n"
              f"    return _result(r)\n")
    namespace = {"_solve": _core.solve, "_warn": _warn,
                 "_result": result_class(spec["result"], spec["outputs"]),
                 "_defaults": [p["default"] for p in spec["inputs"]]}
    exec(source, namespace)  # noqa: S102 - the source is built from identifiers checked above
    solve = namespace["solve"]
    solve.__doc__ = _docstring(spec)
    solve.__qualname__ = qualname or f"{spec['name']}.solve"
    solve.__module__ = __name__
    solve.__annotations__ = {p["name"]: _TYPE_NAMES[p["kind"]] for p in spec["inputs"]}
    solve.__annotations__["return"] = spec["result"]
    return solve


def _make_class(spec, index):
    doc = f"{spec['summary']}.\n\nCall ``solve(...)``; see its parameters."
    if spec["walls"]:
        doc += f" Walls answered: {', '.join(str(w) for w in spec['walls'])}."
    cls = type(spec["name"], (), {"__doc__": doc, "__module__": __name__,
                                   "solve": _make_solve(spec, index, method=True),
                                   "spec": spec})
    return cls


__all__ = ["Engine", "Sweep", "solve_record", "sweep"]
# Generated classes: SingleNodeModel, ... (one per line of src/api/solvers.def).
for _index, _spec in enumerate(_SPECS):
    globals()[_spec["name"]] = _make_class(_spec, _index)
    __all__.append(_spec["name"])


class Engine:
    """The reference's entry point for the roofline: ``Engine.solve(model,
    hardware, ...)`` is ``SingleNodeModel().solve``; ``Engine.sweep`` runs a
    grid of them (see :func:`mlsysim.sweep`)."""

    solve = staticmethod(_make_solve(*next((s, i) for i, s in enumerate(_SPECS) if s["name"] == "SingleNodeModel"),
                                     method=False, qualname="Engine.solve"))
    sweep = staticmethod(engine_sweep)


def solve_record(solver, **params):
    """Runs a solver by name like ``mlsysim solve SOLVER name=value ...`` and
    returns its SI record (the CLI's JSON). Values may be registry entries or
    names, numbers, booleans, text or quantities."""
    return _core.solve(solver, params).to_record()
