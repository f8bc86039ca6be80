#!/usr/bin/env bash
# Triage pages against one million leads in PostgreSQL: seed (about 1.5 minutes on the 2-core
# machine, skipped when the database already holds the seed), then measure in-process server
# time of the lead list (default, status filter, email search) and the dashboard, as a
# subsidiary user and as central staff.
#
#   bash bench/triage/run.sh                 # from the project root
#   BENCH_RESEED=1 bash bench/triage/run.sh  # seed again
set -euo pipefail
cd "$(dirname "$0")/../.."

DB=${BENCH_DB:-mg_bench_triage}
LEADS=${BENCH_LEADS:-1000000}
ROUNDS=${BENCH_ROUNDS:-10}
PY=.venv/bin/python
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q)

make -s install
"${PSQL[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" postgres | grep -q 1 \
  || createdb -h 127.0.0.1 -U postgres "$DB"

# Production settings (DEBUG off, security headers on) except the HTTPS redirect: the test
# client speaks plain HTTP.
export PYTHONPATH="$PWD"
export DJANGO_ENV_FILE=/dev/null
export DJANGO_DEBUG=false
export DJANGO_SECURE_SSL_REDIRECT=false
export SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')"
export ALLOWED_HOSTS=testserver
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export DJANGO_SETTINGS_MODULE=mestergruppen.settings
export LOG_LEVEL=WARNING

$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0

have=$("${PSQL[@]}" -tAc "SELECT count(*) FROM intake_lead" "$DB")
if [ "${BENCH_RESEED:-0}" = 1 ] || [ "$have" != "$LEADS" ]; then
  echo "Seeding $LEADS leads into $DB"
  start=$(date +%s)
  "${PSQL[@]}" -v n="$LEADS" -f bench/triage/seed.sql "$DB"
  echo "seeded in $(( $(date +%s) - start )) s"
fi

echo "PostgreSQL: $("${PSQL[@]}" -tAc 'SHOW server_version' "$DB"), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
$PY bench/triage/measure.py "$ROUNDS"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
