"""The JSON Lines contract of ``xiezhi predict --in IN.jsonl --out OUT.jsonl`` (kept stable).

Input line: ``{"id": str, "fact": str}``. Output line: ``{"id", "charges": [str], "articles": [int],
"term_months": number|null, "life_imprisonment": bool, "death_penalty": bool}`` plus ``status``
(``ok`` / ``insufficient_information``), ``reason`` when insufficient and ``cold_start`` when true.
A bad input line (not UTF-8, not JSON, no id, fact not a string) is reported and skipped; it never
stops the run. A UTF-8 byte order mark at the start of the input is ignored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol, TextIO

from .types import Prediction


class Predictor(Protocol):
    def predict(self, fact: str) -> Prediction: ...


@dataclass
class JsonlReport:
    """What a run did: lines read, answers written, and the bad lines (line number, message)."""

    read: int = 0
    written: int = 0
    insufficient: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


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


def predict_jsonl(
    in_stream: Iterable[str | bytes], out_stream: TextIO, model: Predictor, errors: TextIO | None = None
) -> JsonlReport:
    """Answer every input line in order, one output line each; bad lines go to ``errors`` and the report."""
    report = JsonlReport()
    for number, raw in enumerate(in_stream, 1):
        line, problem = decode_line(raw, number)
        if problem is None and not line.strip():
            continue
        report.read += 1
        item = None
        if problem is None:
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                problem = f"not JSON: {exc.msg}"
        if problem is None:
            if not isinstance(item, dict):
                problem = "not a JSON object"
            elif (
                not isinstance(item.get("id"), str | int)
                or isinstance(item.get("id"), bool)
                or item.get("id") == ""
            ):
                problem = "missing or invalid 'id'"
            elif item.get("fact") is not None and not isinstance(item.get("fact"), str):
                problem = "'fact' is not a string"
        if problem is not None:
            report.errors.append((number, problem))
            if errors is not None:
                errors.write(f"line {number}: {problem}\n")
            continue
        assert isinstance(item, dict)
        prediction = model.predict(item.get("fact") or "")
        if prediction.insufficient_information:
            report.insufficient += 1
        out_stream.write(json.dumps(prediction.to_contract(str(item["id"])), ensure_ascii=False) + "\n")
        report.written += 1
    return report
