"""``xiezhi audit verify`` recomputes the hash chain; ``xiezhi audit tail`` shows the newest entries."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiezhi.audit.models import AuditEntry
from xiezhi.audit.services import verify_chain


class Command(BaseCommand):
    help = "Work with the audit log: verify the hash chain, or show the newest entries."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="Recompute every entry's hash and report the first broken entry.")
        tail = sub.add_parser("tail", help="Show the newest entries.")
        tail.add_argument("-n", type=int, default=20, help="How many entries (default 20).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            result = verify_chain()
            if not result.ok:
                where = f"entry #{result.first_broken_id}" if result.first_broken_id else "the chain head"
                raise CommandError(
                    f"Audit chain BROKEN at {where}: {result.reason}. "
                    f"{result.checked} entries before it verified."
                )
            self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {result.checked} entries verified."))
            return
        count = max(1, min(options["n"], 1000))
        entries = list(AuditEntry.objects.order_by("-id")[:count])
        for entry in reversed(entries):
            self.stdout.write(
                f"#{entry.pk} {entry.occurred_at:%Y-%m-%d %H:%M:%S} {entry.actor_label} {entry.action} "
                f"{entry.object_type}:{entry.object_id} {entry.detail}"
            )
