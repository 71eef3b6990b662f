"""Fixtures of the documents tests: a case with everyone in place, and storage in a temporary folder."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from xiezhi.cases import services as case_services
from xiezhi.cases.models import CauseOfAction


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Every test stores its files in its own folder (Django's default storage follows MEDIA_ROOT)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def case(personas):
    """A civil case of the personas' court: judge, clerk and assistant assigned; the litigant is the
    plaintiff; the lawyer represents the defendant (the other side's lawyer for the plaintiff)."""
    data = case_services.CaseInput(
        court=personas.court,
        division=personas.civil,
        case_type="civil",
        procedure="first_instance_ordinary",
        received_on=date.today() - timedelta(days=2),
        cause=CauseOfAction.objects.get(code="civil.private_lending"),
        claim_amount=80000,
        parties=(
            case_services.PartyInput("plaintiff", personas.litigant.full_name, user=personas.litigant),
            case_services.PartyInput(
                "defendant",
                "被告甲",
                representatives=(
                    case_services.RepresentativeInput(
                        "lawyer", personas.lawyer.full_name, user=personas.lawyer, law_firm="天册律师事务所"
                    ),
                ),
            ),
        ),
    )
    case = case_services.register_case(personas.filing_officer, data)
    case.judge, case.clerk, case.assistant = personas.judge, personas.clerk, personas.assistant
    case.status = "assigned"
    case.save()
    return case


@pytest.fixture
def plaintiff(case):
    return case.parties.get(role="plaintiff")


@pytest.fixture
def defendant(case):
    return case.parties.get(role="defendant")


def stored_files(root) -> list:
    """Every file under the storage folder."""
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
