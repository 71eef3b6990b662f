"""``xiezhi run``: apply migrations, then serve the site (development server) on 127.0.0.1:8000."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Migrate the database and serve Xiezhi on 127.0.0.1:8000 (use a WSGI server in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000", help="Address and port.")
        parser.add_argument("--no-migrate", action="store_true", help="Do not apply migrations first.")
        parser.add_argument("--noreload", action="store_true", help="Do not restart on code changes.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        call_command("runserver", options["addrport"], use_reloader=not options["noreload"])
