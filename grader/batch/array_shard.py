"""``--shard auto``: this process's shard (index, count) from the array scheduler that started it.

Recognised in this order; the first whose index variable is set decides:

* ``DLGRADE_SHARD_INDEX`` (1-based) and ``DLGRADE_SHARD_COUNT``, set by whoever starts the task: a
  GitHub Actions matrix (``docs/cluster/github-matrix.yml``) or any other CI or scheduler;
* a Kubernetes Indexed Job: ``JOB_COMPLETION_INDEX`` (0-based, set by Kubernetes) with
  ``DLGRADE_SHARD_COUNT``, which the manifest sets to the Job's ``spec.completions`` because
  Kubernetes exports no count (``docs/cluster/kubernetes-job.yaml``);
* a Slurm job array: ``SLURM_ARRAY_TASK_ID`` among ``SLURM_ARRAY_TASK_COUNT`` ids evenly spaced from
  ``SLURM_ARRAY_TASK_MIN`` to ``SLURM_ARRAY_TASK_MAX`` (``--array=1-10``, ``0-9``, ``0-18:2``; not an
  uneven list such as ``1,2,7``) (``docs/cluster/slurm-array.sbatch``).

Anything else raises ValueError with a message saying what to set.
"""
from grader.i18n import t

INDEX, COUNT = "DLGRADE_SHARD_INDEX", "DLGRADE_SHARD_COUNT"
K8S_INDEX = "JOB_COMPLETION_INDEX"
SLURM = "SLURM_ARRAY_TASK_"


def _integer(environ, name):
    value = environ.get(name)
    if value is None:
        raise ValueError(t("batch.shard.auto.missing", name=name))
    try:
        return int(value.strip())
    except ValueError:
        raise ValueError(t("batch.shard.auto.not_integer", name=name, value=value)) from None


def _checked(index, count, source):
    if count < 1 or not 1 <= index <= count:
        raise ValueError(t("batch.shard.auto.range", source=source, index=index, count=count))
    return index, count


def _slurm(environ):
    task, low, high, count = (_integer(environ, SLURM + key) for key in ("ID", "MIN", "MAX", "COUNT"))
    source = f"Slurm {SLURM}ID={task}"
    if count == 1:
        return _checked(1 if task == low == high else 0, 1, source)
    step, uneven = divmod(high - low, count - 1)
    if uneven or step < 1 or (task - low) % step:
        raise ValueError(t("batch.shard.auto.slurm_uneven", low=low, high=high, count=count))
    return _checked((task - low) // step + 1, count, source)


def shard_from_environment(environ):
    """``(index, count)`` with a 1-based index, read from ``environ`` as the module describes."""
    if INDEX in environ:
        return _checked(_integer(environ, INDEX), _integer(environ, COUNT), INDEX)
    if K8S_INDEX in environ:
        if COUNT not in environ:
            raise ValueError(t("batch.shard.auto.kubernetes_count", index=K8S_INDEX, count=COUNT))
        return _checked(_integer(environ, K8S_INDEX) + 1, _integer(environ, COUNT), f"Kubernetes {K8S_INDEX}")
    if SLURM + "ID" in environ:
        return _slurm(environ)
    if environ.get("GITHUB_ACTIONS") == "true":
        raise ValueError(t("batch.shard.auto.github", index=INDEX, count=COUNT))
    raise ValueError(t("batch.shard.auto.unknown", index=INDEX, count=COUNT))
