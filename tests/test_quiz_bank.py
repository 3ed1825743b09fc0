"""The question banks: valid, complete, correct answers score full and wrong ones 0, stable variants."""
import copy
import re

import pytest

from grader import catalog
from grader.quiz import answers as ans
from grader.quiz import bank
from grader.quiz.formula import fill
from grader.quiz.scoring import score_parsed

QUIZZES = [e for e in catalog.exercises() if e.kind == "quiz"]
LEARNERS = ("learner-1", "alice", "김민준", "x", "s2024-0117")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def questions():
    return [pytest.param(quiz, q.id, id=f"{quiz.id}-{q.id}") for quiz in QUIZZES for q in bank.load(quiz).questions]


def score_file(quiz, instance, answers):
    """Score through the same text path as a learner's answers file."""
    text = ans.render_file(quiz, instance, answers)
    return score_parsed(quiz, instance, ans.parse_file(text, instance))


def test_the_catalog_has_the_four_quizzes():
    assert [q.id for q in QUIZZES] == ["quiz01", "quiz02", "quiz03", "quiz04"]
    for quiz in QUIZZES:
        assert quiz.filename == f"{quiz.module_name}.txt" and quiz.bank_path.is_file()


@pytest.mark.parametrize("quiz", QUIZZES, ids=lambda q: q.id)
def test_each_bank_is_valid_and_the_single_list_of_its_questions(quiz):
    questions_ = bank.load(quiz).questions
    assert len(questions_) >= 10
    assert [(q.id, q.title, q.points) for q in questions_] == [(c.id, c.title, c.points) for c in quiz.checks]
    assert sum(1 for q in questions_ if q.type == bank.NUMERIC and q.templated) >= 2
    for q in questions_:
        assert HANGUL.search(q.explanation) and HANGUL.search(q.concept), q.id


def test_the_quizzes_use_every_kind_of_question():
    kinds = {q.type for quiz in QUIZZES for q in bank.load(quiz).questions}
    assert kinds == set(bank.KINDS)
    for quiz in QUIZZES:
        assert len({q.type for q in bank.load(quiz).questions}) >= 4, quiz.id


@pytest.mark.parametrize("quiz, question_id", questions())
def test_the_right_answer_scores_full_and_a_wrong_one_scores_zero(quiz, question_id):
    for learner in LEARNERS:
        instance = bank.instantiate(quiz, learner)
        item = instance.item(question_id)
        right = score_file(quiz, instance, {question_id: ans.reference_answer(item)}).get(question_id)
        assert (right.status, right.points) == ("passed", item.points), (learner, right.message)
        assert HANGUL.search(right.message), "the explanation is shown with a correct answer"
        wrong = score_file(quiz, instance, {question_id: ans.wrong_answer(item)}).get(question_id)
        assert (wrong.status, wrong.points) == ("failed", 0), (learner, ans.wrong_answer(item))
        assert item.answer_text.rstrip(".") in wrong.message and item.explanation in wrong.message


@pytest.mark.parametrize("quiz_id, question_id, typed, right", [
    ("quiz04", "q03", "8224", True), ("quiz04", "q03", "8,224", True), ("quiz04", "q03", "8_224", True),
    ("quiz04", "q03", "8224.0", True), ("quiz04", "q03", "8225", False), ("quiz04", "q03", "8.224", False),
    ("quiz01", "q03", "false", True), ("quiz01", "q03", "X", True), ("quiz01", "q03", "F", True),
    ("quiz01", "q03", "no", True), ("quiz01", "q03", "O", False), ("quiz01", "q03", "true", False),
    ("quiz01", "q12", "Back Propagation", True), ("quiz01", "q12", "역전파", True),
    ("quiz01", "q12", "오차 역전파", True), ("quiz01", "q12", "'backprop'", True), ("quiz01", "q12", "SGD", False),
    ("quiz04", "q13", "SAME", True), ("quiz04", "q13", "padding='same'", True), ("quiz04", "q13", "valid", False),
    ("quiz03", "q13", "reducelronplateau", True), ("quiz03", "q13", "EarlyStopping", False),
    ("quiz02", "q14", "기울기 소실", True), ("quiz02", "q14", "Vanishing Gradients", True),
    ("quiz02", "q14", "exploding gradient", False),
    # What a Korean learner naturally types: a common variant term, the name with a word after it
    ("quiz01", "q12", "오류 역전파", True), ("quiz02", "q14", "그레이디언트 소실", True),
    ("quiz02", "q14", "기울기 폭주", False), ("quiz03", "q13", "ReduceLROnPlateau 콜백", True),
    ("quiz03", "q13", "EarlyStopping 콜백", False), ("quiz04", "q13", "same 패딩", True),
    ("quiz04", "q13", "'same' 패딩", True), ("quiz04", "q13", "valid 패딩", False),
])
def test_accepted_answer_forms(quiz_id, question_id, typed, right):
    item = bank.instantiate(catalog.resolve(quiz_id), "learner-1").item(question_id)
    assert ans.is_correct(item, ans.parse_answer(item, typed)) is right


def test_shape_answers_accept_any_brackets_and_separators():
    item = bank.instantiate(catalog.resolve("quiz03"), "learner-1").item("q03")
    n, h = item.values["n"], item.values["h"]
    for typed in (f"({n}, {h}, {h}, 1)", f"[{n},{h},{h},1]", f"{n} x {h} x {h} x 1", f"({n},{h},{h},1)"):
        assert ans.is_correct(item, ans.parse_answer(item, typed)), typed
    for typed in (f"({n}, {h}, {h})", f"({n}, {h}, {h}, 3)", f"(1, {h}, {h}, {n})"):
        assert not ans.is_correct(item, ans.parse_answer(item, typed)), typed


def test_multiple_choice_needs_exactly_the_right_set_in_any_notation():
    item = bank.instantiate(catalog.resolve("quiz01"), "learner-1").item("q07")
    letters = sorted(item.expected)
    for typed in (", ".join(letters), " ".join(reversed(letters)), "".join(letters), ";".join(letters).upper()):
        assert ans.is_correct(item, ans.parse_answer(item, typed)), typed
    assert not ans.is_correct(item, ans.parse_answer(item, ", ".join(letters[:-1])))
    extra = next(c for c in "abcde" if c not in letters)
    assert not ans.is_correct(item, ans.parse_answer(item, ", ".join([*letters, extra])))


def test_numeric_tolerances():
    rel = bank.instantiate(catalog.resolve("quiz02"), "learner-1").item("q09")  # 1 % relative
    assert ans.is_correct(rel, rel.expected * 1.009) and not ans.is_correct(rel, rel.expected * 1.02)
    absolute = bank.instantiate(catalog.resolve("quiz02"), "learner-1").item("q07")  # ±0.001
    assert ans.is_correct(absolute, round(absolute.expected, 3))
    assert not ans.is_correct(absolute, round(absolute.expected, 3) + 0.002)
    exact = bank.instantiate(catalog.resolve("quiz04"), "learner-1").item("q02")
    assert not ans.is_correct(exact, exact.expected + 1)


@pytest.mark.parametrize("quiz", QUIZZES, ids=lambda q: q.id)
def test_variants_are_stable_for_a_learner(quiz):
    first = bank.instantiate(quiz, "learner-1").to_dict()
    bank._load.cache_clear()  # a fresh load from disk gives the same numbers
    assert bank.instantiate(quiz, "learner-1").to_dict() == first


@pytest.mark.parametrize("quiz", QUIZZES, ids=lambda q: q.id)
def test_variants_differ_across_learners(quiz):
    ids = [f"student-{i}" for i in range(20)]
    instances = [bank.instantiate(quiz, learner) for learner in ids]
    for q in bank.load(quiz).questions:
        if q.templated:
            assert len({repr(inst.item(q.id).values) for inst in instances}) >= 3, q.id
    texts = {tuple(i.text for i in inst.items) for inst in instances}
    assert len(texts) == len(ids), "every learner sees different numbers"


def test_the_variant_algorithm_is_pinned():
    """Changing the hashing changes every learner's numbers and breaks their answers files."""
    assert bank.draw("golden-learner", "quiz04", "q02", "f", 0) == 1439627383073176253
    item = bank.instantiate(catalog.resolve("quiz04"), "golden-learner").item("q02")
    assert {k: item.values[k] for k in ("f", "k", "c")} == {"f": 64, "k": 5, "c": 64}
    assert item.expected == 5 * 5 * 64 * 64 + 64
    assert bank.instantiate(catalog.resolve("quiz04"), "golden-learner").item("q01").expected == "b"


def test_choices_are_shuffled_per_learner_and_the_answer_follows():
    quiz = catalog.resolve("quiz04")
    question = bank.load(quiz).question("q01")
    right_text = question.choices[bank.LETTERS.index(question.answer)]
    letters = set()
    for learner in (f"student-{i}" for i in range(30)):
        item = bank.instantiate(quiz, learner).item("q01")
        assert sorted(item.choices) == sorted(question.choices)
        assert item.choices[bank.LETTERS.index(item.expected)] == right_text
        letters.add(item.expected)
    assert len(letters) >= 3


def test_where_conditions_hold_for_every_variant():
    quiz = catalog.resolve("quiz01")
    for learner in (f"student-{i}" for i in range(50)):
        values = bank.instantiate(quiz, learner).item("q02").values
        assert values["err"] != 0 and values["x1"] != 0  # the update really changes w1


def test_computed_answers_match_hand_calculations():
    quiz03 = catalog.resolve("quiz03")
    for learner in (f"student-{i}" for i in range(12)):
        item = bank.instantiate(quiz03, learner).item("q10")  # early stopping on the fixed sequence
        assert item.expected == {1: 4, 2: 7, 3: 8, 4: 9}[item.values["p"]]
        item = bank.instantiate(quiz03, learner).item("q11")
        v = item.values
        assert item.expected == pytest.approx(v["lr"] * v["f"] ** ((v["E"] - 1) // v["p"]))
    assert bank.instantiate(catalog.resolve("quiz04"), "x").item("q03").expected == 8224


def test_restored_epoch_agrees_with_the_reference_early_stopping():
    """quiz03 q16's numbers: training stops where exercise10's reference (checked against Keras) says,
    and the restored epoch is the one with the lowest validation loss."""
    from solutions.exercise10_callbacks import early_stopping_epoch

    quiz03 = catalog.resolve("quiz03")
    seen = set()
    for learner in (f"student-{i}" for i in range(40)):
        v = bank.instantiate(quiz03, learner).item("q16").values
        losses = [v[f"v{i}"] for i in range(1, 11)]
        stopped = early_stopping_epoch(losses, v["p"])
        assert stopped is not None and stopped + 1 == v["stop"]
        assert losses.index(min(losses)) + 1 == v["b"] == bank.instantiate(quiz03, learner).item("q16").expected
        seen.add(v["b"])
    assert len(seen) > 1  # the answer varies per learner


# ------------------------------------------------------------------------------------- validation

GOOD = {"id": "q01", "kind": "numeric", "title": "t", "points": 1, "text": "n = {n}?", "concept": "합성곱",
        "explanation": "합성곱: {answer}", "params": {"n": [1, 2, 3]}, "answer": "n * 2"}


def bank_with(**changes):
    question = copy.deepcopy(GOOD)
    for key, value in changes.items():
        if value is None:
            question.pop(key, None)
        else:
            question[key] = value
    return {"format_version": 1, "question": [question]}


def test_a_good_bank_parses():
    parsed = bank.parse_bank(bank_with(), quiz_id="quiz99", source="quiz99.toml")
    assert bank.instantiate_bank(parsed, "a").items[0].expected in (2, 4, 6)


@pytest.mark.parametrize("changes, fragment", [
    ({"kind": "essay"}, "'kind'"),
    ({"explenation": "typo"}, "unknown keys"),
    ({"points": 0}, "'points'"),
    ({"concept": "convolution"}, "Korean"),
    ({"answer": "n.real * 2"}, "Attribute"),
    ({"answer": "m * 2"}, "unknown names"),
    ({"text": "k = {k}?"}, "unknown placeholders"),
    ({"where": "n > 5"}, "no parameter values satisfy"),
    ({"params": {"n": []}}, "non-empty list"),
    ({"params": {"n": {"min": 3, "max": 1}}}, "min <= max"),
    ({"rel_tolerance": 2}, "rel_tolerance"),
    ({"answer": "1 / (n - n)"}, "q01"),
])
def test_bank_errors_name_the_question(changes, fragment):
    with pytest.raises(bank.BankError) as info:
        bank.parse_bank(bank_with(**changes), quiz_id="quiz99", source="quiz99.toml")
    assert fragment in str(info.value) and "q01" in str(info.value)


@pytest.mark.parametrize("question, fragment", [
    ({"kind": "single", "choices": ["x", "y"], "answer": "c"}, "not among the choices"),
    ({"kind": "single", "choices": ["x", "y"], "answer": ["a", "b"]}, "one letter"),
    ({"kind": "multiple", "choices": ["x"], "answer": ["a"]}, "at least two"),
    ({"kind": "truefalse", "answer": "yes"}, "true or false"),
    ({"kind": "short", "answer": []}, "accepted strings"),
    ({"kind": "single", "choices": ["x", "y"], "answer": "a", "explanation": "합성곱: {answer}"}, "placeholders"),
])
def test_kind_specific_errors(question, fragment):
    raw = {**{k: v for k, v in GOOD.items() if k not in ("answer", "params")}, "text": "?", **question}
    with pytest.raises(bank.BankError, match=fragment):
        bank.parse_bank({"format_version": 1, "question": [raw]}, quiz_id="quiz99")


def test_duplicate_ids_and_format_version():
    data = bank_with()
    data["question"].append(copy.deepcopy(GOOD))
    with pytest.raises(bank.BankError, match="used twice"):
        bank.parse_bank(data, quiz_id="quiz99")
    with pytest.raises(bank.BankError, match="format_version"):
        bank.parse_bank({"format_version": 2, "question": [GOOD]}, quiz_id="quiz99")


# ----------------------------------------------------------------------------------------- Korean

@pytest.mark.parametrize("quiz", QUIZZES, ids=lambda q: q.id)
def test_every_question_has_complete_korean_words(quiz):
    parsed = bank.load(quiz)
    assert HANGUL.search(dict(parsed.intros)["ko"]), f"{quiz.id}: [ko] intro"
    for q in parsed.questions:
        korean = q.translation("ko")
        assert korean is not None, f"{quiz.id} {q.id} has no [question.ko]"
        for text in (korean.title, korean.text, korean.concept, korean.explanation):
            assert HANGUL.search(text), f"{quiz.id} {q.id}: {text!r} is not Korean"
        assert len(korean.choices) == len(q.choices), q.id


@pytest.mark.parametrize("quiz", QUIZZES, ids=lambda q: q.id)
def test_the_language_changes_only_the_words(quiz):
    for learner in LEARNERS:
        english, korean = bank.instantiate(quiz, learner, "en"), bank.instantiate(quiz, learner, "ko")
        assert korean.intro != english.intro
        for en, ko in zip(english.items, korean.items):
            assert (en.id, en.type, en.points, en.expected) == (ko.id, ko.type, ko.points, ko.expected)
            assert {k: v for k, v in en.values.items() if k != "answer"} == \
                   {k: v for k, v in ko.values.items() if k != "answer"}
            assert ko.text != en.text and HANGUL.search(ko.title) and HANGUL.search(ko.concept)
            question = bank.load(quiz).question(en.id)
            order = bank.choice_order(question, quiz_id=quiz.id, learner_id=learner)
            assert en.choices == tuple(fill(question.choices[i], en.values) for i in order)
            assert ko.choices == tuple(fill(question.translation("ko").choices[i], ko.values) for i in order)


def test_the_current_language_is_the_default(monkeypatch):
    quiz = catalog.resolve("quiz01")
    monkeypatch.setenv("DLGRADE_LANG", "ko")
    item = bank.instantiate(quiz, "learner-1").item("q12")
    assert HANGUL.search(item.text) and item.answer_text == "역전파"
    assert ans.is_correct(item, ans.parse_answer(item, "backprop"))  # English answers are right in Korean too
    assert bank.instantiate(quiz, "learner-1").item("q03").answer_text == "거짓"
    monkeypatch.delenv("DLGRADE_LANG")
    item = bank.instantiate(quiz, "learner-1").item("q12")
    assert item.answer_text == "backpropagation" and ans.is_correct(item, ans.parse_answer(item, "오차 역전파"))


KO = {"title": "제목", "text": "n = {n}일 때?", "concept": "합성곱", "explanation": "합성곱: {answer}"}
CHOICE = {**{k: v for k, v in GOOD.items() if k != "answer"}, "kind": "single", "text": "?", "explanation": "합성곱",
          "choices": ["x = {n}", "y {{1}}"], "answer": "a",
          "ko": {**KO, "text": "?", "explanation": "합성곱", "choices": ["엑스 = {n}", "와이 {{1}}"]}}


def test_a_korean_bank_parses_and_fills_the_same_numbers():
    data = bank_with(ko=KO)
    data["ko"] = {"intro": "한국어 소개"}
    parsed = bank.parse_bank(data, quiz_id="quiz99", source="quiz99.toml")
    assert parsed.intro_in("ko") == "한국어 소개" and parsed.intro_in("en") == ""
    english, korean = bank.instantiate_bank(parsed, "a", "en"), bank.instantiate_bank(parsed, "a", "ko")
    n = english.items[0].values["n"]
    assert korean.items[0].text == f"n = {n}일 때?" and korean.items[0].explanation == f"합성곱: {2 * n}"
    single = bank.instantiate_bank(bank.parse_bank({"format_version": 1, "question": [CHOICE]}, quiz_id="quiz99"),
                                   "a", "ko").items[0]
    assert sorted(single.choices) == [f"엑스 = {single.values['n']}", "와이 {1}"]


@pytest.mark.parametrize("question, fragment", [
    (bank_with(ko={**KO, "explenation": "오타"})["question"][0], "unknown keys"),
    (bank_with(ko={k: v for k, v in KO.items() if k != "concept"})["question"][0], "'concept' must be a non-empty"),
    (bank_with(ko={**KO, "text": "n은?"})["question"][0], "'text' must use the same placeholders"),
    (bank_with(ko={**KO, "text": "{n}, {m}?"})["question"][0], "'text' must use the same placeholders"),
    (bank_with(ko={**KO, "explanation": "합성곱: {n:.2f}"})["question"][0], "'explanation' must use the same"),
    (bank_with(ko={**KO, "choices": ["가", "나"]})["question"][0], "unknown keys"),
    (bank_with(ko="제목")["question"][0], "must be a table"),
    ({**CHOICE, "ko": {**CHOICE["ko"], "choices": ["엑스 = {n}"]}}, "'choices' has 1 entries but the original has 2"),
    ({**CHOICE, "ko": {**CHOICE["ko"], "choices": ["엑스", "와이 {{1}}"]}}, "choice 1 must use the same placeholders"),
    ({**CHOICE, "ko": {k: v for k, v in CHOICE["ko"].items() if k != "choices"}}, "'choices' must be a list"),
    ({**CHOICE, "kind": "short", "choices": None, "answer": "x",
      "ko": {**KO, "text": "?", "explanation": "합성곱", "answer": ["{k}"]}}, "unknown placeholders"),
])
def test_bad_korean_tables_are_rejected_naming_the_question(question, fragment):
    question = {k: v for k, v in question.items() if v is not None}
    with pytest.raises(bank.BankError) as info:
        bank.parse_bank({"format_version": 1, "question": [question]}, quiz_id="quiz99", source="quiz99.toml")
    message = str(info.value)
    assert fragment in message and message.startswith("quiz99.toml: question q01 [question.ko]: "), message


def test_a_bad_korean_intro_is_rejected():
    data = bank_with()
    data["ko"] = {"intro": "소개", "title": "제목"}
    with pytest.raises(bank.BankError, match=r"\[ko\] holds only intro"):
        bank.parse_bank(data, quiz_id="quiz99", source="quiz99.toml")
