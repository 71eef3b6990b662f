"""Registration, numbering, the workflow state machine, assignment, panels and time limits."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xiezhi.accounts.factories import StaffFactory
from xiezhi.accounts.models import StaffRole
from xiezhi.audit.models import AuditEntry
from xiezhi.cases import services
from xiezhi.cases.models import AssignmentRecord, Case, CauseOfAction, EventKind
from xiezhi.courts.factories import DivisionFactory
from xiezhi.nlp.case_numbers import parse_case_number

pytestmark = pytest.mark.django_db

TODAY = date.today()


@pytest.fixture(autouse=True)
def _english():
    # The assertions below read the English messages; the UI default is Chinese.
    from django.utils import translation

    with translation.override("en"):
        yield


def civil_input(personas, **changes) -> services.CaseInput:
    values = {
        "court": personas.court,
        "division": personas.civil,
        "case_type": "civil",
        "procedure": "first_instance_ordinary",
        "received_on": TODAY - timedelta(days=1),
        "cause": CauseOfAction.objects.get(code="civil.private_lending"),
        "claim_amount": Decimal("120000"),
        "parties": (services.PartyInput("plaintiff", "王小明"), services.PartyInput("defendant", "李大伟")),
    }
    values.update(changes)
    return services.CaseInput(**values)


def register(personas, **changes) -> Case:
    return services.register_case(personas.filing_officer, civil_input(personas, **changes))


def test_registration_issues_sequential_numbers_per_court_year_and_type(personas):
    first, second = register(personas), register(personas)
    criminal = register(
        personas,
        case_type="criminal",
        division=personas.criminal,
        cause=CauseOfAction.objects.get(code="criminal.theft"),
        claim_amount=None,
        parties=(
            services.PartyInput("prosecutor", "某区人民检察院", kind="other"),
            services.PartyInput("accused", "赵某"),
        ),
    )
    assert (first.sequence, second.sequence, criminal.sequence) == (1, 2, 1)
    parsed = parse_case_number(second.number)
    assert (parsed.year, parsed.court_code, parsed.type_code, parsed.sequence) == (
        TODAY.year,
        personas.court.code,
        "民初",
        2,
    )
    assert criminal.number.endswith("刑初1号")
    assert second.title == "王小明诉李大伟民间借贷纠纷"
    assert criminal.is_collegial  # ordinary criminal first instance sits as a panel here
    assert [e.kind for e in second.timeline.all()] == [EventKind.RECEIVED, EventKind.REGISTERED]
    assert AuditEntry.objects.for_object(second).filter(action="create").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (
            {"parties": (services.PartyInput("plaintiff", "  "), services.PartyInput("defendant", "李四"))},
            "parties.0.name",
        ),
        ({"parties": ()}, "parties"),
        ({"claim_amount": Decimal("-1")}, "claim_amount"),
        ({"received_on": TODAY + timedelta(days=1)}, "received_on"),
        ({"received_on": TODAY, "registered_on": TODAY - timedelta(days=3)}, "received_on"),
        ({"parties": (services.PartyInput("appellant", "王五"),)}, "parties.0.role"),
        (
            {"parties": (services.PartyInput("plaintiff", "王五", id_number="110105194912310021"),)},
            "parties.0.id_number",
        ),
        ({"procedure": "second_instance"}, "procedure"),  # a basic court hears no appeals
        ({"procedure": "no_such_procedure"}, "procedure"),
    ],
)
def test_bad_registration_input_is_refused_with_field_errors(personas, changes, field):
    with pytest.raises(ValidationError) as info:
        register(personas, **changes)
    assert field in info.value.message_dict
    assert not Case.objects.exists()


def test_a_cause_of_another_case_type_is_refused(personas):
    with pytest.raises(ValidationError) as info:
        register(personas, cause=CauseOfAction.objects.get(code="criminal.theft"))
    assert "cause" in info.value.message_dict


def test_only_the_courts_filing_division_registers(personas):
    for user in (personas.judge, personas.other_court_judge, personas.litigant):
        with pytest.raises(PermissionDenied):
            services.register_case(user, civil_input(personas))


def test_full_lifecycle_with_timeline_and_audit(personas):
    case = register(personas)
    case = services.auto_assign(personas.filing_officer, case, case.version, rng=random.Random(3))
    judge = case.judge
    assert case.status == "assigned" and judge is not None
    case = services.transition(judge, case, "start_trial", case.version)
    case = services.transition(judge, case, "close", case.version, outcome="mediation", closed_on=TODAY)
    case = services.transition(judge, case, "make_effective", case.version, effective_on=TODAY)
    case = services.transition(judge, case, "archive", case.version)
    assert case.status == "archived" and case.archived_on == TODAY
    kinds = list(case.timeline.values_list("kind", flat=True))
    assert kinds == ["received", "registered", "assigned", "trial_started", "closed", "effective", "archived"]
    statuses = [
        e.after.get("status")
        for e in AuditEntry.objects.for_object(case).filter(action="update")
        if e.after and "status" in e.after
    ]
    assert statuses == ["assigned", "in_trial", "closed", "effective", "archived"]


def test_invalid_transitions_are_refused_with_a_reason(personas):
    case = register(personas)
    case.judge = personas.judge
    case.status = "assigned"
    case.save()
    with pytest.raises(services.WorkflowError, match="not possible"):
        services.transition(personas.judge, case, "close", case.version, outcome="judgment")
    with pytest.raises(PermissionDenied):
        services.transition(personas.other_division_judge, case, "start_trial", case.version)
    case = services.transition(personas.judge, case, "start_trial", case.version)
    with pytest.raises(services.WorkflowError, match="before it was registered"):
        services.transition(
            personas.judge,
            case,
            "close",
            case.version,
            outcome="judgment",
            closed_on=case.registered_on - timedelta(days=1),
        )
    with pytest.raises(services.WorkflowError):
        services.transition(personas.judge, case, "close", case.version, outcome="")
    with pytest.raises(services.WorkflowError):
        services.transition(personas.judge, case, "suspend", case.version, reason="")
    case.refresh_from_db()
    assert case.status == "in_trial"


def test_a_stale_version_is_a_conflict_and_nothing_is_overwritten(personas):
    case = register(personas)
    case.judge, case.status = personas.judge, "assigned"
    case.save()
    seen_by_two = case.version
    services.transition(personas.judge, case, "start_trial", seen_by_two)
    with pytest.raises(services.VersionConflict):
        services.transition(personas.judge, case, "suspend", seen_by_two, reason="鉴定")
    case.refresh_from_db()
    assert case.status == "in_trial"
    assert not case.suspensions.exists()


def test_suspension_days_do_not_count_towards_the_time_limit(personas):
    start = TODAY - timedelta(days=40)
    case = register(personas, received_on=start, registered_on=start)
    before = case.deadline_on
    case.judge, case.status = personas.judge, "assigned"
    case.save()
    case = services.transition(personas.judge, case, "start_trial", case.version)
    case = services.transition(
        personas.judge,
        case,
        "suspend",
        case.version,
        reason="委托鉴定",
        kind="appraisal",
        on=TODAY - timedelta(days=20),
    )
    case = services.transition(personas.judge, case, "resume", case.version, on=TODAY - timedelta(days=11))
    suspension = case.suspensions.get()
    assert suspension.ended_on == TODAY - timedelta(days=11)
    deadline = services.time_limit_for(case)
    assert deadline.excluded_days == 10
    assert case.deadline_on == deadline.due
    assert case.deadline_on > before


def test_extension_needs_the_presidents_approval_and_moves_the_deadline(personas):
    case = register(personas)
    case.judge, case.status = personas.judge, "in_trial"
    case.save()
    before = case.deadline_on
    request = services.request_extension(
        personas.judge, case, months=6, days=0, reason="案情复杂，需要补充鉴定"
    )
    with pytest.raises(PermissionDenied):
        services.approve_extension(personas.division_head, request)
    services.approve_extension(personas.president, request)
    case.refresh_from_db()
    assert case.deadline_on > before
    explanation = " ".join(services.time_limit_for(case).explain())
    assert "extension" in explanation.lower()


def test_time_limit_of_a_case_registered_before_a_holiday(personas):
    # Civil summary procedure: 3 months. Registered 2024-07-01 → ends 2024-10-01, National Day.
    day = date(2024, 7, 1)
    case = register(personas, procedure="first_instance_summary", received_on=day, registered_on=day)
    deadline = services.time_limit_for(case, today=date(2024, 9, 20))
    assert deadline.statutory_end == date(2024, 10, 1)
    assert deadline.status(date(2024, 9, 20)) == "approaching"
    assert deadline.status(date(2024, 10, 9)) == "overdue"


def test_assignment_never_picks_an_excluded_judge_and_favours_light_caseloads(personas):
    heavy = personas.presiding_judge
    light = StaffFactory(role=StaffRole.JUDGE, division=personas.civil, court=personas.court).user
    for _ in range(9):
        register(personas).__class__.objects.filter(pk=register(personas).pk).update(
            judge=heavy, status="in_trial"
        )
    counts = {personas.judge.pk: 0, heavy.pk: 0, light.pk: 0, personas.division_head.pk: 0}
    rng = random.Random(42)
    for _ in range(60):
        case = register(personas)
        services.exclude_judge(personas.division_head, case, personas.judge, "related", "原告之兄")
        case = services.auto_assign(personas.division_head, case, case.version, rng=rng)
        counts[case.judge_id] += 1
        Case.objects.filter(pk=case.pk).update(status="closed")  # keep caseloads steady between draws
    assert counts[personas.judge.pk] == 0
    assert counts[light.pk] > counts[heavy.pk]
    record = AssignmentRecord.objects.latest("id")
    assert record.method == "random"
    assert {c["user_id"] for c in record.candidates} == {heavy.pk, light.pk, personas.division_head.pk}


def test_manual_reassignment_needs_a_reason_and_is_recorded(personas):
    case = register(personas)
    case.judge, case.status = personas.judge, "assigned"
    case.save()
    with pytest.raises(services.WorkflowError):
        services.transition(
            personas.division_head, case, "reassign", case.version, judge=personas.presiding_judge
        )
    case = services.transition(
        personas.division_head,
        case,
        "reassign",
        case.version,
        judge=personas.presiding_judge,
        reason="原承办法官调离",
    )
    assert case.judge == personas.presiding_judge
    record = AssignmentRecord.objects.get(case=case, method="manual")
    assert record.reason == "原承办法官调离"
    with pytest.raises(services.WorkflowError):
        services.transition(
            personas.division_head,
            case,
            "reassign",
            case.version,
            judge=personas.other_court_judge,
            reason="跨院",
        )


def test_panel_rules(personas):
    assessor = StaffFactory(role=StaffRole.ASSESSOR, division=None, court=personas.court).user
    case = register(personas)
    case.judge, case.status = personas.judge, "assigned"
    case.save()
    with pytest.raises(services.WorkflowError, match="odd"):
        services.form_panel(
            personas.division_head, case, personas.presiding_judge, [(personas.judge, "judge")]
        )
    with pytest.raises(services.WorkflowError, match="not a judge"):
        services.form_panel(
            personas.division_head,
            case,
            personas.presiding_judge,
            [(personas.judge, "judge"), (personas.clerk, "judge")],
        )
    case = services.form_panel(
        personas.division_head,
        case,
        personas.presiding_judge,
        [(personas.judge, "judge"), (assessor, "assessor")],
        case.version,
    )
    assert case.is_collegial
    assert sorted(case.panel.values_list("role", flat=True)) == ["assessor", "judge", "presiding"]


def test_appeal_creates_the_second_instance_case_in_the_higher_court(personas):
    case = register(personas)
    case.judge, case.status = personas.judge, "in_trial"
    case.save()
    case = services.transition(
        personas.judge, case, "close", case.version, outcome="judgment", closed_on=TODAY
    )
    defendant = case.parties.get(role="defendant")
    case = services.transition(
        personas.judge, case, "appeal", case.version, appellant=defendant, filed_on=TODAY
    )
    second = case.appeal_case
    assert second.court == personas.court.parent
    assert second.procedure == "second_instance" and second.type_code == "民终"
    assert second.origin == case and second.origin_kind == "appeal"
    assert dict(second.parties.values_list("name", "role")) == {"李大伟": "appellant", "王小明": "appellee"}
    assert second.is_collegial
    assert personas.judge.pk in services._excluded_ids(second)  # who heard it below never hears the appeal
    with pytest.raises(services.WorkflowError, match="appeal is pending"):
        services.transition(personas.judge, case, "make_effective", case.version)
    with pytest.raises(services.WorkflowError, match="already"):
        services.transition(personas.judge, case, "appeal", case.version, appellant=defendant)


def test_a_mediated_case_cannot_be_appealed(personas):
    case = register(personas)
    case.judge, case.status = personas.judge, "in_trial"
    case.save()
    case = services.transition(
        personas.judge, case, "close", case.version, outcome="mediation", closed_on=TODAY
    )
    with pytest.raises(services.WorkflowError):
        services.transition(personas.judge, case, "appeal", case.version, appellant=case.parties.first())


def test_division_must_belong_to_the_court_and_handle_the_case(personas):
    foreign = DivisionFactory(court=personas.other_court, name="外院民庭")
    with pytest.raises(ValidationError) as info:
        register(personas, division=foreign)
    assert "division" in info.value.message_dict
    with pytest.raises(ValidationError):
        register(personas, division=personas.criminal)


def test_calendar_overrides_and_the_roll_forward_setting_move_a_court_limit(personas, settings):
    from django.core.management import call_command

    from xiezhi.cases.models import CalendarOverride

    # Summary procedure registered 2024-07-01: 3 months end on 2024-10-01 (National Day).
    day = date(2024, 7, 1)
    case = register(personas, procedure="first_instance_summary", received_on=day, registered_on=day)
    assert case.deadline_on == date(2024, 10, 1)  # court limits do not roll forward by default
    settings.XIEZHI_COURT_LIMITS_ROLL_FORWARD = True
    assert services.time_limit_for(case).due == date(2024, 10, 8)
    CalendarOverride.objects.create(day=date(2024, 10, 8), is_workday=False, note="local closure")
    assert services.time_limit_for(case).due == date(2024, 10, 9)
    Case.objects.filter(pk=case.pk).update(status="in_trial")
    call_command("refresh_deadlines", stdout=io.StringIO())
    case.refresh_from_db()
    assert case.deadline_on == date(2024, 10, 9)


def test_assignment_gives_the_case_a_clerk_and_an_assistant_of_the_division(personas):
    case = register(personas)
    case = services.auto_assign(personas.division_head, case, case.version, rng=random.Random(1))
    assert case.clerk == personas.clerk
    assert case.assistant == personas.assistant


@pytest.mark.parametrize(
    ("action", "inputs"),
    [
        ("make_effective", {"effective_on": date(9999, 12, 31)}),
        ("appeal", {"filed_on": date(9999, 12, 31)}),
    ],
)
def test_absurd_dates_are_refused_not_computed(personas, action, inputs):
    case = register(personas)
    case.judge, case.status = personas.judge, "in_trial"
    case.save()
    case = services.transition(
        personas.judge, case, "close", case.version, outcome="judgment", closed_on=TODAY
    )
    if action == "appeal":
        inputs = {**inputs, "appellant": case.parties.first()}
    with pytest.raises(services.WorkflowError):
        services.transition(personas.judge, case, action, case.version, **inputs)


def test_suspension_and_resumption_dates_must_be_real(personas):
    case = register(personas)
    case.judge, case.status = personas.judge, "in_trial"
    case.save()
    with pytest.raises(services.WorkflowError):
        services.transition(
            personas.judge, case, "suspend", case.version, reason="鉴定", on=TODAY + timedelta(days=3)
        )
    case = services.transition(personas.judge, case, "suspend", case.version, reason="鉴定")
    with pytest.raises(services.WorkflowError):
        services.transition(personas.judge, case, "resume", case.version, on=TODAY + timedelta(days=1))
