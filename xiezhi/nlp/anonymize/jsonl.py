"""Line-by-line JSONL driver implementing the CLI contract.

Input lines: ``{"id": str, "text": str}``. Output lines: ``{"id", "text", "replacements":
[{"start", "end", "original", "replacement", "kind"}], "needs_review", "review_reasons",
"policy", "pipeline_version"}`` with offsets into the input text (code points). A bad line (not
JSON, not an object, ``id``/``text`` missing or not strings) is reported and skipped; the run goes on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO

from .pipeline import anonymize
from .policy import Policy, get_policy


@dataclass(slots=True)
class JsonlCounts:
    read: int = 0
    written: int = 0
    skipped: int = 0
    needs_review: int = 0
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "read": self.read,
            "written": self.written,
            "skipped": self.skipped,
            "needs_review": self.needs_review,
            "errors": list(self.errors),
        }


def _parse(line: str) -> tuple[str, str]:
    obj = json.loads(line)
    if not isinstance(obj, dict):
        raise ValueError("line is not a JSON object")
    doc_id, text = obj.get("id"), obj.get("text")
    if not isinstance(doc_id, str) or not doc_id:
        raise ValueError("missing or non-string 'id'")
    if not isinstance(text, str):
        raise ValueError("missing or non-string 'text'")
    return doc_id, text


def anonymize_jsonl(
    in_stream: Iterable[str],
    out_stream: IO[str],
    policy: str | Policy = "full",
    err_stream: IO[str] | None = None,
) -> JsonlCounts:
    """Read judgments from ``in_stream`` (lines of JSON), write redacted ones to ``out_stream``.

    Returns the counts; every bad line is also described on ``err_stream`` (stderr by default).
    """
    pol = get_policy(policy)
    err = err_stream if err_stream is not None else sys.stderr
    counts = JsonlCounts()
    for lineno, raw in enumerate(in_stream, start=1):
        if not raw.strip():
            continue
        counts.read += 1
        try:
            doc_id, text = _parse(raw)
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            msg = f"line {lineno}: skipped: {exc}"
            counts.skipped += 1
            counts.errors.append(msg)
            print(msg, file=err)
            continue
        res = anonymize(text, pol)
        out = {
            "id": doc_id,
            "text": res.text,
            "replacements": [r.to_dict() for r in res.replacements],
            "needs_review": res.needs_review,
            "review_reasons": list(res.review_reasons),
            "policy": res.policy,
            "pipeline_version": res.pipeline_version,
        }
        out_stream.write(json.dumps(out, ensure_ascii=False) + "\n")
        counts.written += 1
        counts.needs_review += int(res.needs_review)
    return counts
