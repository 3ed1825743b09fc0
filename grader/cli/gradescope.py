"""Gradescope commands: ``dlgrade gradescope build`` (the autograder zip) and ``dlgrade gradescope run``
(what the zip's ``run_autograder`` executes on Gradescope)."""
import json

import click

from grader import catalog, course_pack
from grader.cli import course_choice
from grader.cli.common import console, fail, unknown_exercise
from grader.cli.help import group, option
from grader.gradescope.results import OUTPUT_FORMATS, VISIBILITIES
from grader.i18n import LANGUAGES, language, t


@group()
def gradescope():
    """The ``dlgrade gradescope`` group."""


@gradescope.command(name="build")
@option("-e", "--exercises", required=True)
@option("-o", "--out", default="autograder.zip", show_default=True, type=click.Path(dir_okay=False))
@option("--visibility", type=click.Choice(VISIBILITIES), default="visible", show_default=True)
@option("--check-visibility", "rules", multiple=True, metavar="PATTERN=VISIBILITY")
@option("--stdout-visibility", type=click.Choice(VISIBILITIES), default="hidden", show_default=True)
@option("--output-format", type=click.Choice(OUTPUT_FORMATS), default="md", show_default=True)
@option("--feedback-lang", type=click.Choice(LANGUAGES), default=None)
@option("--exercise-timeout", type=click.FloatRange(min=0, min_open=True), default=300.0, show_default=True)
@option("--submission-timeout", type=click.FloatRange(min=0, min_open=True), default=1800.0, show_default=True)
@option("--wheel", type=click.Path(dir_okay=False, exists=True), default=None)
@course_choice.option
def build_command(exercises, out, visibility, rules, stdout_visibility, output_format, feedback_lang,
                  exercise_timeout, submission_timeout, wheel):
    """``dlgrade gradescope build``: grader.gradescope.build, then the members and the instructor's warnings."""
    from grader.batch import select_exercises
    from grader.gradescope.build import BuildError, build
    from grader.gradescope.config import Config
    from grader.gradescope.results import Visibility

    try:
        entries = select_exercises(exercises)
        config = Config(tuple(e.id for e in entries), Visibility.parse(visibility, rules, stdout_visibility),
                        output_format, feedback_lang or language(), exercise_timeout, submission_timeout,
                        None if (pack := course_pack.active()).is_builtin else pack.name)
        with console(stderr=True).status(t("gradescope.cli.building")):
            built = build(config=config, out=out, wheel=wheel)
    except catalog.UnknownExercise as exc:
        fail(unknown_exercise(exc))
    except (ValueError, BuildError) as exc:
        fail(str(exc))
    out_console = console()
    out_console.print(t("gradescope.cli.built", path=built.path, exercises=", ".join(config.exercises),
                        checks=len(config.checks())))
    for member in built.members:
        out_console.print(f"  {member}")
    for warning in built.warnings:
        console(stderr=True).print(t("gradescope.cli.warning") + warning, style="yellow")


@gradescope.command(name="run")
@option("--root", default="/autograder", show_default=True, type=click.Path(file_okay=False))
def run_command(root):
    """``dlgrade gradescope run``: grade ``ROOT/submission`` into ``ROOT/results/results.json``; print the summary
    (Gradescope shows this output to the instructor)."""
    from grader.gradescope.autograder import run

    try:
        document = run(root)
    except ValueError as exc:  # a damaged configuration: no results.json, so Gradescope reports a failure
        fail(str(exc))
    click.echo(json.dumps({"score": document["score"], "max_score": document["extra_data"]["max_score"],
                           "output": document["output"]}, indent=2, ensure_ascii=False))


COMMANDS = (gradescope,)
