"""Feedback export: per learner, a Markdown file with the same content as ``dlgrade check``."""
import io

from rich.console import Console

from grader import catalog, kinds, render
from grader.batch.cells import code_block, score_number as _score
from grader.batch.exports import ExportFormat
from grader.i18n import t


def _entry(exercise):
    try:
        return catalog.resolve(exercise)
    except catalog.UnknownExercise:
        return None


def result_view(result):
    """The renderable ``dlgrade check`` prints for a Result, as its kind shows it."""
    entry = _entry(result.exercise)
    if entry is None:  # a gradebook row of an exercise the catalog no longer has
        return render.render_result(result, f"{result.exercise}.py")
    return kinds.of(entry).render_result(result, entry)


def rendered_text(result, width=100):
    """``dlgrade check``'s report of a Result, as plain text."""
    console = Console(file=io.StringIO(), record=True, width=width, color_system=None, force_terminal=False,
                      highlight=False, emoji=False, soft_wrap=False)
    console.print(result_view(result))
    return console.export_text(styles=False)


def _cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def feedback_markdown(record, *, width=100):
    """Markdown feedback for one learner: a score table, then ``dlgrade check``'s report per exercise."""
    lines = [f"# {t('batch.feedback.title', name=record.name)}", ""]
    if record.problem:
        lines += [f"> **{t('batch.export.problem')}** {record.problem}", ""]
    percent = f" ({100 * record.total / record.max_total:.0f}%)" if record.max_total else ""
    lines += [f"{t('batch.feedback.total')} **{_score(record.total)}/{_score(record.max_total)}**{percent}", "",
              f"| {t('column.exercise')} | {t('column.status')} | {t('column.score')} |", "|---|---|---|"]
    for exercise, graded in record.graded.items():
        result = graded.result
        lines.append(f"| {_cell(exercise)} · {_cell(result.title)} | {render.status_word(result.status)}"
                     f" | {_score(result.score)}/{_score(result.max_score)} |")
    for exercise, graded in record.graded.items():
        text = rendered_text(graded.result, width).rstrip()
        lines += ["", f"## {exercise} · {graded.result.title}", "", code_block(text)]
    return "\n".join(lines) + "\n"


FORMAT = ExportFormat(name="feedback", help_key="export.feedback.help", file_name="{stem}.md",
                      render=lambda record, options: feedback_markdown(record))
