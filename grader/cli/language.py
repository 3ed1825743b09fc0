"""Which language a command speaks: ``--lang``, else ``DLGRADE_LANG``, else its workspace's, else the catalog's."""
from grader import workspace as ws
from grader.cli.workspace_setting import WorkspaceSetting

LANGUAGE = WorkspaceSetting("DLGRADE_LANG", ws.language)
session, choose, adopt = LANGUAGE.session, LANGUAGE.choose, LANGUAGE.adopt
