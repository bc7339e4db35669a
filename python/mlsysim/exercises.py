"""Predict-first exercises: write down what you expect, then let the model answer.

Each tutorial opens an :class:`Exercises` set, records the student's predictions before the
cell that computes them, and checks each one when the model's answer is in::

    from mlsysim.exercises import Exercises
    quiz = Exercises("01 Hello, Roofline")
    quiz.predict("bound", "memory")                 # a choice (case and "-bound" do not matter)
    quiz.predict("speedup", 1.6, rel_tol=0.10)      # a number, right within 10 %
    quiz.predict("ttft", between=(10, 100))         # a number, right inside a range
    ...
    quiz.check("bound", profile.bottleneck, why="0.9 flop/B is left of the 153 flop/B ridge")
    quiz.check("speedup", t_fp16 / t_int8, why="...")
    quiz.answer_key()                               # every answer with its reason

A prediction left as ``None`` is "not predicted": the check prints the model's answer and its
reason without a verdict. A quantity answer is compared in the ``unit`` the check names (a
prediction may also be a string with a unit, "2 ms").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Dict, Tuple

__all__ = ["Answer", "Exercises", "Prediction"]


@dataclass
class Prediction:
    """What the student expects: a choice, a number with a relative tolerance, or a range."""

    value: Any = None
    rel_tol: float = 0.10
    between: Tuple[float, float] | None = None

    @property
    def made(self) -> bool:
        return self.value is not None or self.between is not None

    def describe(self) -> str:
        if self.between is not None:
            return f"between {_fmt(self.between[0])} and {_fmt(self.between[1])}"
        if isinstance(self.value, (int, float)) and not isinstance(self.value, bool):
            return f"{_fmt(self.value)} (±{self.rel_tol:.0%})"
        return str(self.value)


@dataclass
class Answer:
    """The model's answer to one exercise and whether the prediction held (None: no prediction)."""

    key: str
    actual: Any
    unit: str | None
    why: str
    prediction: Prediction
    correct: bool | None

    def line(self) -> str:
        shown = _fmt(self.actual) + (f" {self.unit}" if self.unit else "")
        if self.correct is None:
            verdict = "(no prediction recorded)"
        else:
            mark = "right" if self.correct else "not this time"
            verdict = f"· you predicted {self.prediction.describe()} → {mark}"
        return f"[{self.key}] model: {shown} {verdict}\n    why: {self.why}"


class Exercises:
    """One tutorial's predict-first exercises: ``predict`` before, ``check`` after."""

    def __init__(self, title: str):
        self.title = title
        self.predictions: Dict[str, Prediction] = {}
        self.answers: Dict[str, Answer] = {}

    def predict(self, key: str, value: Any = None, *, rel_tol: float = 0.10,
                between: Tuple[float, float] | None = None) -> None:
        """Record a prediction: a choice ("memory"), a number (right within ``rel_tol``), or a
        ``between=(lo, hi)`` range. ``None`` leaves the exercise unpredicted."""
        if not isinstance(key, str) or not key:
            raise ValueError("predict: the exercise key must be a non-empty string")
        if not (isinstance(rel_tol, (int, float)) and rel_tol >= 0 and math.isfinite(rel_tol)):
            raise ValueError(f"predict({key!r}): rel_tol must be a finite number >= 0, got {rel_tol!r}")
        if between is not None:
            lo, hi = between
            if not (math.isfinite(lo) and math.isfinite(hi) and lo <= hi):
                raise ValueError(f"predict({key!r}): between must be (lo, hi) with lo <= hi, got {between!r}")
        self.predictions[key] = Prediction(value, float(rel_tol), between)

    def check(self, key: str, actual: Any, why: str, unit: str | None = None) -> Answer:
        """Compare the model's ``actual`` answer with the prediction for ``key``, print the
        verdict and the one-line reason, and keep it for the answer key."""
        value = _magnitude(actual, unit)
        prediction = self.predictions.get(key, Prediction())
        correct = _matches(prediction, value, unit) if prediction.made else None
        answer = Answer(key, value, unit, why, prediction, correct)
        self.answers[key] = answer
        print(answer.line())
        return answer

    def score(self) -> str:
        judged = [a for a in self.answers.values() if a.correct is not None]
        right = sum(a.correct for a in judged)
        return f"{right} of {len(judged)} predictions right ({len(self.answers)} exercises)"

    def answer_key(self) -> None:
        """Print every exercise's answer with its reason (the tutorial's answer key)."""
        print(f"Answer key: {self.title}")
        for a in self.answers.values():
            shown = _fmt(a.actual) + (f" {a.unit}" if a.unit else "")
            print(f"  {a.key}: {shown}. {a.why}")
        print(self.score())


def _magnitude(actual: Any, unit: str | None) -> Any:
    if hasattr(actual, "to") and hasattr(actual, "magnitude"):  # a pint quantity
        return float(actual.to(unit).magnitude) if unit else float(actual.magnitude)
    if hasattr(actual, "value") and type(actual).__name__.endswith("Enum"):
        return actual.value
    return actual


def _matches(p: Prediction, actual: Any, unit: str | None) -> bool:
    if isinstance(actual, bool) or isinstance(p.value, bool):
        return bool(p.value) == bool(actual)
    if isinstance(actual, (int, float)):
        if p.between is not None:
            return p.between[0] <= actual <= p.between[1]
        guess = _number(p.value, unit)  # right inside guess ± rel_tol · |guess|, as describe() shows it
        return abs(float(actual) - guess) <= p.rel_tol * abs(guess)
    return _choice(p.value) == _choice(actual)


def _number(guess: Any, unit: str | None) -> float:
    """A numeric prediction: a number, or text ("2 ms"; a bare "70" is in the check's unit)."""
    if not isinstance(guess, str):
        return float(guess)
    from .units import Q_
    try:
        q = Q_(guess)
        return float(q.magnitude if q.unitless or not unit else q.to(unit).magnitude)
    except Exception as e:  # pint's parse and dimensionality errors: say which prediction
        raise ValueError(f"prediction {guess!r} is not a number or a quantity in {unit or 'no unit'}") from e


def _choice(v: Any) -> str:
    s = re.sub(r"[-_\s]+", " ", str(v).strip().lower())
    return re.sub(r"\s*bound$", "", s)


def _fmt(v: Any) -> str:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return str(v)
    if v == 0 or 1e-3 <= abs(v) < 1e6:
        return f"{v:,.4g}" if abs(v) < 1e4 else f"{v:,.0f}"
    return f"{v:.3g}"
