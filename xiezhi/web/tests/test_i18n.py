"""Both translation catalogues are complete and cover every string in the code and templates."""

from __future__ import annotations

import io

from django.core.management import call_command


def test_translation_catalogues_are_complete_and_current():
    out = io.StringIO()
    call_command("i18n", "check", stdout=out)
    assert "complete" in out.getvalue()
