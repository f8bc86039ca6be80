#!/usr/bin/env bash
# The statement page against a minimal view and a static file, on gunicorn and PostgreSQL.
#
#   bash bench/statement/run.sh            # from the project root; about a minute
#
# Three URLs, served by the same gunicorn (2 sync workers, port 8765, loopback only):
#   1. /personvern/         the statement page (the real view: query, ETag, template)
#   2. /personvern-minimal/  a view returning the same bytes from memory, same middleware
#   3. /statement-copy.html the same bytes as a static file through WhiteNoise (the ceiling)
# Each is measured with wrk in alternating rounds of a few seconds. The machine is shared, so
# the ratio statement/minimal is taken within each round and its median reported, with the
# load average before and after.
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT=${BENCH_PORT:-8765}
DB=${BENCH_DB:-mg_bench_statement}
ROUNDS=${BENCH_ROUNDS:-15}
DURATION=${BENCH_DURATION:-2s}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
OUT=var/bench-statement
PY=.venv/bin/python

command -v wrk >/dev/null 2>&1 || {
  echo "Installing wrk (Debian package)"
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
}
make -s install
mkdir -p "$OUT/root"

psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 \
  || createdb -h 127.0.0.1 -U postgres "$DB"

# Production settings (DEBUG off, every security header) except the HTTPS redirect: wrk speaks
# plain HTTP on loopback.
export PYTHONPATH="$PWD"
export DJANGO_ENV_FILE=/dev/null
export DJANGO_SETTINGS_MODULE=bench.statement.settings
export DJANGO_DEBUG=false
export DJANGO_SECURE_SSL_REDIRECT=false
export SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')"
export ALLOWED_HOSTS=127.0.0.1
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export LOG_LEVEL=WARNING
export BENCH_PAGE_FILE="$OUT/root/statement-copy.html"
export BENCH_STATIC_ROOT="$OUT/root"

$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0
$PY bench/statement/snapshot.py "$BENCH_PAGE_FILE"

.venv/bin/gunicorn mestergruppen.wsgi --workers 2 --bind "127.0.0.1:$PORT" \
  --log-level warning >"$OUT/gunicorn.log" 2>&1 &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null; wait $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fso /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.2; done

BASE="http://127.0.0.1:$PORT"
declare -A URLS=(
  [statement]="$BASE/personvern/"
  [minimal]="$BASE/personvern-minimal/"
  [static]="$BASE/statement-copy.html"
)
for name in statement minimal static; do
  size=$(curl -fs "${URLS[$name]}" | wc -c)
  printf '%-10s %s  %s bytes\n' "$name" "${URLS[$name]}" "$size"
done

# Warm every worker (rendering cache, connections) before measuring.
for name in statement minimal static; do wrk -t2 -c"$CONNECTIONS" -d2s "${URLS[$name]}" >/dev/null; done

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A RESULTS
RATIOS=""
for round in $(seq 1 "$ROUNDS"); do
  for name in statement minimal static; do
    rps=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "${URLS[$name]}" | tee "$OUT/wrk-$name-$round.txt" \
      | awk '/Requests\/sec/ {print $2}')
    non2xx=$(awk '/Non-2xx/ {print $NF}' "$OUT/wrk-$name-$round.txt")
    [ -z "$non2xx" ] || { echo "$name: $non2xx non-2xx answers" >&2; exit 1; }
    RESULTS[$name]+="$rps "
    eval "last_$name=$rps"
  done
  ratio=$(awk -v s="$last_statement" -v m="$last_minimal" 'BEGIN {printf "%.1f", 100*s/m}')
  RATIOS+="$ratio "
  printf 'round %s  statement %9s  minimal %9s  static %9s req/s  statement/minimal %5s%%\n' \
    "$round" "$last_statement" "$last_minimal" "$last_static" "$ratio"
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo
echo "median over $ROUNDS rounds of $DURATION, $CONNECTIONS connections, 2 gunicorn workers:"
printf '  statement page  %10s req/s\n  minimal view    %10s req/s\n  static file     %10s req/s\n' \
  "$(echo "${RESULTS[statement]}" | median)" "$(echo "${RESULTS[minimal]}" | median)" \
  "$(echo "${RESULTS[static]}" | median)"
echo "  statement/minimal per round: $RATIOS-> median $(echo "$RATIOS" | median)% (target >= 80%)"

kill $GUNICORN; wait $GUNICORN 2>/dev/null || true
echo
$PY bench/statement/inprocess.py "${BENCH_INPROCESS_ROUNDS:-3000}"
