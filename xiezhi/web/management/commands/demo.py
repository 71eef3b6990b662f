"""``xiezhi demo``: load the demo court system (idempotent) and print the demo accounts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from xiezhi.web.demo import build_demo

# The accounts printed by default: one of each role in the Xihu basic court plus the external users.
HIGHLIGHT_PREFIXES = ("xh-", "litigant1", "lawyer1", "agency-")


class Command(BaseCommand):
    help = "Load demo courts, divisions, courtrooms and accounts (safe to run again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="List every demo account, not only the Xihu court's."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = build_demo()
        self.stdout.write(
            f"Demo data: {report.courts} courts, {report.divisions} divisions, "
            f"{report.courtrooms} courtrooms, "
            f"{report.users} accounts ({report.created} records created this run)."
        )
        self.stdout.write(f"Every demo account's password: {settings.XIEZHI_DEMO_PASSWORD}")
        self.stdout.write(f"{'user name':<26} {'name':<8} {'role':<20} court / firm")
        for account in report.accounts or []:
            if options["all"] or account.username.startswith(HIGHLIGHT_PREFIXES):
                self.stdout.write(
                    f"{account.username:<26} {account.full_name:<8} {account.role:<20} {account.court}"
                )
        if not options["all"]:
            self.stdout.write("(xiezhi demo --all lists the accounts of every court.)")
