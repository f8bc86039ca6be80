#!/usr/bin/env bash
# The retention benchmark: one million expired leads, each with a routing delivery, a receipt,
# a note and a history entry (one in a hundred suspected spam), in PostgreSQL; `manage.py
# enforce_retention` anonymises them (and deletes the spam)
# while wrk sends the contact form (bench/intake/cycle.lua) against gunicorn. Measures the
# form's p95 at rest and during the run, and how long the run takes. Writes
# bench/retention/RESULTS.md; creates mg_bench_retention and a temporary folder and drops both,
# and stops gunicorn and the run, however it ends.
#
#   bash bench/retention/run.sh                 # or: make bench BENCH=retention
#   BENCH_LEADS=100000 bash bench/retention/run.sh   # a quicker try (the target is for 1,000,000)
#   BENCH_CLIENTS=8 BENCH_REST_SECONDS=30 BENCH_RUN_WORKERS=1   # the defaults
source "$(dirname "$0")/../lib.sh"

PORT=${BENCH_PORT:-8771}
DB=mg_bench_retention
LEADS=${BENCH_LEADS:-1000000}
CLIENTS=${BENCH_CLIENTS:-8}
REST_SECONDS=${BENCH_REST_SECONDS:-30}
# Short load rounds while the run lasts, so little load is measured after it ended.
ROUND_SECONDS=5
# Parallel transactions of the run (enforce_retention --workers): the form's load keeps both
# cores busy, and each worker is one more process asking for them. One, as the nightly run
# uses: on a quiet 2-core machine it did the million in 118 s with the form's p95 at 1.92x its
# rest value; four did it in 83 s but took the form's p95 to 4.7x.
RUN_WORKERS=${BENCH_RUN_WORKERS:-1}
WORKERS=${BENCH_WORKERS:-$(($(nproc) * 2 + 1))}

bench_need_debian wrk
bench_temp_dir WORK retention
bench_fresh_db "$DB"
export BENCH_SAMPLES="$WORK/samples"
mkdir -p "$BENCH_SAMPLES"

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

$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0
$PY manage.py shell -c "from intake.demo import load_demo_subsidiaries; load_demo_subsidiaries()"

echo "Seeding $LEADS expired leads into $DB" >&2
start=$(date +%s)
"${PSQL[@]}" -v n="$LEADS" -f bench/retention/seed.sql "$DB" >&2
export BENCH_SEED_SECONDS=$(($(date +%s) - start))
echo "seeded in $BENCH_SEED_SECONDS s" >&2
"${PSQL[@]}" -At -F' ' -c "SELECT (SELECT count(*) FROM intake_lead),
  (SELECT count(*) FROM intake_lead WHERE is_suspected_spam),
  (SELECT count(*) FROM intake_delivery), (SELECT count(*) FROM intake_leadnote),
  (SELECT count(*) FROM intake_leadevent)" "$DB" >"$WORK/seeded.txt"

.venv/bin/gunicorn mestergruppen.wsgi --workers "$WORKERS" --bind "127.0.0.1:$PORT" \
  --log-level warning >"$WORK/gunicorn.log" 2>&1 &
GUNICORN=$!
bench_stop_at_exit "$GUNICORN"
for _ in $(seq 1 50); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && break
  sleep 0.2
done
URL="http://127.0.0.1:$PORT/bli-medlem/"

load() { # load <seconds> <warm-up seconds> <samples file>: one wrk round, samples appended
  rm -f "$BENCH_SAMPLES"/thread-*.txt
  BENCH_WARMUP=$2 wrk -t"$CLIENTS" -c"$CLIENTS" -d"$1s" -s bench/intake/cycle.lua "$URL" \
    >"$WORK/wrk.txt"
  cat "$BENCH_SAMPLES"/thread-*.txt >>"$3" 2>/dev/null || true
}

echo "warming up, then the form at rest for $REST_SECONDS s" >&2
load 3 3 /dev/null
load "$((REST_SECONDS + 2))" 2 "$WORK/samples-rest.txt"

echo "enforce_retention under load" >&2
start=$(date +%s.%N)
$PY manage.py enforce_retention -v0 --workers "$RUN_WORKERS" >"$WORK/run.log" 2>&1 &
RUN=$!
bench_on_exit "kill $RUN"
while kill -0 "$RUN" 2>/dev/null; do
  cut -d' ' -f1 /proc/loadavg >>"$WORK/load-during.txt"
  load "$ROUND_SECONDS" 0 "$WORK/samples-during.txt"
done
wait "$RUN" || { cat "$WORK/run.log" >&2; exit 1; }
end=$(date +%s.%N)
export BENCH_RUN_SECONDS
BENCH_RUN_SECONDS=$($PY -c "print($end - $start)")

echo "the run took $BENCH_RUN_SECONDS s" >&2
RUN_WORKERS=$RUN_WORKERS BENCH_RUN_JSON="$WORK/run.json" $PY manage.py shell -c "
import json, os
from intake.models import Delivery, Lead, LeadNote
from privacy.models import RetentionRun
from privacy.retention import BATCH_SIZE
run = RetentionRun.objects.filter(dry_run=False).latest('started_at')
open(os.environ['BENCH_RUN_JSON'], 'w').write(json.dumps({'status': run.status, 'started_at': run.started_at.isoformat(),
  'finished_at': run.finished_at.isoformat(), 'report': run.report,
  'batch_size': BATCH_SIZE, 'workers': int(os.environ['RUN_WORKERS']),
  'spam_left': Lead.objects.filter(is_suspected_spam=True, submission_token__startswith='bench-retention-').count(),
  'left_with_email': Lead.objects.exclude(email='').filter(submission_token__startswith='bench-retention-').count(),
  'notes_left': LeadNote.objects.count(),
  'receipts_with_address': Delivery.objects.filter(kind='receipt', lead__submission_token__startswith='bench-retention-').exclude(recipient='').count()}))
"

$PY bench/retention/report.py "$WORK" bench/retention/RESULTS.md
