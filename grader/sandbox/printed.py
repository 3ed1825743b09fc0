"""What the learner's code printed during one check: everything its worker wrote to fds 1 and 2, bounded.

The worker's stdout and stderr are one pipe to the grader, so ``print``, ``os.write(1, ...)``, C's
``printf`` and the output of a program the learner starts all arrive here, and what was printed
before a crash or a timeout is still there to show. A thread drains the pipe as it fills (a full
pipe would block the learner's writes); only the last ``MAX_LINES`` lines, each cut to
``MAX_LINE_CHARS`` characters, and a count of the rest are kept, however much is written. Lines are
handed out as a reader would see them on a terminal (``readable``), with no control codes left to
move the cursor, recolour or clear the screen the panel, the report or a notebook shows them on.
"""
import codecs
import collections
import fcntl
import os
import re
import selectors
import struct
import termios
import threading
from dataclasses import dataclass

MAX_LINES, MAX_LINE_CHARS = 20, 300
CHUNK = 65536
# ANSI/VT escape sequences: CSI (colours, cursor moves, clearing), OSC (titles, links), and the short
# ones (reset, save the cursor, character sets): ESC, intermediate bytes, one final byte.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -/]*[0-~])")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # every C0 and C1 control but tab and newline


def readable(line):
    """A printed line as it reads on a terminal: escape sequences and other control codes removed, and
    what a carriage return wrote over (a progress bar's earlier states) dropped."""
    line = _ESCAPES.sub("", line).rstrip("\r")
    return _CONTROLS.sub("", line.rsplit("\r", 1)[-1])


@dataclass(frozen=True)
class Printed:
    """The last lines printed during a check and the number of earlier lines left out."""

    lines: tuple = ()
    omitted: int = 0


class PrintedLog:
    """The last lines of a check's output and how many came before them (fed by a pipe's reader thread)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.clear()

    def clear(self):
        """Start a new check."""
        with self._lock:
            self._lines, self._total, self._open = collections.deque(maxlen=MAX_LINES), 0, ""

    def add(self, text):
        """Add decoded output; a line without its newline yet stays open for the next text."""
        with self._lock:
            pieces = text.split("\n")
            pieces[0] = (self._open + pieces[0][:MAX_LINE_CHARS])[:MAX_LINE_CHARS]
            *complete, self._open = pieces
            self._open = self._open[:MAX_LINE_CHARS]
            self._lines.extend(line[:MAX_LINE_CHARS] for line in complete[-MAX_LINES:])
            self._total += len(complete)

    def printed(self):
        """What this check printed so far (an open last line included)."""
        with self._lock:
            lines = [*self._lines, self._open] if self._open else list(self._lines)
            total = self._total + bool(self._open)
        lines = lines[-MAX_LINES:]
        return Printed(tuple(readable(line) for line in lines), total - len(lines))


class PrintedPipe:
    """Reads one worker's output pipe into a PrintedLog, in a thread, decoding UTF-8 across reads."""

    def __init__(self, stream, log):
        self._stream, self._fd, self._log = stream, stream.fileno(), log
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")  # a character may span two reads
        self._lock, self._ended = threading.Lock(), False
        os.set_blocking(self._fd, False)
        self.thread = threading.Thread(target=self._drain, name="dlgrade-printed", daemon=True)
        self.thread.start()

    def _drain(self):
        with selectors.DefaultSelector() as selector:
            selector.register(self._fd, selectors.EVENT_READ)
            while self._read(CHUNK):  # one chunk per turn, so catch_up is never kept waiting long
                selector.select()

    def _read(self, limit):
        """Feed up to ``limit`` bytes the pipe holds into the log; False once the pipe has ended."""
        with self._lock:
            while limit > 0 and not self._ended:
                try:
                    chunk = os.read(self._fd, min(CHUNK, limit))
                except BlockingIOError:
                    break
                self._ended = not chunk
                self._log.add(self._decoder.decode(chunk, final=self._ended))
                limit -= len(chunk)
            return not self._ended

    def hand_to(self, log):
        """Feed what is printed from now on to ``log`` (a worker started ahead joins the log of the check that
        takes it; what its preload printed stays behind)."""
        self.catch_up()
        with self._lock:
            self._log = log

    def catch_up(self):
        """Take in everything written before now, e.g. what the worker printed before it sent its reply.

        Writes that returned are in the pipe or already read; the pipe holds at most what it held now.
        """
        held = fcntl.ioctl(self._fd, termios.FIONREAD, struct.pack("i", 0))
        self._read(struct.unpack("i", held)[0])
