"""The litigation-services journey as one test: file → corrections → resubmit → accept → fee notice
→ payment recorded → document served → opened, with its service date (issue #4, Tests)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.utils import timezone

from xiezhi.audit.services import verify_chain
from xiezhi.documents import services as documents
from xiezhi.documents.tests.samples import pdf
from xiezhi.fees import services as fees
from xiezhi.filing import services

from .factories import ready_filing, tiny_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_file_correct_accept_pay_serve_open(personas):
    litigant, officer, clerk = personas.litigant, personas.filing_officer, personas.clerk

    filing = ready_filing(personas)
    filing = services.submit(litigant, filing, "first", filing.version)
    filing = services.request_corrections(officer, filing, ["请补充借条"], filing.version)
    services.add_evidence(litigant, filing, io.BytesIO(tiny_pdf("iou")), "evidence", "借条", name="iou.pdf")
    filing.refresh_from_db()
    filing = services.submit(litigant, filing, "second", filing.version)
    case = services.accept(officer, filing, filing.version)

    assert case.number.endswith("号") and case.clerk == clerk  # assigned with the division's clerk
    notice = case.fee_notices.get()
    assert notice.amount == Decimal("2700.00")  # 120,000 yuan: 2,400 + 300 (fees.md)

    fees.record_payment(clerk, notice, "2700", reference="POS-0001")
    notice.refresh_from_db()
    assert notice.status == "paid"

    plaintiff = case.parties.get(role="plaintiff")
    documents.record_consent(litigant, plaintiff, True, email="litigant@example.org")
    served_doc = documents.upload_to_case(
        clerk, case, io.BytesIO(pdf("受理通知书")), "other", "受理案件通知书", name="notice.pdf"
    )
    record = documents.serve(clerk, served_doc, plaintiff)
    assert record.status == "sent" and record.service_date is None
    record = documents.mark_opened(litigant, record)
    assert record.first_opened_at is not None
    assert record.service_date == timezone.localdate()

    timeline = list(case.timeline.values_list("kind", flat=True))
    for kind in ("registered", "assigned", "fee_notice", "fee_paid", "served"):
        assert kind in timeline
    events = list(filing.events.values_list("kind", flat=True))
    assert events == ["draft_created", "submitted", "corrections_requested", "resubmitted", "accepted"]
    assert verify_chain().ok  # every step above was audited and the chain still verifies
