"""Reading JSON Lines input that may hold bad lines: each line becomes an object or a problem.

The command-line tools of the core (``xiezhi predict``, ``xiezhi extract``, ``xiezhi train --from``)
report a bad line with its number and go on, so they read files in binary mode and decode line by
line here: a line that is not UTF-8, not JSON or not a JSON object is a problem, never an exception.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any


def decode_line(line: str | bytes, number: int) -> tuple[str, str | None]:
    """One input line as text, and the problem if it is not UTF-8.

    Lines may come as bytes (a file opened in binary mode, so that one undecodable line is reported
    instead of stopping the run). A UTF-8 byte order mark at the start of line 1 is dropped.
    """
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            return "", f"not UTF-8 text (byte {exc.start + 1})"
    if number == 1 and line.startswith("\ufeff"):
        line = line[1:]
    return line, None


def object_lines(lines: Iterable[str | bytes]) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """``(line number, object, problem)`` for every non-blank line: the object when the line is a JSON
    object, else ``None`` and what is wrong with it. Blank lines are skipped (their numbers still count)."""
    for number, raw in enumerate(lines, 1):
        line, problem = decode_line(raw, number)
        if problem is None and not line.strip():
            continue
        item: Any = None
        if problem is None:
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                problem = f"not JSON: {exc.msg}"
        if problem is None and not isinstance(item, dict):
            problem = "not a JSON object"
        yield number, (item if problem is None else None), problem
