"""Issue #6, "Done means", at the services level: a civil case is registered, assigned and tried; a
hearing is scheduled without conflicts (a clashing one is refused), the summons reaches a consenting
party electronically; the hearing is held, its record written, signed by both parties and locked as
a hashed case file; the judgment is drafted from the template, submitted and approved, filed as DOCX
and PDF; it is served on every party (each opens it on the portal: the date of service), and the
scheduled job makes it effective the day after the last window ends — on the real 2025 National Day
holiday boundary. The second branch: an appeal in time opens the second-instance case in the higher
court, which receives the first-instance file.

The journey travels through 2025 on a clock (``timezone.now`` set per step, as the documents tests
do): every service runs as it does in production, on the day the step happens.
"""

from __future__ import annotations

import hashlib
import io
from datetime import date, datetime, time

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from xiezhi import policy
from xiezhi.accounts.factories import LitigantFactory, StaffFactory
from xiezhi.accounts.models import StaffRole
from xiezhi.cases import services as case_services
from xiezhi.cases.models import Case, CauseOfAction
from xiezhi.courts.factories import CourtroomFactory, DivisionFactory
from xiezhi.courts.models import DivisionKind
from xiezhi.documents import services as documents
from xiezhi.documents.models import FileKind, ServiceStatus
from xiezhi.hearings import records
from xiezhi.hearings import services as hearings
from xiezhi.hearings.models import RecipientRole, RecordStatus
from xiezhi.judgments import drafting

from .test_drafting import FILLED, OPERATIVE

pytestmark = pytest.mark.django_db

CHINA = timezone.get_fixed_timezone(8 * 60)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


class Clock:
    """The journey's "now": each step sets the day (and hour, China time) it happens on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = datetime(2025, 8, 1, 9, 0, tzinfo=CHINA)
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def set(self, day: date, hh: int = 9, mm: int = 0) -> None:
        self.now = datetime.combine(day, time(hh, mm), tzinfo=CHINA)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def _stored_bytes(case_file) -> bytes:  # type: ignore[no-untyped-def]
    with case_file.stored.file.open("rb") as handle:
        return handle.read()


def _journey_to_service(personas, clock):  # type: ignore[no-untyped-def]
    """Everything up to the judgment served on both parties: returns (case, draft, parties)."""
    plaintiff_user, defendant_user = personas.litigant, LitigantFactory(user__full_name="钱某").user

    # 2025-08-01: registered at the filing counter, assigned by the division head, trial started.
    clock.set(date(2025, 8, 1))
    case = case_services.register_case(
        personas.filing_officer,
        case_services.CaseInput(
            court=personas.court,
            division=personas.civil,
            case_type="civil",
            procedure="first_instance_ordinary",
            received_on=date(2025, 8, 1),
            cause=CauseOfAction.objects.get(code="civil.private_lending"),
            claim_amount=80000,
            summary="判令被告偿还借款本金八万元及利息。",
            parties=(
                case_services.PartyInput("plaintiff", plaintiff_user.full_name, user=plaintiff_user),
                case_services.PartyInput("defendant", defendant_user.full_name, user=defendant_user),
            ),
        ),
    )
    assert case.number and case.registered_on == date(2025, 8, 1)
    case = case_services.transition(personas.division_head, case, "assign")
    assert case.status == "assigned" and case.clerk_id == personas.clerk.pk
    judge = case.judge
    case = case_services.transition(judge, case, "start_trial")
    plaintiff, defendant = case.parties.order_by("position", "pk")
    # Both parties consent to electronic service on the portal (电子送达确认书).
    documents.record_consent(plaintiff_user, plaintiff, True)
    documents.record_consent(defendant_user, defendant, True)

    # 2025-08-04 (Mon): the clerk schedules the hearing for Tue 2025-08-12; a clash is refused.
    clock.set(date(2025, 8, 4))
    room = CourtroomFactory(court=personas.court, name="第三法庭")
    slot = hearings.HearingInput(
        starts_at=datetime(2025, 8, 12, 9, 0, tzinfo=CHINA),
        ends_at=datetime(2025, 8, 12, 11, 0, tzinfo=CHINA),
        courtroom=room,
    )
    assert hearings.check_hearing(case, slot) == []
    hearing = hearings.schedule_hearing(personas.clerk, case, slot)
    with pytest.raises(hearings.SchedulingError) as clash:
        hearings.schedule_hearing(
            personas.clerk,
            case,
            hearings.HearingInput(
                starts_at=datetime(2025, 8, 12, 10, 0, tzinfo=CHINA),
                ends_at=datetime(2025, 8, 12, 12, 0, tzinfo=CHINA),
                courtroom=room,
            ),
        )
    assert clash.value.is_conflict
    assert {"courtroom_busy", "person_busy"} <= {p.code for p in clash.value.problems}
    assert "第三法庭" in clash.value.message

    # The summons reached each party electronically; opening it on the portal is its service.
    summonses = hearing.notifications.filter(role=RecipientRole.PARTY).select_related("service")
    assert summonses.count() == 2
    for notice, user in zip(
        summonses.order_by("party__position", "party__pk"), (plaintiff_user, defendant_user)
    ):
        assert notice.service is not None and not notice.needs_service
        assert notice.case_file.title.startswith("传票")
        served = documents.mark_opened(user, notice.service)
        assert served.status == ServiceStatus.SERVED and served.service_date == date(2025, 8, 4)

    # 2025-08-12: heard; the clerk writes the record, both parties sign it online, it is locked.
    clock.set(date(2025, 8, 12), 9, 30)
    hearings.mark_held(personas.clerk, hearing)
    record = records.start_record(personas.clerk, hearing)

    def speaker(name: str) -> int:
        return next(i for i, p in enumerate(record.participants) if p["name"] == name)

    records.add_entry(personas.clerk, record, "preparation", speaker(judge.display_name), "现在开庭。")
    records.add_entry(
        personas.clerk, record, "investigation", speaker(plaintiff.name), "被告借款八万元到期未还。"
    )
    records.add_entry(personas.clerk, record, "investigation", speaker(defendant.name), "借款属实。")
    record = records.submit_for_signing(personas.clerk, record)
    records.sign(plaintiff_user, record, plaintiff)
    records.sign(defendant_user, record, defendant)
    clock.set(date(2025, 8, 12), 11, 30)
    record = records.lock(personas.clerk, record)
    assert record.status == RecordStatus.LOCKED and record.case_file.kind == FileKind.HEARING_RECORD
    body = _stored_bytes(record.case_file)
    assert hashlib.sha256(body).hexdigest() == record.sha256 == record.case_file.stored.sha256
    assert "在线签名确认" in body.decode("utf-8")

    # 2025-09-10: the judge drafts the judgment from the template (flagged major: the division head
    # approves), submits it; the head approves; DOCX and PDF are filed and the case is closed.
    clock.set(date(2025, 9, 10))
    draft = drafting.start_draft(judge, Case.objects.get(pk=case.pk), "civil_judgment", major=True)
    assert plaintiff.name in drafting.compose(draft).text
    draft = drafting.save_draft(judge, draft, FILLED, draft.version)
    draft = drafting.submit(judge, draft, draft.version)
    if draft.status != "final":  # the division head was not the judge in charge
        assert draft.pending_step == "division_head"
        with pytest.raises(PermissionDenied):
            drafting.approve(personas.clerk, draft, draft.version)
        draft = drafting.approve(personas.division_head, draft, draft.version)
    assert draft.status == "final" and draft.decided_on == date(2025, 9, 10)
    assert [a.action for a in draft.approvals.order_by("pk")][-1] == "approved"
    case.refresh_from_db()
    assert case.status == "closed" and case.outcome == "judgment" and case.closed_on == date(2025, 9, 10)
    pdf, docx = draft.pdf_file, draft.docx_file
    assert pdf.kind == docx.kind == FileKind.JUDGMENT and pdf.case_id == docx.case_id == case.pk
    for case_file in (pdf, docx):
        assert hashlib.sha256(_stored_bytes(case_file)).hexdigest() == case_file.stored.sha256
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(_stored_bytes(pdf))).pages)
    pdf_text = pdf_text.replace("\n", "")
    assert case.number in pdf_text and "二〇二五年九月十日" in pdf_text
    assert OPERATIVE.splitlines()[0] in pdf_text
    docx_text = "\n".join(p.text for p in Document(io.BytesIO(_stored_bytes(docx))).paragraphs)
    assert docx_text.strip() == draft.document.text.strip()

    # 2025-09-15: the clerk serves the PDF electronically on both parties; the plaintiff opens it on
    # Thu 09-18, the defendant on Sat 09-20 (the dates of service).
    clock.set(date(2025, 9, 15))
    services = {p.pk: documents.serve(personas.clerk, pdf, p) for p in (plaintiff, defendant)}
    assert drafting.effect_status(draft).state == "unserved"
    clock.set(date(2025, 9, 18), 20, 0)
    documents.mark_opened(plaintiff_user, services[plaintiff.pk])
    clock.set(date(2025, 9, 20), 8, 15)
    documents.mark_opened(defendant_user, services[defendant.pk])
    return Case.objects.get(pk=case.pk), draft, (plaintiff, defendant)


def test_from_registration_to_an_effective_judgment(personas, clock, capsys):
    case, draft, (plaintiff, defendant) = _journey_to_service(personas, clock)
    status = drafting.effect_status(draft, today=date(2025, 9, 21))
    # 15 days (CPL Art. 171) from the day after service: 09-18 → day 15 = 10-03, 09-20 → 10-05, both
    # inside the 2025 National Day + Mid-Autumn holiday (1–8 October): both roll to Thu 10-09.
    assert {w.party.pk: (w.service.service_date, w.due) for w in status.windows} == {
        plaintiff.pk: (date(2025, 9, 18), date(2025, 10, 9)),
        defendant.pk: (date(2025, 9, 20), date(2025, 10, 9)),
    }
    assert status.state == "running" and status.last_day == date(2025, 10, 9)

    # The daily job on the last day of the windows: nothing happens.
    clock.set(date(2025, 10, 9), 0, 30)
    call_command("judgments", "effect", "--today", "2025-10-09")
    assert "0 took effect, 1 waiting" in capsys.readouterr().out
    case.refresh_from_db()
    assert case.status == "closed" and case.effective_on is None

    # The day after: the judgment is effective from 2025-10-10, recorded everywhere.
    clock.set(date(2025, 10, 10), 0, 30)
    call_command("judgments", "effect", "--today", "2025-10-10")
    assert f"effective {case.number} 民事判决书 from 2025-10-10" in capsys.readouterr().out
    case.refresh_from_db()
    draft.refresh_from_db()
    assert case.status == "effective" and case.effective_on == date(2025, 10, 10)
    assert draft.effective_on == date(2025, 10, 10)
    assert draft.document.metadata["effective_on"] == "2025-10-10"
    # Once effective, the decision can no longer be drafted over.
    assert not policy.can(case.judge, "case.judgment.draft", case)


def test_an_appeal_in_time_goes_to_the_higher_court_with_the_file(personas, clock):
    case, draft, (plaintiff, defendant) = _journey_to_service(personas, clock)
    # 2025-10-08, within the defendant's window (to 10-09): the appeal is recorded.
    clock.set(date(2025, 10, 8))
    case = case_services.transition(
        case.judge, case, "appeal", appellant=defendant, filed_on=date(2025, 10, 8)
    )
    second = case.appeal_case
    assert second.court == personas.court.parent and second.origin_id == case.pk
    assert second.origin_kind == "appeal" and second.procedure == "second_instance"
    assert second.number.startswith("（2025）") and "民终" in second.number
    assert {p.name: p.role for p in second.parties.all()} == {
        plaintiff.name: "appellee",
        defendant.name: "appellant",
    }

    # The file is transferred: every current document of the first instance, same bytes, same volume.
    first = list(case.case_files.current())
    moved = {(f.stored_id, f.internal, f.kind) for f in second.case_files.all()}
    assert {(f.stored_id, f.internal, f.kind) for f in first} == moved
    assert len(first) >= 5  # two summonses, the hearing record, the judgment's PDF and DOCX
    assert all(f.title.startswith("（一审）") for f in second.case_files.all())
    assert second.timeline.filter(detail__contains="案卷已移送").exists()

    # The appeal court's judge reads it through the appeal case (not through the first instance).
    division = DivisionFactory(court=second.court, kind=DivisionKind.CIVIL, name="民事审判第二庭")
    appeal_judge = StaffFactory(role=StaffRole.JUDGE, division=division).user
    Case.objects.filter(pk=second.pk).update(judge=appeal_judge, division=division, status="assigned")
    second = Case.objects.get(pk=second.pk)
    titles = [f.title for f in documents.volume(second, appeal_judge)]
    assert any("庭审笔录" in t for t in titles) and f"（一审）{draft.title}" in titles
    record_copy = next(f for f in documents.volume(second, appeal_judge) if f.kind == FileKind.HEARING_RECORD)
    with documents.open_for_download(appeal_judge, record_copy) as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == record_copy.stored.sha256
    assert not policy.can(appeal_judge, "case.view", case)
    # The appellant sees the main volume of their appeal too.
    assert f"（一审）{draft.title}" in [f.title for f in documents.volume(second, defendant.user)]

    # The first-instance judgment does not take effect.
    clock.set(date(2025, 10, 20))
    report = drafting.make_due_effective(today=date(2025, 10, 20))
    assert report.effective == [] and draft.pk in [d.pk for d, _ in report.waiting]
    status = drafting.effect_status(draft, today=date(2025, 10, 20))
    assert status.state == "appealed" and second.number in status.message
    case.refresh_from_db()
    assert case.status == "closed" and case.effective_on is None
