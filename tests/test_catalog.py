"""The catalog owns its schema: what loads, what is refused (one line naming the file and the entry), and the
paths and limits it derives for every entry."""
import re

import pytest

from grader import catalog, catalog_schema
from grader.runner.check import limits_for
from grader.sandbox.process import Limits

SHIPPED = catalog.CATALOG_FILE.read_text(encoding="utf-8")


def write_catalog(tmp_path, text):
    """A catalog file in ``tmp_path`` whose checks folder is the shipped one."""
    (tmp_path / "checks").symlink_to(catalog.CHECKS_DIR, target_is_directory=True)
    path = tmp_path / "catalog.toml"
    path.write_text(text, encoding="utf-8")
    return path


def exercise03_block(text=SHIPPED):
    """The shipped text of exercise03's entry, from its [[exercise]] line to the next."""
    start = text.index('[[exercise]]\nid = "exercise03"')
    return text[start:text.index("[[exercise]]", start + 1)]


def test_the_shipped_catalog_loads_and_every_derived_path_exists():
    loaded = catalog.load()
    assert loaded.exercises == catalog.exercises() and loaded.language == catalog.source_language()
    for entry in catalog.exercises():
        assert entry.checks, entry.id
        paths = [entry.bank_path] if entry.kind == "quiz" else [
            entry.stub_path, entry.solution_path, entry.checks_path, entry.pytest_ini, *entry.guarded_dirs]
        for path in paths:
            assert path.exists(), path


def test_worker_limits_default_to_the_workers_own_and_entries_override_them():
    assert limits_for(catalog.resolve("exercise01")) == Limits()
    assert limits_for(catalog.resolve("exercise03")) == Limits(timeout=10.0)
    keras = limits_for(catalog.resolve("exercise08"))
    assert keras.memory_mb > Limits().memory_mb and keras.cpu_seconds == Limits().cpu_seconds


def replace_once(text, old, new):
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


BROKEN = {
    "unknown top-level key": (lambda s: replace_once(s, "format_version = 1", "format_version = 1\ncolour = 1"),
                              "top level", "unknown key 'colour'"),
    "unknown entry key": (lambda s: replace_once(s, 'slug = "sgd"', 'slug = "sgd"\ntimout = 3'),
                          "exercise 'exercise03'", "unknown key 'timout'"),
    "unknown check key": (lambda s: replace_once(s, 'id = "minibatches_cover"', 'id = "minibatches_cover"\npoint = 2'),
                          "exercise 'exercise03', check 'minibatches_cover'", "unknown key 'point'"),
    "duplicate id": (lambda s: s + "\n" + exercise03_block(s), "exercise 'exercise03'", "duplicate id"),
    "duplicate check id": (lambda s: replace_once(s, 'id = "minibatches_cover"', 'id = "sgd_step"'),
                           "exercise 'exercise03', check 'sgd_step'", "duplicate check id"),
    "check without test function": (
        lambda s: replace_once(s, 'id = "minibatches_cover"', 'id = "minibatches_covers"'),
        "exercise 'exercise03', check 'minibatches_covers'", "no test function test_minibatches_covers in"),
    "format version": (lambda s: replace_once(s, "format_version = 1", "format_version = 2"),
                       "top level", "format_version 2 is not 1"),
    "unknown kind": (lambda s: replace_once(s, 'kind = "keras"', 'kind = "pytorch"'),
                     "exercise 'exercise08'", "unknown kind 'pytorch'"),
    "hint count": (lambda s: replace_once(s, 'hints = [\n', 'hints = [\n  "one more",\n'),
                   "exercise 'exercise01'", "has 4 hints; a numpy entry has 3"),
    "negative limit": (lambda s: replace_once(s, "timeout = 10.0", "timeout = -1"),
                       "exercise 'exercise03'", "'timeout' must be positive"),
    "dependency on a missing check": (
        lambda s: replace_once(s, 'id = "sgd_step"', 'id = "sgd_step"\ndepends_on = ["nonexistent"]'),
        "exercise 'exercise03', check 'sgd_step'", "depends_on names 'nonexistent'"),
    "dependency cycle": (
        lambda s: replace_once(replace_once(s, 'id = "sgd_step"',
                                            'id = "sgd_step"\ndepends_on = ["minibatches_cover"]'),
                               'id = "minibatches_cover"', 'id = "minibatches_cover"\ndepends_on = ["sgd_step"]'),
        "exercise 'exercise03', check '", "depends_on goes round"),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_broken_catalog_fails_to_load_with_one_line_naming_the_file_and_entry(tmp_path, case):
    break_it, where, problem = BROKEN[case]
    path = write_catalog(tmp_path, break_it(SHIPPED))
    with pytest.raises(catalog.CatalogError) as error:
        catalog.load(path)
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: {where}") and problem in message, message


def test_dependencies_between_checks_of_one_exercise_load(tmp_path):
    text = replace_once(SHIPPED, 'id = "train_linear_regression"',
                        'id = "train_linear_regression"\ndepends_on = ["sgd_step"]')
    loaded = {e.id: e for e in catalog.load(write_catalog(tmp_path, text)).exercises}
    assert loaded["exercise03"].check("train_linear_regression").depends_on == ("sgd_step",)
    assert loaded["exercise03"].check("sgd_step").depends_on == ()


def test_a_check_names_the_test_function_of_its_checks_module():
    for entry in catalog.exercises():
        if entry.kind == "quiz":
            continue
        source = entry.checks_path.read_text(encoding="utf-8")
        for check in entry.checks:
            assert re.search(rf"^def test_{check.id}\(", source, re.M), f"{entry.id}.{check.id}"


def test_the_command_line_reports_a_broken_catalog_in_one_line_and_exits_2(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from grader.cli import main

    path = write_catalog(tmp_path, replace_once(SHIPPED, 'slug = "sgd"', 'slug = "sgd"\ntimout = 3'))
    monkeypatch.setattr(catalog, "_catalog", lambda: catalog.load(path))
    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code == 2
    assert result.output == f"error: {path}: exercise 'exercise03': unknown key 'timout' (allowed: " \
        f"{', '.join(sorted(catalog_schema.ENTRY_KEYS))})\n"
