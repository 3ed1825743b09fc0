"""The ``dlgrade`` group: ``--lang``, ``--version``, and the commands of every verb module."""
import sys

import click

from grader import catalog
from grader.cli import batch, click_text, course, course_choice, gradescope, language, practice, quiz, workspace
from grader.cli.common import fail
from grader.cli.help import Group, Option, group, option
from grader.i18n import LANGUAGES, t
from grader.sandbox import platforms


def set_language(ctx, param, lang):
    """``--lang``: set the language while parsing, before any --help is shown."""
    if lang:
        language.choose(lang)


class Dlgrade(Group):
    """The ``dlgrade`` group: every run speaks the chosen or the workspace's language, click's own words too."""

    def main(self, *args, **kwargs):
        """Run one command in its language (see grader.cli.language); a catalog that does not load is one line
        on stderr and exit code 2."""
        click_text.install()
        try:
            with language.session(), course_choice.session():
                return super().main(*args, **kwargs)
        except catalog.CatalogError as error:
            # Not through t(): the messages include the catalog's texts, so they cannot load either.
            click.echo(f"error: {error}", err=True)
            sys.exit(click.UsageError.exit_code)  # 2, like every usage or input error


@group(cls=Dlgrade, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dlgrade", cls=Option)
@option("--lang", type=click.Choice(LANGUAGES), default=None, is_eager=True, expose_value=False,
        callback=set_language)
@option("--course", default=None, expose_value=False, is_eager=True, callback=course_choice.choose, metavar="PATH")
def main():
    """The ``dlgrade`` group; its help and its commands' are in grader/locales (help.* keys)."""
    if not platforms.supported():
        fail(t("cli.unsupported_platform", platform=sys.platform))


for module in (workspace, practice, quiz, course, batch, gradescope):
    for command in module.COMMANDS:
        main.add_command(command)
