"""On a platform where workers cannot run (native Windows), every command says so in one line, in the
learner's language, naming the ways that work, instead of failing with a traceback."""
import sys

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.sandbox import platforms


@pytest.mark.parametrize("lang, words", [("en", ["WSL", "Colab", "Jupyter", "win32"]),
                                         ("ko", ["WSL", "Colab", "Jupyter", "학습자 코드를 실행할 수 없습니다"])])
@pytest.mark.parametrize("command", [["check", "exercise01"], ["list"], ["doctor"]])
def test_windows_gets_one_line_naming_the_supported_ways(monkeypatch, tmp_path, lang, words, command):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["--lang", lang, *command])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    for word in words:
        assert word in lines[0], lines[0]


@pytest.mark.parametrize("platform, supported", [("linux", True), ("darwin", True), ("win32", False),
                                                 ("cygwin", False)])
def test_supported_platforms(platform, supported):
    assert platforms.supported(platform) is supported
