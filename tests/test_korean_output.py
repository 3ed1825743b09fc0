"""Korean output has no English words outside code and names: a learner reads every sentence in Korean."""
import ast
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import write_submission
from grader import catalog
from grader.cli import main
from grader.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
# Names that stay as they are in Korean text: products, formats, logic gates, shell words, the language itself.
NAMES = {"api", "ci", "github", "classroom", "gradescope", "json", "junit", "markdown", "png", "xml", "html", "csv",
         "and", "or", "xor", "pip", "git", "cd", "stdin", "stdout", "english", "utf", "numpy", "keras", "tensorflow",
         "dlgrade", "nan", "linux", "cpus", "bubblewrap", "landlock", "abi", "pid", "tcp", "uid", "nobody", "root",
         "python", *LANGUAGES}
CODE = re.compile(r"`[^`]*`|'[^'\n]*'|\"[^\"\n]*\"|\S*[_(){}\[\]=/.@<>*:$-][^\s]*|\S*\d\S*")
# A term's English name next to the Korean one: 역전파(backpropagation), (패딩 없음, no padding).
GLOSS = re.compile(r"(?<=[가-힣])\([^()]*\)|\([^()]*[가-힣][^()]*\)")
# What the learner's own code wrote: its traceback (Python's English) and what it printed.
LEARNERS_OWN = re.compile(r"Traceback \(most recent call last\):.*?^\W*\w+(Error|Exception)\b[^\n]*$"
                          r"|여러분의 코드가 (출력한 내용:|\d+줄을 출력했습니다)[^\n]*\n.*?(?=^\W*$)", re.S | re.M)


def code_names():
    """Every name in the stubs, references and checks, the catalog's ids, and the CLI's commands and options."""
    names = set(NAMES)
    for folder in ("exercises", "solutions", "grader/checks", "grader/checklib"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names |= {value.lower() for attr in ("id", "attr", "name", "arg")
                          if isinstance(value := getattr(node, attr, None), str)}
    names |= {part for e in catalog.exercises() for part in (e.id, e.slug, e.module_name)}

    def walk(command):
        yield command.name or ""
        for param in command.params:
            yield from (opt.lstrip("-") for opt in param.opts)
        for sub in getattr(command, "commands", {}).values():
            yield from walk(sub)

    names |= {word.lower() for name in walk(main) for word in re.split(r"[-_]", name)}
    return names


def english_words(text, names):
    """Latin words of two letters or more outside code, quotes, glosses, names and ARGUMENT placeholders."""
    text = re.sub(r"[│╭╮╰╯─]", " ", text)
    text = CODE.sub(" ", GLOSS.sub(" ", LEARNERS_OWN.sub(" ", text)))
    return {word for word in re.findall(r"[A-Za-z]{2,}", text) if word.lower() not in names and not word.isupper()
            and not re.fullmatch(r"[A-Z]\w*(Error|Exception|Warning)", word)}  # Python's exception names


BROKEN = {
    "exercise01": "def perceptron_update(w, b, x, y, lr):\n    e = y - step(x @ w + b)\n"
                  "    w += lr * e * np.asarray(x)\n    return w, b + lr * e\n",
    "exercise02": "def softmax(z, axis=-1):\n    e = np.exp(z)\n    print('debug', e.shape)\n"
                  "    return e / e.sum(axis=axis, keepdims=True)\n\ndef relu(z):\n    return np.maximum(z, 0) + bias\n",
    "exercise03": "def minibatches(X, y, batch_size, shuffle=True, seed=None):\n    n = len(X)\n"
                  "    for s in range(0, n - batch_size + 1, batch_size):\n        yield X[s:s+batch_size], y[s:s+batch_size]\n",
}


@pytest.fixture(scope="module")
def korean_outputs(tmp_path_factory):
    """What a learner reads in Korean: setup, lists, feedback (stub, wrong code, own prints), quiz, help, errors."""
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("DLGRADE_LANG", "ko")
    tmp = tmp_path_factory.mktemp("korean")
    runner = CliRunner()

    def run(*args):
        return runner.invoke(main, [str(a) for a in args]).output

    ws = tmp / "ws"
    outputs = {"init": run("init", ws, "--learner-id", "kim"), "list": run("list", "-w", ws),
               "check stub": run("check", "ex2", "-w", ws), "hint": run("hint", "ex2", "-w", ws),
               "progress": run("progress", "-w", ws), "bogus option": run("check", "--bogus", "-w", ws),
               "missing argument": run("reset", "-w", ws), "unknown exercise": run("check", "ex99", "-w", ws)}
    quiz = catalog.resolve("quiz04")
    answers = ws / quiz.filename
    answers.write_text(re.sub(r"^(q\d\d) =.*$", r"\1 = 1", answers.read_text(encoding="utf-8"), flags=re.M)
                       + "q99 = 3\n", encoding="utf-8")
    outputs["quiz"] = run("check", "quiz04", "-w", ws)
    # The rows of doctor past the package versions (English names of distributions) are the learner's to read.
    outputs["doctor"] = run("doctor").split("\ndlgrade ")[0]
    for path in ([], ["check"], ["hint"], ["watch"], ["quiz"], ["list"], ["solution"], ["reset"], ["progress"]):
        outputs["help " + " ".join(path)] = run(*path, "--help")
    for exercise, code in BROKEN.items():
        outputs[f"check {exercise}"] = run("check", exercise, "-w", write_submission(tmp / exercise, exercise, code),
                                           "--all-failures")
    monkeypatch.undo()
    return outputs


def test_korean_output_has_no_english_outside_code_and_names(korean_outputs):
    names = code_names()
    found = {name: sorted(english_words(text, names)) for name, text in korean_outputs.items()}
    assert {name: words for name, words in found.items() if words} == {}


def test_the_check_can_fail():
    assert english_words("이 검사는 failed 상태입니다", code_names()) == {"failed"}
    assert english_words("Traceback (most recent call last):\n  File \"a.py\"\nNameError: x\n오류 is here",
                         code_names()) == {"is", "here"}
    assert english_words("relu(z)가 'nan'을 반환했습니다 (float32) 역전파(backpropagation)", code_names()) == set()


def test_korean_output_settles_every_particle(korean_outputs):
    dual = re.compile(r"을\(를\)|이\(가\)|은\(는\)|과\(와\)|와\(과\)|\(으\)로|\(이\)라")
    assert {name: dual.findall(text) for name, text in korean_outputs.items() if dual.search(text)} == {}
