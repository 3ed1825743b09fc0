"""Click classes whose help, usage line and headings come from the message catalogues (``help.*`` keys),
in the language ``--lang`` chose, with Korean wrapped by terminal columns."""
import functools

import click

from grader import languages
from grader.i18n import language, t
from grader.text_width import display_width

# Click's own section headings, by the English words it passes to HelpFormatter.section.
HEADINGS = {"Options": "help.common.options", "Commands": "help.common.commands"}


def _from_catalogue(key_of):
    """An attribute whose text is the message ``key_of(self)``, looked up each time it is read.

    Help is rendered after ``--lang`` has set the language, long after import, so the text
    cannot be fixed when click builds the command; click's assignment of its English default
    (or of the function's docstring) is ignored.
    """
    return property(lambda self: t(key_of(self)), lambda self, value: None)


def fit(text, width):
    """``text`` wrapped at spaces to ``width`` terminal columns and marked (\\b) for click to keep the lines.

    Click wraps by characters, so its lines of Hangul would run up to twice past the terminal.
    English help (whose --lang line says 한국어) and text without wide characters are left to click.
    """
    if not languages.wide(language()) or display_width(text) == len(text):
        return text
    lines = [""]
    for word in text.split():
        longer = f"{lines[-1]} {word}" if lines[-1] else word
        if display_width(longer) <= width or not lines[-1]:
            lines[-1] = longer
        else:
            lines.append(word)
    return "\b\n" + "\n".join(lines)


class HelpFormatter(click.HelpFormatter):
    """Click's help layout with the usage prefix and section headings in the current language, and Korean
    wrapped by terminal columns."""

    def write_usage(self, prog, args="", prefix=None):
        """The usage line, prefixed with the catalogue's 'Usage: '."""
        super().write_usage(prog, args, t("help.common.usage") if prefix is None else prefix)

    def section(self, name):
        """A help section under a translated heading."""
        return super().section(t(HEADINGS[name]) if name in HEADINGS else name)

    def write_text(self, text):
        """A paragraph, wrapped to the terminal."""
        super().write_text(fit(text, self.width - self.current_indent))

    def write_dl(self, rows, col_max=30, col_spacing=2):
        """Options or commands with their help, each help wrapped to the column click gives it."""
        rows = list(rows)
        first_col = min(max((len(first) for first, _ in rows), default=0), col_max) + col_spacing
        text_width = max(self.width - first_col - 2, 10)  # click's write_dl computes the same
        super().write_dl([(first, fit(second, text_width)) for first, second in rows], col_max, col_spacing)


class Context(click.Context):
    """A click context that formats help with :class:`HelpFormatter`."""

    formatter_class = HelpFormatter


class Option(click.Option):
    """An option whose help is the message "help.<command path>.<long flag>" (or ``help_key``)."""

    command = None  # the Command the option belongs to; set by it
    help = _from_catalogue(lambda option: option.help_key)

    def __init__(self, *args, help_key=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._help_key = help_key

    @property
    def help_key(self):
        """The message key of the help, e.g. help.grade.max-files for ``--max-files`` of ``dlgrade grade``."""
        return self._help_key or f"{self.command.help_key}.{max(self.opts, key=len).lstrip('-')}"


class HelpTexts:
    """What dlgrade's commands and groups share: help texts and usage words from the catalogues."""

    context_class = Context
    parent = None  # the Group the command was added to; None for dlgrade itself
    help = _from_catalogue(lambda command: command.help_key)
    options_metavar = _from_catalogue(lambda command: "help.common.options_metavar")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, Option):
                param.command = self

    @property
    def help_key(self):
        """The message key of the help: help.<path below dlgrade>, e.g. help.gradebook.export; help.dlgrade."""
        if self.parent is None:
            return "help.dlgrade"
        prefix = "help" if self.parent.parent is None else self.parent.help_key
        return f"{prefix}.{self.name}"

    def get_help_option(self, ctx):
        """Click's --help option, with its help text in the current language."""
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = t("help.common.help")
        return option


class Command(HelpTexts, click.Command):
    """A dlgrade command: help from the catalogues."""


class Group(HelpTexts, click.Group):
    """A dlgrade command group: help from the catalogues; its commands and groups are of these classes too."""

    command_class = Command
    group_class = type
    subcommand_metavar = _from_catalogue(lambda group: "help.common.subcommand_metavar")

    def add_command(self, cmd, name=None):
        """Add ``cmd`` and make this group its parent, which names its help keys."""
        super().add_command(cmd, name)
        cmd.parent = self


command = functools.partial(click.command, cls=Command)
group = functools.partial(click.group, cls=Group)
option = functools.partial(click.option, cls=Option)
