#!/usr/bin/env bash
# Fault scenarios (bench/faults/run.py): each starts its own PostgreSQL database, gunicorn,
# workers and SMTP server on 127.0.0.1, drives the contact form and ends with PASS or FAIL.
#
#   bash bench/faults/run.sh            # every scenario (about 15 minutes)
#   bash bench/faults/run.sh burst      # one
#
# Each run updates its scenarios' rows in bench/faults/RESULTS.md (results.json keeps them);
# it exits 1 if any scenario failed.
source "$(dirname "$0")/../lib.sh"
redis-cli -h 127.0.0.1 ping >/dev/null
PYTHONPATH="$PWD" $PY -m bench.faults.run "$@"
