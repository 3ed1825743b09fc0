"""Similarity across a class, on a synthetic class built from the real stubs and reference solutions."""
import ast
import builtins
import html

import pytest

from grader import catalog
from grader.i18n import LANGUAGES
from grader.similarity.compare import Settings, compare_exercise
from grader.similarity.tokens import Unparsable, normalise
from grader.similarity.winnow import kgram_hashes, winnow

SGD = catalog.resolve("exercise03")
ACTIVATIONS = catalog.resolve("exercise02")


def stubs(entry):
    return [entry.stub_in(lang).read_text(encoding="utf-8") for lang in LANGUAGES]


def filled(entry, solution_text=None, *, lang="en"):
    """The stub in ``lang`` with each function's body replaced by the reference's (the learner kept the docstrings)."""
    stub = ast.parse(entry.stub_in(lang).read_text(encoding="utf-8"))
    solution = ast.parse(solution_text or entry.solution_path.read_text(encoding="utf-8"))
    bodies = {node.name: node for node in solution.body if isinstance(node, ast.FunctionDef)}
    out = []
    for node in stub.body:
        if isinstance(node, ast.FunctionDef) and node.name in bodies:
            helpers = [n for n in solution.body if isinstance(n, ast.FunctionDef) and n.name.startswith("_")
                       and n.name in ast.unparse(bodies[node.name]) and n not in out]
            out.extend(helpers)
            node.body = node.body[:1] + [s for s in bodies[node.name].body
                                         if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
        out.append(node)
    imports = [n for n in solution.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    stub.body = imports + [n for n in out if not isinstance(n, (ast.Import, ast.ImportFrom))]
    return ast.unparse(stub) + "\n"


class Renamer(ast.NodeTransformer):
    """A copier's disguise: every local variable renamed, parameters and library names untouched."""

    def __init__(self, keep):
        self.keep = keep | set(dir(builtins))

    def visit_FunctionDef(self, node):
        self.params = {a.arg for a in node.args.args}
        self.generic_visit(node)
        return node

    def visit_Name(self, node):
        if node.id not in self.keep and node.id not in getattr(self, "params", ()):
            node.id = f"my_{node.id.lower()}_value"
        return node


def disguised(source, *, reorder=False):
    """``source`` with locals renamed, comments added, the layout changed and, optionally, functions reversed."""
    tree = ast.parse(source)
    keep = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)} | {"np", "operator", "math"}
    tree = Renamer(keep).visit(tree)
    if reorder:
        functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
        others = [n for n in tree.body if not isinstance(n, ast.FunctionDef)]
        tree.body = others + functions[::-1]
    lines = []
    for line in ast.unparse(tree).splitlines():
        lines.append(line.replace(", ", " ,  ").replace(" = ", "=") + ("  # my own idea" if "return" in line else ""))
        if line.startswith("def "):
            lines.append("    # written from scratch, honestly")
    return "\n".join(lines) + "\n"


def own_sigmoid(body):
    """exercise02's stub with only ``sigmoid`` written, as ``body``."""
    text = ACTIVATIONS.stub_path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    function = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "sigmoid")
    function.body = function.body[:1] + ast.parse(body).body
    return ast.unparse(tree) + "\n"


def test_normalising_forgets_names_comments_layout_and_literals_but_keeps_library_calls():
    first = "import numpy as np\ndef f(x):\n    total = np.exp(x) * 2.0  # scale\n    return total\n"
    second = "import numpy as npy\n\n\ndef f(value):\n    '''Doc.'''\n    s=npy.exp( value )*3\n\n    return s\n"
    texts = [t.text for t in normalise(first)]
    assert texts == [t.text for t in normalise(second)]
    assert "numpy" in texts and "exp" in texts and "N" in texts and "x" not in texts
    assert [t.text for t in normalise("def f(x):\n    return np.log(x)\n")] != [t.text for t in normalise(
        "def f(x):\n    return np.exp(x)\n")]


def test_tokens_remember_their_original_lines():
    tokens = normalise("def f(x):\n\n    # c\n    return x\n")
    assert {t.line for t in tokens if t.text == "return"} == {4}


def test_unparsable_source_is_reported_not_raised_past_the_library():
    with pytest.raises(Unparsable, match="line"):
        normalise("def f(:\n")
    nested = "x = " + "(" * 100000 + ")" * 100000  # the parser gives up on it; the tool does not crash
    result = compare_exercise("exercise03", {"a": "def f(:\n", "b": filled(SGD), "c": nested}, stubs(SGD))
    assert list(result.skipped) == ["a", "c"] and result.pairs == []


def test_winnowing_is_deterministic_and_guarantees_long_matches():
    texts = [str(i % 7) for i in range(60)]
    hashes = kgram_hashes(texts, 5)
    assert hashes == kgram_hashes(list(texts), 5)  # no per-process salt
    selected = winnow(hashes, 4)
    positions = sorted(p for ps in selected.values() for p in ps)
    assert all(b - a <= 4 for a, b in zip(positions, positions[1:]))  # one fingerprint per window at least
    with pytest.raises(ValueError):
        winnow(hashes, 0)


def class_of_sgd():
    original = filled(SGD)
    return {
        "ana": original,
        "ben": disguised(original),                    # renamed variables, comments, layout
        "cho": disguised(original, reorder=True),      # and the functions in reverse order
        "dan": filled(SGD, lang="ko"),                 # the same reference code under the Korean stub
        "eve": SGD.stub_path.read_text(encoding="utf-8"),   # untouched stubs
        "fay": SGD.stub_in("ko").read_text(encoding="utf-8"),
    }


def test_renamed_and_reordered_copies_are_flagged_with_their_matching_regions():
    result = compare_exercise("exercise03", class_of_sgd(), stubs(SGD), Settings(common_share=1.0))
    flagged = {(p.a, p.b) for p in result.flagged}
    assert {("ana", "ben"), ("ana", "cho"), ("ben", "cho")} <= flagged
    pair = next(p for p in result.pairs if (p.a, p.b) == ("ana", "cho"))
    assert pair.share > 0.8 and pair.matched_tokens >= 100 and pair.regions
    ana_lines = class_of_sgd()["ana"].splitlines()
    first = pair.regions[0]
    assert first.a[0] <= first.a[1] and first.b[0] <= first.b[1]
    assert any("params" in line or "residual" in line for line in ana_lines[first.a[0] - 1:first.a[1]])


def test_stub_code_is_never_counted():
    result = compare_exercise("exercise03", class_of_sgd(), stubs(SGD), Settings(common_share=1.0))
    untouched = next(p for p in result.pairs if (p.a, p.b) == ("eve", "fay"))
    assert (untouched.share, untouched.matched_tokens, untouched.regions) == (0.0, 0, ())
    for pair in result.pairs:
        if "eve" in (pair.a, pair.b):
            assert pair.matched_tokens == 0 and not pair.flagged
    stub_lines = set(SGD.stub_path.read_text(encoding="utf-8").splitlines())
    copied = next(p for p in result.pairs if (p.a, p.b) == ("ana", "ben"))
    ana = class_of_sgd()["ana"].splitlines()
    for region in copied.regions:  # each region holds learner code, not only lines the stub gave them
        assert any(line.strip() and line not in stub_lines for line in ana[region.a[0] - 1:region.a[1]])


def test_independent_solutions_of_one_short_function_are_not_flagged():
    sources = {
        "kim": own_sigmoid("return 1.0 / (1.0 + np.exp(-z))"),
        "lee": own_sigmoid("z = np.asarray(z, dtype=float)\nreturn np.exp(-np.logaddexp(0.0, -z))"),
        "park": own_sigmoid("return 1 / (1 + np.exp(-np.asarray(z)))"),
        "choi": own_sigmoid("return 1.0 / (1.0 + np.exp(-z))"),  # the textbook line, written alike by two
    }
    result = compare_exercise("exercise02", sources, stubs(ACTIVATIONS), Settings(common_share=1.0))
    assert len(result.pairs) == 6 and not result.flagged
    alike = next(p for p in result.pairs if {p.a, p.b} == {"kim", "choi"})
    assert alike.matched_tokens < Settings().min_tokens


def test_code_most_of_the_class_writes_is_common_not_evidence():
    original = filled(SGD)
    sources = {f"learner{i}": disguised(original) for i in range(8)}
    result = compare_exercise("exercise03", sources, stubs(SGD))
    assert not result.flagged  # everyone has it: MOSS's -m
    small = compare_exercise("exercise03", dict(list(sources.items())[:2]), stubs(SGD))
    assert small.flagged


def gradebook_of(tmp_path, sources):
    """A gradebook whose submissions (folders and one zip) hold ``sources`` ({name: exercise03 text})."""
    import zipfile

    from grader.batch.gradebook import Gradebook, load_records
    from grader.batch.outcomes import error_result

    submissions = tmp_path / "submissions"
    with Gradebook.open(tmp_path / "results", create=True) as book:
        for index, (name, text) in enumerate(sorted(sources.items())):
            if index == 0:
                submissions.mkdir(parents=True, exist_ok=True)
                path = submissions / f"{name}.zip"
                with zipfile.ZipFile(path, "w") as archive:
                    archive.writestr(f"{name}/{SGD.filename}", text)
            else:
                path = submissions / name
                path.mkdir(parents=True)
                (path / SGD.filename).write_text(text, encoding="utf-8")
            book.record(submission=name, exercise="exercise03", result=error_result(SGD, "x"), duration=1.0,
                        grader_hash="g", content_hash=f"sha256:{name}", source=str(path))
        book.record(submission="gone", exercise="exercise03", result=error_result(SGD, "x"), duration=1.0,
                    grader_hash="g", content_hash="sha256:gone", source=str(submissions / "gone"))
    return load_records(tmp_path / "results")


def test_the_class_is_read_from_the_gradebook_and_shown_side_by_side(tmp_path):
    from rich.console import Console

    from grader.similarity.render import html_section, similarity_view
    from grader.similarity.sources import class_similarity, class_sources, compared_entries, stubs as entry_stubs

    records = gradebook_of(tmp_path, {"ana": filled(SGD), "ben": disguised(filled(SGD)),
                                      "eve": SGD.stub_path.read_text(encoding="utf-8")})
    entries = compared_entries(records)
    assert [e.id for e in entries] == ["exercise03"]
    sources, problems = class_sources(records, entries)
    assert sorted(sources["exercise03"]) == ["ana", "ben", "eve"] and list(problems) == ["gone"]
    result = compare_exercise("exercise03", sources["exercise03"], entry_stubs(SGD))
    assert class_similarity(records) == ([result], sources, problems)
    assert [(p.a, p.b) for p in result.flagged] == [("ana", "ben")]
    console = Console(record=True, width=140, color_system=None)
    console.print(similarity_view([result], sources))
    text = console.export_text()
    first = result.flagged[0].regions[0]
    start = sources["exercise03"]["ana"].splitlines()[first.a[0] - 1].strip()
    assert "exercise03: 1 flagged pair(s)" in text and "ana and ben:" in text and start[:40] in text
    page = html_section([result], sources)
    assert page.count('<div class="side-by-side">') == min(3, len(result.flagged[0].regions))
    region = result.flagged[0].regions[0]
    shown = sources["exercise03"]["ana"].splitlines()[region.a[0] - 1:region.a[0] + 4]
    assert all(html.escape(line) in page for line in shown) and "<mark>" in page
    from grader.batch.report import analyse, html_report

    report = html_report(analyse(records), sections=[page])
    assert report.index('<section id="similarity">') < report.index("</body>") and ".side-by-side{" in report


def test_the_similarity_command_and_the_report_section(tmp_path):
    import json

    from click.testing import CliRunner

    from grader.cli import main

    gradebook_of(tmp_path, {"ana": filled(SGD), "ben": disguised(filled(SGD), reorder=True),
                            "eve": SGD.stub_path.read_text(encoding="utf-8")})
    results = str(tmp_path / "results")
    shown = CliRunner().invoke(main, ["gradebook", "similarity", results], terminal_width=160)
    assert shown.exit_code == 0 and "exercise03: 1 flagged pair(s)" in shown.output
    assert "gone not compared" in shown.output
    data = json.loads(CliRunner().invoke(main, ["gradebook", "similarity", results, "--json"]).stdout)
    pair = data["exercises"][0]["pairs"][0]
    assert (pair["a"], pair["b"], pair["flagged"]) == ("ana", "ben", True) and pair["regions"][0]["tokens"] > 0
    strict = json.loads(CliRunner().invoke(main, ["gradebook", "similarity", results, "--json",
                                                  "--min-tokens", "5000"]).stdout)
    assert not any(p["flagged"] for p in strict["exercises"][0]["pairs"])
    page = tmp_path / "report.html"
    assert CliRunner().invoke(main, ["gradebook", "report", results, "--html", str(page)]).exit_code == 0
    assert '<section id="similarity">' in page.read_text(encoding="utf-8")
