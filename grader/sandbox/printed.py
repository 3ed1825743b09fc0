"""What the learner's code printed during one check, as the worker reported it call by call.

The worker sends, with every reply, the last lines its call printed and how many there were; here
they are joined over the calls of one check and bounded again, so a panel shows the last
``MAX_LINES`` lines and says how many came before them.
"""
import collections
from dataclasses import dataclass

from grader.sandbox import wire

MAX_LINES, MAX_LINE_CHARS = 20, 300


@dataclass(frozen=True)
class Printed:
    """The last lines printed during a check and the number of earlier lines left out."""

    lines: tuple = ()
    omitted: int = 0


class PrintedLog:
    """Collects the ``output`` records of a check's calls (checked as data: the learner's code could send any)."""

    def __init__(self):
        self.clear()

    def clear(self):
        """Start a new check."""
        self._lines, self._total = collections.deque(maxlen=MAX_LINES), 0

    def add(self, record):
        """Add one reply's ``output`` (None when the call printed nothing); WireError when it is malformed."""
        if record is None:
            return
        if not isinstance(record, dict):
            raise wire.WireError("malformed printed output")
        lines, total = record.get("lines"), record.get("total")
        if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines) \
                or type(total) is not int or total < len(lines):
            raise wire.WireError("malformed printed output")
        self._lines.extend(line[:MAX_LINE_CHARS] for line in lines[-MAX_LINES:])  # the learner could send more
        self._total += total

    def printed(self):
        """What this check printed so far."""
        return Printed(tuple(self._lines), self._total - len(self._lines))

