"""Every learner-facing message exists in English and Korean, and Korean feedback works end to end."""
import json
import re
import string

import pytest
from click.testing import CliRunner

from grader import catalog, i18n
from grader.languages import ko
from grader.cli import main


def fields(template):
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_id_has_both_languages_with_the_same_placeholders():
    english, korean = i18n.messages("en"), i18n.messages("ko")
    assert set(english) == set(korean)
    for key in english:
        assert fields(english[key]) == fields(korean[key]), key
        assert korean[key].strip(), key


def test_every_exercise_title_check_and_hint_has_a_korean_text():
    texts = i18n.catalog_texts("ko")
    for exercise in catalog.exercises():
        entry = texts.get(exercise.id, {})
        assert entry.get("title"), exercise.id
        assert len(entry.get("hints", [])) == len(exercise.hints), exercise.id
        if exercise.kind == "quiz":
            continue  # a quiz's questions are translated in its bank (tests/test_quiz_bank.py)
        for check in exercise.checks:
            text = entry.get("checks", {}).get(check.id, {})
            assert text.get("title") and (text.get("hint") or not check.hint), f"{exercise.id}.{check.id}"
        assert re.search("[가-힣]", entry["title"]), exercise.id


@pytest.mark.parametrize("switch", ["option", "environment"])
def test_a_full_check_in_korean(tmp_path, monkeypatch, switch):
    folder = tmp_path / "ws"
    CliRunner().invoke(main, ["init", str(folder)])
    exercise = catalog.resolve("exercise02")
    (folder / exercise.filename).write_text(exercise.solution_path.read_text() + """
def softmax(z, axis=-1):
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)
""")
    args = ["check", "ex2", "--workspace", str(folder)]
    if switch == "option":
        args = ["--lang", "ko", *args]
    else:
        monkeypatch.setenv("DLGRADE_LANG", "ko")
    out = CliRunner().invoke(main, args).output
    assert "상태" in out and "실패" in out and "점수 10/12" in out and "기대값" in out
    assert "실패하는 가장 작은 입력" in out and "힌트: " in out
    as_json = json.loads(CliRunner().invoke(main, [*args, "--json"]).output)
    assert as_json["status"] == "failed"
    assert re.search("[가-힣]", as_json["title"])


def test_every_message_key_used_in_the_code_exists():
    used = set()
    for path in i18n.LOCALES.parent.rglob("*.py"):
        used |= set(re.findall(r"""\bt\(\s*["']([\w.]+)["']""", path.read_text(encoding="utf-8")))
    missing = sorted(used - set(i18n.messages("en")))
    assert not missing, missing


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_check_module_catalogues_are_named_after_a_module(lang):
    grader = i18n.LOCALES.parent
    modules = {path.stem for folder in ("checks", "checklib") for path in (grader / folder).glob("*.py")}
    for path in (i18n.LOCALES / lang / "checks").glob("*.toml"):
        assert path.stem in modules, path.name
        assert i18n._load(path), f"{path.name} is empty"


@pytest.mark.parametrize("text, resolved", [
    ("배열을(를)", "배열을"), ("객체을(를)", "객체를"), ("사과이(가)", "사과가"), ("집(으)로", "집으로"),
    ("물(으)로", "물로"), ("나무(으)로", "나무로"), ("학습률와(과)", "학습률과"), ("메모과(와)", "메모와"),
    ("'8'(이)라고", "'8'이라고"), ("'2'(이)라고", "'2'라고"), ("exercise03을(를)", "exercise03을"),
    ("float32을(를)", "float32를"), ("1(으)로", "1로"), ("10(으)로", "10으로"), ("0.5은(는)", "0.5는"),
    # after code, an answer or a bracket: the last Latin word or letter as Korean reads it
    ("softmax(z)을(를)", "softmax(z)를"), ("x @ w + b이(가)", "x @ w + b가"), ("'O'(이)라고", "'O'라고"),
    ("'relu'(이)라고", "'relu'라고"), ("'N'(이)라고", "'N'이라고"), ("model(으)로", "model로"),
    ("adam을(를)", "adam을"), ("dropout은(는)", "dropout은"), ("step이(가)", "step이"), ("dtype을(를)", "dtype을"),
    ("CNN을(를)", "CNN을"), ("SGD을(를)", "SGD를"), ("sigmoid(array(0., dtype=float32))이(가)", "sigmoid(array(0., dtype=float32))가"),
    ("relu(z, axis=-1)과(와)", "relu(z, axis=-1)과"), ("keras.layers.Dense와(과)", "keras.layers.Dense와"),
    # after other symbols the sound is not known: both forms stay
    ("Flatten(input_shape=...)을(를)", "Flatten(input_shape=...)을(를)"), ("{}을(를)", "{}을(를)"),
])
def test_korean_particles_are_settled_after_a_known_sound(text, resolved):
    assert ko.resolve_particles(text) == resolved


def test_korean_messages_settle_particles_and_english_is_untouched(monkeypatch):
    monkeypatch.setenv("DLGRADE_LANG", "ko")
    korean = i18n.t("compare.should_raise_returned", call="f(x)", expected="ValueError",
                    what=i18n.t("describe.array", shape=(2,), dtype="float64"))
    assert "배열을" in korean and "배열을(를)" not in korean
    monkeypatch.setenv("DLGRADE_LANG", "en")
    assert i18n.t("describe.none") == i18n.messages("en")["describe.none"]


@pytest.mark.parametrize("lang, unlabelled", [("en", "Draw 2: 5"), ("ko", "2번째로 뽑은 값: 5")])
def test_values_drawn_inside_a_check_are_shown_like_arguments(monkeypatch, lang, unlabelled):
    from grader.runner.outcomes import falsifying_example

    monkeypatch.setenv("DLGRADE_LANG", lang)
    exc = AssertionError("wrong")
    exc.__notes__ = ["Falsifying example: test_rule(\n    learner=<proxy>,\n    n=1,\n    data=data(...),\n)",
                     "Draw 1 (X): array([[0., 1.]])", "Draw 2: 5"]
    assert falsifying_example(exc) == f"n=1\nX=array([[0., 1.]])\n{unlabelled}"
