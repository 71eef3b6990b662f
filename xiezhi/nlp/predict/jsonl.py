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

from ..jsonlines import decode_line, object_lines
from .types import Prediction

__all__ = ["JsonlReport", "Predictor", "decode_line", "predict_jsonl"]


class Predictor(Protocol):
    def predict(self, fact: str) -> Prediction: ...


@dataclass
class JsonlReport:
    """What a run did: lines read, answers written, and the bad lines (line number, message)."""

    read: int = 0
    written: int = 0
    insufficient: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def predict_jsonl(
    in_stream: Iterable[str | bytes], out_stream: TextIO, model: Predictor, errors: TextIO | None = None
) -> JsonlReport:
    """Answer every input line in order, one output line each; bad lines go to ``errors`` and the report."""
    report = JsonlReport()
    for number, item, problem in object_lines(in_stream):
        report.read += 1
        if item is not None:
            rid = item.get("id")
            if not isinstance(rid, str | int) or isinstance(rid, bool) or rid == "":
                problem = "missing or invalid 'id'"
            elif item.get("fact") is not None and not isinstance(item.get("fact"), str):
                problem = "'fact' is not a string"
        if problem is not None or item is None:  # object_lines gives an object exactly when no problem
            problem = problem or "not a JSON object"
            report.errors.append((number, problem))
            if errors is not None:
                errors.write(f"line {number}: {problem}\n")
            continue
        prediction = model.predict(item.get("fact") or "")
        if prediction.insufficient_information:
            report.insufficient += 1
        out_stream.write(json.dumps(prediction.to_contract(str(item["id"])), ensure_ascii=False) + "\n")
        report.written += 1
    return report
