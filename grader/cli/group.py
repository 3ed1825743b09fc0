"""The ``dlgrade`` group: ``--lang``, ``--version``, and the commands of every verb module."""
import os

import click

from grader.cli import batch, course, gradescope, practice, quiz, workspace
from grader.cli.help import Option, group, option
from grader.i18n import LANGUAGES


def set_language(ctx, param, lang):
    """``--lang``: set DLGRADE_LANG while parsing, before any --help is shown."""
    if lang:
        os.environ["DLGRADE_LANG"] = lang  # an environment variable reaches batch and worker processes too


@group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dlgrade", cls=Option)
@option("--lang", type=click.Choice(LANGUAGES), default=None, is_eager=True, expose_value=False,
        callback=set_language)
def main():
    """The ``dlgrade`` group; its help and its commands' are in grader/locales (help.* keys)."""


for module in (workspace, practice, quiz, course, batch, gradescope):
    for command in module.COMMANDS:
        main.add_command(command)
