#!/bin/bash
# Queue the shards (slurm-array.sbatch), then the merge once every array task has ended.
set -euo pipefail
jobid=$(sbatch --parsable slurm-array.sbatch)
sbatch --dependency=afterany:"$jobid" --job-name=dlgrade-merge \
  --wrap "dlgrade gradebook merge results/shard-*/ --out results/all/"
