"""Pure rendering of quizzes: questions, feedback, results and answer keys in, rich renderables out."""
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from grader.i18n import exercise_title, t
from grader.quiz.answers import heading, how_to_answer, type_name, points_label
from grader.quiz.questions import LETTERS
from grader.render import ICONS, checks_table, points
from grader.results import ERROR, FAILED, NOT_STARTED, PASSED


def choices_grid(choices, marked=()):
    """Lettered choices with a hanging indent; letters in ``marked`` get a check mark."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for letter, choice in zip(LETTERS, choices):
        mark = "✓ " if letter in marked else "  "
        grid.add_row(Text(f"{mark}{letter})", style="bold green" if letter in marked else "bold"), Text(choice))
    return grid


def question_panel(item, number, total):
    """One question as the learner sees it, with how to answer."""
    body = [Text(item.text)]
    if item.choices:
        body += [Text(""), choices_grid(item.choices)]
    body += [Text(""), Text(how_to_answer(item), style="dim")]
    title = Text(f"{item.id} · {number}/{total} · {type_name(item.type)} · {points_label(item.points)}",
                 style="bold")
    return Panel(Group(*body), title=title, title_align="left", border_style="cyan")


def explanation_panel(check):
    """A question's outcome with its explanation (the check's message) and, when wrong, the concept."""
    icon, style = ICONS.get(check.status, ("?", ""))
    body = [Text(check.message or "")]
    if check.hint:
        body += [Text(""), Text(check.hint, style="yellow")]
    title = Text(f"{icon} {check.id} · {check.title}", style=f"bold {style}")
    return Panel(Group(*body), title=title, title_align="left", border_style=style)


def feedback(check):
    """What the learner sees right after answering one question interactively."""
    if check.status == NOT_STARTED:
        return Text(t("quiz.view.skipped"), style="dim")
    return explanation_panel(check)


def summary_line(result, filename, practice=False):
    """The closing line of a quiz result: score and what to do next (``practice``: no answers file)."""
    score = t("summary.score", score=points(result.score), max_score=points(result.max_score))
    if result.status == PASSED:
        return Text.assemble((t("quiz.view.passed", score=score), "bold green"), t("summary.well_done"))
    if practice:
        return Text.assemble((f"{score}.", "bold"), t("quiz.view.practice", exercise=result.exercise))
    if result.status == NOT_STARTED:
        return Text(t("quiz.view.not_started", score=score, filename=filename, exercise=result.exercise))
    counts = {s: sum(1 for c in result.checks if c.status == s) for s in (FAILED, ERROR, NOT_STARTED)}
    parts = [t(key, count=counts[status]) for status, key in ((FAILED, "quiz.view.wrong"),
             (ERROR, "quiz.view.unreadable"), (NOT_STARTED, "quiz.view.unanswered")) if counts[status]]
    style = "bold magenta" if counts[ERROR] else "bold red"
    todo = "quiz.view.fix_lines" if counts[ERROR] else "quiz.view.change_answers"
    return Text.assemble((t("summary.problem", score=score, status=", ".join(parts)), style),
                         t(todo, filename=filename, exercise=result.exercise))


def result_view(result, filename, explanations=True, practice=False):
    """The feedback for a quiz Result: the table, each answered question's explanation, the summary."""
    parts = [Text(f"{result.exercise} · {result.title}", style="bold"), checks_table(result)]
    if explanations and result.status != NOT_STARTED:
        parts += [explanation_panel(c) for c in result.checks if c.status != NOT_STARTED]
    if result.integrity:  # a quiz runs no code: its notes are about the answers file
        parts.append(Panel(Text("\n".join(result.integrity)), title=t("quiz.view.file_notes"), border_style="yellow"))
    parts.append(summary_line(result, filename, practice))
    return Group(*parts)


def intro(quiz, instance, *, recorded):
    """The banner at the start of an interactive quiz."""
    lines = [Text(heading(quiz), style="bold")]
    if instance.intro:
        lines.append(Text(instance.intro))
    lines.append(Text(t("quiz.view.intro", count=len(instance.items),
                        points=points(sum(i.points for i in instance.items))), style="dim"))
    if not recorded:
        lines.append(Text(t("quiz.view.practice_run", learner_id=instance.learner_id), style="yellow"))
    return Group(*lines)


def answer_key(quiz, instance):
    """The instructor's view: every question with this learner's numbers, its answer and explanation."""
    parts = [Text(t("quiz.view.key_title", quiz=quiz.id, title=exercise_title(quiz), learner_id=instance.learner_id),
                  style="bold")]
    for number, item in enumerate(instance.items, start=1):
        body = [Text(item.text)]
        if item.choices:
            right = set(item.expected) if item.type in ("single", "multiple") else set()
            body.append(choices_grid(item.choices, right))
        answer = item.answer_text
        q = item.question
        if item.type == "numeric" and (q.tolerance or q.rel_tolerance):
            tolerance = max(q.tolerance, q.rel_tolerance * abs(item.expected))
            answer += t("quiz.view.tolerance", tolerance=f"{tolerance:.3g}")
        also = [a for a in item.expected if a != item.answer_text] if item.type == "short" else []
        if also:
            answer += t("quiz.view.also", answers=", ".join(also))
        body += [Text(""), Text.assemble((t("quiz.view.answer"), "bold green"), answer),
                 Text.assemble((t("quiz.view.concept"), "bold"), item.concept), Text(item.explanation, style="dim")]
        title = Text(f"{item.id} · {number}/{len(instance.items)} · {type_name(item.type)} · "
                     f"{points_label(item.points)} · {item.title}", style="bold")
        parts.append(Panel(Group(*body), title=title, title_align="left", border_style="cyan"))
    return Group(*parts)
