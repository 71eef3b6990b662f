"""Shared helper for benchmark scripts: write a section of docs/benchmarks.md between its markers."""

from __future__ import annotations

import json
import platform
import re
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
OUT = ROOT / "benchmarks" / "out"


def machine_line() -> str:
    """One line naming when and where the figures were taken."""
    import os

    return (
        f"Measured {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}."
    )


def write_section(key: str, markdown: str, raw: dict | None = None) -> None:
    """Replace the text between ``<!-- key:start -->`` and ``<!-- key:end -->`` in docs/benchmarks.md.

    ``raw`` (the full numbers) is also written to ``benchmarks/out/<key>.json`` for comparison runs.
    """
    text = DOC.read_text(encoding="utf-8")
    pattern = re.compile(rf"(<!-- {re.escape(key)}:start -->\n)(.*?)(<!-- {re.escape(key)}:end -->)", re.S)
    if not pattern.search(text):
        raise SystemExit(f"docs/benchmarks.md has no markers for section {key!r}")
    body = markdown.rstrip() + "\n"
    text = pattern.sub(lambda m: m.group(1) + body + m.group(3), text)
    DOC.write_text(text, encoding="utf-8")
    if raw is not None:
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / f"{key}.json").write_text(json.dumps(raw, ensure_ascii=False, indent=2), encoding="utf-8")
