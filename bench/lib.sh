# Shared by every bench/<name>/run.sh (sourced first thing): the project root as the working
# folder, the virtual environment, the load average before, and clean-up that runs however the
# script ends (success, a missed target, an error, Ctrl-C), in the reverse order of set-up.
#
#   source "$(dirname "$0")/../lib.sh"
#   bench_fresh_db mg_bench_x        # dropped at the end
#   bench_temp_dir WORK name          # $WORK: a folder removed at the end
#   bench_on_exit "kill $PID"         # any other clean-up
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The overrides the caller set (BENCH_ROUNDS=... and friends), by name, for the exact command
# written in the results; read now, before the scripts set their own internal BENCH_ variables.
BENCH_OVERRIDES=$(compgen -e | grep -E '^BENCH_' | grep -vxE 'BENCH_(COMMAND|OVERRIDES)' \
  | tr '\n' ' ' || true)
export BENCH_OVERRIDES
export BENCH_LOAD_BEFORE
BENCH_LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qX)
PY=.venv/bin/python

BENCH_CLEANUP=()
bench_on_exit() { BENCH_CLEANUP+=("$1"); }
bench_cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local i
  for ((i = ${#BENCH_CLEANUP[@]} - 1; i >= 0; i--)); do
    eval "${BENCH_CLEANUP[i]}" >/dev/null 2>&1 || true
  done
  exit "$status"
}
trap bench_cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT
trap 'exit 143' TERM

# A database of this run's own: dropped first if a killed run left it, dropped at the end.
bench_fresh_db() {
  case "$1" in mg_bench_*) ;; *) echo "benchmark databases are named mg_bench_*: $1" >&2; exit 2 ;; esac
  dropdb -h 127.0.0.1 -U postgres --if-exists --force "$1"
  createdb -h 127.0.0.1 -U postgres "$1"
  bench_on_exit "dropdb -h 127.0.0.1 -U postgres --if-exists --force $1"
}

bench_temp_dir() {
  local dir
  dir=$(mktemp -d "/tmp/bench-$2.XXXXXX")
  BENCH_CLEANUP+=("rm -rf '$dir'")
  printf -v "$1" %s "$dir"
}

# A server process started by the script: stopped, and waited for, at the end.
bench_stop_at_exit() { bench_on_exit "kill $1; wait $1"; }

bench_need_debian() {
  local missing="" tool
  for tool in "$@"; do command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"; done
  if [ -n "$missing" ]; then
    echo "Installing$missing (Debian packages)" >&2
    apt-get update -qq && apt-get install -y -qq $missing >/dev/null
  fi
}

make -s install
