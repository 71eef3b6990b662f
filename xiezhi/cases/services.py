"""Every write to a case: one transaction, the right lock, a timeline event, an audit entry.

Views, the API and the CLI call these functions; none of them changes a case directly. A change
to an existing case names the version it was based on (optimistic locking): if someone else saved
the case in between, the change is refused with :class:`VersionConflict` instead of overwriting.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezhi import policy
from xiezhi.accounts.models import StaffProfile, StaffRole, User
from xiezhi.courts.models import Court, Division
from xiezhi.nlp.case_numbers import format_case_number

from . import rules, time_limits
from .models import (
    AssignmentRecord,
    Case,
    CaseNumberCounter,
    CaseStatus,
    CauseOfAction,
    EventKind,
    Exclusion,
    ExclusionReason,
    Extension,
    ExtensionStatus,
    PanelMember,
    PanelRole,
    Party,
    Representative,
    Suspension,
    SuspensionKind,
    TimelineEvent,
)

__all__ = [
    "CaseInput",
    "PartyInput",
    "RepresentativeInput",
    "VersionConflict",
    "WorkflowError",
    "add_timeline_event",
    "approve_extension",
    "auto_assign",
    "form_panel",
    "issue_case_number",
    "make_effective_on_schedule",
    "register_case",
    "request_extension",
    "time_limit_for",
    "transition",
]


#: Sent inside the appeal's transaction with ``origin`` (the first-instance case), ``appeal`` (the new
#: second-instance case) and ``by``. Apps above cases act on it without cases importing them: the
#: first-instance volume is transferred to the appeal court (receiver in ``xiezhi.judgments.apps``).
case_appealed = Signal()


class WorkflowError(Exception):
    """A change the workflow does not allow now; the message says why (shown to the user)."""

    def __init__(self, message: str, code: str = "invalid_transition") -> None:
        super().__init__(message)
        self.message, self.code = message, code


class VersionConflict(WorkflowError):
    """Someone else changed the case since it was loaded."""

    def __init__(self, current: int) -> None:
        super().__init__(
            _("Someone else changed this case meanwhile (now version %(version)s). Reload and try again.")
            % {"version": current},
            code="conflict",
        )
        self.current = current


def _today() -> date:
    return timezone.localdate()


# --- case numbers (案号) ---------------------------------------------------------------------


def issue_case_number(court: Court, year: int, type_code: str, special: str = "") -> tuple[int, str]:
    """Issue the next number for (court, year, type code): gap-free, unique, never reused.

    Must run inside the transaction that saves the case: the counter row stays locked until that
    transaction commits, so concurrent registrations queue here, and a registration that rolls
    back gives its number back instead of leaving a gap.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("issue_case_number must run inside the registering transaction")
    lookup = {"court": court, "year": year, "type_code": type_code, "special": special}
    counter = CaseNumberCounter.objects.select_for_update().filter(**lookup).first()
    if counter is None:
        try:
            # Two first registrations of a year may race to create the row; the loser re-reads it.
            with transaction.atomic():
                CaseNumberCounter.objects.create(**lookup, last_sequence=0)
        except IntegrityError:
            pass
        counter = CaseNumberCounter.objects.select_for_update().get(**lookup)
    counter.last_sequence += 1
    counter.save(update_fields=["last_sequence"])
    number = format_case_number(year, court.code, type_code, counter.last_sequence, special)
    return counter.last_sequence, number


# --- input values -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RepresentativeInput:
    kind: str
    name: str
    user: User | None = None
    law_firm: str = ""
    licence_number: str = ""


@dataclass(frozen=True)
class PartyInput:
    role: str
    name: str
    kind: str = "natural"
    sex: str = ""
    birth_date: date | None = None
    id_number: str = ""
    credit_code: str = ""
    legal_representative: str = ""
    address: str = ""
    phone: str = ""
    user: User | None = None
    representatives: tuple[RepresentativeInput, ...] = ()


@dataclass(frozen=True)
class CaseInput:
    """Clean values for registering a case (立案)."""

    court: Court
    case_type: str
    procedure: str
    received_on: date
    parties: tuple[PartyInput, ...]
    cause: CauseOfAction | None = None
    claim_amount: Decimal | None = None
    division: Division | None = None
    title: str = ""
    summary: str = ""
    is_collegial: bool | None = None
    registered_on: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _validate(data: CaseInput) -> rules.CaseKind:
    errors: dict[str, list[str]] = {}

    def err(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    try:
        kind = rules.case_kind(data.case_type, data.procedure)
    except KeyError:
        raise ValidationError({"procedure": _("This procedure does not exist for this case type.")}) from None
    if data.court.level not in kind.levels:
        levels = ", ".join(kind.levels)
        err(
            "procedure",
            _("A %(court)s does not hear this kind of case (heard at: %(levels)s).")
            % {"court": data.court.get_level_display(), "levels": levels},
        )
    if data.claim_amount is not None and data.claim_amount < 0:
        err("claim_amount", _("The claim amount cannot be negative."))
    registered_on = data.registered_on or _today()
    if data.received_on > registered_on:
        err("received_on", _("The filing cannot be received after the day of registration."))
    if data.received_on > _today():
        err("received_on", _("The day of receipt cannot be in the future."))
    if registered_on > _today():
        err("registered_on", _("The day of registration cannot be in the future."))
    if data.cause is not None:
        expected = {"criminal": "criminal", "administrative": "administrative"}.get(data.case_type, "civil")
        if data.cause.kind != expected or not data.cause.is_active:
            err("cause", _("This cause of action does not belong to this case type."))
    if data.division is not None:
        if data.division.court_id != data.court.pk:
            err("division", _("The division belongs to another court."))
        elif data.division.kind not in kind.division_kinds:
            err("division", _("This division does not handle this kind of case."))
    allowed_roles = rules.party_roles_for(data.case_type, data.procedure)
    if not data.parties:
        err("parties", _("A case needs at least one party."))
    for index, party in enumerate(data.parties):
        if not party.name.strip():
            err(f"parties.{index}.name", _("Every party needs a name."))
        if party.role not in allowed_roles:
            err(f"parties.{index}.role", _("This role does not exist in this kind of case."))
        if party.id_number:
            from xiezhi.accounts.rules import identity_number_problem

            problem = identity_number_problem(party.id_number)
            if problem:
                err(f"parties.{index}.id_number", problem)
        if party.birth_date and party.birth_date > _today():
            err(f"parties.{index}.birth_date", _("The birth date cannot be in the future."))
    if errors:
        raise ValidationError(errors)
    return kind


def _default_title(data: CaseInput) -> str:
    first = [
        p.name
        for p in data.parties
        if p.role in ("plaintiff", "appellant", "applicant", "enforcement_applicant", "private_prosecutor")
    ]
    second = [
        p.name
        for p in data.parties
        if p.role in ("defendant", "appellee", "respondent", "judgment_debtor", "accused")
    ]
    cause = data.cause.name if data.cause else ""
    if data.case_type == "criminal":
        return f"{'、'.join(second) or _('unknown')}{cause}案"
    if first and second:
        return f"{'、'.join(first)}诉{'、'.join(second)}{cause}"[:200]
    return f"{'、'.join(first or second)}{cause}"[:200]


def _event(case: Case, kind: str, actor: User | None, detail: str = "", public: bool = True) -> None:
    TimelineEvent.objects.create(case=case, kind=kind, actor=actor, detail=detail[:300], public=public)


def add_timeline_event(
    case: Case, kind: str, actor: User | None, detail: str = "", public: bool = True
) -> TimelineEvent:
    """Add a step to the case's timeline from another app (e.g. a hearing scheduled or moved);
    ``public`` events are process information the parties see."""
    return TimelineEvent.objects.create(case=case, kind=kind, actor=actor, detail=detail[:300], public=public)


def _pick_division(court: Court, kind: rules.CaseKind) -> Division | None:
    return Division.objects.filter(court=court, kind__in=kind.division_kinds).order_by("id").first()


def register_case(by: User, data: CaseInput) -> Case:
    """Register a case at the filing counter (立案): number issued, time limit started.

    Only the court's filing officers (and the filing division's head) may register.
    """
    policy.require(by, "case.register", data.court)
    kind = _validate(data)
    registered_on = data.registered_on or _today()
    with transaction.atomic():
        case = Case(
            court=data.court,
            division=data.division or _pick_division(data.court, kind),
            case_type=data.case_type,
            procedure=data.procedure,
            type_code=kind.type_code,
            title=(data.title.strip() or _default_title(data))[:200],
            cause=data.cause,
            claim_amount=data.claim_amount,
            received_on=data.received_on,
            registered_on=registered_on,
            summary=data.summary,
            is_collegial=kind.collegial_required if data.is_collegial is None else data.is_collegial,
            status=CaseStatus.REGISTERED,
        )
        case.year = registered_on.year
        case.sequence, case.number = issue_case_number(data.court, case.year, kind.type_code)
        case.deadline_on = _deadline_date(case)
        case.save()
        _add_parties(case, data.parties)
        _event(case, EventKind.RECEIVED, by, detail=data.received_on.isoformat())
        _event(case, EventKind.REGISTERED, by, detail=case.number)
    return case


def _add_parties(case: Case, parties: Iterable[PartyInput]) -> None:
    for position, item in enumerate(parties):
        party = Party.objects.create(
            case=case,
            kind=item.kind,
            role=item.role,
            name=item.name.strip(),
            sex=item.sex,
            birth_date=item.birth_date,
            id_number=item.id_number.strip().upper(),
            credit_code=item.credit_code,
            legal_representative=item.legal_representative,
            address=item.address,
            phone=item.phone,
            user=item.user,
            position=position,
        )
        for rep in item.representatives:
            Representative.objects.create(
                case=case,
                party=party,
                kind=rep.kind,
                name=rep.name,
                user=rep.user,
                law_firm=rep.law_firm,
                licence_number=rep.licence_number,
            )


# --- time limits (审限) -------------------------------------------------------------------------


def _suspensions(case: Case) -> list[time_limits.Suspension]:
    return [time_limits.Suspension(s.started_on, s.ended_on, s.reason) for s in case.suspensions.all()]


def _extensions(case: Case) -> list[time_limits.Extension]:
    # From the (usually prefetched) extensions of the case rather than a query of its own.
    approved = sorted(
        (e for e in case.extensions.all() if e.status == ExtensionStatus.APPROVED),
        key=lambda e: (e.decided_on, e.pk),
    )
    return [
        time_limits.Extension(e.approver_kind, e.months, e.days, e.decided_on, e.reason)  # type: ignore[arg-type]
        for e in approved
    ]


def court_calendar() -> time_limits.ChineseHolidayCalendar:
    """The official calendar with the administrators' overrides; years the package does not know
    yet fall back to weekends-only and the deadline is marked provisional."""
    from .models import CalendarOverride

    overrides = dict(CalendarOverride.objects.values_list("day", "is_workday"))
    return time_limits.ChineseHolidayCalendar(overrides, unknown_years="weekends")


def _roll_forward(case: Case) -> bool | None:
    # Whether a court's own limit that ends on a rest day moves to the next working day is a
    # configuration choice (time-limits.md, worked example 4); party windows always roll forward.
    from django.conf import settings

    return True if settings.XIEZHI_COURT_LIMITS_ROLL_FORWARD else None


def time_limit_for(case: Case, today: date | None = None) -> time_limits.Deadline | None:
    """The case's current trial time limit with suspensions and approved extensions, or None."""
    if case.registered_on is None or case.kind.time_limit is None:
        return None
    today = today or _today()
    suspensions = _suspensions(case) if case.pk else []
    extensions = _extensions(case) if case.pk else []
    return time_limits.compute_deadline(
        case.kind.time_limit,
        case.registered_on,
        suspensions,
        extensions,
        as_of=today,
        calendar=court_calendar(),
        roll_forward=_roll_forward(case),
    )


def _deadline_date(case: Case) -> date | None:
    deadline = time_limit_for(case)
    return deadline.due if deadline else None


def refresh_deadlines(cases: Iterable[Case]) -> int:
    """Recompute the stored time-limit end of ``cases`` (after a calendar override changed);
    returns how many changed. Writes only ``deadline_on``, so no version conflict is created."""
    changed = 0
    for case in cases:
        due = _deadline_date(case)
        if due != case.deadline_on:
            Case.objects.filter(pk=case.pk).update(deadline_on=due)
            changed += 1
    return changed


# --- locking and saving -----------------------------------------------------------------------


def _lock(case: Case, expected_version: int | None) -> Case:
    """Re-read the case under a row lock and check it is still the version the user saw."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and locked.version != expected_version:
        raise VersionConflict(locked.version)
    return locked


def _save(case: Case, fields: Sequence[str]) -> None:
    case.version += 1
    case.save(update_fields=[*fields, "version", "updated_at"])


# --- assignment (分案) --------------------------------------------------------------------------

JUDGE_ROLES = (StaffRole.JUDGE, StaffRole.PRESIDING_JUDGE, StaffRole.DIVISION_HEAD)


def _excluded_ids(case: Case) -> set[int]:
    """Judges who must never get this case: recorded exclusions and everyone who heard it below."""
    excluded = set(case.exclusions.values_list("user_id", flat=True))
    origin = case.origin
    while origin is not None:
        if origin.judge_id:
            excluded.add(origin.judge_id)
        excluded.update(origin.panel.values_list("user_id", flat=True))
        origin = origin.origin
    return excluded


def assignment_candidates(case: Case) -> list[dict[str, Any]]:
    """Judges of the case's division who may take it, with their open caseload and weight."""
    if case.division_id is None:
        return []
    excluded = _excluded_ids(case)
    profiles = (
        StaffProfile.objects.judges_of(case.division)
        .exclude(user_id__in=excluded)
        .select_related("user")
        .order_by("user_id")
    )
    user_ids = [p.user_id for p in profiles]
    loads = dict(
        Case.objects.filter(judge_id__in=user_ids, status__in=rules.OPEN_STATUSES)
        .values("judge_id")
        .annotate(n=Count("id"))
        .values_list("judge_id", "n")
    )
    return [
        {
            "user_id": p.user_id,
            "name": p.user.display_name,
            "open_cases": loads.get(p.user_id, 0),
            "weight": round(1 / (1 + loads.get(p.user_id, 0)), 6),
        }
        for p in profiles
    ]


def _choose(candidates: list[dict[str, Any]], rng: random.Random) -> dict[str, Any]:
    # Weighted lottery: a judge with fewer open cases is more likely to get the next one, but any
    # eligible judge can, so nobody can predict (or steer) who will hear a case.
    total = sum(c["weight"] for c in candidates)
    point = rng.random() * total
    for candidate in candidates:
        point -= candidate["weight"]
        if point <= 0:
            return candidate
    return candidates[-1]


def auto_assign(
    by: User, case: Case, expected_version: int | None = None, rng: random.Random | None = None
) -> Case:
    """Assign a registered case at random within its division, weighted by caseload."""
    return transition(by, case, "assign", expected_version, rng=rng)


def _do_assign(by: User, case: Case, rng: random.Random | None = None, **_kwargs: Any) -> list[str]:
    candidates = assignment_candidates(case)
    if not candidates:
        raise WorkflowError(
            _("No judge of this division can take the case (all are excluded or none is active)."),
            code="no_candidate",
        )
    chosen = _choose(candidates, rng or random.SystemRandom())
    case.judge_id = chosen["user_id"]
    support = _assign_support_staff(case)
    AssignmentRecord.objects.create(
        case=case, judge_id=chosen["user_id"], method="random", assigned_by=by, candidates=candidates
    )
    _event(case, EventKind.ASSIGNED, by, detail=chosen["name"])
    if not case.is_collegial:
        PanelMember.objects.filter(case=case).delete()
    return ["judge", *support]


def _assign_support_staff(case: Case) -> list[str]:
    """Give the case a clerk and a judge assistant of its division when it has none: the one with
    the fewest open cases (ties: the longest-serving account), so that someone records the hearing
    and serves the documents from day one."""
    changed = []
    for field_name, role in (("clerk", StaffRole.CLERK), ("assistant", StaffRole.JUDGE_ASSISTANT)):
        if getattr(case, f"{field_name}_id") is not None or case.division_id is None:
            continue
        staff = list(
            StaffProfile.objects.active()
            .filter(division_id=case.division_id, role=role)
            .values_list("user_id", flat=True)
        )
        if not staff:
            continue
        loads = dict(
            Case.objects.filter(**{f"{field_name}_id__in": staff}, status__in=rules.OPEN_STATUSES)
            .values(f"{field_name}_id")
            .annotate(n=Count("id"))
            .values_list(f"{field_name}_id", "n")
        )
        setattr(case, f"{field_name}_id", min(staff, key=lambda uid: (loads.get(uid, 0), uid)))
        changed.append(field_name)
    return changed


def _do_reassign(
    by: User, case: Case, judge: User | None = None, reason: str = "", **_kwargs: Any
) -> list[str]:
    if judge is None or not reason.strip():
        raise WorkflowError(
            _("Choose the new judge and give the reason for the change."), code="missing_input"
        )
    if judge.pk == case.judge_id:
        raise WorkflowError(_("This judge already handles the case."), code="no_change")
    eligible = {c["user_id"] for c in assignment_candidates(case)}
    if judge.pk not in eligible:
        raise WorkflowError(
            _("This judge cannot take the case: not an active judge of the division, or excluded."),
            code="ineligible_judge",
        )
    case.judge = judge
    AssignmentRecord.objects.create(
        case=case, judge=judge, method="manual", reason=reason.strip()[:300], assigned_by=by
    )
    _event(case, EventKind.REASSIGNED, by, detail=judge.display_name)
    return ["judge"]


def form_panel(
    by: User,
    case: Case,
    presiding: User,
    members: Sequence[tuple[User, str]],
    expected_version: int | None = None,
) -> Case:
    """Form the collegial panel (合议庭): a presiding judge plus judges/assessors, an odd number ≥ 3.

    Second-instance panels are judges only (CPL Art. 41); excluded judges may not sit.
    """
    policy.require(by, "case.assign", case)
    with transaction.atomic():
        case = _lock(case, expected_version)
        if case.status not in ("assigned", "in_trial", "suspended"):
            raise WorkflowError(_("A panel is formed after the case is assigned."))
        seats = [(presiding, PanelRole.PRESIDING), *members]
        users = [u.pk for u, _role in seats]
        if len(set(users)) != len(users):
            raise WorkflowError(_("Each person sits on the panel once."), code="invalid_panel")
        if len(seats) < 3 or len(seats) % 2 == 0:
            raise WorkflowError(
                _("A collegial panel has an odd number of members, at least three."), code="invalid_panel"
            )
        if case.judge_id not in users:
            raise WorkflowError(_("The judge in charge must sit on the panel."), code="invalid_panel")
        excluded = _excluded_ids(case)
        for user, role in seats:
            profile = getattr(user, "staff_profile", None)
            if user.pk in excluded:
                raise WorkflowError(
                    _("%(name)s is excluded from this case.") % {"name": user.display_name},
                    code="invalid_panel",
                )
            if profile is None or profile.court_id != case.court_id or not profile.is_active:
                raise WorkflowError(
                    _("%(name)s is not active staff of this court.") % {"name": user.display_name},
                    code="invalid_panel",
                )
            is_assessor = profile.role == StaffRole.ASSESSOR
            if role == PanelRole.ASSESSOR and not is_assessor:
                raise WorkflowError(
                    _("%(name)s is not a people's assessor.") % {"name": user.display_name},
                    code="invalid_panel",
                )
            if role != PanelRole.ASSESSOR and profile.role not in JUDGE_ROLES:
                raise WorkflowError(
                    _("%(name)s is not a judge.") % {"name": user.display_name}, code="invalid_panel"
                )
            if role == PanelRole.ASSESSOR and case.procedure == "second_instance":
                raise WorkflowError(
                    _("Second-instance panels are formed of judges only."), code="invalid_panel"
                )
        PanelMember.objects.filter(case=case).delete()
        for user, role in seats:
            PanelMember.objects.create(case=case, user=user, role=role)
        case.is_collegial = True
        _save(case, ["is_collegial"])
        names = "、".join(u.display_name for u, _role in seats)
        _event(case, EventKind.PANEL_FORMED, by, detail=names)
    return case


def exclude_judge(by: User, case: Case, judge: User, reason: str, note: str = "") -> Exclusion:
    """Record that ``judge`` may never be assigned to ``case`` (interest, recusal, lower instance)."""
    policy.require(by, "case.assign", case)
    if reason not in ExclusionReason.values:
        raise ValidationError({"reason": _("Unknown exclusion reason.")})
    exclusion, _created = Exclusion.objects.get_or_create(
        case=case, user=judge, defaults={"reason": reason, "note": note[:200]}
    )
    return exclusion


# --- the state machine -----------------------------------------------------------------------


def _do_start_trial(by: User, case: Case, **_kwargs: Any) -> list[str]:
    if case.judge_id is None:
        raise WorkflowError(_("The case has no judge in charge yet."), code="precondition")
    if case.is_collegial and not case.panel.exists():
        raise WorkflowError(
            _("This case is heard by a collegial panel: form the panel first."), code="precondition"
        )
    _event(case, EventKind.TRIAL_STARTED, by)
    return []


def _do_suspend(
    by: User,
    case: Case,
    reason: str = "",
    kind: str = SuspensionKind.SUSPENSION,
    on: date | None = None,
    **_kwargs: Any,
) -> list[str]:
    if not reason.strip():
        raise WorkflowError(_("Give the reason for suspending the proceedings."), code="missing_input")
    if on is not None and (on > _today() or (case.registered_on and on < case.registered_on)):
        raise WorkflowError(_("A suspension starts between registration and today."), code="invalid_date")
    if kind not in SuspensionKind.values:
        raise WorkflowError(_("Unknown kind of suspension."), code="missing_input")
    Suspension.objects.create(case=case, kind=kind, started_on=on or _today(), reason=reason.strip()[:200])
    _event(case, EventKind.SUSPENDED, by, detail=reason.strip())
    return []


def _do_resume(by: User, case: Case, on: date | None = None, **_kwargs: Any) -> list[str]:
    day = on or _today()
    if day > _today():
        raise WorkflowError(_("Proceedings cannot resume on a future day."), code="invalid_date")
    open_suspension = case.suspensions.filter(ended_on__isnull=True).order_by("-started_on").first()
    if open_suspension is not None:
        if day < open_suspension.started_on:
            raise WorkflowError(
                _("Proceedings cannot resume before they were suspended."), code="invalid_date"
            )
        open_suspension.ended_on = day
        open_suspension.save(update_fields=["ended_on"])
    _event(case, EventKind.RESUMED, by)
    return []


def _do_close(
    by: User, case: Case, outcome: str = "", closed_on: date | None = None, **_kwargs: Any
) -> list[str]:
    if outcome not in rules.OUTCOMES:
        raise WorkflowError(_("Choose how the case was closed."), code="missing_input")
    closed_on = closed_on or _today()
    if case.registered_on and closed_on < case.registered_on:
        raise WorkflowError(_("A case cannot be closed before it was registered."), code="invalid_date")
    if closed_on > _today():
        raise WorkflowError(_("The closing day cannot be in the future."), code="invalid_date")
    case.outcome, case.closed_on = outcome, closed_on
    _event(case, EventKind.CLOSED, by, detail=rules.OUTCOMES[outcome][0])
    return ["outcome", "closed_on"]


def _do_make_effective(by: User, case: Case, effective_on: date | None = None, **_kwargs: Any) -> list[str]:
    effective_on = effective_on or _today()
    if effective_on > _today():
        raise WorkflowError(_("The day of effect cannot be in the future."), code="invalid_date")
    if case.closed_on and effective_on < case.closed_on:
        raise WorkflowError(
            _("A decision cannot take effect before the case was closed."), code="invalid_date"
        )
    if case.derived_cases.filter(origin_kind="appeal").exists():
        raise WorkflowError(
            _("An appeal is pending: the decision does not take effect."), code="precondition"
        )
    case.effective_on = effective_on
    _event(case, EventKind.EFFECTIVE, by, detail=effective_on.isoformat())
    return ["effective_on"]


def _do_archive(by: User, case: Case, **_kwargs: Any) -> list[str]:
    if case.status == "closed" and case.outcome in rules.APPEALABLE_OUTCOMES:
        raise WorkflowError(_("A judgment or ruling is archived once it is effective."), code="precondition")
    case.archived_on = _today()
    _event(case, EventKind.ARCHIVED, by)
    return ["archived_on"]


def _do_appeal(
    by: User, case: Case, appellant: Party | None = None, filed_on: date | None = None, **_kwargs: Any
) -> list[str]:
    if case.outcome not in rules.APPEALABLE_OUTCOMES:
        raise WorkflowError(_("Only judgments and rulings can be appealed."), code="precondition")
    if case.kind.appeal_procedure is None:
        raise WorkflowError(_("Decisions in this kind of case cannot be appealed."), code="precondition")
    if appellant is None or appellant.case_id != case.pk:
        raise WorkflowError(_("Choose the party who appeals."), code="missing_input")
    if case.court.parent is None or (case.court.parent.level == "supreme" and case.court.level == "supreme"):
        raise WorkflowError(_("There is no higher court to appeal to."), code="precondition")
    if case.derived_cases.filter(origin_kind="appeal").exists():
        raise WorkflowError(_("An appeal has already been recorded for this case."), code="precondition")
    filed_on = filed_on or _today()
    if filed_on > _today() or (case.closed_on and filed_on < case.closed_on):
        raise WorkflowError(_("An appeal is filed between the decision and today."), code="invalid_date")
    higher = case.court.parent
    kind = rules.case_kind(case.case_type, case.kind.appeal_procedure)
    parties = []
    for party in case.parties.all():
        if party.pk == appellant.pk:
            role = "appellant"
        elif case.case_type == "criminal":
            role = (
                party.role
                if party.role in ("prosecutor", "victim", "civil_plaintiff_in_criminal")
                else "accused"
            )
        elif party.role == "third_party":
            role = "third_party"
        else:
            role = "appellee"
        parties.append(
            PartyInput(
                role=role,
                name=party.name,
                kind=party.kind,
                sex=party.sex,
                birth_date=party.birth_date,
                id_number=party.id_number,
                credit_code=party.credit_code,
                legal_representative=party.legal_representative,
                address=party.address,
                phone=party.phone,
                user=party.user,
            )
        )
    second = Case(
        court=higher,
        division=_pick_division(higher, kind),
        case_type=case.case_type,
        procedure=kind.procedure,
        type_code=kind.type_code,
        title=case.title,
        cause=case.cause,
        claim_amount=case.claim_amount,
        received_on=filed_on,
        registered_on=filed_on,
        is_collegial=kind.collegial_required,
        status=CaseStatus.REGISTERED,
        origin=case,
        origin_kind="appeal",
    )
    # The appeal is a new case of the higher court, numbered in the year that court accepts it.
    second.year = filed_on.year
    second.sequence, second.number = issue_case_number(higher, second.year, kind.type_code)
    second.deadline_on = _deadline_date(second)
    second.save()
    _add_parties(second, parties)
    originals = list(case.representatives.select_related("party"))
    new_parties = {p.name: p for p in second.parties.all()}
    for rep in originals:
        target = new_parties.get(rep.party.name)
        if target is not None:
            Representative.objects.create(
                case=second,
                party=target,
                kind=rep.kind,
                name=rep.name,
                user=rep.user,
                law_firm=rep.law_firm,
                licence_number=rep.licence_number,
            )
    _event(second, EventKind.RECEIVED, by, detail=f"{case.number} → {appellant.name}")
    _event(second, EventKind.REGISTERED, by, detail=second.number or "")
    _event(case, EventKind.APPEALED, by, detail=f"{appellant.name} → {second.number}")
    # In the same transaction: an appeal whose file could not be transferred is not recorded.
    case_appealed.send(sender=Case, origin=case, appeal=second, by=by)
    case._appeal_case = second  # type: ignore[attr-defined]
    return []


def _do_register(by: User, case: Case, **_kwargs: Any) -> list[str]:
    case.registered_on = _today()
    case.year = case.registered_on.year
    case.sequence, case.number = issue_case_number(case.court, case.year, case.type_code)
    _event(case, EventKind.REGISTERED, by, detail=case.number)
    return ["registered_on", "year", "sequence", "number"]


_HANDLERS = {
    "register": _do_register,
    "assign": _do_assign,
    "reassign": _do_reassign,
    "start_trial": _do_start_trial,
    "suspend": _do_suspend,
    "resume": _do_resume,
    "close": _do_close,
    "make_effective": _do_make_effective,
    "archive": _do_archive,
    "appeal": _do_appeal,
}
_DEADLINE_CHANGES = {"register", "suspend", "resume"}


def transition(by: User, case: Case, name: str, expected_version: int | None = None, **inputs: Any) -> Case:
    """Apply the workflow transition ``name`` to ``case`` (see ``rules.TRANSITIONS``).

    Checks, in order: the transition exists, the user may perform it on this case (policy), the
    case is still at ``expected_version``, the current status allows it, and its preconditions.
    Writes a timeline event; the change itself is audited. Returns the updated case (for an
    appeal, the original; the new second-instance case is at ``case.appeal_case``).
    """
    rule = rules.TRANSITIONS.get(name)
    if rule is None:
        raise WorkflowError(_("Unknown action %(name)s.") % {"name": name}, code="unknown_transition")
    policy.require(by, f"case.transition.{name}", case)
    with transaction.atomic():
        case = _lock(case, expected_version)
        if case.status not in rule.sources:
            raise WorkflowError(
                _("“%(action)s” is not possible while the case is “%(status)s”.")
                % {
                    "action": rule.label_zh if _is_zh() else rule.label_en,
                    "status": case.get_status_display(),
                }
            )
        fields = _HANDLERS[name](by, case, **inputs)
        if rule.target is not None:
            case.status = rule.target
            fields = [*fields, "status"]
        if name in _DEADLINE_CHANGES:
            case.deadline_on = _deadline_date(case)
            fields = [*fields, "deadline_on"]
        _save(case, fields)
    appeal_case = getattr(case, "_appeal_case", None)
    if appeal_case is not None:
        case.appeal_case = appeal_case  # type: ignore[attr-defined]
    return case


def make_effective_on_schedule(case: Case, effective_on: date, detail: str = "") -> Case:
    """The scheduled job's ``make_effective``: no user acts, the law does (the appeal windows ran out).

    Same checks as :func:`transition` except the policy (there is no user to ask); the timeline
    event has no actor and says why in ``detail``. Used by ``xiezhi judgments effect``.
    """
    rule = rules.TRANSITIONS["make_effective"]
    with transaction.atomic():
        case = _lock(case, None)
        if case.status not in rule.sources:
            raise WorkflowError(
                _("The case is “%(status)s”, not closed: it cannot take effect now.")
                % {"status": case.get_status_display()}
            )
        fields = _do_make_effective(None, case, effective_on=effective_on)  # type: ignore[arg-type]
        event = TimelineEvent.objects.filter(case=case, kind=EventKind.EFFECTIVE).order_by("-pk").first()
        if detail and event is not None:
            event.detail = f"{effective_on.isoformat()} {detail}"[:300]
            event.save(update_fields=["detail"])
        case.status = rule.target
        _save(case, [*fields, "status"])
    return case


def _is_zh() -> bool:
    from django.utils.translation import get_language

    return not (get_language() or "").startswith("en")


def available_transitions(user: User, case: Case) -> list[rules.Transition]:
    """The transitions ``user`` may perform on ``case`` now (for the case page and the API)."""
    return [
        t for t in rules.transitions_from(case.status) if policy.can(user, f"case.transition.{t.name}", case)
    ]


# --- extensions (延长审限) ---------------------------------------------------------------------


def request_extension(by: User, case: Case, months: int, days: int, reason: str) -> Extension:
    """The judge asks for more time; the approving authority follows from the rules table."""
    policy.require(by, "case.extension.request", case)
    if months < 0 or days < 0 or (months == 0 and days == 0):
        raise ValidationError({"months": _("Ask for a positive number of months or days.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason why more time is needed.")})
    if not case.is_open:
        raise WorkflowError(_("Only open cases can have their time limit extended."), code="precondition")
    if case.extensions.filter(status=ExtensionStatus.REQUESTED).exists():
        raise WorkflowError(_("An extension request is already waiting for a decision."), code="precondition")
    with transaction.atomic():
        extension = Extension.objects.create(
            case=case,
            months=months,
            days=days,
            reason=reason.strip()[:300],
            requested_by=by,
            requested_on=_today(),
        )
        _event(
            case,
            EventKind.EXTENDED,
            by,
            detail=_("requested +%(m)s months %(d)s days") % {"m": months, "d": days},
            public=False,
        )
    return extension


def extension_approver_kind(case: Case) -> str:
    """Who must approve the next extension of this case (court_president, higher_court, high_court, spc)."""
    rule = time_limits.rule_for(case.kind.time_limit, case.registered_on) if case.kind.time_limit else None
    if rule is None or not rule.extensions:
        return ""
    granted = case.extensions.filter(status=ExtensionStatus.APPROVED).count()
    steps = rule.extensions
    step = steps[min(granted, len(steps) - 1)]
    return sorted(step.approvers)[0]


def approve_extension(by: User, extension: Extension, approve: bool = True) -> Extension:
    """Approve or refuse a pending extension; the time limit is recomputed on approval.

    The rules table says whose approval is needed; an extension the law does not allow (too
    long, or beyond the last step) is refused with the rule's explanation.
    """
    case = extension.case
    approver_kind = extension_approver_kind(case)
    policy.require(by, "case.extension.approve", case)
    if extension.status != ExtensionStatus.REQUESTED:
        raise WorkflowError(_("This request has already been decided."), code="precondition")
    with transaction.atomic():
        locked = _lock(case, None)
        extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
        extension.approver = by
        extension.approver_kind = approver_kind
        extension.decided_on = _today()
        extension.save()
        if approve:
            try:
                deadline = time_limit_for(locked)
            except time_limits.TimeLimitError as exc:
                raise WorkflowError(str(exc), code="not_allowed") from None
            locked.deadline_on = deadline.due if deadline else None
            _save(locked, ["deadline_on"])
            _event(
                locked,
                EventKind.EXTENDED,
                by,
                detail=f"+{extension.months}m{extension.days}d → {locked.deadline_on}",
            )
    return extension


def open_caseload(users: Iterable[int]) -> dict[int, int]:
    """Open cases per judge id."""
    return dict(
        Case.objects.filter(Q(judge_id__in=list(users)), status__in=rules.OPEN_STATUSES)
        .values("judge_id")
        .annotate(n=Count("id"))
        .values_list("judge_id", "n")
    )
