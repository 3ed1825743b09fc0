"""Similarity of learners' code across a class: which pairs of submissions share suspiciously much.

    from grader.similarity import compare_exercise, Settings
    result = compare_exercise("exercise03", {"kim": text, "lee": text2}, stubs=[stub_text])
    result.flagged    # pairs at or above the threshold, with matching line regions

Pure functions: :mod:`tokens` normalises source, :mod:`winnow` fingerprints it, :mod:`compare`
pairs the class. Reading submissions and rendering live elsewhere.
"""
from grader.similarity.compare import ExerciseSimilarity, Pair, Region, Settings, compare_exercise
from grader.similarity.tokens import Unparsable

__all__ = ["ExerciseSimilarity", "Pair", "Region", "Settings", "Unparsable", "compare_exercise"]
