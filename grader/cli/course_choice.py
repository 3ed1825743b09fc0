"""Which course a command grades: ``--course``, else ``DLGRADE_COURSE``, else its workspace's, else the built-in."""
import click

from grader import course_pack, workspace as ws
from grader.cli.help import option as _option
from grader.cli.workspace_setting import WorkspaceSetting

COURSE = WorkspaceSetting(course_pack.VARIABLE, ws.course)
session, adopt = COURSE.session, COURSE.adopt


def choose(ctx, param, value):
    """``--course``: this course (a pack folder or ``builtin``), whatever the workspace's; a usage error when
    the folder is not a course pack."""
    if value:
        try:
            COURSE.choose(course_pack.reference_for(value))
        except course_pack.PackError as error:
            raise click.BadParameter(str(error), ctx=ctx, param=param) from None


# ``dlgrade verify --course DIR`` reads as well as ``dlgrade --course DIR verify`` (so do other commands with it).
option = _option("--course", default=None, expose_value=False, is_eager=True, callback=choose, metavar="PATH",
                 help_key="help.dlgrade.course")
