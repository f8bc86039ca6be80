#!/usr/bin/env bash
# Every benchmark under bench/ (each folder with a run.sh), or the ones named, one after the
# other; each writes its RESULTS.md. A benchmark that misses a target or fails does not stop
# the others; the exit status is non-zero if any did, and the summary says which.
# The fault scenarios (bench/faults, issue 15: pass or fail, about 15 minutes) run last.
#
#   bash bench/run.sh                 # what `make bench` runs
#   bash bench/run.sh triage intake   # what `make bench BENCH="triage intake"` runs
set -uo pipefail
cd "$(dirname "$0")/.."
# Run last: the longest, and pass or fail rather than figures.
LAST="faults"

if [ $# -eq 0 ]; then
  set -- $(for script in bench/*/run.sh; do
    name=$(basename "$(dirname "$script")")
    case " $LAST " in *" $name "*) ;; *) echo "$name" ;; esac
  done) $LAST
fi
for name in "$@"; do
  [ -f "bench/$name/run.sh" ] || { echo "No benchmark bench/$name/run.sh" >&2; exit 2; }
done
# Results files aside, as in bench/results.py.
if [ -n "$(git status --porcelain -- . ':!bench/*/RESULTS*.md' ':!bench/faults/results.json')" ]; then
  echo "Warning: uncommitted changes; the results files will say their numbers do not come" \
    "from commit $(git rev-parse --short HEAD) alone." >&2
fi

declare -A STATUS
for name in "$@"; do
  echo "=== bench $name ($(date -u +%H:%M:%S) UTC)" >&2
  start=$(date +%s)
  bash "bench/$name/run.sh"
  STATUS[$name]=$?
  echo "=== bench $name: exit ${STATUS[$name]} after $(($(date +%s) - start)) s" >&2
  # Ctrl-C (130) or a kill stops the whole run, not just the benchmark it hit.
  [ "${STATUS[$name]}" -lt 128 ] || exit "${STATUS[$name]}"
done

failed=0
echo >&2
for name in "$@"; do
  if [ "${STATUS[$name]}" = 0 ]; then
    echo "bench $name: targets met (bench/$name/RESULTS.md)" >&2
  else
    echo "bench $name: FAILED or missed a target, exit ${STATUS[$name]} (bench/$name/RESULTS.md)" >&2
    failed=1
  fi
done
exit "$failed"
