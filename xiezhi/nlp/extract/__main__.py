"""``python -m xiezhi.nlp.extract --in IN.jsonl --out OUT.jsonl``: case elements for a JSON Lines file.

Each input line is ``{"id": str, "text": str}`` (``fact`` is accepted for ``text``); each output line is
``{"id", "elements": [{"type", "start", "end", "text", "value"[, "role"]}]}`` with offsets into the
input text (see :mod:`xiezhi.nlp.extract.elements`). A line that is not a JSON object, or has no text,
is reported on stderr with its line number and answered with ``"error"`` and no elements; the run goes
on. ``-`` reads stdin / writes stdout; a UTF-8 byte order mark at the start of the input is ignored.

Exit status, as for ``xiezhi predict``: 0 when the good lines were answered (bad lines are reported and
counted but do not change it; ``--strict`` makes any bad line exit 1); 1 when the input had lines but
none was good; 2 when a file cannot be read or written.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from typing import IO

from ..jsonlines import object_lines
from .elements import extract_elements


def extract_jsonl(src: Iterable[str | bytes], dst: IO[str], errors: IO[str]) -> tuple[int, int]:
    """Answer every non-blank line of ``src`` on ``dst``; return (lines answered, lines with errors)."""
    done = bad = 0
    for number, record, problem in object_lines(src):
        rid = record.get("id") if isinstance(record, dict) else None
        text = (record.get("text") or record.get("fact")) if isinstance(record, dict) else None
        if problem is None and not isinstance(text, str):
            problem = "no 'text' string"
        out: dict = {"id": rid}
        if problem:
            bad += 1
            print(f"line {number}: {problem}", file=errors)
            out.update(elements=[], error=problem)
        else:
            out["elements"] = [e.as_dict() for e in extract_elements(text)]
        dst.write(json.dumps(out, ensure_ascii=False) + "\n")
        done += 1
    return done, bad


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m xiezhi.nlp.extract", description="Element extraction (要素抽取) for a JSONL file."
    )
    parser.add_argument(
        "--in", dest="inp", required=True, help="input JSONL: {id, text} per line ('-': stdin)"
    )
    parser.add_argument("--out", required=True, help="output JSONL ('-' = stdout)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if any input line is bad")
    args = parser.parse_args(argv)
    try:
        src = sys.stdin.buffer if args.inp == "-" else open(args.inp, "rb")
    except OSError as exc:
        print(f"extract: cannot read {args.inp}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        dst = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    except OSError as exc:
        print(f"extract: cannot write {args.out}: {exc.strerror}", file=sys.stderr)
        if src is not sys.stdin.buffer:
            src.close()
        return 2
    try:
        done, bad = extract_jsonl(src, dst, sys.stderr)
    finally:
        if src is not sys.stdin.buffer:
            src.close()
        if dst is not sys.stdout:
            dst.close()
    print(f"extract: {done - bad} answered, {bad} bad lines", file=sys.stderr)
    return 1 if bad and (args.strict or done == bad) else 0


if __name__ == "__main__":
    sys.exit(main())
