"""Database-level protection of the audit table.

Triggers refuse UPDATE and DELETE on audit entries on both SQLite and PostgreSQL, so not even
raw SQL through the application's connection can rewrite history. The only exception is a test
database being flushed between tests: on SQLite the trigger asks the function
``xiezhi_audit_purge_allowed()``, which answers 1 only inside :func:`allow_purge`; on PostgreSQL a
flush uses TRUNCATE, which row triggers do not see (production roles should not hold TRUNCATE).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_purge = threading.Event()

SQLITE_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;""",
    """CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_auditentry
       WHEN xiezhi_audit_purge_allowed() = 0
       BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_entry_no_update;",
    "DROP TRIGGER IF EXISTS audit_entry_no_delete;",
]
POSTGRES_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_auditentry
       FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS audit_entry_no_change ON audit_auditentry;",
    "DROP FUNCTION IF EXISTS audit_entry_append_only();",
]


def register_sqlite_functions(sender: Any, connection: Any, **_: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "xiezhi_audit_purge_allowed", 0, lambda: 1 if _purge.is_set() else 0, deterministic=False
        )


@contextmanager
def allow_purge() -> Iterator[None]:
    """Let a test-database flush empty the audit table (SQLite). Never used by the application."""
    _purge.set()
    try:
        yield
    finally:
        _purge.clear()


def install_triggers(schema_editor: Any) -> None:
    statements = SQLITE_TRIGGERS if schema_editor.connection.vendor == "sqlite" else POSTGRES_TRIGGERS
    for statement in statements:
        schema_editor.execute(statement)


def drop_triggers(schema_editor: Any) -> None:
    statements = SQLITE_DROP if schema_editor.connection.vendor == "sqlite" else POSTGRES_DROP
    for statement in statements:
        schema_editor.execute(statement)
