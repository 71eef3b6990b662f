"""Shared test setup: personas by name (architecture example 10) and test-database housekeeping."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

# The browser-journey fixtures (a live server on the demo data, Chromium), defined once for every
# app's e2e tests: a session fixture imported into several conftest files would be set up once per
# file, and a second Playwright instance cannot start while the first runs.
pytest_plugins = ["xiezhi.web.tests.e2e.fixtures"]


def _compile_catalogues() -> None:
    """Build .mo files from the .po catalogues when they are missing or older (pure Python)."""
    from pathlib import Path

    import polib

    for po in Path(__file__).parent.glob("xiezhi/locale/*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            polib.pofile(str(po)).save_as_mofile(str(mo))


def pytest_configure(config: pytest.Config) -> None:
    _compile_catalogues()
    # Flushing the test database between transactional tests must be able to empty the
    # append-only audit table on SQLite (see xiezhi/audit/db.py); nothing else may.
    from django.test import TransactionTestCase

    from xiezhi.audit.db import allow_purge

    original = TransactionTestCase._fixture_teardown

    def teardown_with_purge(self):  # type: ignore[no-untyped-def]
        with allow_purge():
            return original(self)

    TransactionTestCase._fixture_teardown = teardown_with_purge


@dataclass
class Personas:
    """The people every permission test talks about, in one basic court unless said otherwise."""

    court: object
    other_court: object
    civil: object
    criminal: object
    judge: object
    presiding_judge: object
    clerk: object
    assistant: object
    filing_officer: object
    division_head: object
    president: object
    enforcement_officer: object
    court_admin: object
    other_court_admin: object
    other_division_judge: object
    other_court_judge: object
    litigant: object
    lawyer: object
    agency: object
    stranger: object


@pytest.fixture
def personas(db) -> Personas:
    from xiezhi.accounts.factories import LawyerFactory, LitigantFactory, StaffFactory, UserFactory
    from xiezhi.accounts.models import AgencyProfile, StaffRole, UserKind
    from xiezhi.courts.factories import BasicCourtFactory, DivisionFactory
    from xiezhi.courts.models import DivisionKind

    court = BasicCourtFactory()
    other_court = BasicCourtFactory()
    civil = DivisionFactory(court=court, kind=DivisionKind.CIVIL, name="民事审判第一庭")
    criminal = DivisionFactory(court=court, kind=DivisionKind.CRIMINAL, name="刑事审判庭")
    filing = DivisionFactory(court=court, kind=DivisionKind.FILING, name="立案庭")
    enforcement = DivisionFactory(court=court, kind=DivisionKind.ENFORCEMENT, name="执行局")
    other_civil = DivisionFactory(court=other_court, kind=DivisionKind.CIVIL, name="民事审判庭")

    def staff(role: str, division=None, court_=None):  # type: ignore[no-untyped-def]
        return StaffFactory(
            role=role, division=division, court=court_ or (division.court if division else court)
        ).user

    agency = UserFactory(kind=UserKind.AGENCY)
    AgencyProfile.objects.create(user=agency, agency_name="西湖区人民检察院", agency_kind="procuratorate")
    return Personas(
        court=court,
        other_court=other_court,
        civil=civil,
        criminal=criminal,
        judge=staff(StaffRole.JUDGE, civil),
        presiding_judge=staff(StaffRole.PRESIDING_JUDGE, civil),
        clerk=staff(StaffRole.CLERK, civil),
        assistant=staff(StaffRole.JUDGE_ASSISTANT, civil),
        filing_officer=staff(StaffRole.FILING_OFFICER, filing),
        division_head=staff(StaffRole.DIVISION_HEAD, civil),
        president=staff(StaffRole.COURT_PRESIDENT),
        enforcement_officer=staff(StaffRole.ENFORCEMENT_OFFICER, enforcement),
        court_admin=staff(StaffRole.COURT_ADMIN),
        other_court_admin=staff(StaffRole.COURT_ADMIN, court_=other_court),
        other_division_judge=staff(StaffRole.JUDGE, criminal),
        other_court_judge=staff(StaffRole.JUDGE, other_civil),
        litigant=LitigantFactory().user,
        lawyer=LawyerFactory().user,
        agency=agency,
        stranger=UserFactory(kind=UserKind.LITIGANT),
    )


@pytest.fixture
def assigned_case(personas):
    """A civil case of the personas' court, registered through the services: judge, clerk and
    assistant assigned; the litigant is the plaintiff; the lawyer represents the defendant (the
    other side's lawyer, seen from the plaintiff)."""
    from datetime import date, timedelta

    from xiezhi.cases import services
    from xiezhi.cases.models import CauseOfAction

    data = services.CaseInput(
        court=personas.court,
        division=personas.civil,
        case_type="civil",
        procedure="first_instance_ordinary",
        received_on=date.today() - timedelta(days=2),
        cause=CauseOfAction.objects.get(code="civil.private_lending"),
        claim_amount=80000,
        parties=(
            services.PartyInput(
                "plaintiff",
                personas.litigant.full_name,
                id_number="11010519491231002X",
                user=personas.litigant,
            ),
            services.PartyInput(
                "defendant",
                "被告甲",
                representatives=(
                    services.RepresentativeInput(
                        "lawyer",
                        personas.lawyer.full_name,
                        user=personas.lawyer,
                        law_firm="浙江天册律师事务所",
                    ),
                ),
            ),
        ),
    )
    case = services.register_case(personas.filing_officer, data)
    case.judge, case.clerk, case.assistant = personas.judge, personas.clerk, personas.assistant
    case.status = "assigned"
    case.save()
    return case
