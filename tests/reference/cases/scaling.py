"""Reference cases for ScalingModel (Chinchilla: the compute-optimal parameters and tokens for a
training budget, C = 6 N D with D = 20 N, or the tokens a pinned model size can afford), its
accepted differences from mlsysim 0.3.0, and checks of its own. Read by
tests/reference/harness.py.

Each case is a dict of ``ScalingModel().solve`` keyword arguments. ``compute_budget`` is quantity
text: FLOPs in the plain unit ("1e23 flop", 1e15 .. 1e27) or accelerator time ("1000 days",
"5 h", "30 min", "1 s": one H100 at 989 TFLOP/s and 40 % MFU), which 0.3.0 takes as a pint
Quantity; ``target_model_size`` a plain number of parameters (left out: the optimum). 0.3.0 calls
``target_model_size.to(ureg.count)``, so a plain number raises AttributeError there: the
``reference_context`` hands it ``Q_(n, "count")``, what a registry model's ``.parameters`` gives
it, except in cases marked ``_target_unwrapped``.

* ``main_cases()``  the golden T12b-04 first (512 H100 for 30 days at 40 %: 5.250e23 FLOP, pinned
  to Llama3_70B's 70.6e9 parameters: 1.24e12 tokens, 17.6 tokens/parameter; and the same budget as
  "15360 day"), then every decade from 1e15 to 1e27 FLOP and seeded random budgets between, time
  budgets from 1 us to 100,000 days, each without a target and with targets from 1 parameter to
  1e13 (every registry model's count among them: over- and under-trained, tokens per parameter
  from 1e-10 to 1e20).
* ``prefix_cases()`` budgets in prefixed FLOP units ("5 ZFLOP", "100 EFLOP", "3 TFLOP"): 0.3.0
  takes ``compute_budget.magnitude`` without converting to FLOP, so 5 ZFLOP is priced as 5 FLOP
  (0.2 parameters); ours converts (``compute-budget-units-converted``).
* ``bare_cases()`` a plain-number compute_budget (0.3.0: AttributeError on ``.dimensionality``;
  ours reads FLOPs, ``compute-budget-plain-number``) and plain-number targets without the
  reference_context (0.3.0: AttributeError on ``.to``; ours reads parameters,
  ``target-model-size-plain-number``).
* ``error_cases()`` inputs the reference rejects by raising: a negative budget (sqrt of a negative:
  math domain error), a plain-number budget <= 0 or NaN (AttributeError); ours must fail too.
* ``rejected_cases()`` inputs the reference answers and we reject: a zero budget (0 parameters,
  0 tokens per parameter), a NaN or infinite budget, a budget that is neither FLOPs nor time
  ("5 GB" priced as 5 FLOP), target_model_size = 0 (read as absent: the optimum), negative, NaN
  or infinite.
"""
from __future__ import annotations

import contextlib
import math
import random

from harness import KnownDifference

from cases._checks import (
    assert_accepted,
    assert_deterministic,
    raises_on_both_sides,
    rejected_and_documented,
    solves_on_both_sides,
)
from cases._differences import accepted_difference, rejected_difference
from cases._reference_hooks import solve_patched
from cases._registry import model_entry, param_model_keys
from cases._values import as_float, close, given

SOLVER = "ScalingModel"
SEED = 20260403

H100_FLOPS, MFU = 989e12, 0.40
T12B_04_BUDGET = 512 * 989e12 * 30 * 86400 * 0.4   # 5.2500234e23 FLOP
SECONDS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0, "min": 60.0, "h": 3600.0, "hour": 3600.0,
           "day": 86400.0, "days": 86400.0}
PREFIXED = {"GFLOP": 1e9, "TFLOP": 1e12, "TFLOPs": 1e12, "PFLOP": 1e15, "EFLOP": 1e18, "ZFLOP": 1e21}
TIME_BUDGETS = ("1000 days", "5 h", "30 min", "1 s", "1e6 s", "10 ms", "1 us", "1 day", "365 day",
                "100000 day", "15360 day", "2.5 h", "90 min", "7 days", "8 hour", "0.5 s")
TARGETS = (1, 2, 1000, 1e6, 1e8, 1e9, 7e9, 7.06e10, 1e11, 1e12, 1e13, 1.76e12, 123456789)


def _flop(x: float) -> str:
    return f"{x!r} flop"


def _case(budget, target=None) -> dict:
    return given(compute_budget=budget, target_model_size=target)


def budget_flop(c: dict) -> float:
    """The budget in FLOPs as both sides should read it (time at 989 TFLOP/s x 0.40)."""
    b = c["compute_budget"]
    if not isinstance(b, str) or " " not in b.strip():
        return as_float(b)
    number, unit = b.split()
    if unit in SECONDS:
        return float(number) * SECONDS[unit] * H100_FLOPS * MFU
    return float(number) * ({"flop": 1.0} | PREFIXED)[unit]


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    # T12b-04 first (check_golden_t12b_04 reads them there): the budget in FLOPs and as GPU-days
    cases = [_case(_flop(T12B_04_BUDGET), 70.6e9), _case("15360 day", 70.6e9), _case(_flop(T12B_04_BUDGET))]
    params = [model_entry(k)["parameters"] for k in param_model_keys()]
    # 1. every decade 1e15 .. 1e27, bare and with a spread of targets
    for e in range(15, 28):
        b = _flop(10.0 ** e)
        cases.append(_case(b))
        cases += [_case(b, t) for t in TARGETS if rng.random() < 0.5]
        cases += [_case(b, p) for p in rng.sample(params, 4)]
    # 2. seeded random budgets, integers and mantissas as a user types them
    for _ in range(320):
        x = 10 ** rng.uniform(15, 27)
        if rng.random() < 0.2:
            x = float(f"{x:.2e}")
        target = None
        u = rng.random()
        if u < 0.35:
            target = rng.choice(params)
        elif u < 0.7:
            target = rng.choice(TARGETS) if rng.random() < 0.3 else round(10 ** rng.uniform(0, 13), rng.choice((0, 3)))
        cases.append(_case(_flop(x), target))
    # 3. every registry model's parameter count pinned at two budgets
    for p in params:
        cases += [_case(_flop(1e24), p), _case(_flop(3.14e21), p)]
    # 4. accelerator-time budgets, bare and pinned
    for t in TIME_BUDGETS:
        cases += [_case(t), _case(t, 7e9), _case(t, rng.choice(params))]
    for _ in range(40):
        unit = rng.choice(("s", "min", "h", "day"))
        cases.append(_case(f"{round(10 ** rng.uniform(-1, 5), 3)} {unit}", rng.choice((None, 1e9, 7.06e10))))
    # 5. integer budgets in the text, and whole-number targets
    cases += [_case("100000000000000000000000 flop"), _case("1000000000000000 flop", 1000),
              _case("1 flop"), _case("1 flop", 1), _case("120 flop"), _case("1 s", 1)]
    return cases


def prefix_cases() -> list[dict]:
    out = []
    for text in ("5 ZFLOP", "100 EFLOP", "3 TFLOP", "2 PFLOP", "1 GFLOP", "1 TFLOPs", "525002.3 EFLOP",
                 "1e5 PFLOP", "1e11 TFLOP", "0.5 ZFLOP"):
        out += [_case(text), _case(text, 7.06e10)]
    return out


def bare_cases() -> list[dict]:
    cases = [_case(1e23), _case(1e15), _case(10**24), _case(T12B_04_BUDGET, 70.6e9), _case(5.5e20, 1e9)]
    cases += [{**_case(_flop(1e23), t), "_target_unwrapped": True} for t in (7.06e10, 1, 10**9)]
    return cases


def error_cases() -> list[dict]:
    return [_case("-1 flop"), _case("-5 day"), _case("-1e23 flop"), _case(0), _case(-1e23),
            _case("nan"), _case(0.0, 1e9)]


def rejected_cases() -> list[dict]:
    return [
        _case("0 flop"), _case("0 day"), _case("0 flop", 7e9), _case("-1e23 flop", 7e9), _case("-2 h", 1e9),
        _case("nan flop"), _case("inf flop"),
        _case("nan day"),
        *({**c, "_budget_relabelled": True} for c in (_case("5 GB"), _case("5 GB", 7e9), _case("10 W"))),
        _case(_flop(1e23), 0), _case(_flop(1e23), 0.0), _case(_flop(1e23), -5), _case(_flop(1e23), -7e10),
        _case(_flop(1e23), "nan"), _case(_flop(1e23), "inf"), _case("1000 days", 0),
    ]


GROUPS = {"main": main_cases, "prefix": prefix_cases, "bare": bare_cases, "error": error_cases,
          "rejected": rejected_cases}


# ---------------------------------------------------------------- the reference's process

def reference_context(case: dict):
    """Hand 0.3.0 a plain-number target_model_size as ``Q_(n, "count")`` (it calls
    ``target_model_size.to(ureg.count)``), unless the case is marked ``_target_unwrapped``.

    A budget that is neither FLOPs nor time ("5 GB") 0.3.0 prices by its magnitude (5 FLOP) and
    returns as compute_budget_flops unchanged (5 GB), which the dump cannot express in FLOP; for
    cases marked ``_budget_relabelled`` that field is relabelled as the magnitude it priced."""
    pinned = "target_model_size" in case and not case.get("_target_unwrapped")
    if not pinned and not case.get("_budget_relabelled"):
        return contextlib.nullcontext()
    import mlsysim
    from mlsysim.core.units import Q_

    def wrap(original):
        def solve(self, compute_budget, target_model_size=None):
            if pinned and isinstance(target_model_size, (int, float)) and not isinstance(target_model_size, bool):
                target_model_size = Q_(target_model_size, "count")
            result = original(self, compute_budget, target_model_size)
            if case.get("_budget_relabelled"):
                result = result.model_copy(update={"compute_budget_flops": Q_(result.compute_budget_flops.magnitude,
                                                                              "flop")})
            return result
        return solve

    return solve_patched(mlsysim.solvers.ScalingModel, wrap)


# ---------------------------------------------------------------- accepted differences

def _prefix(c: dict) -> float | None:
    """The FLOPs per unit of a prefixed budget ("5 ZFLOP": 1e21), else None."""
    b = c["compute_budget"]
    if isinstance(b, str) and " " in b.strip():
        return PREFIXED.get(b.split()[1])
    return None


def _unconverted(d) -> bool:
    """0.3.0 prices the magnitude as FLOPs: ours is its N and D x sqrt(scale) at the optimum, its
    D and D/N x scale for a pinned size."""
    scale = _prefix(d.case)
    if d.field == "error" or scale is None:
        return False
    if "target_model_size" in d.case:
        return d.field in ("optimal_tokens", "tokens_per_parameter") and close(d.ours, d.ref * scale)
    return d.field in ("optimal_parameters", "optimal_tokens") and close(d.ours, d.ref * math.sqrt(scale))


def _no_dimensionality(message: str) -> bool:
    return message.startswith(("AttributeError: 'float' object has no attribute 'dimensionality'",
                               "AttributeError: 'int' object has no attribute 'dimensionality'"))


def _no_to(message: str) -> bool:
    """(The harness hands matchers the inputs only: the unwrapped cases are told by 0.3.0's error,
    which the reference_context's Q_(n, "count") never meets.)"""
    return message.startswith(("AttributeError: 'float' object has no attribute 'to'",
                               "AttributeError: 'int' object has no attribute 'to'"))


def _out_of_range(c: dict) -> bool:
    b = c["compute_budget"]
    t = c.get("target_model_size")
    unit = b.split()[1] if isinstance(b, str) and " " in b.strip() else "flop"
    flops = budget_flop(c) if unit in SECONDS or unit == "flop" or unit in PREFIXED else 1.0
    wrong_dimension = unit not in SECONDS and unit != "flop" and unit not in PREFIXED
    bad_target = t is not None and (not math.isfinite(as_float(t)) or as_float(t) <= 0)
    return wrong_dimension or not math.isfinite(flops) or flops <= 0 or bad_target


KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    KnownDifference(
        id="compute-budget-units-converted",
        fields=("optimal_parameters", "optimal_tokens", "tokens_per_parameter"),
        status="deliberate",
        reason="a budget in a prefixed FLOP unit: 0.3.0 takes compute_budget.magnitude without "
               "converting to FLOP, so '5 ZFLOP' is priced as 5 FLOP: 0.204 parameters and 4.08 "
               "tokens (while its compute_budget_flops says 5e21); ours converts: 6.455e9 "
               "parameters, 1.291e11 tokens, as for '5e21 flop' (on which both agree). Pinned to "
               "70.6e9 parameters, '525002.3 EFLOP' (T12b-04's budget) gives 0.3.0 1.24e-6 "
               "tokens and ours 1.239e12.",
        matches=_unconverted,
    ),
    accepted_difference(
        "compute-budget-plain-number",
        "a plain-number compute_budget (1e23): 0.3.0 requires a pint Quantity and raises "
        "AttributeError: 'float' object has no attribute 'dimensionality'; ours reads a "
        "bare number as FLOPs (28,867,513,459 parameters, 577,350,269,190 tokens for "
        "1e23), as the CLI does.",
        lambda c: not isinstance(c["compute_budget"], str), _no_dimensionality),
    accepted_difference(
        "target-model-size-plain-number",
        "a plain-number target_model_size (7.06e10): 0.3.0 calls target_model_size.to("
        "ureg.count) and raises AttributeError: 'float' object has no attribute 'to' (it "
        "takes Q_(7.06e10, 'count') or a model's .parameters); ours takes the number of "
        "parameters: 1e23 FLOP pinned to 7.06e10 gives 2.3607e11 tokens, 3.344 tokens "
        "per parameter, as 0.3.0 gives for the Quantity.",
        lambda c: "target_model_size" in c, _no_to),
    rejected_difference(
        "scaling-range-checks",
        "compute_budget <= 0, NaN or infinite, or neither FLOPs nor time, and target_model_size "
        "<= 0, NaN or infinite: 0.3.0 answers. '0 flop': 0 parameters, 0 tokens and "
        "tokens_per_parameter 0 (not 20); NaN: NaN parameters; '5 GB': priced as 5 FLOP (0.204 "
        "parameters); a target of 0 is falsy and silently means 'no target' (the optimum, "
        "28.9e9 parameters for 1e23 FLOP); -5 gives -3.3e21 tokens and tokens_per_parameter 0. "
        "We reject them (ValueError, CLI exit 1). A negative budget raises 'math domain error' "
        "there (error_cases()).",
        _out_of_range),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    flops = [budget_flop(c) for c in a]
    assert min(flops) <= 1 and max(flops) >= 1e27
    assert all(any(close(f, 10.0 ** e) for f in flops) for e in range(15, 28))
    assert {c["compute_budget"].split()[1] for c in a} >= {"flop", "day", "days", "h", "min", "s", "ms", "us"}
    assert sum("target_model_size" in c for c in a) >= 400 and sum("target_model_size" not in c for c in a) >= 120
    pinned = {c.get("target_model_size") for c in a}
    assert {model_entry(k)["parameters"] for k in param_model_keys()} <= pinned


check_main_cases_all_solve_on_both_sides = solves_on_both_sides(exactly=True)
check_error_cases_raise_on_both_sides = raises_on_both_sides()
check_rejected_are_documented = rejected_and_documented("scaling-range-checks")


def check_prefixed_units(run):
    """0.3.0 reads '5 ZFLOP' as 5 FLOP; ours equals its answer for the same budget in plain flop."""
    import mlsysim
    explained = run.explained("compute-budget-units-converted")
    for i, c, o, r in run.outcomes("prefix"):
        assert r.record["compute_budget_flop"] == o.record["compute_budget_flop"], c
        assert close(o.record["compute_budget_flop"], budget_flop(c)), c
        plain = mlsysim._core.solve(SOLVER, {**c, "compute_budget": _flop(budget_flop(c))}).to_record()
        assert all(o.record[k] == plain[k] or close(o.record[k], plain[k], 1e-15) for k in plain), c  # the None trace
        assert i in explained, c


def check_plain_numbers(run):
    """Plain numbers: 0.3.0 raises AttributeError, ours answers as for the quantity text."""
    import mlsysim
    assert_accepted(run, ("compute-budget-plain-number", "target-model-size-plain-number"), "bare")
    for _, c, o, r in run.outcomes("bare"):
        assert r.message.startswith("AttributeError"), (c, r.message)
        text = {k: v for k, v in c.items() if not k.startswith("_")} | {"compute_budget": _flop(budget_flop(c))}
        assert o.record == mlsysim._core.solve(SOLVER, text).to_record(), c


def check_golden_t12b_04(run):
    """T12b-04: 512 x 989e12 x 30 x 86400 x 0.4 = 525,002.3 EFLOP, pinned to Llama3_70B's 70.6e9
    parameters: 1.24e12 tokens, 17.6 tokens per parameter (under-trained); the same budget as
    15,360 H100-days; unpinned, the optimum 66.1e9 parameters."""
    (c0, o0, r0), (c1, o1, r1), (c2, o2, r2) = run.records()[:3]
    for r in (r0, r1, o0, o1):
        assert close(r["compute_budget_flop"], 5.250023e23, 1e-7)
        assert round(r["compute_budget_flop"] / 1e18, 1) == 525002.3
        assert close(r["optimal_tokens"], T12B_04_BUDGET / (6 * 70.6e9), 1e-14)
        assert round(r["optimal_tokens"] / 1e12, 2) == 1.24 and round(r["tokens_per_parameter"], 1) == 17.6
        assert r["optimal_parameters"] == 70.6e9
    assert close(r2["optimal_parameters"], math.sqrt(T12B_04_BUDGET / 120), 1e-15)
    assert r2["tokens_per_parameter"] == 20.0


def check_chinchilla_on_every_case(run):
    """C = 6 N D on every case; D = 20 N at the optimum; time budgets at 989 TFLOP/s x 0.40."""
    for c, _, r in run.records():
        assert close(r["compute_budget_flop"], budget_flop(c), 1e-14), c
        assert close(6 * r["optimal_parameters"] * r["optimal_tokens"], r["compute_budget_flop"], 1e-14), c
        if "target_model_size" in c:
            assert r["optimal_parameters"] == as_float(c["target_model_size"]), c
        else:
            assert close(r["tokens_per_parameter"], 20.0, 1e-15), c


def check_cases_reach_every_regime(run):
    solved = run.ref_records()
    tpp = [r["tokens_per_parameter"] for c, r in solved if "target_model_size" in c]
    assert min(tpp) < 1e-6 and max(tpp) > 1e15
    assert any(t < 20 for t in tpp) and any(t > 20 for t in tpp)   # over- and under-trained
    n = [r["optimal_parameters"] for c, r in solved if "target_model_size" not in c]
    assert min(n) < 1 and max(n) > 1e12
