"""The case page brings the fee notice, the case-file volume and service status together."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse

from xiezhi.cases import services as case_services
from xiezhi.cases.models import CauseOfAction
from xiezhi.documents import services as documents
from xiezhi.documents.tests.samples import pdf
from xiezhi.fees import services as fees

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_staff_and_party_pages_show_fees_files_and_service(client, personas):
    case = case_services.register_case(
        personas.filing_officer,
        case_services.CaseInput(
            court=personas.court,
            division=personas.civil,
            case_type="civil",
            procedure="first_instance_ordinary",
            received_on=date.today() - timedelta(days=1),
            cause=CauseOfAction.objects.get(code="civil.private_lending"),
            claim_amount=350000,
            parties=(
                case_services.PartyInput("plaintiff", personas.litigant.full_name, user=personas.litigant),
                case_services.PartyInput("defendant", "被告乙"),
            ),
        ),
    )
    case.judge, case.clerk, case.status = personas.judge, personas.clerk, "assigned"
    case.save()
    fees.issue_fee_notice(personas.filing_officer, case)
    documents.upload_to_case(
        personas.clerk, case, io.BytesIO(pdf("notice")), "other", "受理案件通知书", name="notice.pdf"
    )
    documents.upload_to_case(
        personas.judge, case, io.BytesIO(pdf("memo")), "other", "合议笔录", internal=True, name="memo.pdf"
    )

    client.force_login(personas.clerk)
    staff_page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "6,550.00" in staff_page  # 350,000 yuan: the acceptance fee from the fee engine
    assert "受理案件通知书" in staff_page and "合议笔录" in staff_page

    client.force_login(personas.litigant)
    party_page = client.get(f"/portal/cases/{case.pk}/").content.decode()
    assert "6,550.00" in party_page
    assert "受理案件通知书" in party_page
    assert "合议笔录" not in party_page  # the internal volume (副卷) is never shown to parties
