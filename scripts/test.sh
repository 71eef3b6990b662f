#!/usr/bin/env bash
# The whole suite: lint, migration drift, translation catalogues, then the tests on SQLite and
# again on PostgreSQL. Under CI=true PostgreSQL is required: unreachable means failure, not a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv
XZ="$VENV/bin/xiezhi"
export XIEZHI_ENV=test
export XIEZHI_VAR_DIR="${XIEZHI_VAR_DIR:-$PWD/var/test}"
PG_URL="${XIEZHI_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"

echo "== ruff"
"$VENV/bin/ruff" check .
echo "== migrations match the models"
"$XZ" makemigrations --check --dry-run
echo "== translation catalogues"
"$XZ" i18n check

echo "== tests on SQLite (with browser journeys and the framework-free core)"
"$VENV/bin/pytest" -q -p no:cacheprovider "$@"

echo "== tests on PostgreSQL ($PG_URL)"
if "$VENV/bin/python" scripts/pg_ready.py "$PG_URL"; then
  XIEZHI_DATABASE_URL="$PG_URL" "$VENV/bin/pytest" -q -p no:cacheprovider -m "not e2e" xiezhi "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is required under CI but is not reachable at $PG_URL" >&2
  exit 1
else
  echo "WARNING: PostgreSQL not reachable at $PG_URL; database tests ran on SQLite only." >&2
fi
