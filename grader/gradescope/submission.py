"""A Gradescope upload as a dlgrade workspace: the learner's files found however they were uploaded.

Gradescope puts an upload in ``/autograder/submission`` as it came: loose files, a folder (a
GitHub or Bitbucket repository, a workspace), or a ``.zip`` it did not unpack. Everything is copied
(links not followed) and every zip inside is unpacked, with the batch grader's caps and refusals
(:mod:`grader.batch.submissions`); then each exercise's file is looked up by name anywhere in that
tree. The shallowest copy wins, and when there are several the choice is reported.
"""
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from grader.batch.submissions import FOLDER, IGNORED_DIRS, ZIP, Caps, Submission, SubmissionError, materialize
from grader.i18n import t


@dataclass
class Collected:
    """What was found: {file name: path inside the upload} and notes for the learner."""

    found: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)


def _unpacked(upload, scratch, caps):
    """The upload copied into ``scratch/upload``, with every zip in it unpacked beside it."""
    tree = materialize(Submission("upload", Path(upload), FOLDER), scratch / "upload", caps)
    for archive in sorted(tree.rglob("*.zip")):
        target = archive.with_name(archive.name + ".unpacked")
        materialize(Submission(archive.name, archive, ZIP), target, caps)
    return tree


def _candidates(tree, names):
    found = {}
    for current, dirs, files in os.walk(tree):
        dirs[:] = sorted(d for d in dirs if d not in IGNORED_DIRS)
        for name in files:
            if name in names:
                found.setdefault(name, []).append(Path(current, name))
    return found


def collect(upload, filenames, workspace, scratch, caps=Caps()):
    """Copy each of ``filenames`` found in ``upload`` flat into ``workspace``; a :class:`Collected`.

    Raises :class:`SubmissionError` (with the reason) for an empty, oversized or unsafe upload.
    """
    tree = _unpacked(upload, Path(scratch), caps)
    workspace = Path(workspace)
    workspace.mkdir(parents=True, exist_ok=True)
    collected = Collected()
    for name, paths in sorted(_candidates(tree, set(filenames)).items()):
        paths.sort(key=lambda p: (len(p.relative_to(tree).parts), p.relative_to(tree).as_posix()))
        chosen = paths[0]
        shutil.copyfile(chosen, workspace / name)
        collected.found[name] = _shown(chosen, tree)
        if len(paths) > 1:
            collected.notes.append(t("gradescope.several_copies", file=name, chosen=_shown(chosen, tree),
                                     others=", ".join(_shown(p, tree) for p in paths[1:])))
    if not collected.found:
        raise SubmissionError(t("gradescope.no_files", files=", ".join(sorted(filenames))))
    return collected


def _shown(path, tree):
    return path.relative_to(tree).as_posix().replace(".zip.unpacked/", ".zip/")
