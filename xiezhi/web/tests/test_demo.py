"""``xiezhi demo`` builds a believable court system and running it twice changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from xiezhi.accounts.models import StaffProfile, StaffRole, User
from xiezhi.audit.models import AuditEntry
from xiezhi.cases.models import Case
from xiezhi.courts.models import Court, Courtroom, Division

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        Court.objects.count(),
        Division.objects.count(),
        Courtroom.objects.count(),
        User.objects.count(),
        StaffProfile.objects.count(),
        Case.objects.count(),
        AuditEntry.objects.count(),
    )


def test_demo_builds_the_court_system_and_is_idempotent():
    out = io.StringIO()
    call_command("demo", stdout=out)
    first = _counts()
    levels = sorted(Court.objects.values_list("level", flat=True))
    assert levels.count("high") == 1 and levels.count("intermediate") == 2 and levels.count("basic") == 4
    for court in Court.objects.all():
        court.full_clean()  # every code is well formed and fits its parent
    roles = set(StaffProfile.objects.filter(court__code="浙0106").values_list("role", flat=True))
    assert roles == set(StaffRole.values)
    assert User.objects.filter(kind="lawyer", lawyer_profile__isnull=False).count() == 3
    assert "xh-ms1-judge1" in out.getvalue() and "xiezhi-demo-2026" in out.getvalue()
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {"registered", "assigned", "in_trial", "suspended", "closed", "effective"} <= statuses
    appeal = Case.objects.get(origin__isnull=False)
    assert appeal.court.code == "浙01" and appeal.type_code == "民终"
    # Hearings, drafted judgments and a published one, so every part of the system has something.
    from xiezhi.disclosure.models import Publication
    from xiezhi.hearings.models import Hearing, HearingAnnouncement
    from xiezhi.judgments.models import JudgmentDraft

    assert Hearing.objects.count() == 3 and HearingAnnouncement.objects.count() == 2
    assert sorted(JudgmentDraft.objects.values_list("status", flat=True)) == ["final", "final", "submitted"]
    assert Publication.objects.filter(state="published").count() == 1
    assert Case.objects.filter(status="effective", judgment_documents__source="drafted").count() == 2

    call_command("demo", stdout=io.StringIO())
    assert _counts() == first
