"""Summons filed and served electronically where the party consented; notices e-mailed; public
announcements with names only."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from xiezhi.documents import services as documents
from xiezhi.documents.models import CaseFile, ServiceRecord
from xiezhi.hearings import selectors, services

from .conftest import slot, workday_ahead

pytestmark = pytest.mark.django_db


@pytest.fixture
def consented(personas, case):
    plaintiff = case.parties.get(role="plaintiff")
    documents.record_consent(personas.litigant, plaintiff, True, email="plaintiff@example.cn")
    return plaintiff


def test_summons_filed_and_served_on_consenting_party(
    personas, case, room, consented, django_capture_on_commit_callbacks
):
    personas.lawyer.email = "lawyer@example.cn"
    personas.lawyer.save()
    with django_capture_on_commit_callbacks(execute=True):
        hearing = services.schedule_hearing(personas.clerk, case, slot(workday_ahead(), courtroom=room))
    party_notes = {n.party.role: n for n in hearing.notifications.filter(role="party")}
    plaintiff_note, defendant_note = party_notes["plaintiff"], party_notes["defendant"]
    # both summonses are in the volume
    assert CaseFile.objects.filter(case=case, title__startswith="传票").count() == 2
    # a PDF whose text layer is the summons
    stored = plaintiff_note.case_file.stored
    assert stored.content_type == "application/pdf" and stored.download_name.endswith(".pdf")
    pdf = PdfReader(io.BytesIO(stored.file.open("rb").read()))
    text = "".join(page.extract_text() for page in pdf.pages).replace("\n", "")
    assert "传票" in text and consented.name in text and "第一法庭" in text
    assert text.replace(" ", "").count("应到时间") == 1
    assert "11010519491231002X" not in text
    # the plaintiff consented: served electronically; the defendant did not: the clerk is told
    assert isinstance(plaintiff_note.service, ServiceRecord) and not plaintiff_note.needs_service
    assert defendant_note.service is None and defendant_note.needs_service and defendant_note.note
    # e-mails: the party's service notice (documents) and the lawyer's hearing notice (hearings)
    recipients = {tuple(m.to) for m in mail.outbox}
    assert ("plaintiff@example.cn",) in recipients and ("lawyer@example.cn",) in recipients
    assert hearing.notifications.get(recipient=personas.lawyer).emailed_at is not None


def test_a_presiding_judge_schedules_and_the_clerk_serves(personas, case, room):
    from xiezhi.cases.models import PanelMember

    PanelMember.objects.create(case=case, user=personas.presiding_judge, role="presiding")
    hearing = services.schedule_hearing(personas.presiding_judge, case, slot(workday_ahead(), courtroom=room))
    assert all(n.needs_service for n in hearing.notifications.filter(role="party"))


def test_announcement_is_public_with_names_only(personas, case, room):
    hearing = services.schedule_hearing(personas.clerk, case, slot(workday_ahead(), courtroom=room))
    announcement = hearing.announcements.get()
    assert announcement.publish_on <= timezone.localdate()
    assert announcement.publish_on <= timezone.localtime(hearing.starts_at).date() - timedelta(days=3)
    assert "原告" in announcement.parties and "被告甲" in announcement.parties
    assert "11010519491231002X" not in announcement.text + announcement.parties
    assert list(selectors.public_announcements()) == [announcement]
    services.cancel_hearing(personas.clerk, hearing, "撤诉")
    assert list(selectors.public_announcements()) == []
