"""K-fold cross-validation of judgment prediction inside the *train* split (for tuning without dev).

Trains on k−1 folds of ``split == "train"`` of ``shared/data/cases.jsonl``, predicts the held-out fold,
and prints the metrics of ``benchmarks/predict.py`` pooled over all folds. Fold models are cached in
``--models`` so that changes to inference-time rules can be re-measured in seconds (without
``--retrain``). ``--set NAME=VALUE`` overrides a module constant of ``xiezhi.nlp.predict.model``
(e.g. ``--set USE_EXCLUSIVE_RULES=False``); ``--opt NAME=VALUE`` a field of ``TrainOptions``.

    nice .venv/bin/python benchmarks/predict_cv.py [--retrain] [--k 4] [--set NAME=VALUE] [--opt NAME=VALUE]
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from predict import DEFAULT_DATA, contract, evaluate  # noqa: E402

import xiezhi.nlp.predict.model as model_module  # noqa: E402
from xiezhi.nlp.predict import Model, TrainOptions, sqlite_statutes, train  # noqa: E402

KEYS = (
    "lawbench_3_3_charges_f1",
    "lawbench_3_1_articles_f1",
    "lawbench_3_4_term",
    "cail_term",
    "cail_charges_micro_f1",
    "cail_charges_macro_f1",
    "cail_articles_micro_f1",
)


def _pair(text: str) -> tuple[str, object]:
    name, _, value = text.partition("=")
    return name, ast.literal_eval(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--k", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--retrain", action="store_true", help="train the fold models again")
    parser.add_argument("--models", default=str(Path(tempfile.gettempdir()) / "xiezhi-predict-cv"))
    parser.add_argument("--set", action="append", default=[], help="model module constant NAME=VALUE")
    parser.add_argument("--opt", action="append", default=[], help="TrainOptions field NAME=VALUE")
    parser.add_argument("--dump", default="", help="write gold/prediction pairs to this JSON file")
    args = parser.parse_args()
    for item in args.set:
        name, value = _pair(item)
        setattr(model_module, name, value)
    options = TrainOptions(**dict(_pair(item) for item in args.opt))

    rows = [
        json.loads(line) for line in Path(args.data).read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    train_rows = [r for r in rows if r["split"] == "train"]
    order = np.random.default_rng(args.seed).permutation(len(train_rows))
    folds = [order[k :: args.k] for k in range(args.k)]
    statutes = sqlite_statutes()
    cache = Path(args.models)
    cache.mkdir(parents=True, exist_ok=True)
    gold, pred = [], []
    start = time.perf_counter()
    for k, held in enumerate(folds):
        held_set = set(held.tolist())
        fit_rows = [r for i, r in enumerate(train_rows) if i not in held_set]
        test_rows = [train_rows[i] for i in held]
        path = cache / f"fold{k}-of-{args.k}.zip"
        if args.retrain or not path.exists():
            model = train(fit_rows, statutes=statutes, options=options)
            model.save(str(path))
        else:
            model = Model.load(str(path), statutes=statutes)
        gold += test_rows
        pred += contract(model, test_rows)
    result = evaluate(gold, pred)
    print(" ".join(f"{key}={result[key]:.4f}" for key in KEYS), f"({time.perf_counter() - start:.0f} s)")
    if args.dump:
        Path(args.dump).write_text(
            json.dumps([{"gold": g, "pred": p} for g, p in zip(gold, pred, strict=True)], ensure_ascii=False),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
