"""``xiezhi assist_guiding``: mark a decided case as an SPC guiding case (指导性案例), or list them.

    xiezhi assist_guiding CASE_NUMBER "指导性案例14号" [--published YYYY-MM-DD]
    xiezhi assist_guiding CASE_NUMBER --remove
    xiezhi assist_guiding --list

Guiding cases are the top authority tier of the similar-case search. The case must be in the
database (imported with ``xiezhi import judgments`` or decided in Xiezhi); the mark is audited.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ... import services, similar


class Command(BaseCommand):
    help = "Mark a decided case as an SPC guiding case (指导性案例) for the similar-case search."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("case_number", nargs="?", help="the case number, e.g. （2019）浙01刑初12号")
        parser.add_argument("guiding_number", nargs="?", help="e.g. 指导性案例14号")
        parser.add_argument("--published", default=None, help="publication date, YYYY-MM-DD")
        parser.add_argument("--remove", action="store_true", help="remove the mark")
        parser.add_argument("--list", action="store_true", help="list the guiding cases")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for g in similar.guiding_cases():
                self.stdout.write(json.dumps({"case": g.case.number, "number": g.number}, ensure_ascii=False))
            return
        if not options["case_number"]:
            raise CommandError("Name the case number (or use --list).")
        try:
            case = similar.guiding_case_for_number(options["case_number"])
        except services.AssistError as exc:
            raise CommandError(exc.message) from None
        if options["remove"]:
            removed = similar.unmark_guiding(None, case)
            self.stdout.write(json.dumps({"case": case.number, "removed": removed}, ensure_ascii=False))
            return
        published = None
        if options["published"]:
            try:
                published = date.fromisoformat(options["published"])
            except ValueError:
                raise CommandError("Give --published as YYYY-MM-DD.") from None
        try:
            guiding = similar.mark_guiding(None, case, options["guiding_number"] or "", published)
        except services.AssistError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(json.dumps({"case": case.number, "number": guiding.number}, ensure_ascii=False))
