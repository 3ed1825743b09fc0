"""Instructor commands: ``dlgrade grade`` and ``dlgrade gradebook export|report|merge`` (grader.batch)."""
import os
import sys

import click
from click.core import ParameterSource

from grader import catalog, workspace as ws
from grader.batch import exports
from grader.cli.common import EXIT_FAILED, console, fail, unknown_exercise
from grader.cli.help import Option, command, group, option
from grader.i18n import t


class FormatOption(Option):
    """``--format``: its help lists the export formats the registry holds."""

    help = property(lambda self: exports.help_text(), lambda self, value: None)


@command(name="grade")
@click.argument("submissions", type=click.Path())
@option("-o", "--out", required=True, type=click.Path())
@option("-j", "--jobs", type=click.IntRange(min=1), default=None)
@option("-e", "--exercises", default=None)
@option("--shard", default=None, metavar="I/N|auto")
@option("--only", multiple=True, metavar="GLOB")
@option("--force", is_flag=True)
@option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@option("--scheduler", default=None, metavar="ADDRESS")
@option("--exercise-timeout", type=click.FloatRange(min=0, min_open=True), default=300.0, show_default=True)
@option("--submission-timeout", type=click.FloatRange(min=0, min_open=True), default=1800.0, show_default=True)
@option("--max-submission-mb", type=click.FloatRange(min=0, min_open=True), default=100.0, show_default=True)
@option("--max-files", type=click.IntRange(min=1), default=2000, show_default=True)
@option("--roster", type=click.Path(), default=None)
@option("--check", "full_check", is_flag=True, help_key="help.gradebook.check")
@option("--json", "as_json", is_flag=True)
def grade_command(submissions, out, jobs, exercises, shard, only, force, executor, scheduler, exercise_timeout,
                  submission_timeout, max_submission_mb, max_files, roster, full_check, as_json):
    """``dlgrade grade``: grade a batch with a progress bar, then print its summary."""
    import json

    from rich.progress import Progress

    from grader.batch import Caps, ExecutorUnavailable, GradebookError, RosterError, TimeLimits, executors, grade, \
        parse_shard, render as batch_render, select_exercises

    try:
        entries = select_exercises(exercises)
        shard_spec = parse_shard(shard) if shard else None
        executor = executors.create(executor, jobs=jobs, scheduler=scheduler)
    except catalog.UnknownExercise as exc:
        fail(unknown_exercise(exc))
    except (ValueError, ExecutorUnavailable) as exc:
        fail(str(exc))
    if not os.path.isdir(submissions):
        fail(t("batch.no_submissions", path=submissions))
    err = console(stderr=True)
    bar = Progress(*batch_render.progress_columns(), console=err, disable=as_json)
    state = {"task": None, "counts": {}}

    def on_event(event):
        if event.type == "plan":
            state["task"] = bar.add_task(t("batch.progress.grading"), total=event.total or 1,
                                         counts=batch_render.counts_markup({}))
            if event.skipped:
                bar.console.print(t("batch.skipped", count=event.skipped))
        elif event.type == "start":
            bar.update(state["task"], description=f"{event.submission} · {event.exercise}")
        elif event.type == "done":
            counts = state["counts"]
            counts[event.outcome.status] = counts.get(event.outcome.status, 0) + 1
            bar.update(state["task"], advance=1, counts=batch_render.counts_markup(counts))
            if event.outcome.reason:
                bar.console.print(batch_render.outcome_line(event.outcome))

    try:
        with bar:
            summary = grade(submissions=submissions, out=out, exercises=entries, shard=shard_spec, executor=executor,
                            only=only, force=force, on_event=on_event, roster=roster, check=full_check,
                            limits=TimeLimits(exercise=exercise_timeout, submission=submission_timeout),
                            caps=Caps(max_bytes=int(max_submission_mb * (1 << 20)), max_files=max_files))
    except KeyboardInterrupt:
        err.print(t("batch.interrupted"))
        sys.exit(130)
    except (GradebookError, RosterError, ExecutorUnavailable, FileNotFoundError) as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False))
    else:
        console().print(batch_render.summary_table(summary))
    sys.exit(summary.exit_code)


@group()
def gradebook():
    """The ``dlgrade gradebook`` group."""


def _gradebook_records(results, check):
    from grader.batch.gradebook import GradebookError, load_records

    try:
        return load_records(results, check=check)
    except GradebookError as exc:
        fail(str(exc))


check_option = option("--check", "full_check", is_flag=True, help_key="help.gradebook.check")


@gradebook.command(name="export")
@click.argument("results", type=click.Path())
@option("-f", "--format", "fmt", type=click.Choice([fmt.name for fmt in exports.FORMATS]), default="csv",
        show_default=True, cls=FormatOption)
@option("-o", "--out", type=click.Path(), default=None)
@option("--visibility", type=click.Choice(["visible", "hidden", "after_due_date", "after_published"]),
        default="visible", show_default=True)
@option("--roster", "roster_path", type=click.Path(dir_okay=False), default=None)
@check_option
def gradebook_export(results, fmt, out, visibility, roster_path, full_check):
    """``dlgrade gradebook export``: one file, or a folder of files per submission; exit 1 when a roster
    export leaves out submissions the roster does not know."""
    records = _gradebook_records(results, full_check)
    if exports.BY_NAME[fmt].per_submission:
        base = results if os.path.isdir(results) else os.path.dirname(results) or "."
        folder = out or os.path.join(base, fmt)
        written = exports.write_per_submission(records, folder, kind=fmt, visibility=visibility)
        console().print(t("batch.export.files_written", count=len(written), format=fmt, folder=folder))
        return
    options, unknown = {"visibility": visibility}, []
    if exports.BY_NAME[fmt].needs_roster:
        from grader.batch.roster import RosterError, load_roster

        if not roster_path:
            fail(t("roster.needed", format=fmt))
        try:
            options["roster"] = roster = load_roster(roster_path)
            text = exports.export_text(records, fmt, **options)
        except RosterError as exc:
            fail(str(exc))
        unknown, absent = roster.unknown(records), roster.without_submission(records)
    else:
        text, absent = exports.export_text(records, fmt, **options), []
    if out:
        ws.atomic_write(out, text)
        console().print(t("batch.export.written", format=fmt, path=out))
    else:
        click.echo(text, nl=False)
    err = console(stderr=True)
    if absent:
        err.print(t("roster.no_submissions", count=len(absent), names=", ".join(absent)), style="yellow")
    if unknown:
        err.print(t("roster.unknown", count=len(unknown), names=", ".join(unknown)), style="bold red")
        sys.exit(EXIT_FAILED)


@gradebook.command(name="report")
@click.argument("results", type=click.Path())
@option("--html", "html_path", type=click.Path(), default=None)
@option("--title", default="dlgrade class report", show_default=True)
@check_option
def gradebook_report(results, html_path, title, full_check):
    """``dlgrade gradebook report``: analytics on the terminal, optionally as an HTML page (with similar code)."""
    from grader.batch import render as batch_render, report

    if click.get_current_context().get_parameter_source("title") is ParameterSource.DEFAULT:
        title = None  # the report's own title, in the current language
    records = _gradebook_records(results, full_check)
    analytics = report.analyse(records)
    console().print(batch_render.analytics_view(analytics))
    if html_path:
        from grader.similarity.render import html_section
        from grader.similarity.sources import class_similarity

        similar, sources, _ = class_similarity(records)
        ws.atomic_write(html_path, report.html_report(analytics, title=title,
                                                      sections=[html_section(similar, sources)] if similar else []))
        console().print(t("batch.report.written", path=html_path))


@gradebook.command(name="similarity")
@click.argument("results", type=click.Path())
@option("--threshold", type=click.FloatRange(0, 1), default=None)
@option("--min-tokens", type=click.IntRange(min=1), default=None)
@option("--show", type=click.IntRange(min=1), default=10, show_default=True)
@option("--json", "as_json", is_flag=True)
@check_option
def gradebook_similarity(results, threshold, min_tokens, show, as_json, full_check):
    """``dlgrade gradebook similarity``: suspiciously similar pairs per exercise, matching regions side by side."""
    import dataclasses
    import json

    from grader.similarity import Settings
    from grader.similarity.render import similarity_view
    from grader.similarity.sources import class_similarity

    settings = Settings(**{key: value for key, value in (("threshold", threshold), ("min_tokens", min_tokens))
                           if value is not None})
    similar, sources, problems = class_similarity(_gradebook_records(results, full_check), settings)
    if as_json:
        click.echo(json.dumps({"settings": dataclasses.asdict(settings), "unreadable": problems,
                               "exercises": [dataclasses.asdict(r) for r in similar]}, indent=2, ensure_ascii=False))
        return
    console().print(similarity_view(similar, sources, show=show))
    err = console(stderr=True)
    for name, why in sorted(problems.items()):
        err.print(t("similarity.skipped", name=name, why=why), style="yellow")


@gradebook.command(name="merge")
@click.argument("sources", nargs=-1, required=True, type=click.Path())
@option("-o", "--out", required=True, type=click.Path())
@check_option
def gradebook_merge(sources, out, full_check):
    """``dlgrade gradebook merge``: grader.batch.gradebook.merge and its counts."""
    from grader.batch.gradebook import GradebookError, merge

    try:
        summary = merge(sources=sources, out=out, check=full_check)
    except GradebookError as exc:
        fail(str(exc))
    console().print(t("batch.merge.done", sources=summary.sources, out=out, copied=summary.copied,
                      kept=summary.kept, submissions=summary.submissions))


COMMANDS = (grade_command, gradebook)
