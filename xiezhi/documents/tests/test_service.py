"""Electronic service: consent, serving, the date of service, failures and the clerk's alert."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from xiezhi.cases import time_limits
from xiezhi.documents import selectors, services
from xiezhi.documents.models import CaseFile, FileKind, ServiceConsent, ServiceRecord, ServiceStatus

from . import samples

pytestmark = pytest.mark.django_db


class BrokenMailBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("connection refused by smtp.example")


@pytest.fixture
def judgment(personas, case):
    return services.upload_to_case(
        personas.clerk,
        case,
        samples.upload("判决书.pdf", samples.pdf("判决")),
        FileKind.JUDGMENT,
        "民事判决书",
    )


def _consent(personas, plaintiff, email="wang@example.com"):
    return services.record_consent(personas.litigant, plaintiff, True, email)


# --- consent ------------------------------------------------------------------------------------------


def test_electronic_service_needs_consent_and_the_other_methods_are_offered(personas, judgment, plaintiff):
    with pytest.raises(services.ServiceError) as caught:
        services.serve(personas.clerk, judgment, plaintiff)
    assert caught.value.code == "no_consent"
    assert set(caught.value.alternatives) == {"in_person", "post", "other", "public_notice"}
    assert ServiceRecord.objects.count() == 0
    # … and serving by post works without consent.
    by_post = services.serve(personas.clerk, judgment, plaintiff, "post")
    assert (by_post.method, by_post.status, by_post.service_date) == ("post", "sent", None)


def test_consent_is_recorded_per_party_and_may_be_withdrawn(personas, case, judgment, plaintiff, defendant):
    first = _consent(personas, plaintiff)
    assert services.current_consent(plaintiff) == first and first.active
    assert services.current_consent(defendant) is None  # per party
    withdrawn = services.record_consent(personas.litigant, plaintiff, False)
    first.refresh_from_db()
    assert first.withdrawn_at is not None and not withdrawn.active
    assert list(ServiceConsent.objects.filter(party=plaintiff).order_by("id")) == [first, withdrawn]
    with pytest.raises(services.ServiceError) as caught:
        services.serve(personas.clerk, judgment, plaintiff)
    assert caught.value.code == "no_consent"


def test_who_may_record_consent(personas, plaintiff, defendant):
    services.record_consent(personas.clerk, defendant, True, "")  # from a signed 送达地址确认书
    for user in (personas.lawyer, personas.stranger, personas.filing_officer, personas.litigant):
        with pytest.raises(PermissionDenied):
            services.record_consent(user, defendant, True)
    with pytest.raises(services.DocumentError) as caught:
        services.record_consent(personas.litigant, plaintiff, True, "not-an-address")
    assert caught.value.code == "invalid_email"


def test_a_party_without_a_portal_account_cannot_be_served_electronically(personas, judgment, defendant):
    services.record_consent(personas.clerk, defendant, True, "defendant@example.com")
    with pytest.raises(services.ServiceError) as caught:
        services.serve(personas.clerk, judgment, defendant)
    assert caught.value.code == "no_account" and "post" in caught.value.alternatives


# --- serving -----------------------------------------------------------------------------------------


def test_electronic_service_reaches_the_portal_and_the_email(
    personas, case, judgment, plaintiff, django_capture_on_commit_callbacks
):
    _consent(personas, plaintiff)
    with django_capture_on_commit_callbacks(execute=True):
        service = services.serve(personas.clerk, judgment, plaintiff)
    assert (service.status, service.method, service.served_by) == ("sent", "electronic", personas.clerk)
    assert service.sent_at is not None and service.first_opened_at is None and service.service_date is None
    assert [r.pk for r in selectors.served_to(personas.litigant)] == [service.pk]
    assert selectors.served_to(personas.lawyer) == []
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["wang@example.com"]
    assert "民事判决书" in mail.outbox[0].subject
    assert "/portal/documents/" in mail.outbox[0].body


def test_no_email_without_an_address(personas, judgment, plaintiff, django_capture_on_commit_callbacks):
    _consent(personas, plaintiff, email="")
    with django_capture_on_commit_callbacks(execute=True):
        services.serve(personas.clerk, judgment, plaintiff)
    assert mail.outbox == []


def test_a_notice_that_cannot_be_sent_fails_the_service(
    personas, case, judgment, plaintiff, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenMailBackend"
    _consent(personas, plaintiff)
    with django_capture_on_commit_callbacks(execute=True):
        service = services.serve(personas.clerk, judgment, plaintiff)
    service.refresh_from_db()
    assert service.status == "failed" and "connection refused" in service.failure_reason


def test_a_filer_is_never_served_their_own_document(personas, case, plaintiff, defendant):
    # The plaintiff's complaint filed online by the plaintiff (the filing review files it into the
    # volume), and the defence filed by the defendant's lawyer.
    uploaded = services.store_upload(personas.litigant, samples.upload("起诉状.pdf", samples.pdf()))
    complaint = services.add_case_file(
        personas.filing_officer, case, uploaded, FileKind.COMPLAINT, "起诉状", vouched_by_filing=True
    )
    assert complaint.added_by == personas.litigant
    stored = services.store_upload(personas.clerk, samples.upload("答辩状.pdf", samples.pdf()))
    defence = CaseFile.objects.create(
        case=case, stored=stored, kind=FileKind.DEFENCE, title="答辩状", added_by=personas.lawyer
    )
    _consent(personas, plaintiff)
    for case_file, party in ((complaint, plaintiff), (defence, defendant)):
        with pytest.raises(services.DocumentError) as caught:
            services.serve(personas.clerk, case_file, party, "post")
        assert caught.value.code == "own_document"
    assert services.serve(personas.clerk, complaint, defendant, "post").status == "sent"
    assert services.serve(personas.clerk, defence, plaintiff).status == "sent"


def test_what_is_never_served(personas, case, judgment, plaintiff):
    internal = services.upload_to_case(
        personas.clerk, case, samples.upload("评议.pdf", samples.pdf()), FileKind.OTHER, internal=True
    )
    with pytest.raises(services.DocumentError) as caught:
        services.serve(personas.clerk, internal, plaintiff, "post")
    assert caught.value.code == "internal"
    newer = services.store_upload(personas.clerk, samples.upload("判决书.pdf", samples.pdf("更正")))
    services.correct_case_file(personas.clerk, judgment, newer)
    judgment.refresh_from_db()
    with pytest.raises(services.DocumentError) as caught:
        services.serve(personas.clerk, judgment, plaintiff, "post")
    assert caught.value.code == "superseded"


def test_only_serving_staff_serve(personas, judgment, plaintiff):
    for user in (personas.filing_officer, personas.division_head, personas.litigant, personas.stranger):
        with pytest.raises(PermissionDenied):
            services.serve(user, judgment, plaintiff, "post")
    assert services.serve(personas.judge, judgment, plaintiff, "post").served_by == personas.judge


def test_a_document_is_sent_once_unless_the_service_failed(personas, judgment, plaintiff):
    first = services.serve(personas.clerk, judgment, plaintiff, "post")
    with pytest.raises(services.DocumentError) as caught:
        services.serve(personas.clerk, judgment, plaintiff, "in_person")
    assert caught.value.code == "already_served"
    services.mark_failed(personas.clerk, first, "退回：查无此人")
    assert services.serve(personas.clerk, judgment, plaintiff, "in_person").status == "sent"


# --- dates of service ---------------------------------------------------------------------------------


def test_the_first_opening_by_the_party_is_the_date_of_electronic_service(
    personas, case, judgment, plaintiff, monkeypatch
):
    _consent(personas, plaintiff)
    service = services.serve(personas.clerk, judgment, plaintiff)
    # Opened by others: nothing changes.
    for user in (personas.lawyer, personas.clerk, personas.judge):
        assert services.mark_opened(user, service).first_opened_at is None
    # Opened at 10:00 in China on Wed 18 Sep 2024 (time-limits.md, worked example 1).
    opened = datetime(2024, 9, 18, 2, 0, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: opened)
    service = services.mark_opened(personas.litigant, service)
    assert (service.status, service.first_opened_at, service.service_date) == (
        "served",
        opened,
        date(2024, 9, 18),
    )
    service.refresh_from_db()
    assert service.service_date == date(2024, 9, 18)  # stored, for the deadlines that run from it
    # A later opening changes nothing.
    monkeypatch.setattr(timezone, "now", lambda: opened + timedelta(days=3))
    assert services.mark_opened(personas.litigant, service).first_opened_at == opened
    # The appeal window runs from the stored date: 15 days, rolled past National Day.
    assert services.appeal_deadline_for(service, "judgment").due == date(2024, 10, 8)
    # A ruling: 10 days end on Sat 28 Sep, a rest day; Sun 29 Sep 2024 was a working day (调休).
    assert services.appeal_deadline_for(service, "ruling").due == date(2024, 9, 29)


def test_the_date_of_service_is_the_day_in_china(personas, judgment, plaintiff, monkeypatch):
    _consent(personas, plaintiff)
    service = services.serve(personas.clerk, judgment, plaintiff)
    opened = datetime(2024, 9, 30, 17, 0, tzinfo=UTC)  # 01:00 on 1 October in Beijing
    monkeypatch.setattr(timezone, "now", lambda: opened)
    assert services.mark_opened(personas.litigant, service).service_date == date(2024, 10, 1)
    assert time_limits.electronic_service_date(opened) == date(2024, 10, 1)


def test_post_is_served_on_the_date_of_the_receipt(personas, judgment, plaintiff):
    service = services.serve(personas.clerk, judgment, plaintiff, "post")
    service = services.mark_opened(personas.litigant, service)  # seen on the portal meanwhile
    assert (service.status, service.service_date) == (ServiceStatus.OPENED, None)
    with pytest.raises(services.DocumentError):
        services.mark_served(personas.clerk, service, timezone.localdate() + timedelta(days=1))
    service = services.mark_served(personas.clerk, service, timezone.localdate())
    assert (service.status, service.service_date) == ("served", timezone.localdate())


def test_public_notice_is_served_thirty_days_after_publication(personas, judgment, defendant):
    service = services.serve(
        personas.clerk, judgment, defendant, "public_notice", published_on=date(2024, 3, 1)
    )
    assert (service.status, service.service_date) == ("served", date(2024, 3, 31))
    abroad = services.serve(
        personas.clerk,
        services.upload_to_case(
            personas.clerk, judgment.case, samples.upload("b.pdf", samples.pdf()), "other"
        ),
        defendant,
        "public_notice",
        published_on=date(2024, 3, 1),
        abroad=True,
    )
    assert abroad.service_date == date(2024, 4, 30)


# --- failures and the clerk's alert --------------------------------------------------------------------


def test_a_failed_service_alerts_the_clerk_until_it_is_served_again(personas, case, judgment, plaintiff):
    service = services.serve(personas.clerk, judgment, plaintiff, "post")
    with pytest.raises(services.DocumentError):
        services.mark_failed(personas.clerk, service, "  ")
    with pytest.raises(PermissionDenied):
        services.mark_failed(personas.litigant, service, "不在家")
    services.mark_failed(personas.clerk, service, "邮件退回：地址不详")
    panel = selectors.case_panel(personas.clerk, case)
    assert [r.pk for r in panel.failed] == [service.pk]
    assert panel.failed[0].failure_reason == "邮件退回：地址不详"
    row = next(r for r in panel.parties if r.party == plaintiff)
    assert [r.status for r in row.records] == ["failed"]
    services.serve(personas.clerk, judgment, plaintiff, "in_person")
    assert selectors.case_panel(personas.clerk, case).failed == []
    with pytest.raises(services.DocumentError):
        services.mark_failed(personas.clerk, ServiceRecord.objects.get(pk=service.pk), "again")


def test_service_status_per_party(personas, case, judgment, plaintiff, defendant):
    _consent(personas, plaintiff)
    services.serve(personas.clerk, judgment, plaintiff)
    services.serve(personas.clerk, judgment, defendant, "post")
    rows = {row.party.role: row for row in services.service_status(case)}
    assert rows["plaintiff"].consented and not rows["defendant"].consented
    assert [r.method for r in rows["plaintiff"].records] == ["electronic"]
    assert [r.method for r in rows["defendant"].records] == ["post"]
    # Parties do not see the table; they see their own answer.
    panel = selectors.case_panel(personas.litigant, case)
    assert not panel.can_see_service and [p for p, _c in panel.my_parties] == [plaintiff]
