"""Command line: ``xiezhi anonymize --in IN.jsonl --out OUT.jsonl [--policy full|spc2016]``.

:func:`main` takes the arguments after ``anonymize`` (the project CLI dispatches to it), or the
whole argument list with ``anonymize`` first; ``python -m xiezhi.nlp.anonymize`` runs it directly.
Exit status 0 when the run completed (bad lines are reported on stderr and skipped), 2 on usage
errors or unreadable files.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .jsonl import anonymize_jsonl
from .policy import POLICIES


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="xiezhi anonymize", description="Anonymize judgments (JSONL in, JSONL out)."
    )
    ap.add_argument(
        "--in", dest="inp", required=True, help='input JSONL, one {"id", "text"} per line (\'-\' = stdin)'
    )
    ap.add_argument("--out", dest="out", required=True, help="output JSONL ('-' = stdout)")
    ap.add_argument(
        "--policy", choices=sorted(POLICIES), default="full", help="anonymization policy (default: full)"
    )
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["anonymize"]:
        args_list = args_list[1:]
    args = build_parser().parse_args(args_list)
    try:
        fin = sys.stdin if args.inp == "-" else open(args.inp, encoding="utf-8")
    except OSError as exc:
        print(f"cannot read {args.inp}: {exc}", file=sys.stderr)
        return 2
    try:
        fout = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    except OSError as exc:
        print(f"cannot write {args.out}: {exc}", file=sys.stderr)
        return 2
    try:
        counts = anonymize_jsonl(fin, fout, args.policy)
    finally:
        if fin is not sys.stdin:
            fin.close()
        if fout is not sys.stdout:
            fout.close()
    summary = {k: v for k, v in counts.to_dict().items() if k != "errors"}
    print(json.dumps({"anonymize": summary}, ensure_ascii=False), file=sys.stderr)
    return 0
