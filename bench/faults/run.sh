#!/usr/bin/env bash
# Fault scenarios (bench/faults/run.py): each starts its own PostgreSQL database, gunicorn,
# workers and SMTP server on 127.0.0.1, drives the contact form and ends with PASS or FAIL.
#
#   bash bench/faults/run.sh            # every scenario (about 15 minutes)
#   bash bench/faults/run.sh burst      # one
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x .venv/bin/python ] || make -s install
redis-cli -h 127.0.0.1 ping >/dev/null
exec env PYTHONPATH="$PWD" .venv/bin/python -m bench.faults.run "$@"
