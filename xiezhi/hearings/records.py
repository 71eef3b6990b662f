"""Hearing records (庭审笔录): written by the clerk, read and signed by the parties online, then
locked and filed as an immutable case file with its hash.

CPL Art. 150: the record is read to the parties or they may read it within five days; a party who
finds an omission or error in their own statements may ask for a correction, and if it is not made
the request is recorded; the record is signed by the judges and the clerk and by the parties; a
refusal to sign is noted. Here: ``submit_for_signing`` freezes the text; each party (or its
representative) signs with any correction request; ``lock`` files the final text — including the
signatures, the correction requests and who did not sign — and records its SHA-256.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezhi import policy
from xiezhi.accounts.models import User
from xiezhi.cases import rules as case_rules
from xiezhi.cases.models import Party
from xiezhi.cases.services import add_timeline_event
from xiezhi.documents import services as documents
from xiezhi.documents.models import FileKind

from .models import (
    Hearing,
    HearingRecord,
    HearingStatus,
    RecordEntry,
    RecordSignature,
    RecordStatus,
    RecordStep,
)
from .services import TIMELINE_KIND, Problem, SchedulingError

__all__ = [
    "RecordError",
    "add_entry",
    "delete_entry",
    "lock",
    "record_text",
    "set_participants",
    "sign",
    "start_record",
    "submit_for_signing",
]

MAX_TEXT = 5000

#: Step headings of the filed record: the record is a Chinese court document whatever the UI language.
_STEP_ZH = {
    RecordStep.PREPARATION: "开庭准备",
    RecordStep.INVESTIGATION: "法庭调查",
    RecordStep.EVIDENCE: "举证质证",
    RecordStep.DEBATE: "法庭辩论",
    RecordStep.FINAL: "最后陈述",
    RecordStep.MEDIATION: "调解",
    RecordStep.CLOSING: "闭庭",
}


class RecordError(SchedulingError):
    """A change to the record that is refused; ``message`` says why."""

    def __init__(self, code: str, field: str, message: str) -> None:
        super().__init__([Problem(code, field, message)])
        self.code = code


def _panel_role(hearing: Hearing, user: User) -> str:
    seat = next((m for m in hearing.case.panel.all() if m.user_id == user.pk), None)
    if seat is not None:
        return {"presiding": "审判长", "judge": "审判员", "assessor": "人民陪审员"}[seat.role]
    return "审判员"


def default_participants(hearing: Hearing) -> list[dict[str, Any]]:
    """The bench, the clerk, the parties and their representatives, from the hearing and the case."""
    people: list[dict[str, Any]] = [
        {"role": _panel_role(hearing, u), "name": u.display_name, "party": None} for u in hearing.panel.all()
    ]
    if hearing.clerk_id:
        people.append({"role": "书记员", "name": hearing.clerk.display_name, "party": None})
    for party in hearing.case.parties.all():
        role = case_rules.PARTY_ROLE_NAMES.get(party.role, (party.role, party.role))[0]
        people.append({"role": role, "name": party.name, "party": party.pk})
        for rep in party.representatives.all():
            people.append(
                {"role": f"{role}{party.name}的{rep.get_kind_display()}", "name": rep.name, "party": party.pk}
            )
    return people


def _editable(record: HearingRecord) -> None:
    if record.status != RecordStatus.DRAFT:
        raise RecordError(
            "record_frozen",
            "record",
            _("The record is out for signature or locked; it can no longer be changed."),
        )


def start_record(by: User, hearing: Hearing) -> HearingRecord:
    """Open the record of a hearing that has started (the same record if it exists)."""
    policy.require(by, "case.hearing.record", hearing.case)
    existing = HearingRecord.objects.filter(hearing=hearing).first()
    if existing is not None:
        return existing
    if hearing.status == HearingStatus.CANCELLED:
        raise RecordError("hearing_state", "hearing", _("A cancelled hearing has no record."))
    if hearing.starts_at > timezone.now():
        raise RecordError("not_started", "hearing", _("The record is written once the hearing has started."))
    with transaction.atomic():
        Hearing.objects.select_for_update().filter(pk=hearing.pk).first()
        record, _created = HearingRecord.objects.get_or_create(
            hearing=hearing, defaults={"written_by": by, "participants": default_participants(hearing)}
        )
    return record


def set_participants(by: User, record: HearingRecord, lines: str) -> HearingRecord:
    """Replace the participants from lines ``角色：姓名``; a line naming a party of the case (or one of
    its representatives, as listed by default) keeps the link to that party."""
    policy.require(by, "case.hearing.record", record.hearing.case)
    _editable(record)
    known = {(p["role"], p["name"]): p.get("party") for p in default_participants(record.hearing)}
    people = []
    for number, raw in enumerate((lines or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        role, sep, name = line.replace(":", "：").partition("：")
        if not sep or not role.strip() or not name.strip():
            raise RecordError(
                "invalid_participants",
                "participants",
                _("Line %(n)s: write the role, a colon and the name, e.g. 原告：张三.") % {"n": number},
            )
        role, name = role.strip()[:60], name.strip()[:120]
        people.append({"role": role, "name": name, "party": known.get((role, name))})
    if not people:
        raise RecordError("invalid_participants", "participants", _("List at least one participant."))
    with transaction.atomic():
        locked = HearingRecord.objects.select_for_update().get(pk=record.pk)
        _editable(locked)
        locked.participants = people
        locked.save(update_fields=["participants", "updated_at"])
    return locked


def add_entry(by: User, record: HearingRecord, step: str, speaker: int, text: str) -> RecordEntry:
    """Add a statement by participant number ``speaker`` (0-based, as listed) in ``step``."""
    policy.require(by, "case.hearing.record", record.hearing.case)
    _editable(record)
    if step not in RecordStep.values:
        raise RecordError("invalid_step", "step", _("Choose the procedure step."))
    if not 0 <= speaker < len(record.participants):
        raise RecordError("invalid_speaker", "speaker", _("Choose who spoke from the participants."))
    text = (text or "").strip()
    if not text:
        raise RecordError("text_required", "text", _("Write what was said."))
    if len(text) > MAX_TEXT:
        raise RecordError(
            "text_too_long", "text", _("A statement has at most %(n)s characters.") % {"n": MAX_TEXT}
        )
    person = record.participants[speaker]
    party = None
    if person.get("party"):
        party = Party.objects.filter(pk=person["party"], case_id=record.hearing.case_id).first()
    with transaction.atomic():
        locked = HearingRecord.objects.select_for_update().get(pk=record.pk)
        _editable(locked)
        last = locked.entries.aggregate(last=Max("position"))["last"] or 0
        return RecordEntry.objects.create(
            record=locked,
            position=last + 1,
            step=step,
            speaker=f"{person['role']}{person['name']}"[:120],
            party=party,
            text=text,
        )


def delete_entry(by: User, entry: RecordEntry) -> None:
    policy.require(by, "case.hearing.record", entry.record.hearing.case)
    _editable(entry.record)
    entry.delete()


def submit_for_signing(by: User, record: HearingRecord) -> HearingRecord:
    """Freeze the text and give it to the parties to read and sign on the portal."""
    policy.require(by, "case.hearing.record", record.hearing.case)
    _editable(record)
    if not record.entries.exists():
        raise RecordError("empty_record", "record", _("The record has no statements yet."))
    with transaction.atomic():
        locked = HearingRecord.objects.select_for_update().get(pk=record.pk)
        _editable(locked)
        locked.status = RecordStatus.SIGNING
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["status", "submitted_at", "updated_at"])
        add_timeline_event(locked.hearing.case, TIMELINE_KIND, by, "庭审笔录已送当事人阅读签名")
    return locked


def part_of(record: HearingRecord, party: Party) -> list[RecordEntry]:
    return [e for e in record.entries.all() if e.party_id == party.pk]


def _record_hash(record: HearingRecord) -> str:
    body = "\n".join(
        f"{e.position}|{e.step}|{e.speaker}|{e.text}" for e in record.entries.order_by("position")
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def parties_to_sign(user: User, record: HearingRecord) -> list[Party]:
    """The parties ``user`` may sign for on this record (as the party or its representative)."""
    return [p for p in record.hearing.case.parties.all() if policy.can(user, "case.hearing.record.sign", p)]


def sign(user: User, record: HearingRecord, party: Party, correction: str = "") -> RecordSignature:
    """The party (or its representative) acknowledges the record, asking for any corrections."""
    if party.case_id != record.hearing.case_id:
        raise RecordError("wrong_party", "party", _("The party does not belong to this case."))
    policy.require(user, "case.hearing.record.sign", party)
    if record.status != RecordStatus.SIGNING:
        raise RecordError("not_signing", "record", _("The record is not out for signature."))
    correction = (correction or "").strip()
    if len(correction) > 2000:
        raise RecordError("text_too_long", "correction", _("At most 2000 characters."))
    with transaction.atomic():
        locked = HearingRecord.objects.select_for_update().get(pk=record.pk)
        if locked.status != RecordStatus.SIGNING:
            raise RecordError("not_signing", "record", _("The record is not out for signature."))
        if locked.signatures.filter(party=party).exists():
            raise RecordError(
                "already_signed", "party", _("%(party)s has already signed.") % {"party": party.name}
            )
        return RecordSignature.objects.create(
            record=locked,
            party=party,
            signed_by=user,
            part_sha256=_record_hash(locked),
            correction=correction,
        )


def record_text(record: HearingRecord) -> str:
    """The record as filed: header, participants, statements by step, signatures and notes."""
    hearing = record.hearing
    case = hearing.case
    start, end = timezone.localtime(hearing.starts_at), timezone.localtime(hearing.ends_at)
    place = f"{case.court.name}{hearing.courtroom.name}" if hearing.courtroom_id else "在线庭审"
    publicity = "公开审理" if hearing.is_public else f"不公开审理（{hearing.closed_ground_zh}）"
    lines = [
        case.court.name,
        "庭 审 笔 录".center(20),
        "",
        f"案号：{case.number or '—'}",
        f"案由：{case.cause.name if case.cause_id else '—'}",
        f"时间：{start:%Y年%m月%d日 %H:%M}至{end:%H:%M}",
        f"地点：{place}（{hearing.mode_zh}）",
        f"审理方式：{publicity}",
        "",
        "到庭人员：",
    ]
    lines += [f"　{p['role']}：{p['name']}" for p in record.participants]
    labels = _STEP_ZH
    current = None
    for entry in record.entries.order_by("position"):
        if entry.step != current:
            current = entry.step
            lines += ["", f"【{labels[entry.step]}】"]
        lines.append(f"{entry.speaker}：{entry.text}")
    lines += ["", "当事人阅读签名："]
    signed = {s.party_id: s for s in record.signatures.select_related("signed_by")}
    for party in case.parties.all():
        sig = signed.get(party.pk)
        if sig is None:
            lines.append(f"　{party.name}：未签名（记明情况附卷，《民事诉讼法》第一百五十条）")
            continue
        lines.append(
            f"　{party.name}：{sig.signed_by.display_name}于"
            f"{timezone.localtime(sig.signed_at):%Y-%m-%d %H:%M}在线签名确认"
            f"（笔录摘要 {sig.part_sha256[:16]}）"
        )
        if sig.correction:
            lines.append(f"　　申请补正：{sig.correction}")
    bench = "、".join(u.display_name for u in hearing.panel.all())
    clerk = hearing.clerk.display_name if hearing.clerk_id else ""
    lines += ["", f"审判人员：{bench}", f"书记员：{clerk}", ""]
    return "\n".join(lines)


def lock(by: User, record: HearingRecord) -> HearingRecord:
    """Lock the record: its final text is filed in the case volume (kind 庭审笔录) with its SHA-256;
    parties who did not sign are noted in it. Nothing can change afterwards."""
    case = record.hearing.case
    policy.require(by, "case.hearing.record", case)
    if record.status != RecordStatus.SIGNING:
        raise RecordError("not_signing", "record", _("Only a record out for signature can be locked."))
    text = record_text(record)
    title = f"庭审笔录（{timezone.localtime(record.hearing.starts_at):%Y-%m-%d}）"
    stored = documents.store_upload(by, io.BytesIO(text.encode("utf-8")), f"{title}.txt")
    with transaction.atomic():
        locked = HearingRecord.objects.select_for_update().get(pk=record.pk)
        if locked.status != RecordStatus.SIGNING:
            raise RecordError("not_signing", "record", _("Only a record out for signature can be locked."))
        case_file = documents.add_case_file(by, case, stored, FileKind.HEARING_RECORD, title)
        locked.status = RecordStatus.LOCKED
        locked.locked_at = timezone.now()
        locked.locked_by = by
        locked.case_file = case_file
        locked.sha256 = stored.sha256
        locked.save()
        add_timeline_event(case, TIMELINE_KIND, by, f"庭审笔录已签名归档（SHA-256 {stored.sha256[:16]}…）")
    return locked
