"""Every write to hearings: policy checked, conflicts refused with what conflicts, history kept,
everyone affected notified.

Scheduling a hearing (排期) checks, before anything is written: the case is open; the times make
sense, fall on a working day of the official calendar (adjusted working weekends count) and inside
the sitting hours; the parties can be notified in time (CPL Art. 139, CrimPL Art. 187); the room
suits the mode; a closed hearing names its legal ground; and nobody — room, judge, assessor, clerk,
a party's lawyer — is in two hearings at once. Every refusal lists all the problems found, each with
the field it concerns, so a form or API client can show them where they belong.

Side effects that take time (storing and serving the summons, e-mails) run after the hearing's own
transaction: a refused or rolled-back schedule never tells anyone about a hearing that does not exist.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezhi import policy
from xiezhi.accounts.models import StaffProfile, User, UserKind
from xiezhi.cases import rules as case_rules
from xiezhi.cases.models import Case, EventKind, Party
from xiezhi.cases.services import add_timeline_event, court_calendar
from xiezhi.courts.models import Courtroom
from xiezhi.documents import services as documents
from xiezhi.documents.models import FileKind, ServiceMethod

from . import rules
from .models import (
    ChangeKind,
    ClosedGround,
    Hearing,
    HearingAnnouncement,
    HearingChange,
    HearingMode,
    HearingNotification,
    HearingStatus,
    RecipientRole,
)

__all__ = [
    "HearingInput",
    "Problem",
    "SchedulingError",
    "cancel_hearing",
    "check_hearing",
    "mark_held",
    "postponements",
    "reschedule_hearing",
    "schedule_hearing",
    "sitting_hours",
]

logger = logging.getLogger(__name__)

#: Timeline kind for hearing events (the case timeline shows the detail text).
TIMELINE_KIND = EventKind.HEARING

#: Problems that are clashes with other hearings (HTTP 409 in the API); the rest are about the input.
CONFLICT_CODES = frozenset({"courtroom_busy", "person_busy", "lawyer_busy"})

#: Case statuses in which hearings may be scheduled (not before assignment, not while suspended).
SCHEDULABLE_STATUSES = frozenset({"registered", "assigned", "in_trial"})

#: Staff roles that may sit on the bench.
BENCH_ROLES = frozenset({"judge", "presiding_judge", "division_head", "court_president", "assessor"})


@dataclass(frozen=True)
class Problem:
    """One reason a hearing cannot be scheduled as asked."""

    code: str
    field: str
    message: str


class SchedulingError(Exception):
    """The hearing cannot be scheduled (or moved, or cancelled) as asked; ``problems`` says why."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        self.message = "；".join(p.message for p in self.problems)
        super().__init__(self.message)

    @property
    def is_conflict(self) -> bool:
        return any(p.code in CONFLICT_CODES for p in self.problems)


@dataclass
class HearingInput:
    """What the scheduler chose. Empty ``panel`` means the case's panel (or its judge in charge);
    no ``clerk`` means the case's clerk."""

    starts_at: datetime
    ends_at: datetime
    courtroom: Courtroom | None = None
    mode: str = HearingMode.IN_PERSON
    is_public: bool = True
    closed_ground: str = ""
    closed_note: str = ""
    panel: Sequence[User] = field(default_factory=tuple)
    clerk: User | None = None


def sitting_hours() -> tuple[rules.Window, ...]:
    """The sitting windows in force (``XIEZHI_HEARING_HOURS``, default 08:30–17:30)."""
    return rules.parse_hours(settings.XIEZHI_HEARING_HOURS)


def default_panel(case: Case) -> list[User]:
    """The bench of the case: its collegial panel, presiding judge first, else the judge in charge."""
    members = sorted(case.panel.select_related("user"), key=lambda m: (m.role != "presiding", m.pk))
    if members:
        return [m.user for m in members]
    return [case.judge] if case.judge_id else []


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _span(hearing_or_input: Any) -> str:
    start, end = _local(hearing_or_input.starts_at), _local(hearing_or_input.ends_at)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


def _case_label(case: Case) -> str:
    return case.number or case.title


def _name(user: User) -> str:
    return user.display_name


def _weekday(day: date) -> str:
    return "一二三四五六日"[day.weekday()]


def _lawyer_ids(case: Case) -> dict[int, str]:
    """Accounts of the lawyers acting for the case's parties (representatives linked to a lawyer account)."""
    return {
        rep.user_id: rep.name
        for rep in case.representatives.select_related("user")
        if rep.user_id is not None and rep.user.kind == UserKind.LAWYER
    }


def _staff_of(court_id: int, users: Sequence[User]) -> dict[int, StaffProfile]:
    return {
        p.user_id: p
        for p in StaffProfile.objects.active().filter(user__in=[u.pk for u in users], court_id=court_id)
    }


def _normalise(case: Case, data: HearingInput) -> HearingInput:
    panel = list(dict.fromkeys(data.panel)) if data.panel else default_panel(case)
    clerk = data.clerk if data.clerk is not None else case.clerk
    closed_ground = "" if data.is_public else (data.closed_ground or "")
    return HearingInput(
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        courtroom=data.courtroom,
        mode=data.mode,
        is_public=data.is_public,
        closed_ground=closed_ground,
        closed_note="" if data.is_public else (data.closed_note or "").strip()[:200],
        panel=panel,
        clerk=clerk,
    )


def _indictment_copy_late(case: Case, day: date, today: date) -> tuple[list[str], date] | None:
    """The defendants (被告人) whose copy of the indictment — the complaint-kind file of a criminal
    case — was not served at least :data:`~.rules.INDICTMENT_COPY_DAYS` days before ``day``, each
    with why, and the earliest day the trial could be held; None when the rule is met or does not
    apply.  A copy not yet served counts as served today (the earliest it can be)."""
    if not rules.indictment_copy_applies(case.case_type, case.procedure):
        return None
    from xiezhi.documents.models import ServiceRecord, ServiceStatus

    served: dict[int, date] = {}
    for party_id, served_on in ServiceRecord.objects.filter(
        case=case,
        case_file__kind=FileKind.COMPLAINT,
        status=ServiceStatus.SERVED,
        service_date__isnull=False,
    ).values_list("party_id", "service_date"):
        served[party_id] = min(served_on, served.get(party_id, served_on))
    names: list[str] = []
    earliest = day
    for party in case.parties.filter(role="accused").order_by("position", "pk"):
        served_on = served.get(party.pk)
        first = rules.earliest_trial_day(served_on or today)
        if day < first:
            names.append(
                _("%(name)s (served %(date)s)") % {"name": party.name, "date": served_on.isoformat()}
                if served_on
                else _("%(name)s (not yet served)") % {"name": party.name}
            )
            earliest = max(earliest, first)
    return (names, earliest) if names else None


def _input_problems(case: Case, data: HearingInput, today: date) -> list[Problem]:
    problems: list[Problem] = []

    def add(code: str, field_name: str, message: str) -> None:
        problems.append(Problem(code, field_name, message))

    if case.status not in SCHEDULABLE_STATUSES:
        add(
            "case_state",
            "case",
            _(
                "Hearings can be scheduled only for a registered, assigned or tried case; "
                "this case is %(status)s."
            )
            % {"status": case.get_status_display()},
        )
    if data.mode not in HearingMode.values:
        add("invalid_mode", "mode", _("Choose in person, online or hybrid."))
    start, end = _local(data.starts_at), _local(data.ends_at)
    if end <= start:
        add("end_before_start", "ends_at", _("The hearing must end after it starts."))
        return problems
    day = start.date()
    earliest = rules.earliest_hearing_day(today, case.case_type)
    if day < earliest:
        add(
            "notice_too_short",
            "starts_at",
            _(
                "Too little notice: the parties must be notified at least %(days)s days before the hearing "
                "(CPL Art. 139; CrimPL Art. 187). Notified today, the earliest hearing day is %(earliest)s."
            )
            % {"days": rules.notice_days(case.case_type), "earliest": earliest.isoformat()},
        )
    late = _indictment_copy_late(case, day, today)
    if late is not None:
        names, latest = late
        add(
            "indictment_copy_late",
            "starts_at",
            _(
                "The copy of the indictment must reach every defendant at least %(days)s days before the "
                "trial (CrimPL Art. 187): %(names)s. The earliest trial day is %(earliest)s."
            )
            % {
                "days": rules.INDICTMENT_COPY_DAYS,
                "names": "、".join(names),
                "earliest": latest.isoformat(),
            },
        )
    if not court_calendar().is_workday(day):
        add(
            "non_working_day",
            "starts_at",
            _("%(day)s (周%(weekday)s) is not a working day on the official holiday calendar.")
            % {"day": day.isoformat(), "weekday": _weekday(day)},
        )
    windows = sitting_hours()
    if not rules.within_hours(start, end, windows):
        add(
            "outside_hours",
            "starts_at",
            _("%(span)s is outside the court's sitting hours (%(hours)s); a hearing lies within one of them.")
            % {"span": _span(data), "hours": "、".join(str(w) for w in windows)},
        )
    room = data.courtroom
    if room is not None:
        if room.court_id != case.court_id:
            add(
                "invalid_courtroom",
                "courtroom",
                _("%(room)s is not a courtroom of this case's court.") % {"room": room},
            )
        elif not room.is_active:
            add(
                "invalid_courtroom",
                "courtroom",
                _("%(room)s is not available for hearings.") % {"room": room.name},
            )
    if data.mode == HearingMode.ONLINE and room is not None and not room.supports_online:
        add(
            "room_not_online",
            "courtroom",
            _("%(room)s is not equipped for online hearings: choose an equipped courtroom or none.")
            % {"room": room.name},
        )
    if data.mode == HearingMode.HYBRID and (room is None or not room.supports_online):
        add(
            "room_not_online",
            "courtroom",
            _("A hybrid hearing needs a courtroom equipped for online hearings."),
        )
    if data.mode == HearingMode.IN_PERSON and room is None:
        add("courtroom_required", "courtroom", _("Choose the courtroom for a hearing in person."))
    if not data.is_public:
        if data.closed_ground not in ClosedGround.values:
            add(
                "closed_ground_required",
                "closed_ground",
                _(
                    "A hearing in private needs its legal ground "
                    "(CPL Art. 137; CrimPL Art. 188; ALL Art. 54)."
                ),
            )
    if not data.panel:
        add(
            "panel_required",
            "panel",
            _("Name the judges (and assessors) sitting; the case has no judge yet."),
        )
    staff = _staff_of(case.court_id, [*data.panel, *([data.clerk] if data.clerk else [])])
    for member in data.panel:
        profile = staff.get(member.pk)
        if profile is None or profile.role not in BENCH_ROLES:
            add(
                "invalid_panel",
                "panel",
                _("%(name)s is not a judge or people's assessor of this court.") % {"name": _name(member)},
            )
    if data.clerk is None:
        add("clerk_required", "clerk", _("Name the clerk who keeps the record; the case has no clerk yet."))
    elif staff.get(data.clerk.pk) is None:
        add(
            "invalid_clerk",
            "clerk",
            _("%(name)s is not on the staff of this court.") % {"name": _name(data.clerk)},
        )
    return problems


def _conflicts(case: Case, data: HearingInput, exclude_pk: int | None) -> list[Problem]:
    problems: list[Problem] = []
    others = Hearing.objects.overlapping(data.starts_at, data.ends_at).select_related("case", "courtroom")
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if data.courtroom is not None:
        for other in others.filter(courtroom=data.courtroom):
            problems.append(
                Problem(
                    "courtroom_busy",
                    "courtroom",
                    _("%(room)s is already booked %(span)s for case %(case)s.")
                    % {"room": data.courtroom.name, "span": _span(other), "case": _case_label(other.case)},
                )
            )
    people = {u.pk: u for u in [*data.panel, *([data.clerk] if data.clerk else [])]}
    if people:
        ids = list(people)
        busy = others.filter(Q(panel__in=ids) | Q(clerk__in=ids)).distinct().prefetch_related("panel")
        for other in busy:
            involved = {u.pk for u in other.panel.all()} | ({other.clerk_id} if other.clerk_id else set())
            for pk in sorted(involved & set(ids)):
                problems.append(
                    Problem(
                        "person_busy",
                        "clerk" if data.clerk is not None and pk == data.clerk.pk else "panel",
                        _("%(name)s is already in the hearing of case %(case)s at %(span)s.")
                        % {"name": _name(people[pk]), "case": _case_label(other.case), "span": _span(other)},
                    )
                )
    lawyers = _lawyer_ids(case)
    if lawyers:
        busy = others.filter(case__representatives__user__in=list(lawyers)).distinct()
        for other in busy:
            theirs = set(other.case.representatives.values_list("user_id", flat=True))
            for pk in sorted(theirs & set(lawyers)):
                problems.append(
                    Problem(
                        "lawyer_busy",
                        "starts_at",
                        _("Lawyer %(name)s is already in the hearing of case %(case)s at %(span)s.")
                        % {"name": lawyers[pk], "case": _case_label(other.case), "span": _span(other)},
                    )
                )
    return problems


def check_hearing(
    case: Case, data: HearingInput, *, today: date | None = None, exclude: Hearing | None = None
) -> list[Problem]:
    """Every problem with scheduling ``data`` for ``case`` (empty: it can be scheduled). Pure read."""
    data = _normalise(case, data)
    today = today or timezone.localdate()
    problems = _input_problems(case, data, today)
    if not any(p.code == "end_before_start" for p in problems):
        problems += _conflicts(case, data, exclude.pk if exclude else None)
    return problems


def _lock(case: Case, data: HearingInput) -> None:
    # Two schedulers booking the same room or person at the same moment: the rows of the room and of
    # every person involved are locked (in a fixed order, so two bookings cannot deadlock) and the
    # conflicts are checked again under the lock before anything is written.
    if data.courtroom is not None:
        Courtroom.objects.select_for_update().filter(pk=data.courtroom.pk).first()
    ids = sorted(
        {u.pk for u in data.panel} | ({data.clerk.pk} if data.clerk else set()) | set(_lawyer_ids(case))
    )
    list(User.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))


def _snapshot(hearing: Hearing) -> dict[str, Any]:
    return {
        "starts_at": _local(hearing.starts_at).isoformat(),
        "ends_at": _local(hearing.ends_at).isoformat(),
        "courtroom": hearing.courtroom.name if hearing.courtroom_id else None,
        "mode": hearing.mode,
        "is_public": hearing.is_public,
        "closed_ground": hearing.closed_ground,
        "panel": [_name(u) for u in hearing.panel.all()],
        "clerk": _name(hearing.clerk) if hearing.clerk_id else None,
    }


def _place(hearing: Hearing) -> str:
    if hearing.courtroom_id is None:
        return "在线庭审（人民法院在线诉讼平台）"
    suffix = "（线上线下结合）" if hearing.mode == HearingMode.HYBRID else ""
    if hearing.mode == HearingMode.ONLINE:
        suffix = "（在线庭审）"
    return f"{hearing.case.court.name}{hearing.courtroom.name}{suffix}"


def _timeline_detail(hearing: Hearing, prefix: str) -> str:
    publicity = "公开" if hearing.is_public else "不公开"
    return f"{prefix}：{_span(hearing)}，{_place(hearing)}，{publicity}审理"


def _publish(hearing: Hearing, today: date) -> HearingAnnouncement | None:
    if not hearing.is_public:
        return None
    case = hearing.case
    parties = "、".join(f"{p.role_label_zh}{p.name}" for p in _parties(case))
    start = _local(hearing.starts_at)
    cause = case.cause.name if case.cause_id else ""
    text = (
        f"本院定于{start:%Y年%m月%d日 %H:%M}在{_place(hearing)}公开开庭审理"
        f"{_case_label(case)}{('（' + cause + '）') if cause else ''}一案。"
        f"当事人：{parties}。"
    )
    return HearingAnnouncement.objects.create(
        hearing=hearing,
        text=text,
        parties=parties[:300],
        publish_on=rules.announcement_day(start.date(), today),
    )


def _parties(case: Case) -> list[Party]:
    parties = list(case.parties.all())
    for p in parties:
        p.role_label_zh = case_rules.PARTY_ROLE_NAMES.get(p.role, (p.role, p.role))[0]  # type: ignore[attr-defined]
    return parties


def _withdraw_announcements(hearing: Hearing) -> None:
    hearing.announcements.filter(withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())


def _notify_people(hearing: Hearing, event: str, message: str) -> list[int]:
    """Notification records for the bench, the clerk and the parties' representatives with accounts."""
    created: list[HearingNotification] = []
    seen: set[int] = set()

    def add(user: User, role: str, name: str) -> None:
        if user.pk in seen:
            return
        seen.add(user.pk)
        created.append(
            HearingNotification.objects.create(
                hearing=hearing,
                event=event,
                role=role,
                recipient=user,
                recipient_name=name,
                message=message[:500],
                email=user.email or "",
            )
        )

    for member in hearing.panel.all():
        add(member, RecipientRole.BENCH, _name(member))
    if hearing.clerk_id:
        add(hearing.clerk, RecipientRole.CLERK, _name(hearing.clerk))
    for rep in hearing.case.representatives.select_related("user"):
        if rep.user_id is not None:
            add(rep.user, RecipientRole.REPRESENTATIVE, rep.name)
    return [n.pk for n in created if n.email]


def _send_emails(notification_ids: list[int]) -> None:
    """E-mail the notices after the commit; a failed e-mail is logged, the portal still shows the hearing."""
    for item in HearingNotification.objects.filter(pk__in=notification_ids).select_related("hearing__case"):
        subject = _("Hearing notice: case %(case)s") % {"case": _case_label(item.hearing.case)}
        try:
            send_mail(subject, item.message, None, [item.email], fail_silently=False)
        except Exception as exc:  # any transport error
            logger.warning("hearing notification %s could not be e-mailed: %s", item.pk, exc)
            continue
        HearingNotification.objects.filter(pk=item.pk).update(emailed_at=timezone.now())


_DOC_TITLES = {
    ChangeKind.SCHEDULED: "传票",
    ChangeKind.RESCHEDULED: "变更开庭时间通知书",
    ChangeKind.CANCELLED: "撤销开庭通知书",
}


def summons_text(hearing: Hearing, party: Party, event: str) -> str:
    """The summons (传票), or the notice of a new time or of cancellation, for one party."""
    case = hearing.case
    court = case.court
    start = _local(hearing.starts_at)
    role = case_rules.PARTY_ROLE_NAMES.get(party.role, (party.role, party.role))[0]
    title = _DOC_TITLES[event]
    lines = [court.name, "", f"{title}".center(20), "", f"案号：{case.number or '—'}"]
    if case.cause_id:
        lines.append(f"案由：{case.cause.name}")
    lines += [f"被传唤人：{party.name}（{role}）"]
    if event == ChangeKind.CANCELLED:
        lines += [
            "",
            f"原定于{start:%Y年%m月%d日 %H:%M}在{_place(hearing)}开庭审理的本案，"
            "本院决定撤销该次开庭，另行通知。",
        ]
    else:
        publicity = "公开审理" if hearing.is_public else f"不公开审理（{hearing.closed_ground_zh}）"
        if event == ChangeKind.RESCHEDULED:
            lines += ["", "本案开庭时间、地点已变更，以本通知为准。"]
        lines += [
            "传唤事由：开庭审理",
            f"应到时间：{start:%Y年%m月%d日 %H:%M}",
            f"应到处所：{_place(hearing)}",
            f"开庭方式：{hearing.mode_zh}",
            f"审理方式：{publicity}",
            "",
            "注意事项：",
            "一、被传唤人必须准时到达应到处所；在线开庭的，请提前登录人民法院在线诉讼平台并完成身份认证。",
            "二、本传票由被传唤人携带来院报到（在线开庭的除外）。",
            "三、原告经传票传唤，无正当理由拒不到庭的，可以按撤诉处理；被告经传票传唤，无正当理由拒不到庭的，"
            "可以缺席判决（《中华人民共和国民事诉讼法》第一百四十六条、第一百四十七条）。",
        ]
    judge = case.judge.display_name if case.judge_id else ""
    clerk = hearing.clerk.display_name if hearing.clerk_id else ""
    lines += ["", f"审判人员：{judge}　书记员：{clerk}"]
    if court.phone:
        lines.append(f"联系电话：{court.phone}")
    lines += ["", f"{court.name}", f"{timezone.localdate():%Y年%m月%d日}", ""]
    return "\n".join(lines)


def summons_pdf(hearing: Hearing, party: Party, event: str) -> bytes:
    """The summons (or notice) as a PDF (A4, the Chinese CID font of the judgment files): the court
    and the title centred, the court and date of issue at the foot on the right. Its text layer
    is :func:`summons_text`."""
    # The judgments app's renderer is framework-free (no models, no database): shared, not copied.
    from xiezhi.judgments.output import Block, render_pdf

    lines = summons_text(hearing, party, event).splitlines()
    title = _DOC_TITLES[event]
    blocks = [Block("court", lines[0]), Block("title", title)]
    body = [line for line in lines[1:] if line.strip() and line.strip() != title]
    foot = body[-2:]  # court and date of issue
    blocks += [Block("para", line) for line in body[:-2]]
    blocks += [Block("date", line) for line in foot]
    return render_pdf(blocks, f"{title}（{party.name}）")


def issue_notices(by: User, hearing: Hearing, event: str) -> list[HearingNotification]:
    """File the summons (or notice) for every party in the case volume and serve it electronically
    where the party consented; otherwise the notification is flagged for service by another method.

    Runs after the hearing is committed; a document that cannot be filed or served is recorded on
    the notification (and shown to the clerk), never an error that undoes the hearing."""
    case = hearing.case
    out: list[HearingNotification] = []
    start = _local(hearing.starts_at)
    for party in case.parties.all():
        title = f"{_DOC_TITLES[event]}（{party.name}）"
        notification = HearingNotification(
            hearing=hearing,
            event=event,
            role=RecipientRole.PARTY,
            recipient=party.user,
            party=party,
            recipient_name=party.name,
            message=f"{title}：{start:%Y-%m-%d %H:%M} {_place(hearing)}"[:500],
        )
        try:
            pdf = summons_pdf(hearing, party, event)
            stored = documents.store_upload(by, io.BytesIO(pdf), f"{title}.pdf")
            notification.case_file = documents.add_case_file(by, case, stored, FileKind.OTHER, title)
        except (documents.DocumentError, Exception) as exc:
            logger.warning("summons for party %s of hearing %s not filed: %s", party.pk, hearing.pk, exc)
            notification.needs_service = True
            notification.note = str(getattr(exc, "message", exc))[:300]
            notification.save()
            out.append(notification)
            continue
        if not policy.can(by, "case.serve", case):
            notification.needs_service = True
            notification.note = _("To be served by the case's clerk.")
        else:
            try:
                notification.service = documents.serve(
                    by, notification.case_file, party, ServiceMethod.ELECTRONIC
                )
            except documents.DocumentError as exc:
                notification.needs_service = True
                notification.note = exc.message[:300]
        notification.save()
        out.append(notification)
    return out


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise SchedulingError(
            [Problem("reason_required", "reason", _("Say why (it is kept in the hearing's history)."))]
        )
    return reason[:300]


def _message(hearing: Hearing, event: str, reason: str = "") -> str:
    what = {
        ChangeKind.SCHEDULED: "定于",
        ChangeKind.RESCHEDULED: "开庭时间变更为",
        ChangeKind.CANCELLED: "撤销原定",
    }[event]
    text = f"案件{_case_label(hearing.case)}{what}{_span(hearing)}在{_place(hearing)}开庭"
    return f"{text}（原因：{reason}）" if reason else text


def _after_commit(by: User, hearing_pk: int, event: str, email_ids: list[int]) -> None:
    hearing = Hearing.objects.select_related(
        "case__court", "courtroom", "clerk", "case__cause", "case__judge"
    ).get(pk=hearing_pk)
    issue_notices(by, hearing, event)
    if email_ids:
        # After the commit (also when the caller holds an outer transaction): nobody is e-mailed
        # about a hearing that was rolled back.
        transaction.on_commit(lambda: _send_emails(email_ids))


def schedule_hearing(by: User, case: Case, data: HearingInput, *, today: date | None = None) -> Hearing:
    """Schedule a hearing of ``case``; raises :class:`SchedulingError` listing every problem."""
    policy.require(by, "case.hearing.schedule", case)
    today = today or timezone.localdate()
    data = _normalise(case, data)
    problems = _input_problems(case, data, today)
    if problems:
        raise SchedulingError(problems)
    with transaction.atomic():
        _lock(case, data)
        problems = _conflicts(case, data, None)
        if problems:
            raise SchedulingError(problems)
        hearing = Hearing.objects.create(
            case=case,
            courtroom=data.courtroom,
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            mode=data.mode,
            is_public=data.is_public,
            closed_ground=data.closed_ground,
            closed_note=data.closed_note,
            clerk=data.clerk,
            scheduled_by=by,
        )
        hearing.panel.set(data.panel)
        HearingChange.objects.create(
            hearing=hearing, kind=ChangeKind.SCHEDULED, changed_by=by, after=_snapshot(hearing)
        )
        add_timeline_event(case, TIMELINE_KIND, by, _timeline_detail(hearing, "排定开庭"))
        _publish(hearing, today)
        email_ids = _notify_people(hearing, ChangeKind.SCHEDULED, _message(hearing, ChangeKind.SCHEDULED))
    _after_commit(by, hearing.pk, ChangeKind.SCHEDULED, email_ids)
    return hearing


def _require_active(hearing: Hearing) -> None:
    if not hearing.is_active:
        raise SchedulingError(
            [
                Problem(
                    "hearing_state",
                    "hearing",
                    _("This hearing is %(status)s and can no longer be changed.")
                    % {"status": hearing.get_status_display()},
                )
            ]
        )


def postponements(case: Case) -> int:
    """How many times the case's hearings were moved to a later day (延期开庭, from their history)."""
    count = 0
    changes = HearingChange.objects.filter(hearing__case=case, kind=ChangeKind.RESCHEDULED)
    for before, after in changes.values_list("before", "after"):
        old, new = (before or {}).get("starts_at"), (after or {}).get("starts_at")
        if old and new and rules.is_postponement(date.fromisoformat(old[:10]), date.fromisoformat(new[:10])):
            count += 1
    return count


def _postponement_problems(
    case: Case, hearing: Hearing, data: HearingInput, exception: bool
) -> list[Problem]:
    """The SPC 2019 rule's caps on postponing a civil case's hearing (see ``rules.postponement_limit``)."""
    limit = rules.postponement_limit(case.case_type, case.procedure)
    old, new = _local(hearing.starts_at).date(), _local(data.starts_at).date()
    if limit is None or not rules.is_postponement(old, new):
        return []
    problems = []
    done = postponements(case)
    if done >= limit:
        problems.append(
            Problem(
                "postponement_limit",
                "starts_at",
                _(
                    "The hearings of this case have already been postponed %(done)s times; under this "
                    "procedure at most %(limit)s postponements are allowed (SPC 2019 rule Art. 3)."
                )
                % {"done": done, "limit": limit},
            )
        )
    latest = rules.latest_postponed_day(old)
    if new > latest and not exception:
        problems.append(
            Problem(
                "postponement_gap",
                "starts_at",
                _(
                    "A postponed hearing is held within one month (by %(day)s), unless force majeure "
                    "prevents it or the parties agree (SPC 2019 rule Art. 5)."
                )
                % {"day": latest.isoformat()},
            )
        )
    return problems


def reschedule_hearing(
    by: User,
    hearing: Hearing,
    data: HearingInput,
    reason: str,
    *,
    today: date | None = None,
    gap_exception: bool = False,
) -> Hearing:
    """Move a hearing (time, room, bench, mode …): checked like a new one, the old arrangement kept in
    the history with who, when and why, everyone affected notified and served the new notice.

    Moving a civil case's hearing to a later day is a postponement (延期开庭), capped by the SPC 2019
    rule: two (ordinary) or one (summary, small claims), and within a month of the original day
    unless ``gap_exception`` (force majeure or the parties' agreement, Art. 5)."""
    case = hearing.case
    policy.require(by, "case.hearing.schedule", case)
    _require_active(hearing)
    today = today or timezone.localdate()
    problems: list[Problem] = []
    try:
        reason = _require_reason(reason)
    except SchedulingError as exc:
        problems += exc.problems
    data = _normalise(case, data)
    problems += _input_problems(case, data, today)
    problems += _postponement_problems(case, hearing, data, gap_exception)
    if problems:
        raise SchedulingError(problems)
    with transaction.atomic():
        # The case row serialises two moves of its hearings (the postponement count is per case).
        Case.objects.select_for_update().filter(pk=case.pk).first()
        locked = Hearing.objects.select_for_update().get(pk=hearing.pk)
        _require_active(locked)
        _lock(case, data)
        problems = _postponement_problems(case, locked, data, gap_exception) + _conflicts(
            case, data, locked.pk
        )
        if problems:
            raise SchedulingError(problems)
        before = _snapshot(locked)
        for name in (
            "courtroom",
            "starts_at",
            "ends_at",
            "mode",
            "is_public",
            "closed_ground",
            "closed_note",
            "clerk",
        ):
            setattr(locked, name, getattr(data, name))
        locked.status = HearingStatus.RESCHEDULED
        locked.save()
        locked.panel.set(data.panel)
        HearingChange.objects.create(
            hearing=locked,
            kind=ChangeKind.RESCHEDULED,
            changed_by=by,
            reason=reason,
            before=before,
            after=_snapshot(locked),
        )
        add_timeline_event(case, TIMELINE_KIND, by, _timeline_detail(locked, "变更开庭") + f"（{reason}）")
        _withdraw_announcements(locked)
        _publish(locked, today)
        email_ids = _notify_people(
            locked, ChangeKind.RESCHEDULED, _message(locked, ChangeKind.RESCHEDULED, reason)
        )
    _after_commit(by, locked.pk, ChangeKind.RESCHEDULED, email_ids)
    return locked


def cancel_hearing(by: User, hearing: Hearing, reason: str) -> Hearing:
    """Cancel a hearing: history kept, the announcement withdrawn, everyone affected notified."""
    case = hearing.case
    policy.require(by, "case.hearing.schedule", case)
    reason = _require_reason(reason)
    with transaction.atomic():
        locked = Hearing.objects.select_for_update().get(pk=hearing.pk)
        _require_active(locked)
        before = _snapshot(locked)
        locked.status = HearingStatus.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
        HearingChange.objects.create(
            hearing=locked, kind=ChangeKind.CANCELLED, changed_by=by, reason=reason, before=before, after={}
        )
        add_timeline_event(case, TIMELINE_KIND, by, _timeline_detail(locked, "撤销开庭") + f"（{reason}）")
        _withdraw_announcements(locked)
        email_ids = _notify_people(
            locked, ChangeKind.CANCELLED, _message(locked, ChangeKind.CANCELLED, reason)
        )
    _after_commit(by, locked.pk, ChangeKind.CANCELLED, email_ids)
    return locked


def mark_held(by: User, hearing: Hearing) -> Hearing:
    """Record that the hearing took place (from its start time on)."""
    policy.require(by, "case.hearing.schedule", hearing.case)
    _require_active(hearing)
    if hearing.starts_at > timezone.now():
        raise SchedulingError(
            [Problem("not_started", "hearing", _("A hearing can be marked held only once it has started."))]
        )
    with transaction.atomic():
        locked = Hearing.objects.select_for_update().get(pk=hearing.pk)
        _require_active(locked)
        locked.status = HearingStatus.HELD
        locked.save(update_fields=["status", "updated_at"])
        add_timeline_event(locked.case, TIMELINE_KIND, by, _timeline_detail(locked, "已开庭"))
    return locked
