"""Exit 0 when the PostgreSQL server at the given URL accepts a connection, else 1 with the reason."""

import sys

import psycopg

url = sys.argv[1]
try:
    with psycopg.connect(url, connect_timeout=5) as connection:
        connection.execute("SELECT 1")
except psycopg.Error as exc:
    print(f"PostgreSQL not ready: {exc}".strip(), file=sys.stderr)
    sys.exit(1)
