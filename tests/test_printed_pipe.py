"""The pipe of a worker's output: read as it fills, decoded across reads, bounded however much arrives."""
import os
import threading
import tracemalloc

import pytest

from grader.sandbox.printed import MAX_LINE_CHARS, MAX_LINES, Printed, PrintedLog, PrintedPipe, readable


def pipe_into(log):
    """A PrintedPipe reading a fresh OS pipe into ``log``, and the pipe's write end."""
    read, write = os.pipe()
    return PrintedPipe(os.fdopen(read, "rb", buffering=0), log), write


def test_the_log_joins_partial_writes_cuts_long_lines_and_starts_afresh():
    log = PrintedLog()
    for text in ("a", "b\n", "x" * 1000 + "\n", "tail without newline"):
        log.add(text)
    assert log.printed() == Printed(("ab", "x" * MAX_LINE_CHARS, "tail without newline"), 0)
    log.add("".join(f"line {i}\n" for i in range(30)))
    assert log.printed() == Printed(tuple(f"line {i}" for i in range(10, 30)), 32 - MAX_LINES)
    log.add("tail")
    assert log.printed() == Printed((*(f"line {i}" for i in range(11, 30)), "tail"), 33 - MAX_LINES)
    log.clear()
    assert log.printed() == Printed((), 0)


@pytest.mark.parametrize("printed, shown", [
    ("\x1b[1;31mloss\x1b[0m 0.25", "loss 0.25"),  # colours (termcolor, rich, colorama)
    ("epoch 1: 10%\r50%\r100%|##########|", "100%|##########|"),  # a progress bar redrawn with \r
    ("written on Windows\r", "written on Windows"),
    ("\x1b[2J\x1b[Hthe screen cleared", "the screen cleared"),
    ("\x1b]0;a window title\x07after", "after"),
    ("\x1b]8;;https://example.com\x1b\\a link\x1b]8;;\x1b\\", "a link"),
    ("\x1bcreset \x1b7saved\x1b8 \x1b(Bcharset", "reset saved charset"),
    ("bell\x07, backspace\x08, C1\x9b, NUL\x00", "bell, backspace, C1, NUL"),
    ("한글 \x1b[32m초록\x1b[0m\tand a tab", "한글 초록\tand a tab"),
    ("cut at the end \x1b[3", "cut at the end 3"),
])
def test_lines_are_handed_out_as_a_terminal_shows_them(printed, shown):
    assert readable(printed) == shown
    log = PrintedLog()
    log.add(printed + "\n" + printed)
    assert log.printed() == Printed((shown, shown), 0)


def test_a_character_split_across_reads_is_decoded_whole():
    log = PrintedLog()
    pipe, write = pipe_into(log)
    data = "가나다 라\n끝".encode()
    for i in range(len(data)):  # nothing is left in the pipe after catch_up: every byte is read on its own
        os.write(write, data[i:i + 1])
        pipe.catch_up()
    assert log.printed() == Printed(("가나다 라", "끝"), 0)
    os.write(write, b"\n\xff bad byte, then a cut character \xea\xb0")
    os.close(write)
    pipe.thread.join()
    assert log.printed().lines[-1] == "\ufffd bad byte, then a cut character \ufffd"


def test_catch_up_takes_everything_written_before_it():
    log = PrintedLog()
    pipe, write = pipe_into(log)
    for i in range(1000):
        os.write(write, f"{i}\n".encode())
    pipe.catch_up()
    assert log.printed() == Printed(tuple(str(i) for i in range(980, 1000)), 980)
    os.close(write)
    pipe.thread.join()


def test_fifty_megabytes_of_output_take_little_memory():
    # 1 MB ending in an open line and half a character, which the next write's first line completes
    block = "".join(f"줄 {i}\n" for i in range(110_000)).encode() + "줄".encode()[:2]
    lines_per_block = block.count(b"\n")
    tracemalloc.start()
    try:
        log = PrintedLog()
        pipe, write = pipe_into(log)
        writer = threading.Thread(target=lambda: [os.write(write, block) for _ in range(50)])
        writer.start()
        writer.join()
        os.close(write)
        pipe.thread.join()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 << 20  # a few chunks in flight, never the 50 MB
    printed = log.printed()
    assert len(printed.lines) == MAX_LINES and printed.omitted + MAX_LINES == 50 * lines_per_block + 1
