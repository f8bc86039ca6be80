#!/usr/bin/env bash
# The contact-form benchmark: the full GET + POST + redirect cycle under gunicorn and
# PostgreSQL, side by side with a minimal view in the same project (same middleware, same
# inserts, the same page bytes from memory). Loopback only, bounded in time. Writes
# bench/intake/RESULTS.md; creates mg_bench_intake and a temporary folder and drops both, and
# stops gunicorn, however it ends.
#
#   bash bench/intake/run.sh                   # or: make bench BENCH=intake (about 5 minutes)
#   BENCH_COOKIE='name=value' bash bench/intake/run.sh   # a visitor carrying that cookie
#   BENCH_CLIENTS=8 BENCH_SECONDS=8 BENCH_ROUNDS=9       # the defaults
#
# The load client is wrk with bench/intake/cycle.lua (one connection per thread, each a
# browser doing GET + POST + redirect): written in C, it leaves the two cores to the server.
# Many short alternating rounds rather than a few long ones: the machine is shared and its
# speed drifts, and the median of the per-round ratios is what survives that. valgrind counts
# the instructions of each step in one process (instructions.py), which no drift changes.
# Two visitors, one after the other, each with a results file of its own: a first-time
# visitor (RESULTS.md) and one who has chosen (RESULTS-chosen.md: accepted all cookies, with
# a statistics script configured; bench/chosen_visitor.py). BENCH_VISITOR=first or =chosen
# runs one of them; BENCH_COOKIE='...' runs a visitor carrying that cookie (RESULTS.md).
if [ -z "${BENCH_VISITOR:-}" ] && [ -z "${BENCH_COOKIE:-}" ]; then
  status=0
  for visitor in first chosen; do
    BENCH_VISITOR=$visitor bash "$0" "$@" || status=$?
    [ "$status" -lt 128 ] || exit "$status"
  done
  exit "$status"
fi
source "$(dirname "$0")/../lib.sh"

PORT=${BENCH_PORT:-8761}
DB=mg_bench_intake
CLIENTS=${BENCH_CLIENTS:-8}
SECONDS_PER_RUN=${BENCH_SECONDS:-8}
ROUNDS=${BENCH_ROUNDS:-9}
# 2 x cores + 1, gunicorn's rule: a sync worker waiting for PostgreSQL leaves its core to another.
WORKERS=${BENCH_WORKERS:-$(($(nproc) * 2 + 1))}
WARMUP=2
export BENCH_COOKIE=${BENCH_COOKIE:-}

bench_need_debian wrk valgrind gcc
bench_temp_dir WORK intake
bench_fresh_db "$DB"
RAW="$WORK/rounds.txt"
PAGES="$WORK/pages"
# Where cycle.lua's threads write their samples; after each round they are kept, per side, in
# $WORK/samples-<side>.txt for the p95 over every cycle of every round.
export BENCH_SAMPLES="$WORK/samples"
mkdir -p "$BENCH_SAMPLES"
: >"$RAW"

export DJANGO_ENV_FILE=/dev/null
export DJANGO_DEBUG=false
SECRET_KEY=${SECRET_KEY:-$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')}
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export CACHE_URL=locmemcache://bench
export DJANGO_SECURE_SSL_REDIRECT=false
export DJANGO_SECURE_COOKIES=false
export DJANGO_BEHIND_TLS_PROXY=false
export EMAIL_URL=consolemail://
export LOG_LEVEL=WARNING
# The bench measures the work, not the misuse defences that would stop a load generator.
export INTAKE_MIN_FILL_SECONDS=0
export INTAKE_RATE_LIMIT=0
export INTAKE_BENCH_VIEWS=true

$PY manage.py migrate --noinput -v0
RESULTS=bench/intake/RESULTS.md
if [ "${BENCH_VISITOR:-}" = chosen ]; then
  BENCH_COOKIE=$($PY bench/chosen_visitor.py)
  export BENCH_COOKIE
  RESULTS=bench/intake/RESULTS-chosen.md
fi
$PY manage.py collectstatic --noinput -v0
$PY manage.py shell -c "from intake.demo import load_demo_subsidiaries; load_demo_subsidiaries()"
# The real pages, for the baseline to answer from memory (same bytes).
PYTHONPATH=. ALLOWED_HOSTS=testserver,127.0.0.1 $PY bench/intake/snapshot.py "$PAGES" >&2
export INTAKE_BENCH_PAGES="$PAGES"

.venv/bin/gunicorn mestergruppen.wsgi --workers "$WORKERS" --bind "127.0.0.1:$PORT" \
  --log-level warning >"$WORK/gunicorn.log" 2>&1 &
GUNICORN=$!
bench_stop_at_exit "$GUNICORN"
for _ in $(seq 1 50); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && break
  sleep 0.2
done

# Warm every worker (templates, kept pages, connections) on both sides before measuring.
for path in bli-medlem/ bench/minimal/; do
  BENCH_WARMUP=0 wrk --timeout 10s -t"$CLIENTS" -c"$CLIENTS" -d3s -s bench/intake/cycle.lua \
    "http://127.0.0.1:$PORT/$path" >/dev/null
done

# CPU ticks (user + system) so far of the gunicorn workers and of this database's PostgreSQL
# backends (both live through a round: CONN_MAX_AGE=60), and ticks per second.
django_pg_seconds() {
  local django=0 pg=0 pid hz
  hz=$(getconf CLK_TCK)
  for pid in $(pgrep -P "$GUNICORN"); do
    django=$((django + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  for pid in $(pgrep -f "postgres: .*postgres $DB "); do
    pg=$((pg + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  # The whole machine's busy ticks (all cores), to tell how much else ran during a round.
  echo "$django $pg $hz $(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat)"
}

for round in $(seq 1 "$ROUNDS"); do
  for target in form minimal; do
    if [ "$target" = form ]; then url="http://127.0.0.1:$PORT/bli-medlem/"
    else url="http://127.0.0.1:$PORT/bench/minimal/"; fi
    echo "round $round: $target" >&2
    read -r django0 pg0 hz busy0 < <(django_pg_seconds)
    TIMEFORMAT='%U %S'
    # A slow answer on a busy machine is a slow sample, not a failure: wrk's default gives up
    # after 2 s and counts a socket error.
    { time BENCH_WARMUP=$WARMUP wrk --timeout 10s -t"$CLIENTS" -c"$CLIENTS" \
      -d"$((SECONDS_PER_RUN + WARMUP))s" -s bench/intake/cycle.lua "$url" >"$WORK/wrk.txt"; } \
      2>"$WORK/time.txt"
    read -r django1 pg1 _ busy1 < <(django_pg_seconds)
    read -r wrk_user wrk_sys <"$WORK/time.txt"
    cat "$BENCH_SAMPLES"/thread-*.txt >>"$WORK/samples-$target.txt"
    # The round's wrk line, with the CPU seconds each part used over the whole run.
    tail -n 1 "$WORK/wrk.txt" | $PY -c "import json, sys; r = json.load(sys.stdin); \
r['cpu_seconds'] = {'django': ($django1 - $django0) / $hz, 'postgres': ($pg1 - $pg0) / $hz, \
'wrk': $wrk_user + $wrk_sys, 'machine': ($busy1 - $busy0) / $hz}; \
print('$target $round', json.dumps(r))" >>"$RAW"
  done
done

echo "cpu per cycle (in-process)" >&2
PYTHONPATH=. ALLOWED_HOSTS=testserver,127.0.0.1 $PY bench/intake/cpu.py >"$WORK/cpu.json"
echo "instructions per cycle (in-process, callgrind)" >&2
MARKS="$WORK/callgrind"
mkdir -p "$MARKS"
gcc -O2 -shared -fPIC -o "$MARKS/libmarks.so" bench/intake/callgrind_marks.c
PYTHONPATH=. ALLOWED_HOSTS=testserver,127.0.0.1 valgrind --tool=callgrind --instr-atstart=no \
  --collect-atstart=no --callgrind-out-file="$MARKS/cg" \
  $PY bench/intake/instructions.py run "$MARKS/libmarks.so" 2>"$MARKS/valgrind.log"
$PY bench/intake/instructions.py sum "$MARKS" >"$WORK/instructions.json"

LEADS=$("${PSQL[@]}" -d "$DB" -tAc "SELECT count(*) FROM intake_lead")
TASKS=$("${PSQL[@]}" -d "$DB" -tAc "SELECT count(*) FROM django_tasks_database_dbtaskresult")
$PY bench/intake/report.py "$RESULTS" "$WORK" "$CLIENTS" "$SECONDS_PER_RUN" \
  "$ROUNDS" "$WORKERS" "$LEADS" "$TASKS" "$WARMUP"
