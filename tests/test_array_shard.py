"""--shard auto: the shard of a task from its array scheduler, and the cluster files shipped in docs/cluster.

Each shipped file is parsed for what its scheduler would set in every task's environment; the shard
math then has to give every submission exactly one shard and every task a different one.
"""
import fnmatch
import json
import re
import shlex
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from grader.batch import parse_shard
from grader.batch.array_shard import shard_from_environment
from grader.batch.submissions import in_shard
from grader.cli import main

DOCS = Path(__file__).resolve().parent.parent / "docs" / "cluster"
NAMES = [f"learner-{i:04d}" for i in range(400)] + ["김민준", "o'brien.zip", "ÄÖ ü", "x" * 200]


def assert_partition(environments):
    """Every task gets its own shard of one count, all shards are used, every name lands in exactly one."""
    shards = [shard_from_environment(env) for env in environments]
    count = len(environments)
    assert sorted(shards) == [(i, count) for i in range(1, count + 1)]
    for name in NAMES:
        assert sum(in_shard(name, shard) for shard in shards) == 1, name


def script_lines(text):
    """Shell commands of a script, comments dropped and continuation lines joined."""
    return [line.strip() for line in text.replace("\\\n", " ").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def merge_globs(commands):
    """The source globs of the ``dlgrade gradebook merge`` commands in ``commands`` (also inside a quoted
    command such as sbatch's --wrap)."""
    globs = []
    for command in commands:
        words = shlex.split(command)
        globs += [g for word in words if " " in word and "gradebook merge" in word for g in merge_globs([word])]
        for start in (i for i in range(len(words) - 2) if words[i:i + 3] == ["dlgrade", "gradebook", "merge"]):
            rest = words[start + 3:]
            globs += rest[:rest.index("--out")]
    assert globs, commands
    return globs


def assert_merged(folders, globs):
    """Each shard's results folder is matched by the merge's sources."""
    for folder in folders:
        assert any(fnmatch.fnmatch(folder.rstrip("/") + "/", pattern.rstrip("/") + "/") for pattern in globs), folder


# ---- Kubernetes ------------------------------------------------------------------------------------

def test_kubernetes_indexed_job_gives_each_index_one_shard_then_merges_them():
    jobs = {doc["metadata"]["name"]: doc for doc in yaml.safe_load_all((DOCS / "kubernetes-job.yaml").read_text())}
    grade = next(job for job in jobs.values() if job["spec"].get("completionMode") == "Indexed")
    completions = grade["spec"]["completions"]
    container = grade["spec"]["template"]["spec"]["containers"][0]
    env = {item["name"]: item["value"] for item in container.get("env", [])}
    script = "\n".join(container["command"] + container["args"])
    assert "--shard auto" in script
    assert_partition([{**env, "JOB_COMPLETION_INDEX": str(i)} for i in range(completions)])

    merge = next(job for job in jobs.values() if job is not grade)
    pod = merge["spec"]["template"]["spec"]
    commands = [line for c in pod["containers"] for arg in c["args"] for line in script_lines(arg)]
    shard_folders = [line.split()[-1] for line in script_lines(container["args"][0]) if line.startswith("cp ")]
    folders = [shard_folders[0].replace("$JOB_COMPLETION_INDEX", str(i)) for i in range(completions)]
    assert_merged(folders, merge_globs(commands))
    waits = " ".join(arg for c in pod["initContainers"] for arg in c["args"])
    assert f"-ge {completions}" in waits  # the merge waits for every shard


# ---- Slurm -----------------------------------------------------------------------------------------

def slurm_ids(spec):
    """The task ids of an ``--array`` spec like '1-10', '0-18:2' or '1-10%4'."""
    match = re.fullmatch(r"(\d+)-(\d+)(?::(\d+))?(?:%\d+)?", spec)
    assert match, f"unsupported --array {spec!r}"
    low, high, step = int(match[1]), int(match[2]), int(match[3] or 1)
    return list(range(low, high + 1, step))


def slurm_environments(ids):
    """What Slurm sets in each task of an array with these ids."""
    common = {"SLURM_ARRAY_TASK_MIN": str(min(ids)), "SLURM_ARRAY_TASK_MAX": str(max(ids)),
              "SLURM_ARRAY_TASK_COUNT": str(len(ids)), "SLURM_ARRAY_JOB_ID": "4242"}
    return [{**common, "SLURM_ARRAY_TASK_ID": str(i)} for i in ids]


def test_slurm_array_gives_each_task_one_shard_then_merges_them():
    text = (DOCS / "slurm-array.sbatch").read_text()
    spec = re.search(r"^#SBATCH\s+--array=(\S+)", text, re.M)[1]
    ids = slurm_ids(spec)
    assert "--shard auto" in text
    assert_partition(slurm_environments(ids))

    copy = next(line for line in script_lines(text) if line.startswith("cp "))
    folder = shlex.split(copy)[-1]
    submit = script_lines((DOCS / "slurm-submit.sh").read_text())
    assert any("sbatch --parsable slurm-array.sbatch" in line for line in submit)
    assert any("--dependency=afterany:" in line for line in submit)
    assert_merged([folder.replace("$SLURM_ARRAY_TASK_ID", str(i)) for i in ids], merge_globs(submit))


@pytest.mark.parametrize("spec", ["0-9", "1-10", "5-7", "0-18:2", "3-3", "1-12%4"])
def test_slurm_ranges_map_onto_shards(spec):
    assert_partition(slurm_environments(slurm_ids(spec)))


def test_an_uneven_slurm_list_is_refused():
    env = {"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "7",
           "SLURM_ARRAY_TASK_COUNT": "3"}  # --array=1,2,7
    with pytest.raises(ValueError, match="not evenly spaced"):
        shard_from_environment(env)


# ---- GitHub Actions ---------------------------------------------------------------------------------

def evaluate(value, matrix, index, total):
    """A workflow value with its ``${{ matrix.X }}`` and ``${{ strategy.job-* }}`` expressions filled."""
    def one(match):
        expression = match[1].strip()
        if expression.startswith("matrix."):
            return str(matrix[expression[len("matrix."):]])
        known = {"strategy.job-total": total, "strategy.job-index": index}
        assert expression in known, f"the test cannot evaluate ${{{{ {expression} }}}}"
        return str(known[expression])

    return re.sub(r"\$\{\{(.*?)\}\}", one, str(value))


def test_github_matrix_gives_each_job_one_shard_then_merges_them():
    workflow = yaml.safe_load((DOCS / "github-matrix.yml").read_text())
    grade, merge = workflow["jobs"]["grade"], workflow["jobs"]["merge"]
    (axis, values), = grade["strategy"]["matrix"].items()
    combos = [{axis: value} for value in values]
    envs = [{name: evaluate(value, combo, i, len(combos)) for name, value in grade["env"].items()}
            for i, combo in enumerate(combos)]
    assert any("--shard auto" in step.get("run", "") for step in grade["steps"])
    assert_partition(envs)

    upload = next(step for step in grade["steps"] if step.get("uses", "").startswith("actions/upload-artifact"))
    download = next(step for step in merge["steps"] if step.get("uses", "").startswith("actions/download-artifact"))
    assert merge["needs"] == "grade"
    artifacts = [evaluate(upload["with"]["name"], combo, i, len(combos)) for i, combo in enumerate(combos)]
    assert all(fnmatch.fnmatch(name, download["with"]["pattern"]) for name in artifacts)
    # download-artifact puts each artifact in a folder of its name under path
    folders = [f"{download['with']['path']}/{name}/" for name in artifacts]
    assert_merged(folders, merge_globs([step["run"] for step in merge["steps"] if "run" in step]))


# ---- the rules themselves ----------------------------------------------------------------------------

def test_dlgrade_variables_win_and_are_one_based():
    env = {"DLGRADE_SHARD_INDEX": "3", "DLGRADE_SHARD_COUNT": "5", "JOB_COMPLETION_INDEX": "0",
           "SLURM_ARRAY_TASK_ID": "1"}
    assert shard_from_environment(env) == (3, 5)
    assert parse_shard("auto", env) == (3, 5)


@pytest.mark.parametrize("env, words", [
    ({}, "no array scheduler found"),
    ({"GITHUB_ACTIONS": "true"}, "from the job's matrix"),
    ({"JOB_COMPLETION_INDEX": "2"}, "DLGRADE_SHARD_COUNT is not"),
    ({"JOB_COMPLETION_INDEX": "4", "DLGRADE_SHARD_COUNT": "4"}, "shard 5 of 4"),
    ({"DLGRADE_SHARD_INDEX": "0", "DLGRADE_SHARD_COUNT": "4"}, "shard 0 of 4"),
    ({"DLGRADE_SHARD_INDEX": "1"}, "DLGRADE_SHARD_COUNT is not set"),
    ({"DLGRADE_SHARD_INDEX": "one", "DLGRADE_SHARD_COUNT": "4"}, "not a whole number"),
    ({"SLURM_ARRAY_TASK_ID": "3"}, "SLURM_ARRAY_TASK_MIN is not set"),
])
def test_an_unusable_environment_is_a_clear_error(env, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        shard_from_environment(env)


def test_grade_shard_auto_on_the_command_line(tmp_path, monkeypatch):
    outside = next(name for name in NAMES if not in_shard(name, (2, 3)))  # nothing to grade in shard 2/3
    (tmp_path / "subs" / outside).mkdir(parents=True)
    (tmp_path / "subs" / outside / "exercise01_perceptron.py").write_text("")
    for name in ("DLGRADE_SHARD_INDEX", "DLGRADE_SHARD_COUNT", "JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID",
                 "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    args = ["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "out"), "--shard", "auto", "--json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "no array scheduler found" in result.output
    korean = CliRunner().invoke(main, ["--lang", "ko", *args])
    assert korean.exit_code == 2 and "배열 스케줄러를 찾지 못했습니다" in korean.output
    monkeypatch.setenv("JOB_COMPLETION_INDEX", "1")
    monkeypatch.setenv("DLGRADE_SHARD_COUNT", "3")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["shard"] == [2, 3] and summary["submissions"] == []
