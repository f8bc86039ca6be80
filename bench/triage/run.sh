#!/usr/bin/env bash
# Triage pages against one million leads in PostgreSQL: creates mg_bench_triage, seeds it
# (about 1.5 minutes on the 2-core machine), measures in-process server time of the lead list
# (default, status filter, email search) and the dashboard, as a subsidiary user and as
# central staff, writes bench/triage/RESULTS.md and drops the database, however it ends.
#
#   bash bench/triage/run.sh                   # from anywhere; or: make bench BENCH=triage
#   BENCH_ROUNDS=20 bash bench/triage/run.sh   # fewer rounds while trying something
#   BENCH_LEADS=100000 ...                     # a smaller seed (the figures are for 1,000,000)
source "$(dirname "$0")/../lib.sh"

DB=mg_bench_triage
LEADS=${BENCH_LEADS:-1000000}

bench_fresh_db "$DB"

# Production settings (DEBUG off, security headers on) except the HTTPS redirect: the test
# client speaks plain HTTP.
export PYTHONPATH="$PWD"
export DJANGO_ENV_FILE=/dev/null
export DJANGO_DEBUG=false
export DJANGO_SECURE_SSL_REDIRECT=false
SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')"
export SECRET_KEY
export ALLOWED_HOSTS=testserver
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export CACHE_URL=locmemcache://bench-triage
export DJANGO_SETTINGS_MODULE=mestergruppen.settings
export LOG_LEVEL=WARNING

$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0

echo "Seeding $LEADS leads into $DB" >&2
start=$(date +%s)
"${PSQL[@]}" -v n="$LEADS" -f bench/triage/seed.sql "$DB" >&2
BENCH_SEED_SECONDS=$(($(date +%s) - start))
export BENCH_SEED_SECONDS
echo "seeded in $BENCH_SEED_SECONDS s" >&2

$PY bench/triage/measure.py bench/triage/RESULTS.md
