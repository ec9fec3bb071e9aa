#!/bin/sh
# Submit a parley run as an N-task Slurm array and its merge step:
#
#   cmd/parley/deploy/slurm/submit.sh 16 FILE -runs 1000000 -seed 7
#
# The merged result goes to result.json (PARLEY_RESULT to change it).
set -eu
if [ $# -lt 2 ]; then
	echo "usage: $0 TASKS FILE [parley run flags...]" >&2
	exit 2
fi
TASKS=$1
shift
HERE=$(dirname "$0")
JOB=$(sbatch --parsable --array=0-$((TASKS - 1)) "$HERE/parley-array.sbatch" "$@")
sbatch --dependency=afterok:"$JOB" "$HERE/parley-merge.sbatch" -format json -o "${PARLEY_RESULT:-result.json}"
