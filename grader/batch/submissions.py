"""Learners' submissions for batch grading: finding them, hashing them, unpacking them safely.

A submission is one entry of the submissions folder: a subfolder or a ``.zip`` file; a folder that
is itself a workspace (it holds exercise files) is one submission. Names that are not valid UTF-8
(Korean names from a Windows zip tool, in CP949) get a reversible display name; hidden entries are
listed as ignored. Before it is graded a submission is copied (folder) or extracted (zip) into a
fresh temporary workspace, with a cap on the number of files and their total size; zip members with
absolute or ``..`` paths and symlinks are refused, and links or pipes inside a folder are not
followed but reported when an exercise file is one. A zip holding one top-level folder is that
folder; :mod:`grader.batch.layout` then finds files one folder down. Anything that makes a submission
ungradable raises :class:`SubmissionError` with a message for the gradebook; the batch goes on.
"""
import fnmatch
import hashlib
import json
import os
import re
import shutil
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from grader import workspace as ws
from grader.batch import layout
from grader.batch.array_shard import shard_from_environment
from grader.i18n import t

FOLDER, ZIP, MISSING = "folder", "zip", "missing"
# Never part of a submission: caches, editor and OS litter, the workspace's own result cache.
IGNORED_DIRS = frozenset({"__pycache__", ".dlgrade", ".git", ".hg", ".svn", ".ipynb_checkpoints", "__MACOSX",
                          ".hypothesis", ".pytest_cache", ".mypy_cache", ".venv", "venv", "node_modules"})
IGNORED_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
CHUNK = 1 << 16


class SubmissionError(Exception):
    """A submission that cannot be graded; the message says why and is stored in the gradebook.

    ``empty`` tells an empty submission (the learner handed in nothing) from a refused one.
    """

    def __init__(self, message, *, empty=False):
        super().__init__(message)
        self.empty = empty


@dataclass(frozen=True)
class Caps:
    """Limits on one submission's contents (after decompression)."""

    max_bytes: int = 100 << 20
    max_files: int = 2000

    def describe_bytes(self):
        return f"{self.max_bytes / (1 << 20):g} MB"


@dataclass(frozen=True)
class Submission:
    """One learner's submission: its name in the gradebook, where it is and what it is."""

    name: str
    path: Path
    form: str  # FOLDER, ZIP or MISSING (a dangling link)
    note: str | None = None  # why the name differs from the one on disk


@dataclass
class Unpacked:
    """A submission copied into a temporary workspace, with notes on what had to be arranged."""

    path: Path
    notes: list = field(default_factory=list)  # (kind, text), see grader.batch.layout
    special: dict = field(default_factory=dict)  # file name -> 'symlink', 'fifo', ... (not copied)


def display_name(raw):
    """``(name, note)``: a name from disk as stored in the gradebook, and a note when it had to change.

    A valid UTF-8 name is kept exactly. Otherwise its backslashes are doubled and each undecodable
    byte written ``\\xNN`` (reversible with :func:`disk_name`); the note shows how CP949, the usual
    Windows encoding of Korean names, would read it.
    """
    try:
        raw.encode("utf-8")
        return raw, None
    except UnicodeEncodeError:
        pass
    data = raw.encode("utf-8", "surrogateescape")
    name = raw.replace("\\", "\\\\").encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    try:
        guess = data.decode("cp949")
    except UnicodeDecodeError:
        guess = None
    note = t("batch.submission.not_utf8_cp949", name=name, guess=guess) if guess else \
        t("batch.submission.not_utf8", name=name)
    return name, note


def disk_name(name):
    """The inverse of :func:`display_name`: the name as the file system has it."""
    out, i = bytearray(), 0
    while i < len(name):
        if name.startswith("\\\\", i):
            out += b"\\"
            i += 2
        elif name.startswith("\\x", i) and re.fullmatch(r"[0-9a-f]{2}", name[i + 2:i + 4]):
            out.append(int(name[i + 2:i + 4], 16))
            i += 4
        else:
            out += name[i].encode("utf-8")
            i += 1
    return bytes(out).decode("utf-8", "surrogateescape")


def _ignored(parts):
    return any(p in IGNORED_DIRS for p in parts[:-1]) or (parts and (parts[-1] in IGNORED_FILES
                                                                      or parts[-1] in IGNORED_DIRS))


def is_single_workspace(root):
    """True when ``root`` is one learner's workspace, not a class: it has a workspace marker, or exercise
    files at its top and no zip beside them."""
    root = Path(root)
    if ws.is_workspace(root):
        return True
    return (any((root / name).is_file() for name in layout.expected_files())
            and not any(p.suffix.lower() == ".zip" for p in root.iterdir()))


def discover(root, *, only=()):
    """The submissions in ``root``, sorted by name, and the entries that were not submissions.

    Each subfolder is one submission named after it; each ``.zip`` is one named after its stem (its
    full file name when a folder already has that name). A ``root`` that is itself a workspace is one
    submission. Hidden entries are listed as ignored. ``only`` keeps the submissions whose name matches
    one of these glob patterns.
    """
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(t("batch.submission.no_folder", path=root))
    if is_single_workspace(root):
        name, note = display_name(root.resolve().name)
        return [Submission(name, root, FOLDER, note)], []
    entries = sorted(root.iterdir(), key=lambda p: p.name)
    folders = {p.name for p in entries if p.is_dir()}
    found, skipped = [], []
    for entry in entries:
        if entry.name.startswith("."):
            skipped.append(t("batch.submission.hidden", name=display_name(entry.name)[0]))
        elif entry.is_dir():
            name, note = display_name(entry.name)
            found.append(Submission(name, entry, FOLDER, note))
        elif entry.suffix.lower() == ".zip":
            name, note = display_name(entry.name if entry.stem in folders else entry.stem)
            found.append(Submission(name, entry, ZIP, note))
        elif entry.is_symlink() and not entry.exists():
            name, note = display_name(entry.name)
            found.append(Submission(name, entry, MISSING, note))
        else:
            skipped.append(display_name(entry.name)[0])
    if only:
        found = [s for s in found if any(fnmatch.fnmatchcase(s.name, pattern) for pattern in only)]
    return found, skipped


def in_shard(name, shard):
    """True when submission ``name`` belongs to ``shard`` = (index, count), index 1-based.

    A stable hash of the name decides, so a submission's shard never depends on the others and a
    late submission never moves anyone else to another shard.
    """
    if shard is None:
        return True
    index, count = shard
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big") % count == index - 1


def parse_shard(text, environ=None):
    """``'3/10'`` -> (3, 10); ``'auto'`` reads it from an array scheduler's variables in ``environ``
    (default: this process's; see :mod:`grader.batch.array_shard`). Raises ValueError with a usable message."""
    if (text or "").strip().lower() == "auto":
        return shard_from_environment(os.environ if environ is None else environ)
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
    if not match:
        raise ValueError(t("batch.shard.format", text=text))
    index, count = int(match[1]), int(match[2])
    if not 1 <= index <= count:
        raise ValueError(t("batch.shard.range", text=text))
    return index, count


def _folder_files(folder, special=None):
    """Regular files below ``folder`` as (relative posix path, absolute path, size), sorted; links skipped.

    ``special`` (a dict) receives ``{file name: kind}`` of the links, pipes and devices passed over.
    """
    files = []
    for current, dirs, names in os.walk(folder, followlinks=False, onerror=_raise):
        dirs[:] = sorted(d for d in dirs if d not in IGNORED_DIRS and not os.path.islink(os.path.join(current, d)))
        for name in sorted(names):
            if name in IGNORED_FILES:
                continue
            full = os.path.join(current, name)
            info = os.lstat(full)
            if stat.S_ISREG(info.st_mode):
                rel = PurePosixPath(*Path(os.path.relpath(full, folder)).parts).as_posix()
                files.append((rel, full, info.st_size))
            elif special is not None:
                special.setdefault(name, layout.special_kind(info.st_mode))
    return files


def _raise(error):
    raise error


def _check_caps(count, size, caps, what):
    if count > caps.max_files:
        raise SubmissionError(t("batch.submission.too_many_files", what=what, count=count, limit=caps.max_files))
    if size > caps.max_bytes:
        raise SubmissionError(t("batch.submission.too_large", what=what, size=f"{size / (1 << 20):.1f}",
                                limit=caps.describe_bytes()))


def _hash_file(digest, path, limit=None):
    with open(path, "rb") as handle:
        read = 0
        while chunk := handle.read(CHUNK):
            read += len(chunk)
            if limit is not None and read > limit:
                raise SubmissionError(t("batch.submission.file_too_large", name=Path(path).name))
            digest.update(chunk)


def fingerprint(submission, caps=Caps()):
    """``(content_hash, problem)``: a SHA-256 of the submission's content, and why it cannot be graded.

    A folder hashes its files' relative paths and bytes (caches and links excluded); a zip hashes its
    bytes. When the content cannot be read the hash is None; when it breaks a cap the hash covers the
    listing only and ``problem`` says what is wrong. The batch skips a submission whose hash is unchanged.
    """
    digest = hashlib.sha256()
    try:
        if submission.form == MISSING:
            return None, t("batch.submission.dangling", name=submission.path.name)
        if submission.form == ZIP:
            size = submission.path.stat().st_size
            if size > caps.max_bytes:
                digest.update(f"oversize:{size}".encode())
                return "sha256:" + digest.hexdigest(), t("batch.submission.zip_too_large", name=submission.path.name,
                                                         size=f"{size / (1 << 20):.1f}", limit=caps.describe_bytes())
            _hash_file(digest, submission.path)
            return "sha256:" + digest.hexdigest(), None
        files = _folder_files(submission.path)
        try:
            _check_caps(len(files), sum(size for _, _, size in files), caps, t("batch.submission.the_folder"))
        except SubmissionError as problem:
            for rel, full, size in files:
                digest.update(f"{rel}\0{size}\0{os.lstat(full).st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
            return "sha256:" + digest.hexdigest(), str(problem)
        for rel, full, size in files:
            digest.update(rel.encode("utf-8", "surrogateescape") + b"\0" + str(size).encode() + b"\0")
            _hash_file(digest, full)
        return "sha256:" + digest.hexdigest(), None
    except OSError as exc:
        return None, t("batch.submission.unreadable", name=submission.path.name, error=exc.strerror or exc)


def _safe_member(name):
    """The member's relative path parts, or a SubmissionError for absolute and escaping paths."""
    posix = name.replace("\\", "/")
    if posix.startswith("/") or re.match(r"^[A-Za-z]:", posix) or "\0" in posix:
        raise SubmissionError(t("batch.submission.absolute_member", name=name))
    parts = tuple(p for p in PurePosixPath(posix).parts if p not in ("", "."))
    if ".." in parts:
        raise SubmissionError(t("batch.submission.escaping_member", name=name))
    return parts


def _extract_zip(path, dest, caps, special):
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise SubmissionError(t("batch.submission.bad_zip", name=path.name, error=exc)) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > caps.max_files:
            raise SubmissionError(t("batch.submission.too_many_members", name=path.name, count=len(infos),
                                    limit=caps.max_files))
        members = []
        for info in infos:
            parts = _safe_member(info.filename)
            if parts and stat.S_ISLNK(info.external_attr >> 16):  # never created; named if an exercise file
                special.setdefault(parts[-1], "symlink")
                continue
            if info.is_dir() or not parts or _ignored(parts):
                continue
            members.append((parts, info))
        declared = sum(info.file_size for _, info in members)
        if declared > caps.max_bytes:
            raise SubmissionError(t("batch.submission.would_unpack", name=path.name,
                                    size=f"{declared / (1 << 20):.1f}", limit=caps.describe_bytes()))
        tops = {parts[0] for parts, _ in members}
        strip = len(tops) == 1 and all(len(parts) > 1 for parts, _ in members)
        written = 0
        for parts, info in members:
            target = dest.joinpath(*(parts[1:] if strip else parts))
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(info) as source, open(target, "wb") as out:
                    while chunk := source.read(CHUNK):
                        written += len(chunk)
                        if written > caps.max_bytes:  # the sizes in the header can lie
                            raise SubmissionError(t("batch.submission.unpacks_over", name=path.name,
                                                    limit=caps.describe_bytes()))
                        out.write(chunk)
            except SubmissionError:
                raise
            except Exception as exc:  # noqa: BLE001 - corrupt data, encryption, unsupported methods
                raise SubmissionError(t("batch.submission.cannot_extract", member=info.filename, name=path.name,
                                        error=exc)) from None
    return len(members)


def _copy_folder(folder, dest, caps, special):
    files = _folder_files(folder, special)
    _check_caps(len(files), sum(size for _, _, size in files), caps, t("batch.submission.the_folder"))
    for rel, full, _ in files:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(full, target, follow_symlinks=False)
    return len(files)


def _copy_in(submission, dest, caps, special):
    """Copy or extract ``submission`` into ``dest``; raise SubmissionError when impossible or empty."""
    dest.mkdir(parents=True, exist_ok=True)
    try:
        if submission.form == MISSING:
            raise SubmissionError(t("batch.submission.dangling", name=submission.path.name))
        if submission.form == ZIP:
            count = _extract_zip(submission.path, dest, caps, special)
        else:
            count = _copy_folder(submission.path, dest, caps, special)
    except OSError as exc:
        raise SubmissionError(t("batch.submission.unreadable", name=submission.path.name,
                                error=exc.strerror or exc)) from None
    if count == 0 and not special:
        raise SubmissionError(t("batch.submission.empty", name=submission.path.name), empty=True)


def materialize(submission, dest, caps=Caps()):
    """Copy or extract ``submission`` into the empty folder ``dest`` as it is; raise SubmissionError when
    impossible. Returns ``dest``."""
    dest = Path(dest)
    _copy_in(submission, dest, caps, {})
    return dest


def unpack(submission, dest, caps=Caps(), *, learner_id=None):
    """Copy or extract ``submission`` into the empty folder ``dest`` and arrange it like a workspace.

    Raises SubmissionError when impossible. ``learner_id`` (default: the submission's name) goes into
    the workspace marker, so quizzes are graded with the numbers of the learner the submission
    belongs to, not of the id an answers file's header claims.
    """
    dest, special = Path(dest), {}
    _copy_in(submission, dest, caps, special)
    notes = layout.arrange(dest) + layout.special_notes(special)
    marker = {"format": ws.FORMAT, "learner_id": learner_id or submission.name}
    ws.atomic_write(dest / ws.MARKER_DIR / ws.MARKER_FILE, json.dumps(marker, ensure_ascii=False) + "\n")
    return Unpacked(dest, notes, special)
