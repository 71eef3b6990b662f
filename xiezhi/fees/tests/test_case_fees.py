"""A case's fee: the case→fee-kind mapping, issuing the notice, recording payments, the pages."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from xiezhi import policy
from xiezhi.audit.models import AuditEntry
from xiezhi.cases.models import Case, CauseOfAction, EventKind
from xiezhi.cases.services import court_calendar
from xiezhi.cases.time_limits import next_workday
from xiezhi.fees import services
from xiezhi.fees.display import amount_in_words
from xiezhi.fees.models import FeeNotice, NoticeStatus, Payment
from xiezhi.fees.providers import PaymentProvider, available, get_provider
from xiezhi.fees.selectors import case_fee_context

from .conftest import assign, register

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


# --- from a case to the engine ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case_type", "procedure", "cause", "claim", "outcome", "expected"),
    [
        ("civil", "first_instance_ordinary", "civil.private_lending", "350000", "", ("property", "6550.00")),
        # shared/domain/roles.md: a 120,000 loan heard in summary procedure pays 1,350 of 2,700
        ("civil", "first_instance_summary", "civil.private_lending", "120000", "", ("property", "1350.00")),
        ("civil", "small_claims", "civil.credit_card", "8000", "", ("property", "25.00")),
        (
            "civil",
            "first_instance_ordinary",
            "civil.private_lending",
            "350000",
            "mediation",
            ("property", "3275.00"),
        ),
        (
            "civil",
            "first_instance_ordinary",
            "civil.private_lending",
            "350000",
            "withdrawal",
            ("property", "3275.00"),
        ),
        (
            "civil",
            "first_instance_ordinary",
            "civil.private_lending",
            "350000",
            "dismissal",
            ("property", "0.00"),
        ),
        ("civil", "second_instance", "civil.private_lending", "80000", "", ("property", "1800.00")),
        ("civil", "retrial", "civil.private_lending", "80000", "", ("property", "0.00")),
        (
            "civil",
            "first_instance_ordinary",
            "civil.service_contract",
            None,
            "",
            ("other_non_property", "50.00"),
        ),
        ("civil", "first_instance_ordinary", "civil.divorce", "500000", "", ("divorce", "1550.00")),
        ("civil", "first_instance_ordinary", "civil.divorce", None, "", ("divorce", "50.00")),
        (
            "civil",
            "first_instance_ordinary",
            "civil.post_divorce_property",
            "50000",
            "",
            ("property", "1050.00"),
        ),
        ("civil", "first_instance_ordinary", "civil.labour_contract", "90000", "", ("labour", "10.00")),
        ("civil", "first_instance_summary", "civil.labour_remuneration", "20000", "", ("labour", "5.00")),
        (
            "civil",
            "first_instance_ordinary",
            "civil.reputation",
            "150000",
            "",
            ("personality_rights", "850.00"),
        ),
        ("civil", "first_instance_ordinary", "civil.personal_injury", "50000", "", ("property", "1050.00")),
        ("civil", "first_instance_ordinary", "civil.copyright", None, "", ("ip", "500.00")),
        ("civil", "first_instance_ordinary", "civil.patent", "50000", "", ("ip", "1050.00")),
        (
            "administrative",
            "first_instance_ordinary",
            "administrative.penalty",
            None,
            "",
            ("administrative_other", "50.00"),
        ),
        (
            "administrative",
            "first_instance_summary",
            "administrative.licensing",
            None,
            "",
            ("administrative_other", "25.00"),
        ),
        (
            "administrative",
            "second_instance",
            "administrative.penalty",
            None,
            "",
            ("administrative_other", "50.00"),
        ),
        (
            "administrative",
            "first_instance_ordinary",
            "administrative.compensation",
            "90000",
            "",
            ("administrative_compensation", "0.00"),
        ),
        (
            "special_procedure",
            "special",
            "civil.judicial_confirmation",
            None,
            "",
            ("special_procedure", "0.00"),
        ),
        (
            "special_procedure",
            "payment_order",
            "civil.private_lending",
            "8000",
            "",
            ("payment_order", "16.67"),
        ),
        ("enforcement", "enforcement", None, "350000", "", ("enforcement", "5150.00")),
        ("enforcement", "enforcement", None, None, "", ("enforcement", "50.00")),
        ("preservation", "property_preservation", None, "1200000", "", ("preservation", "5000.00")),
        ("bankruptcy", "bankruptcy", None, "80000000", "", ("bankruptcy", "220900.00")),
    ],
)
def test_case_to_fee_kind_mapping(case_type, procedure, cause, claim, outcome, expected):
    case = Case(
        case_type=case_type,
        procedure=procedure,
        cause=CauseOfAction.objects.get(code=cause) if cause else None,
        claim_amount=None if claim is None else Decimal(claim),
        outcome=outcome,
        received_on=TODAY,
        registered_on=TODAY,
    )
    assessment = services.assess_case_fee(case)
    assert (str(assessment.request.kind), str(assessment.amount)) == expected


@pytest.mark.parametrize(
    ("case_type", "procedure"),
    [
        ("criminal", "first_instance_ordinary"),
        ("state_compensation", "compensation_committee"),
        ("civil", "retrial_review"),
        ("enforcement", "enforcement_objection"),
    ],
)
def test_cases_without_a_fee(case_type, procedure):
    case = Case(case_type=case_type, procedure=procedure, received_on=TODAY, registered_on=TODAY)
    with pytest.raises(services.FeeNotApplicable):
        services.assess_case_fee(case)


def test_labour_remuneration_notes_that_it_need_not_be_prepaid():
    case = Case(
        case_type="civil",
        procedure="first_instance_ordinary",
        cause=CauseOfAction.objects.get(code="civil.labour_remuneration"),
        received_on=TODAY,
        registered_on=TODAY,
    )
    assert any("Art. 20" in step for step in services.assess_case_fee(case).explain())


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("6550", "人民币陆仟伍佰伍拾元整"),
        ("108.63", "人民币壹佰零捌元陆角叁分"),
        ("100100", "人民币壹拾万零壹佰元整"),
        ("1000100", "人民币壹佰万零壹佰元整"),
        ("10.05", "人民币壹拾元零伍分"),
        ("0.50", "人民币伍角整"),
        ("0", "人民币零元整"),
        ("220900", "人民币贰拾贰万零玖佰元整"),
        ("100000001", "人民币壹亿零壹元整"),
    ],
)
def test_amount_in_words(value, words):
    assert amount_in_words(value) == words


# --- the policy --------------------------------------------------------------------------------------

PERSONAS = [
    "anonymous",
    "judge",
    "clerk",
    "assistant",
    "presiding_judge",
    "division_head",
    "president",
    "filing_officer",
    "enforcement_officer",
    "court_admin",
    "other_division_judge",
    "other_court_judge",
    "litigant",
    "lawyer",
    "stranger",
    "agency",
]
EXPECTED = {
    "case.fee.manage": {"judge", "clerk", "filing_officer"},
    "case.fee.confirm_payment": {"clerk", "filing_officer"},
}


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_fee_policy_matrix(personas, case, action):
    allowed = {
        name
        for name in PERSONAS
        if policy.can(AnonymousUser() if name == "anonymous" else getattr(personas, name), action, case)
    }
    assert allowed == EXPECTED[action]


# --- issuing the notice ------------------------------------------------------------------------------


def test_the_filing_officer_issues_the_notice_once(personas, case):
    notice = services.issue_fee_notice(personas.filing_officer, case)
    assert notice.amount == Decimal("6550.00")
    assert notice.kind == "property" and notice.basis_amount == Decimal("350000")
    assert notice.status == NoticeStatus.UNPAID
    assert notice.payer.role == "plaintiff"
    assert notice.issued_on == TODAY
    assert notice.due_on == next_workday(TODAY + timedelta(days=7), court_calendar())
    assert notice.schedule_id == "gwy-481-2007"
    assert [line["subtotal"] for line in notice.lines] == ["50", "2250", "2000", "2250"]
    assert notice.explanation[-1] == "Fee payable (应交纳): 6,550.00 yuan"
    again = services.issue_fee_notice(personas.judge, case)
    assert again.pk == notice.pk
    assert FeeNotice.objects.filter(case=case).count() == 1
    assert AuditEntry.objects.for_object(notice).filter(action="create").count() == 1
    events = list(case.timeline.filter(kind=EventKind.FEE_NOTICE))
    assert len(events) == 1 and "6,550.00元" in events[0].detail


@pytest.mark.parametrize("who", ["judge", "clerk"])
def test_the_judge_in_charge_and_the_clerk_may_issue(personas, case, who):
    assert services.issue_fee_notice(getattr(personas, who), case).amount == Decimal("6550.00")


@pytest.mark.parametrize(
    "who", ["presiding_judge", "assistant", "president", "litigant", "other_court_judge"]
)
def test_others_may_not_issue(personas, case, who):
    with pytest.raises(PermissionDenied):
        services.issue_fee_notice(getattr(personas, who), case)
    assert not FeeNotice.objects.exists()
    assert AuditEntry.objects.filter(action="permission_denied", detail="action=case.fee.manage").exists()


def test_the_payer_can_be_chosen_but_must_be_a_party_of_the_case(personas, case):
    defendant = case.parties.get(role="defendant")
    other = register(personas).parties.first()
    with pytest.raises(services.FeeError) as exc:
        services.issue_fee_notice(personas.filing_officer, case, payer=other)
    assert exc.value.field == "payer"
    assert services.issue_fee_notice(personas.filing_officer, case, payer=defendant).payer == defendant


def test_a_dismissed_case_has_nothing_to_pay(personas, case):
    Case.objects.filter(pk=case.pk).update(outcome="dismissal")
    with pytest.raises(services.FeeError) as exc:
        services.issue_fee_notice(personas.filing_officer, Case.objects.get(pk=case.pk))
    assert exc.value.code == "nothing_due"


def test_a_criminal_case_gets_no_notice(personas):
    from xiezhi.cases import services as case_services

    case = register(
        personas,
        case_type="criminal",
        division=personas.criminal,
        cause=CauseOfAction.objects.get(code="criminal.theft"),
        claim_amount=None,
        parties=(
            case_services.PartyInput("prosecutor", "某区人民检察院", kind="other"),
            case_services.PartyInput("accused", "赵某"),
        ),
    )
    with pytest.raises(services.FeeNotApplicable):
        services.issue_fee_notice(personas.filing_officer, case)


def test_after_conversion_to_ordinary_procedure_the_other_half_is_charged(personas):
    case = assign(
        personas, register(personas, procedure="first_instance_summary", claim_amount=Decimal("120000"))
    )
    first = services.issue_fee_notice(personas.filing_officer, case)
    assert first.amount == Decimal("1350.00")
    services.record_payment(personas.clerk, first, "1350", reference="R-1")
    Case.objects.filter(pk=case.pk).update(procedure="first_instance_ordinary")
    case = Case.objects.get(pk=case.pk)
    second = services.issue_fee_notice(personas.clerk, case)
    assert second.pk != first.pk
    assert second.amount == Decimal("1350.00")  # 2,700 − 1,350 already charged
    assert "此前通知已交纳" in [line["description_zh"] for line in second.lines]
    services.record_payment(personas.clerk, second, "1350", reference="R-2")
    with pytest.raises(services.FeeError) as exc:
        services.issue_fee_notice(personas.clerk, Case.objects.get(pk=case.pk))
    assert exc.value.code == "nothing_due"


# --- payments ----------------------------------------------------------------------------------------


def test_the_only_provider_is_the_offline_clerk_confirmation():
    [provider] = available()
    assert isinstance(provider, PaymentProvider)
    assert provider.key == "offline_clerk"
    assert provider.label == "线下缴费（书记员确认）/ Offline payment confirmed by a clerk"
    assert get_provider("offline_clerk") is provider


def test_part_payment_then_full_payment(personas, case):
    notice = services.issue_fee_notice(personas.filing_officer, case)
    first = services.record_payment(personas.clerk, notice, "3000", reference="浙财票0001", paid_on=TODAY)
    notice.refresh_from_db()
    assert (notice.status, notice.paid_amount, notice.outstanding) == (
        NoticeStatus.PART_PAID,
        Decimal("3000.00"),
        Decimal("3550.00"),
    )
    assert (first.provider, first.confirmed_by, first.reference) == (
        "offline_clerk",
        personas.clerk,
        "浙财票0001",
    )
    services.record_payment(personas.filing_officer, notice, Decimal("3550.00"), reference="浙财票0002")
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PAID and notice.outstanding == 0
    assert AuditEntry.objects.filter(action="create", object_type="fees.payment").count() == 2
    updates = AuditEntry.objects.for_object(notice).filter(action="update")
    assert [entry.after["status"] for entry in updates] == ["part_paid", "paid"]
    details = [e.detail for e in case.timeline.filter(kind=EventKind.FEE_PAID)]
    assert any("尚欠3,550.00元" in d for d in details) and any("已交清" in d for d in details)
    with pytest.raises(services.FeeError) as exc:
        services.record_payment(personas.clerk, notice, "1", reference="浙财票0003")
    assert exc.value.code == "settled"


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("6550.01", "overpayment"),
        ("0", "invalid_amount"),
        ("-5", "invalid_amount"),
        ("1.001", "invalid_amount"),
        ("abc", "invalid_amount"),
    ],
)
def test_bad_amounts_are_refused(personas, case, amount, code):
    notice = services.issue_fee_notice(personas.filing_officer, case)
    with pytest.raises(services.FeeError) as exc:
        services.record_payment(personas.clerk, notice, amount, reference="R")
    assert (exc.value.code, exc.value.field) == (code, "amount")
    assert not Payment.objects.exists()


def test_overpayment_message_names_what_is_still_due(personas, case):
    notice = services.issue_fee_notice(personas.filing_officer, case)
    services.record_payment(personas.clerk, notice, "6000", reference="R-1")
    with pytest.raises(services.FeeError) as exc:
        services.record_payment(personas.clerk, notice, "600", reference="R-2")
    assert "550.00" in exc.value.message


@pytest.mark.parametrize("who", ["judge", "presiding_judge", "assistant", "litigant", "president"])
def test_only_the_clerk_and_the_filing_division_confirm_payments(personas, case, who):
    notice = services.issue_fee_notice(personas.filing_officer, case)
    with pytest.raises(PermissionDenied):
        services.record_payment(getattr(personas, who), notice, "100", reference="R")
    assert not Payment.objects.exists()


def test_other_refusals(personas, case):
    notice = services.issue_fee_notice(personas.filing_officer, case)
    cases = [
        ({"reference": ""}, "not_confirmed"),  # the offline provider needs the receipt number
        ({"reference": "R", "paid_on": TODAY + timedelta(days=1)}, "invalid_date"),
        ({"reference": "R", "paid_on": case.received_on - timedelta(days=1)}, "invalid_date"),
        ({"reference": "R", "provider": "alipay"}, "unknown_provider"),
        ({"reference": "R", "expected_version": notice.version + 1}, "conflict"),
    ]
    for kwargs, code in cases:
        with pytest.raises(services.FeeError) as exc:
            services.record_payment(personas.clerk, notice, "100", **kwargs)
        assert exc.value.code == code, kwargs
    services.record_payment(personas.clerk, notice, "100", reference="R")
    with pytest.raises(services.FeeError) as exc:
        services.record_payment(personas.clerk, notice, "100", reference="R")
    assert exc.value.code == "duplicate"


# --- pages ---------------------------------------------------------------------------------------------


def test_the_case_page_block_renders_from_case_fee_context(personas, case):
    request = RequestFactory().get("/")
    request.user = personas.clerk
    context = {"case": case, "request": request, **case_fee_context(personas.clerk, case)}
    html = render_to_string("fees/_case_fees.html", context)
    assert 'data-testid="fee-no-notice"' in html and 'data-testid="fee-issue-form"' in html
    assert "6,550.00" in html
    notice = services.issue_fee_notice(personas.clerk, case)
    context = {"case": case, "request": request, **case_fee_context(personas.clerk, case)}
    html = render_to_string("fees/_case_fees.html", context)
    assert 'data-testid="fee-issue-form"' not in html  # one open notice at a time
    assert 'data-testid="fee-payment-form"' in html
    assert reverse("fees:notice", args=[notice.pk]) in html
    judge_context = case_fee_context(personas.judge, case)
    assert judge_context["can_manage"] and not judge_context["can_confirm"]


def test_issue_and_pay_through_the_pages(client, personas, case):
    client.force_login(personas.filing_officer)
    response = client.post(reverse("fees:issue", args=[case.pk]), {"payer": ""})
    assert response.status_code == 302
    assert response.url == f"/workspace/cases/{case.pk}/#fees"
    notice = FeeNotice.objects.get(case=case)
    client.force_login(personas.clerk)
    data = {
        "amount": "6,000",
        "paid_on": TODAY.isoformat(),
        "reference": "R-1",
        "provider": "offline_clerk",
        "version": notice.version,
    }
    assert client.post(reverse("fees:pay", args=[notice.pk]), data).url == f"/workspace/cases/{case.pk}/#fees"
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PART_PAID
    # a double submit of the same form is refused (stale version), nothing booked twice
    client.post(reverse("fees:pay", args=[notice.pk]), data)
    assert Payment.objects.count() == 1
    # overpayment: refused with a message, back to the case page
    data.update(amount="9999", reference="R-2", version=notice.version)
    response = client.post(reverse("fees:pay", args=[notice.pk]), data, follow=False)
    assert response.status_code == 302
    assert Payment.objects.count() == 1


def test_the_notice_page_prints_amount_in_words_and_due_date(client, personas, case):
    notice = services.issue_fee_notice(personas.filing_officer, case)
    client.force_login(personas.judge)
    html = client.get(reverse("fees:notice", args=[notice.pk])).content.decode()
    assert "人民币陆仟伍佰伍拾元整" in html
    assert notice.due_on.isoformat() in html
    assert case.number in html
    assert "(350,000 − 200,000) × 1.5%" in html


def test_pages_hide_cases_the_user_may_not_see(client, personas, case):
    notice = services.issue_fee_notice(personas.filing_officer, case)
    client.force_login(personas.other_court_judge)
    assert client.get(reverse("fees:notice", args=[notice.pk])).status_code == 404
    assert client.post(reverse("fees:issue", args=[case.pk])).status_code == 404
    client.force_login(personas.litigant)
    assert client.get(reverse("fees:notice", args=[notice.pk])).status_code == 403
    client.force_login(personas.judge)  # may see, may not confirm
    data = {"amount": "1", "paid_on": TODAY.isoformat(), "reference": "R", "provider": "offline_clerk"}
    assert client.post(reverse("fees:pay", args=[notice.pk]), data).status_code == 403
    assert not Payment.objects.exists()


def test_the_block_is_also_one_template_tag(personas, case):
    from django.template import Context, Template

    request = RequestFactory().get("/")
    request.user = personas.filing_officer
    html = Template("{% load fee_tags %}{% case_fees case %}").render(
        Context({"case": case, "request": request, "csrf_token": "t0ken"})
    )
    assert 'data-testid="fee-issue-form"' in html and "t0ken" in html


@pytest.mark.parametrize(
    ("served", "due"),
    [
        ("2024-09-18", "2024-09-25"),  # Wednesday → the next Wednesday
        ("2024-09-24", "2024-10-08"),  # day 7 is National Day: rolls past the holiday (CPL Art. 85)
        ("2024-09-22", "2024-09-29"),  # day 7 is an adjusted working Sunday (调休上班日): no roll
        ("2024-11-29", "2024-12-06"),
        ("2024-11-30", "2024-12-09"),  # Saturday 12-07 → Monday
    ],
)
def test_due_date_is_seven_days_after_service_rolled_to_a_working_day(served, due):
    from datetime import date

    assert services.due_date(date.fromisoformat(served)) == date.fromisoformat(due)
