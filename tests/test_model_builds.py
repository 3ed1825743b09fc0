"""The Keras checks ask the learner's worker once per builder and arguments (grader/checklib/keras_checks.model_from).

No worker or TensorFlow here: a stand-in learner counts the calls that would reach the worker.
"""
import pytest

from grader.checklib.keras_checks import model_from
from grader.checklib.verdicts import Observed
from grader.keras_rebuild import LearnerModel


class CountingLearner:
    """A learner proxy whose builder records every call and returns a new model, or raises when told."""

    def __init__(self, fail_first=False):
        self.calls, self.fail_first = [], fail_first

    def build(self, **kwargs):
        self.calls.append(kwargs)
        if self.fail_first and len(self.calls) == 1:
            raise RuntimeError("the learner's code raised")
        return LearnerModel(model=object(), class_name="Sequential")


def test_the_same_arguments_reach_the_worker_once():
    learner = CountingLearner()
    first = model_from(learner, "build", "build()")
    assert model_from(learner, "build", "build()") is first
    model_from(learner, "build", "build(units=3)", units=3)
    assert model_from(learner, "build", "build(units=3)", units=3) is not first
    assert learner.calls == [{}, {"units": 3}]


def test_each_learner_is_asked_for_itself():
    one, other = CountingLearner(), CountingLearner()
    assert model_from(one, "build", "build()") is not model_from(other, "build", "build()")
    assert len(one.calls) == len(other.calls) == 1


def test_a_call_that_raised_is_asked_again():
    learner = CountingLearner(fail_first=True)
    with pytest.raises(RuntimeError):
        model_from(learner, "build", "build()")
    assert isinstance(model_from(learner, "build", "build()"), LearnerModel)
    assert len(learner.calls) == 2


def test_what_is_not_a_model_fails_every_check_that_asks():
    class NoModel:
        calls = 0

        def build(self):
            NoModel.calls += 1
            return 42

    learner = NoModel()
    for _ in range(2):
        with pytest.raises(Observed, match="build()"):
            model_from(learner, "build", "build()")
    assert NoModel.calls == 1
