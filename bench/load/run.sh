#!/usr/bin/env bash
# The load table: the contact form's whole cycle (GET, POST, redirect), the privacy statement
# and the admin's lead list as central staff, each at 8 and 32 concurrent clients, through
# gunicorn and PostgreSQL on this machine; requests per second, p50/p95/p99 and errors.
# Writes bench/load/RESULTS.md. Drops its database and stops its server when it ends.
#
#   bash bench/load/run.sh            # BENCH_SECONDS=10 BENCH_LEADS=20000 by default
source "$(dirname "$0")/../lib.sh"
PORT=${BENCH_PORT:-8781}
DB=mg_bench_load
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
LEADS=${BENCH_LEADS:-20000}
WORKERS=${BENCH_WORKERS:-$(($(nproc) * 2 + 1))}
OUT=bench/load/RESULTS.md
bench_need_debian wrk

export PYTHONPATH="$PWD" DJANGO_SETTINGS_MODULE=mestergruppen.settings DJANGO_ENV_FILE=/dev/null
export DJANGO_DEBUG=false DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false
export DJANGO_BEHIND_TLS_PROXY=false ALLOWED_HOSTS=127.0.0.1,localhost LOG_LEVEL=WARNING
export SECRET_KEY=${SECRET_KEY:-$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')}
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" CACHE_URL=redis://127.0.0.1:6379/13
export EMAIL_URL=smtp://127.0.0.1:9 INTAKE_MIN_FILL_SECONDS=0 INTAKE_RATE_LIMIT=0

bench_temp_dir SAMPLES load
export BENCH_SAMPLES=$SAMPLES
bench_on_exit "redis-cli -n 13 flushdb"
bench_fresh_db "$DB"
$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0
psql -h 127.0.0.1 -U postgres -q -v ON_ERROR_STOP=1 -v n="$LEADS" -f bench/triage/seed.sql "$DB" >/dev/null
COOKIE=$($PY bench/load/session.py)

.venv/bin/gunicorn mestergruppen.wsgi --workers "$WORKERS" --bind "127.0.0.1:$PORT" \
  --log-level warning >"$SAMPLES/gunicorn.log" 2>&1 &
GUNICORN=$!
bench_stop_at_exit "$GUNICORN"
for _ in $(seq 1 50); do curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.2; done

BASE="http://127.0.0.1:$PORT"
rows=""
for clients in 8 32; do
  # The form: cycle.lua needs one thread per connection (each is one browser).
  rm -f "$SAMPLES"/thread-*.txt
  form=$(BENCH_WARMUP=2 wrk --timeout 10s -t"$clients" -c"$clients" -d"$((SECONDS_PER_RUN + 2))s" \
    -s bench/intake/cycle.lua "$BASE/bli-medlem/" | tail -n 1)
  form=$($PY - "$SAMPLES" "$form" <<'PYEOF'
import json, pathlib, statistics, sys
summary = json.loads(sys.argv[2])
cycles = sorted(float(line.split()[0]) * 1000 for f in pathlib.Path(sys.argv[1]).glob("thread-*.txt")
                for line in f.read_text().splitlines() if not line.startswith("error"))
q = statistics.quantiles(cycles, n=100) if len(cycles) > 1 else [None] * 99
ms = lambda v: None if v is None else round(v, 1)
print(json.dumps({"rps": round(summary["cycles_per_second"] * 3, 1),
                  "cycles_per_second": summary["cycles_per_second"], "p50_ms": ms(q[49]),
                  "p95_ms": ms(q[94]), "p99_ms": ms(q[98]),
                  "errors": summary["errors"] + summary["socket_errors"]}))
PYEOF
)
  rows+="form cycle (GET+POST+redirect)|$clients|$form"$'\n'
  statement=$(wrk --timeout 10s -t2 -c"$clients" -d"${SECONDS_PER_RUN}s" -s bench/load/latency.lua \
    "$BASE/personvern/" | tail -n 1)
  rows+="privacy statement|$clients|$statement"$'\n'
  admin=$(wrk --timeout 10s -t2 -c"$clients" -d"${SECONDS_PER_RUN}s" -s bench/load/latency.lua \
    -H "Cookie: $COOKIE" "$BASE/admin/intake/lead/" | tail -n 1)
  rows+="admin lead list (central staff)|$clients|$admin"$'\n'
done

$PY - "$LEADS" "$WORKERS" "$SECONDS_PER_RUN" <<PYEOF >"$OUT"
import json, sys
sys.path.insert(0, "bench")
from results import header
leads, workers, seconds = sys.argv[1:]
print(header("Load table: the form cycle, the statement page, the admin lead list",
             "bench/load/run.sh"))
print(f"gunicorn with {workers} sync workers, PostgreSQL with {int(leads):,} leads "
      f"(bench/triage/seed.sql), Redis cache; wrk on the same machine, {seconds} s per row. "
      "A form cycle is three requests (GET, POST, redirect): its requests/s counts requests "
      "and its percentiles are of whole cycles. The admin rows are central staff with a "
      "verified second factor, 50 leads a page. No targets: this table is for reading.\n")
print("| page | clients | requests/s | p50 ms | p95 ms | p99 ms | errors |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for line in """$rows""".strip().splitlines():
    page, clients, data = line.split("|", 2)
    d = json.loads(data)
    print(f"| {page} | {clients} | {d['rps']} | {d['p50_ms']} | {d['p95_ms']} | {d['p99_ms']} | {d['errors']} |")
PYEOF
cat "$OUT"
