"""Failures whose cause is not diagnosed: the message states what was observed, and no hint is shown.

A check's hint in the catalog names one mistake. A check raises ``Observed`` when it saw a wrong
result but no test confirmed that mistake (or any other), so the hint would be a guess.
"""


class Observed(AssertionError):
    """A failure that only states what was observed: the runner shows it without the check's hint."""
