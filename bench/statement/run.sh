#!/usr/bin/env bash
# The statement page against a minimal view and a static file, on gunicorn and PostgreSQL;
# writes bench/statement/RESULTS.md. Creates mg_bench_statement and a temporary folder and
# drops both, and stops gunicorn, however it ends.
#
#   bash bench/statement/run.sh                     # or: make bench BENCH=statement
#   BENCH_COOKIE='name=value' bash bench/statement/run.sh   # a visitor carrying that cookie
#
# Three URLs, served by the same gunicorn (2 sync workers, loopback only):
#   1. /personvern/         the statement page (the real view)
#   2. /personvern-minimal/  a view returning the same bytes from memory, same middleware
#   3. /statement-copy.html the same bytes as a static file through WhiteNoise (the ceiling)
# Each is measured with wrk in alternating rounds of a few seconds. The machine is shared, so
# the ratios statement/minimal (throughput, and p95 latency) are taken within each round and
# their median checked; then Django's own cost per request in-process.
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

PORT=${BENCH_PORT:-8765}
DB=mg_bench_statement
ROUNDS=${BENCH_ROUNDS:-21}
DURATION=${BENCH_DURATION:-2s}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
INPROCESS_ROUNDS=${BENCH_INPROCESS_ROUNDS:-3000}
export BENCH_COOKIE=${BENCH_COOKIE:-}

bench_need_debian wrk
bench_temp_dir WORK statement
bench_fresh_db "$DB"
mkdir -p "$WORK/root"

# Production settings (DEBUG off, every security header) except the HTTPS redirect: wrk speaks
# plain HTTP on loopback.
export PYTHONPATH="$PWD"
export DJANGO_ENV_FILE=/dev/null
export DJANGO_SETTINGS_MODULE=bench.statement.settings
export DJANGO_DEBUG=false
export DJANGO_SECURE_SSL_REDIRECT=false
SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')"
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export CACHE_URL=locmemcache://bench-statement
export LOG_LEVEL=WARNING
export BENCH_PAGE_FILE="$WORK/root/statement-copy.html"
export BENCH_STATIC_ROOT="$WORK/root"

$PY manage.py migrate --noinput -v0
RESULTS=bench/statement/RESULTS.md
if [ "${BENCH_VISITOR:-}" = chosen ]; then
  BENCH_COOKIE=$($PY bench/chosen_visitor.py)
  export BENCH_COOKIE
  RESULTS=bench/statement/RESULTS-chosen.md
fi
$PY manage.py collectstatic --noinput -v0
$PY bench/statement/snapshot.py "$BENCH_PAGE_FILE" >&2

.venv/bin/gunicorn mestergruppen.wsgi --workers 2 --bind "127.0.0.1:$PORT" \
  --log-level warning >"$WORK/gunicorn.log" 2>&1 &
GUNICORN=$!
bench_stop_at_exit "$GUNICORN"
for _ in $(seq 1 50); do curl -fso /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.2; done

BASE="http://127.0.0.1:$PORT"
declare -A URLS=(
  [statement]="$BASE/personvern/"
  [minimal]="$BASE/personvern-minimal/"
  [static]="$BASE/statement-copy.html"
)
SIZES=""
for name in statement minimal static; do
  size=$(curl -fs ${BENCH_COOKIE:+-H "Cookie: $BENCH_COOKIE"} "${URLS[$name]}" | wc -c)
  SIZES+="$name=$size "
done
echo "bytes: $SIZES" >&2

# Warm every worker (kept page, connections) before measuring.
for name in statement minimal static; do
  wrk --timeout 10s -t2 -c"$CONNECTIONS" -d2s -s bench/statement/round.lua "${URLS[$name]}" >/dev/null
done

RAW="$WORK/rounds.jsonl"
for round in $(seq 1 "$ROUNDS"); do
  for name in statement minimal static; do
    # A slow answer on a busy machine is a slow sample, not a failure: wrk's default gives up
    # after 2 s and counts a socket error.
    line=$(wrk --timeout 10s -t2 -c"$CONNECTIONS" -d"$DURATION" -s bench/statement/round.lua \
      "${URLS[$name]}" \
      | tail -n 1)
    echo "$name $round $line" >>"$RAW"
  done
  echo "round $round: $(grep -c . "$RAW") runs" >&2
done
kill "$GUNICORN"; wait "$GUNICORN" 2>/dev/null || true

$PY bench/statement/inprocess.py "$INPROCESS_ROUNDS" >"$WORK/inprocess.json"
$PY bench/statement/report.py "$RESULTS" "$RAW" "$WORK/inprocess.json" "$SIZES" \
  "$ROUNDS" "$DURATION" "$CONNECTIONS"
