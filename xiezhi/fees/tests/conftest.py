"""A registered civil case with its judge, clerk and parties, for the fee tests."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from xiezhi.cases import services as case_services
from xiezhi.cases.models import Case, CauseOfAction


def register(personas, **changes) -> Case:
    values = {
        "court": personas.court,
        "division": personas.civil,
        "case_type": "civil",
        "procedure": "first_instance_ordinary",
        "received_on": timezone.localdate() - timedelta(days=2),
        "cause": CauseOfAction.objects.get(code="civil.private_lending"),
        "claim_amount": Decimal("350000"),
        "parties": (
            case_services.PartyInput("plaintiff", personas.litigant.full_name, user=personas.litigant),
            case_services.PartyInput("defendant", "李大伟"),
        ),
    }
    values.update(changes)
    return case_services.register_case(personas.filing_officer, case_services.CaseInput(**values))


def assign(personas, case: Case) -> Case:
    """Give the case its judge in charge and clerk, and read it again (fresh policy cache)."""
    Case.objects.filter(pk=case.pk).update(judge=personas.judge, clerk=personas.clerk, status="assigned")
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def case(personas) -> Case:
    """（…）民初N号: 350,000 yuan claimed, ordinary procedure, judge and clerk assigned."""
    return assign(personas, register(personas))
