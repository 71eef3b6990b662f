"""``xiezhi assist_train``: train the prediction model from the court's own decided criminal cases.

    xiezhi assist_train [--court-code CODE] [--limit N] [--min-records 20] [--out PATH]
                        [--no-activate] [--folds 5] [--dry-run]

Reads every decided criminal case with a judgment (imported or drafted) — facts, charges, the
Criminal Law articles cited and the executed term — and writes a versioned artifact into the models
folder (``$XIEZHI_MODELS_DIR`` or ``<XIEZHI_VAR_DIR>/models``), made the active model unless
``--no-activate``. Running web processes pick the new model up at their next request. Prints one
JSON line: the artifact, the model version, the record count, what was skipped and the training
metrics. ``--dry-run`` only counts the records.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiezhi.nlp.predict import TrainOptions, train

from ... import services
from ...training import harvest


class Command(BaseCommand):
    help = "Train the charge/article/term prediction model from the database's decided criminal cases."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--court-code", default=None, help="only this court's cases (e.g. 浙0106)")
        parser.add_argument("--limit", type=int, default=None, help="read at most N cases")
        parser.add_argument(
            "--min-records", type=int, default=20, help="refuse to train on fewer (default 20)"
        )
        parser.add_argument(
            "--out", default=None, help="artifact path (default: a new file in the models folder)"
        )
        parser.add_argument("--no-activate", action="store_true", help="do not make it the active model")
        parser.add_argument("--folds", type=int, default=5, help="folds for the out-of-fold signals")
        parser.add_argument("--dry-run", action="store_true", help="count the usable records only")

    def handle(self, *args: Any, **options: Any) -> None:
        found = harvest(options["court_code"], options["limit"])
        summary: dict[str, Any] = {"records": len(found.records), "skipped": found.skipped}
        if options["dry_run"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        needed = max(1, options["min_records"])
        if len(found.records) < needed:
            # Exit status 2, as ``xiezhi train --from`` for a file without enough records.
            raise CommandError(
                f"only {len(found.records)} decided criminal cases with facts, charges and a sentence in the "
                f"database (skipped: {found.skipped or 'none'}); "
                f"at least {needed} are needed. Nothing was trained; the active model is unchanged. "
                "Import judgments (xiezhi import judgments PATH) or train from a file: "
                f"{services.TRAIN_COMMAND}",
                returncode=2,
            )
        provider, _urls = services.statutes()
        try:
            model = train(
                found.records,
                statutes=provider,
                options=TrainOptions(folds=max(2, options["folds"])),
                progress=lambda m: self.stderr.write(m),
            )
        except ValueError as exc:  # the records cannot support the model (too few for the folds...)
            raise CommandError(
                f"cannot train on {len(found.records)} records: {exc}. Nothing was written; "
                "the active model is unchanged.",
                returncode=2,
            ) from exc
        folder = services.models_dir()
        out = (
            Path(options["out"])
            if options["out"]
            else folder / f"predict-db-{time.strftime('%Y%m%d-%H%M%S')}.zip"
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        model.save(str(out))
        activated = not options["no_activate"] and out.parent.resolve() == folder.resolve()
        if activated:
            # The same pointer ``xiezhi train`` and ``xiezhi models activate`` write.
            (folder / "ACTIVE").write_text(out.name + "\n", encoding="utf-8")
        summary.update(
            artifact=str(out),
            model_version=model.version,
            active=activated,
            metrics=model.meta.get("metrics", {}),
        )
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
