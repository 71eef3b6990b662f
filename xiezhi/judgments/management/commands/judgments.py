"""``xiezhi judgments effect [--today YYYY-MM-DD]``: the scheduled job of decision effectiveness.

Run it daily (cron or a systemd timer, shortly after midnight China time). Every final decision
document whose parties have all been served and whose appeal windows have all ended without an
appeal takes effect the day after the last window's end (a mediation statement: the day the last
party signed for it); the case moves closed → effective through the cases workflow. Idempotent:
running it twice, or late, gives the same effective dates. ``--today`` replays a given day.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiezhi.audit.context import acting_as, system_actor
from xiezhi.judgments.drafting import make_due_effective


class Command(BaseCommand):
    help = "Judgment documents: `effect` makes served decisions effective once every appeal window has ended."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        effect = sub.add_parser("effect", help="Make due decisions effective (the scheduled job).")
        effect.add_argument("--today", help="Run as of this day (YYYY-MM-DD); default: today in China.")
        effect.add_argument(
            "--verbose-waiting", action="store_true", help="List the decisions still waiting."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options.get("today"):
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"--today: not a date (YYYY-MM-DD): {options['today']!r}") from None
        with acting_as(system_actor("cli:judgments effect")):
            report = make_due_effective(today)
        for draft, day in report.effective:
            self.stdout.write(f"effective {draft.case.number} {draft.title} from {day.isoformat()}")
        for draft, reason in report.refused:
            self.stdout.write(f"refused {draft.case.number} {draft.title}: {reason}")
        if options.get("verbose_waiting"):
            for draft, reason in report.waiting:
                self.stdout.write(f"waiting {draft.case.number} {draft.title}: {reason}")
        self.stdout.write(
            f"{len(report.effective)} took effect, {len(report.waiting)} waiting, "
            f"{len(report.refused)} refused"
        )
        if report.refused:
            raise SystemExit(1)
