#!/usr/bin/env bash
# Data-subject requests against one million leads in PostgreSQL: creates mg_bench_dsr, seeds
# it with the triage benchmark's leads (bench/triage/seed.sql) and 20,000 requests, measures
# in-process the time of finding one person's records, building their export, an erasure and
# the privacy officer's request list, writes bench/dsr/RESULTS.md and drops the database,
# however it ends.
#
#   bash bench/dsr/run.sh                    # from anywhere; or: make bench BENCH=dsr
#   BENCH_ROUNDS=10 bash bench/dsr/run.sh    # fewer rounds while trying something
#   BENCH_LEADS=100000 ...                   # a smaller seed (the figures are for 1,000,000)
source "$(dirname "$0")/../lib.sh"

DB=mg_bench_dsr
LEADS=${BENCH_LEADS:-1000000}
REQUESTS=${BENCH_REQUESTS:-20000}

bench_fresh_db "$DB"

export PYTHONPATH="$PWD"
export DJANGO_ENV_FILE=/dev/null
export DJANGO_DEBUG=false
export DJANGO_SECURE_SSL_REDIRECT=false
SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')"
export SECRET_KEY
export ALLOWED_HOSTS=testserver
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export CACHE_URL=locmemcache://bench-dsr
export DJANGO_SETTINGS_MODULE=mestergruppen.settings
export LOG_LEVEL=WARNING

$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0

echo "Seeding $LEADS leads and $REQUESTS requests into $DB" >&2
start=$(date +%s)
"${PSQL[@]}" -v n="$LEADS" -f bench/triage/seed.sql "$DB" >&2
"${PSQL[@]}" -v n="$REQUESTS" -f bench/dsr/seed_requests.sql "$DB" >&2
BENCH_SEED_SECONDS=$(($(date +%s) - start))
export BENCH_SEED_SECONDS
echo "seeded in $BENCH_SEED_SECONDS s" >&2

$PY bench/dsr/measure.py bench/dsr/RESULTS.md
