"""``xiezhi hearings list``."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from xiezhi.hearings import services

from .conftest import slot, workday_ahead

pytestmark = pytest.mark.django_db


def test_list(personas, case, room):
    day = workday_ahead()
    services.schedule_hearing(personas.clerk, case, slot(day, courtroom=room))
    out = StringIO()
    call_command("hearings", "list", "--court", personas.court.code, "--day", day.isoformat(), stdout=out)
    text = out.getvalue()
    assert case.number in text and "第一法庭" in text and "1 hearing(s)" in text
    out = StringIO()
    call_command(
        "hearings", "list", "--court", personas.court.code, "--day", day.isoformat(), "--json", stdout=out
    )
    assert json.loads(out.getvalue().splitlines()[0])["case"] == case.number


def test_bad_input(personas):
    with pytest.raises(CommandError, match="no court"):
        call_command("hearings", "list", "--court", "火星01")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("hearings", "list", "--court", personas.court.code, "--day", "tomorrow")
