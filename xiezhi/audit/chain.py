"""Canonical content and hashing of audit entries (pure functions, no database)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

#: prev_hash of the first entry.
GENESIS_HASH = "0" * 64
#: Format of the hashed content; bump if the canonical form ever changes.
CHAIN_VERSION = 1


def canonical_time(moment: datetime) -> str:
    """UTC, microsecond precision: what both SQLite and PostgreSQL store exactly."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def canonical_content(fields: dict[str, Any]) -> str:
    """The exact text that is hashed: sorted keys, no whitespace, UTF-8 characters kept."""
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(fields: dict[str, Any]) -> str:
    """SHA-256 (hex) of an entry's canonical content; ``fields`` includes ``prev_hash``."""
    return hashlib.sha256(canonical_content(fields).encode("utf-8")).hexdigest()
