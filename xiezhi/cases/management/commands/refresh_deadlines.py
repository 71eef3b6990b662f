"""``xiezhi refresh_deadlines``: recompute the time-limit end of every open case (after the holiday
calendar or an override changed)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from xiezhi.cases.models import Case
from xiezhi.cases.services import refresh_deadlines


class Command(BaseCommand):
    help = "Recompute the stored time-limit end of every open case."

    def handle(self, *args: Any, **options: Any) -> None:
        cases = Case.objects.open().prefetch_related("suspensions", "extensions").iterator(chunk_size=500)
        changed = refresh_deadlines(cases)
        self.stdout.write(f"{changed} open case(s) got a new time-limit end.")
