"""mlsysim.exercises: how a prediction is judged (choices, numbers within a tolerance, ranges, text
with a unit), what a check prints, and the errors for a malformed prediction."""

import mlsysim
import pytest
from mlsysim.exercises import Exercises


def quiz_with(key, *args, **kwargs):
    q = Exercises("t")
    q.predict(key, *args, **kwargs)
    return q


@pytest.mark.parametrize("guess, actual, right", [
    ("memory", "Memory", True), ("Memory-bound", "memory", True), ("memory bound", "Memory Bound", True),
    ("compute", "Memory", False), (True, True, True), (False, True, False)])
def test_choices(guess, actual, right):
    assert quiz_with("k", guess).check("k", actual, why="w").correct is right


@pytest.mark.parametrize("guess, tol, actual, right", [
    (100, 0.10, 109, True), (100, 0.10, 111, False), (100, 0.0, 100, True), ("0.5 ms", 0.10, 0.52, True),
    ("500 us", 0.10, 0.52, True), ("70", 0.10, 72, True), ("2 s", 0.10, 0.52, False)])
def test_numbers_in_the_checks_unit(guess, tol, actual, right):
    q = quiz_with("t", guess, rel_tol=tol)
    assert q.check("t", mlsysim.Q_(actual, "ms"), why="w", unit="ms").correct is right


def test_ranges_and_no_prediction(capsys):
    q = quiz_with("r", between=(1, 2))
    assert q.check("r", 1.5, why="inside").correct is True
    assert q.check("r", 2.5, why="outside").correct is False
    a = Exercises("t").check("none", 3.0, why="because")
    assert a.correct is None
    out = capsys.readouterr().out
    assert "[none] model: 3 (no prediction recorded)\n    why: because" in out
    assert "you predicted between 1 and 2 → not this time" in out


def test_answer_key_and_score(capsys):
    q = Exercises("01 Demo")
    q.predict("a", "memory")
    q.predict("b", 10)
    q.check("a", "Memory", why="left of the ridge")
    q.check("b", 20.0, why="twice", unit="ms")
    q.check("c", 1.0, why="unpredicted")
    assert q.score() == "1 of 2 predictions right (3 exercises)"
    q.answer_key()
    key = capsys.readouterr().out.split("Answer key: 01 Demo\n")[1]
    assert key.splitlines() == ["  a: Memory. left of the ridge", "  b: 20 ms. twice", "  c: 1. unpredicted",
                                "1 of 2 predictions right (3 exercises)"]


@pytest.mark.parametrize("args, kwargs, message", [
    (("",), {}, "non-empty string"), (("k", 1), {"rel_tol": -1}, "rel_tol"),
    (("k",), {"between": (2, 1)}, "lo <= hi"), (("k",), {"between": (0, float("inf"))}, "lo <= hi")])
def test_malformed_predictions(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        Exercises("t").predict(*args, **kwargs)


def test_a_prediction_that_is_not_a_quantity_is_named():
    q = quiz_with("k", "fast")
    with pytest.raises(ValueError, match="prediction 'fast' is not a number or a quantity in ms"):
        q.check("k", mlsysim.Q_(1, "ms"), why="w", unit="ms")
