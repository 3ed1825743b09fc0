"""Pure rendering of quizzes: questions, feedback, results and answer keys in, rich renderables out."""
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from grader.quiz.answers import how_to_answer
from grader.quiz.questions import KIND_NAMES, LETTERS
from grader.render import ICONS, checks_table, points
from grader.results import ERROR, FAILED, NOT_STARTED, PASSED


def _points(value):
    return f"{points(value)} point{'' if value == 1 else 's'}"


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
    title = Text(f"{item.id} · {number}/{total} · {KIND_NAMES[item.kind]} · {_points(item.points)}", style="bold")
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
        return Text("Skipped.", style="dim")
    return explanation_panel(check)


def summary_line(result, filename, practice=False):
    """The closing line of a quiz result: score and what to do next (``practice``: no answers file)."""
    score = f"Score {points(result.score)}/{points(result.max_score)}"
    if result.status == PASSED:
        return Text.assemble((f"{score} · every answer is right.", "bold green"), " Well done!")
    if practice:
        return Text.assemble((f"{score}.", "bold"), f" Run `dlgrade quiz {result.exercise}` to try again.")
    if result.status == NOT_STARTED:
        return Text(f"{score} · not started: open {filename}, write your answers after the '=' signs and run "
                    f"`dlgrade check {result.exercise}` again, or answer in the terminal with "
                    f"`dlgrade quiz {result.exercise}`.")
    counts = {s: sum(1 for c in result.checks if c.status == s) for s in (FAILED, ERROR, NOT_STARTED)}
    parts = [f"{counts[FAILED]} wrong"] if counts[FAILED] else []
    parts += [f"{counts[ERROR]} unreadable"] if counts[ERROR] else []
    parts += [f"{counts[NOT_STARTED]} unanswered"] if counts[NOT_STARTED] else []
    style = "bold magenta" if counts[ERROR] else "bold red"
    todo = ("Fix the lines named above" if counts[ERROR] else "Read the explanations above, change your answers")
    return Text.assemble((f"{score} · {', '.join(parts)}.", style),
                         f" {todo} in {filename} and run `dlgrade check {result.exercise}` again.")


def result_view(result, filename, explanations=True, practice=False):
    """The feedback for a quiz Result: the table, each answered question's explanation, the summary."""
    parts = [Text(f"{result.exercise} · {result.title}", style="bold"), checks_table(result)]
    if explanations and result.status != NOT_STARTED:
        parts += [explanation_panel(c) for c in result.checks if c.status != NOT_STARTED]
    if result.integrity:
        parts.append(Panel(Text("\n".join(result.integrity)), title="Integrity notes", border_style="yellow"))
    parts.append(summary_line(result, filename, practice))
    return Group(*parts)


def intro(quiz, instance, *, recorded):
    """The banner at the start of an interactive quiz."""
    lines = [Text(f"{quiz.id} · {quiz.title}" + (f" ({quiz.korean})" if quiz.korean else ""), style="bold")]
    if instance.intro:
        lines.append(Text(instance.intro))
    lines.append(Text(f"{len(instance.items)} questions, {points(sum(i.points for i in instance.items))} points. "
                      f"Press Enter to skip a question (or keep the answer in brackets); Ctrl-D stops.",
                      style="dim"))
    if not recorded:
        lines.append(Text(f"Practice run for learner id {instance.learner_id}: nothing is recorded.", style="yellow"))
    return Group(*lines)


def answer_key(quiz, instance):
    """The instructor's view: every question with this learner's numbers, its answer and explanation."""
    parts = [Text(f"{quiz.id} · {quiz.title} · answer key for learner id {instance.learner_id}", style="bold")]
    for number, item in enumerate(instance.items, start=1):
        body = [Text(item.text)]
        if item.choices:
            right = set(item.expected) if item.kind in ("single", "multiple") else set()
            body.append(choices_grid(item.choices, right))
        answer = item.answer_text
        q = item.question
        if item.kind == "numeric" and (q.tolerance or q.rel_tolerance):
            answer += f"  (accepted within ±{max(q.tolerance, q.rel_tolerance * abs(item.expected)):.3g})"
        if item.kind == "short" and len(item.expected) > 1:
            answer += f"  (also accepted: {', '.join(item.expected[1:])})"
        body += [Text(""), Text.assemble(("Answer: ", "bold green"), answer),
                 Text.assemble(("Concept: ", "bold"), q.concept), Text(item.explanation, style="dim")]
        title = Text(f"{item.id} · {number}/{len(instance.items)} · {KIND_NAMES[item.kind]} · {_points(item.points)}"
                     f" · {item.title}", style="bold")
        parts.append(Panel(Group(*body), title=title, title_align="left", border_style="cyan"))
    return Group(*parts)
