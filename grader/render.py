"""Pure rendering: Results and listings in, rich renderables out. Nothing here prints."""
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from grader.i18n import exercise_section, exercise_title, hints, t
from grader.results import ERROR, FAILED, NOT_STARTED, PASSED

ICONS = {PASSED: ("✓", "green"), FAILED: ("✗", "red"), ERROR: ("!", "magenta"), NOT_STARTED: ("·", "dim")}


def status_word(status):
    """A status in words ('not started'), in the current language."""
    return t(f"status.{status}") if status in ICONS or status in ("missing", "changed") else status


def points(value):
    """Points without a needless '.0'."""
    return f"{value:g}"


def status_text(status):
    """An icon and a word for a status, coloured."""
    icon, style = ICONS.get(status, ("?", ""))
    return Text(f"{icon} {status_word(status)}", style=style)


def checks_table(result):
    """One row per check: status, title, points."""
    table = Table(show_edge=False, pad_edge=False, expand=False)
    table.add_column(t("column.status"), no_wrap=True)
    table.add_column(t("column.check"))
    table.add_column(t("column.points"), justify="right", no_wrap=True)
    for c in result.checks:
        table.add_row(status_text(c.status), Text(c.title), f"{points(c.points)}/{points(c.max_points)}")
    return table


def detail_panel(check, same=0, title=None):
    """The explanation of one failed or erroring check: message, what the learner's code printed, hint.

    ``same`` more checks share it (shown in the title), or ``title`` replaces the check's title.
    """
    body = [Text(check.message or t("detail.none"))]
    if check.output:
        shown = check.output.count("\n") + 1
        heading = t("detail.output_cut", total=shown + check.output_omitted, shown=shown) if check.output_omitted \
            else t("detail.output")
        body += [Text(""), Text(heading, style="bold"), Text(check.output, style="dim")]
    if check.hint:
        body += [Text(""), Text.assemble((t("detail.hint"), "bold yellow"), check.hint)]
    icon, style = ICONS[check.status]
    if title is None:
        title = check.title if not same else t("detail.same_problem_one" if same == 1 else "detail.same_problem",
                                               title=check.title, count=same)
    return _TitledPanel(body, Text(f"{icon} {title}", style=f"bold {style}"), style)


def problem_groups(checks):
    """The failed or erroring checks, one per distinct problem: ``[(first check, how many more), ...]``.

    A defect reported with the same words by several checks (a file that cannot be imported) is shown once.
    """
    groups = {}
    for c in checks:
        if c.status in (FAILED, ERROR):
            first, more = groups.get((c.status, c.message, c.hint), (c, -1))
            groups[(c.status, c.message, c.hint)] = (first, more + 1)
    return list(groups.values())


class _TitledPanel:
    """A panel whose title sits in its top border if it fits there, else as the first line inside.

    Rich cuts a border title at the panel's width, and a check title (longer in Korean) must stay whole.
    """

    def __init__(self, body, title, style):
        self.body, self.title, self.style = body, title, style

    def __rich_console__(self, console, options):
        if self.title.cell_len + 6 <= options.max_width:
            yield Panel(Group(*self.body), title=self.title, title_align="left", border_style=self.style)
        else:
            yield Panel(Group(self.title, Text(""), *self.body), border_style=self.style)


def summary_line(result, filename):
    """The closing line: score and what to do next."""
    score = t("summary.score", score=points(result.score), max_score=points(result.max_score))
    if result.status == PASSED:
        return Text.assemble((t("summary.passed", score=score), "bold green"), t("summary.well_done"))
    if result.status == NOT_STARTED:
        return Text(t("summary.not_started", score=score, filename=filename, exercise=result.exercise))
    style = "bold red" if result.status == FAILED else "bold magenta"
    return Text.assemble((t("summary.problem", score=score, status=status_word(result.status)), style),
                         t("summary.next_step", exercise=result.exercise))


def render_result(result, filename, max_details=3):
    """The full feedback for one Result: the first ``max_details`` failures' panels (None: every one)."""
    parts = [Text(f"{result.exercise} · {result.title}", style="bold"), checks_table(result)]
    problems = problem_groups(result.checks)
    max_details = len(problems) if max_details is None else max_details
    if result.status != NOT_STARTED:
        whole_file = len(problems) == 1 and problems[0][1] + 1 == len(result.checks) > 1
        title = t("detail.all_checks", file=filename, count=len(result.checks)) if whole_file else None
        parts += [detail_panel(c, same, title) for c, same in problems[:max_details]]
        if len(problems) > max_details:
            parts.append(Text(t("summary.more", count=len(problems) - max_details), style="dim"))
    if result.integrity:
        parts.append(Panel(Text("\n".join(result.integrity)), title=t("summary.integrity"), border_style="yellow"))
    parts.append(summary_line(result, filename))
    return Group(*parts)


def exercise_table(rows):
    """``dlgrade list``: rows of (exercise, status or None, score or None)."""
    table = Table(show_edge=False, pad_edge=False)
    for name, justify in (("column.id", "left"), ("column.title", "left"), ("column.section", "left"),
                          ("column.points", "right"), ("column.status", "left")):
        table.add_column(t(name), justify=justify, overflow="fold")  # wide (Hangul) words wrap, never "…"
    for exercise, status, score in rows:
        shown = status_text(status) if status in ICONS else Text(status or "", style="dim")
        score_text = f"{points(score)}/{points(exercise.max_score)}" if score is not None \
            else points(exercise.max_score)
        title = exercise_title(exercise)
        with_term = exercise.term and title == exercise.title  # a translated title already says it
        table.add_row(exercise.id, Text(f"{title} ({exercise.term})" if with_term else title),
                      Text(exercise_section(exercise)), score_text, shown)
    return table


def hint_panel(exercise, level, again=None):
    """Hint number ``level`` (1-based) of an exercise; ``again`` says how to get the next one (a template with
    {level}; by default: run 'dlgrade hint' again)."""
    texts = hints(exercise)
    if not texts:
        return Text(t("hint.none", exercise=exercise.id))
    level = max(1, min(level, len(texts)))
    more = ""
    if level < len(texts):
        more = again.format(level=level + 1) if again else t("hint.more", exercise=exercise.id, level=level + 1)
    title = t("hint.title", level=level, total=len(texts), exercise=exercise.id, title=exercise_title(exercise))
    return Panel(Text(texts[level - 1]), title=title, title_align="left", border_style="yellow",
                 subtitle=more or None, subtitle_align="left")


def verify_table(rows):
    """``dlgrade verify``: rows of (exercise id, what, ok, detail)."""
    table = Table(show_edge=False, pad_edge=False)
    for name in ("column.exercise", "verify.column.what", "verify.column.result", "verify.column.detail"):
        table.add_column(t(name))
    for exercise_id, what, ok, detail in rows:
        table.add_row(exercise_id, what, Text(t("verify.ok"), style="green") if ok
                      else Text(t("verify.fail"), style="bold red"), Text(detail))
    return table


def progress_view(rows, totals):
    """``dlgrade progress``: rows of (exercise, progress record, score or None); totals dict."""
    from rich.progress_bar import ProgressBar

    overall = Table.grid(padding=(0, 1))
    overall.add_row(Text(t("progress.overall"), style="bold"),
                    ProgressBar(total=max(totals["max_score"], 1), completed=totals["score"], width=30),
                    Text(t("progress.totals", score=points(totals["score"]), max_score=points(totals["max_score"]),
                           passed=totals["passed"], count=totals["count"], hints=totals["hints"])))
    table = Table(show_edge=False, pad_edge=False)
    for name in ("exercise", "progress", "score", "status", "hints", "tries", "last_try"):
        table.add_column(t(f"column.{name}"), no_wrap=True)
    part = None
    for exercise, record, status, score in rows:
        if exercise.kind != part:
            part = exercise.kind
            table.add_row(Text(t(f"part.{part}"), style="bold cyan"), "", "", "", "", "", "")
        shown = score if score is not None else 0.0
        last = (record["last_attempt"] or "—").replace("T", " ")[5:16] if record["last_attempt"] else "—"
        table.add_row(exercise.id, ProgressBar(total=max(exercise.max_score, 1), completed=shown, width=12),
                      f"{points(shown)}/{points(exercise.max_score)}",
                      status_text(status) if status in ICONS else Text(status or "", style="dim"),
                      f"{record['hints_used']}/{len(exercise.hints)}", str(record["attempts"]), last)
    return Group(overall, table)


def solution_view(exercise, source):
    """The reference solution, syntax-highlighted; long lines wrap (the references have lines of 115
    characters), they are never cut at the terminal's edge."""
    from rich.syntax import Syntax

    return Panel(Syntax(source, "python", line_numbers=True, word_wrap=True),
                 title=t("solution.title", exercise=exercise.id, title=exercise_title(exercise)), title_align="left")


def facts_table(rows):
    """``dlgrade doctor``: rows of (name, value), without a header."""
    table = Table(show_header=False, show_edge=False, pad_edge=False)
    for name, value in rows:
        table.add_row(name, value)
    return table
