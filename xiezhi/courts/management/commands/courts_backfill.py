"""``xiezhi courts_backfill [--dry-run]``: fill empty regions and parent courts from the court codes.

Courts created from judgment headers lack them; run this after an import that created courts (the
data migration did it once for the courts that existed then). Every change is audited (courts
are tracked models).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from xiezhi.courts.backfill import backfill_courts
from xiezhi.courts.models import Court


class Command(BaseCommand):
    help = "Fill empty court regions and parent courts from the court codes (法院代字)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only list what would change.")

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():  # each save is audited (courts are tracked models)
            changes = backfill_courts(Court, dry_run=options["dry_run"])
        for change in changes:
            parts = ", ".join(f"{k}: {v[1]}" for k, v in change.changes.items())
            self.stdout.write(f"{change.court.code} {change.court.name}: {parts}")
        verb = "would change" if options["dry_run"] else "changed"
        self.stdout.write(f"{len(changes)} courts {verb}.")
