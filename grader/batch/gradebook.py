"""The SQLite gradebook of a batch: one row per submission × exercise and per submission × exercise × check.

Every result is written in one transaction (the result row, its check rows and the submission row
together) in WAL mode with full sync, so killing the batch at any moment loses no finished result and
leaves no partial row set. The Result JSON is stored too, so exports and feedback can be regenerated.
Opening runs SQLite's ``PRAGMA quick_check`` (``integrity_check`` with ``check=True``), so a truncated,
overwritten or damaged file raises :class:`GradebookError` with one line saying how to recover
instead of being trusted.

Tables (stable; ``sqlite3 gradebook.sqlite`` works for ad-hoc queries):
  submissions(name, source, content_hash, problem, updated_at)
  results(submission, exercise, content_hash, grader_hash, status, score, max_score, duration, reason,
          result_json, graded_at, course): ``course`` is the ``<name>@<version>`` of the course the result was
          graded against, as its grader_hash ends (NULL for results graded before dlgrade recorded courses)
  checks(submission, exercise, check_id, position, title, status, score, max_score, message, hint,
         duration, content_hash)
  notes(submission, exercise, kind, note): what the batch noticed about a submission (its name, its
          layout, a link where a file should be, quiz answers copied from another learner)
  answers(submission, exercise, learner_id, answers_json): quiz answers kept for the copy cross-check
  totals (view): submission, total, max_total, exercises

A gradebook of schema version 1 (without ``results.course``) is migrated when opened for writing, its
courses read from the grader hashes, so a batch started with an older dlgrade resumes; read-only, it
is read as it is.
"""
import datetime
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from grader.batch.outcomes import BAD_SUBMISSION, EMPTY_SUBMISSION, is_grading_problem
from grader.i18n import t
from grader.results import Result

FILENAME = "gradebook.sqlite"
GRADED, EMPTY, REFUSED, GRADING_PROBLEM = "graded", "empty", "refused", "grading_problem"  # a learner's status
SCHEMA_VERSION = 2
READABLE_VERSIONS = (1, 2)  # read-only opening reads these as they are; writing migrates them first
COURSE_MARK = " course "  # a grader hash ends with it and the course's <name>@<version> (planning)
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS submissions(
  name TEXT PRIMARY KEY, source TEXT, content_hash TEXT, problem TEXT, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS results(
  submission TEXT NOT NULL, exercise TEXT NOT NULL, content_hash TEXT, grader_hash TEXT NOT NULL,
  status TEXT NOT NULL, score REAL NOT NULL, max_score REAL NOT NULL, duration REAL NOT NULL,
  reason TEXT, result_json TEXT NOT NULL, graded_at TEXT NOT NULL, course TEXT,
  PRIMARY KEY (submission, exercise));
CREATE TABLE IF NOT EXISTS checks(
  submission TEXT NOT NULL, exercise TEXT NOT NULL, check_id TEXT NOT NULL, position INTEGER NOT NULL,
  title TEXT NOT NULL, status TEXT NOT NULL, score REAL NOT NULL, max_score REAL NOT NULL,
  message TEXT NOT NULL, hint TEXT, duration REAL, content_hash TEXT,
  PRIMARY KEY (submission, exercise, check_id),
  FOREIGN KEY (submission, exercise) REFERENCES results(submission, exercise) ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS notes(
  submission TEXT NOT NULL, exercise TEXT NOT NULL, kind TEXT NOT NULL, note TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS answers(
  submission TEXT NOT NULL, exercise TEXT NOT NULL, learner_id TEXT NOT NULL, answers_json TEXT NOT NULL,
  PRIMARY KEY (submission, exercise));
CREATE VIEW IF NOT EXISTS totals AS
  SELECT submission, SUM(score) AS total, SUM(max_score) AS max_total, COUNT(*) AS exercises
  FROM results GROUP BY submission;
"""
RESULT_COLUMNS = ("submission", "exercise", "content_hash", "grader_hash", "status", "score", "max_score",
                  "duration", "reason", "result_json", "graded_at", "course")
CHECK_COLUMNS = ("submission", "exercise", "check_id", "position", "title", "status", "score", "max_score",
                 "message", "hint", "duration", "content_hash")
SUBMISSION_COLUMNS = ("name", "source", "content_hash", "problem", "updated_at")
NOTE_COLUMNS = ("submission", "exercise", "kind", "note")
ANSWER_COLUMNS = ("submission", "exercise", "learner_id", "answers_json")
TABLES = {"results": RESULT_COLUMNS, "checks": CHECK_COLUMNS, "submissions": SUBMISSION_COLUMNS,
          "notes": NOTE_COLUMNS, "answers": ANSWER_COLUMNS}


class GradebookError(Exception):
    """No gradebook where one was expected, one this version cannot read, or a damaged one."""


def course_of(grader_hash):
    """The ``<name>@<version>`` of the course a grader hash names, or None (a hash from before courses)."""
    _, mark, course = (grader_hash or "").partition(COURSE_MARK)
    return (course or None) if mark else None


def _add_course_column(db):
    """Schema 1 → 2: ``results.course``, filled from each result's grader hash."""
    db.execute("ALTER TABLE results ADD COLUMN course TEXT")
    rows = db.execute("SELECT rowid, grader_hash FROM results").fetchall()
    db.executemany("UPDATE results SET course = ? WHERE rowid = ?", [(course_of(h), rowid) for rowid, h in rows])


MIGRATIONS = {1: _add_course_column}  # schema version -> the step that brings it to the next one


def now():
    """A UTC timestamp that sorts as text."""
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="microseconds")


def locate(path):
    """The gradebook file for a results folder or a file path."""
    path = Path(path)
    return path if path.suffix in (".sqlite", ".db") or path.is_file() else path / FILENAME


@dataclass
class Graded:
    """One exercise of one submission as stored."""

    exercise: str
    result: Result
    duration: float
    reason: str | None
    content_hash: str | None
    grader_hash: str
    graded_at: str
    check_durations: dict = field(default_factory=dict)
    course: str | None = None  # <name>@<version> of the course it was graded against (None: not recorded)


@dataclass
class SubmissionRecord:
    """Everything the gradebook holds about one submission."""

    name: str
    source: str | None = None
    content_hash: str | None = None
    problem: str | None = None
    graded: dict = field(default_factory=dict)  # exercise id -> Graded, in course order when loaded
    notes: list = field(default_factory=list)  # (exercise or '', kind, note): what the batch noticed

    @property
    def status(self):
        """What the gradebook holds for this learner: 'graded', 'empty' (nothing handed in), 'refused'
        (could not be graded; the problem says why) or 'grading_problem' (some result is no grade yet)."""
        reasons = {g.reason for g in self.graded.values()}
        if any(is_grading_problem(reason) for reason in reasons):
            return GRADING_PROBLEM
        if reasons == {EMPTY_SUBMISSION}:
            return EMPTY
        return REFUSED if BAD_SUBMISSION in reasons else GRADED

    @property
    def grading_problems(self):
        """The exercise ids whose stored result is a grading problem, not a grade."""
        return [e for e, g in self.graded.items() if is_grading_problem(g.reason)]

    @property
    def total(self):
        return float(sum(g.result.score for g in self.graded.values()))

    @property
    def max_total(self):
        return float(sum(g.result.max_score for g in self.graded.values()))

    @property
    def duration(self):
        return float(sum(g.duration for g in self.graded.values()))


class Gradebook:
    """An open gradebook. Use ``Gradebook.open(folder)``; close it (or use ``with``) when done."""

    def __init__(self, path, *, create=False, readonly=False, check=False):
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise GradebookError(t("batch.gradebook.missing", path=self.path, folder=self.path.parent))
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        uri = f"{self.path.resolve().as_uri()}?mode={'ro' if readonly else 'rwc'}"
        try:
            self.db = sqlite3.connect(uri, uri=True, timeout=60, isolation_level=None)
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA busy_timeout = 60000")
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = FULL")
                self.db.executescript(SCHEMA)
                self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            self._verify(full=check)
            version = self._schema_version()
            if not readonly and version in MIGRATIONS:
                version = self._migrate(version)
        except sqlite3.DatabaseError as exc:
            self._close_quietly()
            raise GradebookError(t("batch.gradebook.damaged", path=self.path, finding=exc)) from None
        except GradebookError:
            self._close_quietly()
            raise
        if version not in (READABLE_VERSIONS if readonly else (SCHEMA_VERSION,)):
            self._close_quietly()
            raise GradebookError(t("batch.gradebook.schema", path=self.path, found=version, expected=SCHEMA_VERSION))

    def _schema_version(self):
        row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row and str(row[0]).isdigit() else None

    def _migrate(self, version):
        """Bring the gradebook to SCHEMA_VERSION one step at a time, each step in one transaction."""
        while version in MIGRATIONS:
            def step(version=version):
                MIGRATIONS[version](self.db)
                self.db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version + 1),))
            self._transaction(step)
            version += 1
        return version

    def _verify(self, full):
        """Raise GradebookError unless SQLite finds the file sound (quick_check, or integrity_check)."""
        pragma = "integrity_check" if full else "quick_check"
        findings = [row[0] for row in self.db.execute(f"PRAGMA {pragma}(5)")]
        if findings != ["ok"]:
            raise GradebookError(t("batch.gradebook.damaged", path=self.path, finding=(findings or ["?"])[0][:200]))

    def _close_quietly(self):
        db = getattr(self, "db", None)
        if db is not None:
            db.close()

    @classmethod
    def open(cls, path, *, create=False, readonly=False, check=False):
        """The gradebook of a results folder (or the file itself); ``check`` runs SQLite's full integrity check."""
        return cls(locate(path), create=create, readonly=readonly, check=check)

    def close(self):
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---- writing -------------------------------------------------------------------------------
    def _transaction(self, work):
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                work()
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
        except sqlite3.IntegrityError:  # rows that contradict the schema: the caller's mistake, not damage
            raise
        except sqlite3.DatabaseError as exc:  # the file was damaged or replaced while the batch ran
            raise GradebookError(t("batch.gradebook.damaged", path=self.path, finding=exc)) from None

    def record(self, *, submission, exercise, result, duration, grader_hash, content_hash=None, source=None,
               problem=None, reason=None, check_durations=None, graded_at=None):
        """Store one exercise's Result for a submission, replacing any earlier one, in one transaction."""
        graded_at = graded_at or now()
        durations = check_durations or {}
        result_row = (submission, exercise, content_hash, grader_hash, result.status, result.score,
                      result.max_score, float(duration), reason, result.to_json(indent=None), graded_at,
                      course_of(grader_hash))
        check_rows = [(submission, exercise, c.id, position, c.title, c.status, c.points, c.max_points,
                       c.message or "", c.hint, durations.get(c.id), content_hash)
                      for position, c in enumerate(result.checks)]
        submission_row = (submission, source, content_hash, problem, graded_at)
        self._transaction(lambda: self._write(submission_row, result_row, check_rows))

    def _write(self, submission_row, result_row, check_rows):
        self.db.execute(f"INSERT INTO submissions VALUES ({','.join('?' * len(SUBMISSION_COLUMNS))}) "
                        "ON CONFLICT(name) DO UPDATE SET source = excluded.source, content_hash = "
                        "excluded.content_hash, problem = excluded.problem, updated_at = excluded.updated_at",
                        submission_row)
        self.db.execute("DELETE FROM checks WHERE submission = ? AND exercise = ?", result_row[:2])
        self.db.execute("DELETE FROM results WHERE submission = ? AND exercise = ?", result_row[:2])
        self.db.execute(f"INSERT INTO results VALUES ({','.join('?' * len(RESULT_COLUMNS))})", result_row)
        self.db.executemany(f"INSERT INTO checks VALUES ({','.join('?' * len(CHECK_COLUMNS))})", check_rows)

    # ---- reading -------------------------------------------------------------------------------
    def done(self, submission):
        """``{exercise: row}`` of the results stored for a submission (without the Result JSON)."""
        columns = [c for c in RESULT_COLUMNS if c != "result_json"]
        rows = self.db.execute(f"SELECT {', '.join(columns)} FROM results WHERE submission = ?", (submission,))
        return {row[1]: dict(zip(columns, row)) for row in rows}

    def set_notes(self, submission, notes, *, kinds):
        """Replace ``submission``'s notes of these ``kinds`` by ``notes`` = [(exercise or '', kind, text)]."""
        def work():
            marks = ",".join("?" * len(kinds))
            self.db.execute(f"DELETE FROM notes WHERE submission = ? AND kind IN ({marks})", (submission, *kinds))
            self.db.executemany("INSERT INTO notes VALUES (?, ?, ?, ?)",
                                [(submission, exercise, kind, text) for exercise, kind, text in notes])
        self._transaction(work)

    def replace_notes(self, kind, notes):
        """Replace every note of ``kind`` by ``notes`` = [(submission, exercise, text)]."""
        def work():
            self.db.execute("DELETE FROM notes WHERE kind = ?", (kind,))
            self.db.executemany("INSERT INTO notes VALUES (?, ?, ?, ?)", [(s, e, kind, n) for s, e, n in notes])
        self._transaction(work)

    def record_answers(self, submission, exercise, learner_id, answers):
        """Keep a submission's raw quiz answers {question id: text} for the copy cross-check."""
        row = (submission, exercise, learner_id, json.dumps(answers, ensure_ascii=False, sort_keys=True))
        self._transaction(lambda: self.db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)", row))

    def stored_answers(self):
        """[(submission, quiz id, learner id, {question id: raw answer})] of every kept answers file."""
        return [(r["submission"], r["exercise"], r["learner_id"], json.loads(r["answers_json"]))
                for r in self.rows("answers")]

    def _has(self, table):
        return self.db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone() is not None

    def rows(self, table):
        """All rows of a table (``results``, ``checks``, ``submissions``, ``notes``, ``answers``) as dicts."""
        columns = TABLES[table]
        try:
            if not self._has(table):  # read-only, written before the table existed
                return []
            present = {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}
            cursor = self.db.execute(f"SELECT {', '.join(c if c in present else 'NULL' for c in columns)} FROM {table}")
            rows = [dict(zip(columns, row)) for row in cursor]
        except sqlite3.DatabaseError as exc:  # damage quick_check does not reach (e.g. in an overflow page)
            raise GradebookError(t("batch.gradebook.damaged", path=self.path, finding=exc)) from None
        if table == "results" and "course" not in present:  # read-only, schema 1: as a migration would fill it
            for row in rows:
                row["course"] = course_of(row["grader_hash"])
        return rows

    def load(self, order=()):
        """Every submission with its graded exercises, sorted by name; exercises in ``order`` first."""
        rank = {exercise: i for i, exercise in enumerate(order)}
        records = {row["name"]: SubmissionRecord(row["name"], row["source"], row["content_hash"], row["problem"])
                   for row in self.rows("submissions")}
        durations = {}
        for row in self.rows("notes"):
            record = records.setdefault(row["submission"], SubmissionRecord(row["submission"]))
            record.notes.append((row["exercise"], row["kind"], row["note"]))
        for row in self.rows("checks"):
            durations.setdefault((row["submission"], row["exercise"]), {})[row["check_id"]] = row["duration"]
        results = sorted(self.rows("results"), key=lambda r: (rank.get(r["exercise"], len(rank)), r["exercise"]))
        for row in results:
            record = records.setdefault(row["submission"], SubmissionRecord(row["submission"]))
            try:
                result = Result.from_dict(json.loads(row["result_json"]))
            except (ValueError, TypeError) as exc:
                raise GradebookError(t("batch.gradebook.damaged", path=self.path,
                                       finding=f"{row['submission']}/{row['exercise']}: {exc}")) from None
            record.graded[row["exercise"]] = Graded(
                exercise=row["exercise"], result=result,
                duration=row["duration"], reason=row["reason"], content_hash=row["content_hash"],
                grader_hash=row["grader_hash"], graded_at=row["graded_at"],
                check_durations=durations.get((row["submission"], row["exercise"]), {}), course=row["course"])
        return [records[name] for name in sorted(records)]


@dataclass
class MergeSummary:
    """What ``merge`` did."""

    sources: int = 0
    copied: int = 0      # results taken from a source
    kept: int = 0        # results where the target already held a newer or equal one
    submissions: int = 0


def merge(*, sources, out, check=False):
    """Merge the gradebooks of ``sources`` (results folders or files) into the gradebook in ``out``.

    For each submission × exercise the most recently graded result wins, so merging shards gives the
    gradebook a single run would have written, and merging again is harmless. ``check`` runs SQLite's
    full integrity check on every gradebook instead of the quick one.
    """
    summary = MergeSummary()
    paths = [locate(s) for s in sources]
    for path in paths:
        if not path.is_file():
            raise GradebookError(t("batch.gradebook.no_source", path=path))
    with Gradebook.open(out, create=True, check=check) as target:
        target_path = target.path.resolve()
        for path in paths:
            if path.resolve() == target_path:
                continue
            with Gradebook(path, readonly=True, check=check) as source:
                summary.sources += 1
                submissions = {row["name"]: row for row in source.rows("submissions")}
                checks = {}
                for row in source.rows("checks"):
                    checks.setdefault((row["submission"], row["exercise"]), []).append(row)
                existing = {(s, e): g for s, e, g in target.db.execute(
                    "SELECT submission, exercise, graded_at FROM results")}
                taken = set()
                for row in source.rows("results"):
                    key = (row["submission"], row["exercise"])
                    if existing.get(key, "") >= row["graded_at"]:
                        summary.kept += 1
                        continue
                    sub = submissions.get(row["submission"]) or {"name": row["submission"], "source": None,
                                                                  "content_hash": row["content_hash"],
                                                                  "problem": None, "updated_at": row["graded_at"]}
                    rows = sorted(checks.get(key, []), key=lambda r: r["position"])
                    target._transaction(lambda: target._write(
                        tuple(sub[c] for c in SUBMISSION_COLUMNS), tuple(row[c] for c in RESULT_COLUMNS),
                        [tuple(r[c] for c in CHECK_COLUMNS) for r in rows]))
                    summary.copied += 1
                    taken.add(row["submission"])
                target._transaction(lambda: _copy_side_tables(source, target, taken))
        from grader.batch import identity  # the copy cross-check spans every shard's learners

        identity.flag_copies(target)
        summary.submissions = target.db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
    return summary


def _copy_side_tables(source, target, submissions):
    """Take the notes (but cross-check findings, recomputed after a merge) and quiz answers of ``submissions``."""
    for name in submissions:
        target.db.execute("DELETE FROM notes WHERE submission = ?", (name,))
    target.db.executemany("INSERT INTO notes VALUES (?, ?, ?, ?)",
                          [tuple(r[c] for c in NOTE_COLUMNS) for r in source.rows("notes")
                           if r["submission"] in submissions])
    target.db.executemany("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)",
                          [tuple(r[c] for c in ANSWER_COLUMNS) for r in source.rows("answers")
                           if r["submission"] in submissions])


def load_records(path, *, check=False):
    """Every submission record of the gradebook in a results folder (or file), exercises in course order."""
    from grader import catalog

    with Gradebook.open(path, readonly=True, check=check) as book:
        return book.load(order=[e.id for e in catalog.exercises()])
