"""Every write of judgment drafting: start, save (versioned, optimistic lock), submit, approve,
return, finalise (DOCX + PDF into the case's volume, the decision document for search), and the
scheduled effectiveness of served decisions.

The services of the import stay in ``services.py``; these are the services of drafting (kept apart
so neither file grows past reading). Views, the API and the command call these functions only.
"""

from __future__ import annotations

import difflib
import hashlib
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezhi import policy
from xiezhi.accounts.models import User
from xiezhi.audit.models import AuditAction
from xiezhi.audit.services import record as audit_record
from xiezhi.cases import rules as case_rules
from xiezhi.cases import time_limits
from xiezhi.cases.models import Case, Party
from xiezhi.documents import services as documents
from xiezhi.documents.models import FileKind, ServiceRecord, ServiceStatus

from . import rules
from .models import (
    ApprovalAction,
    DraftApproval,
    DraftStatus,
    DraftVersion,
    JudgmentDocument,
    JudgmentDraft,
    JudgmentSource,
)
from .output import Block, plain_text, render_docx, render_pdf

__all__ = [
    "DraftConflict",
    "DraftError",
    "EffectReport",
    "EffectStatus",
    "PartyWindow",
    "approve",
    "compose",
    "detained_on_files",
    "diff_html",
    "effect_status",
    "make_due_effective",
    "return_draft",
    "save_draft",
    "set_custody",
    "start_draft",
    "submit",
]

PARSER_VERSION = "drafted-1"


class DraftError(Exception):
    """A refused change; ``message`` (shown to the user) says why. ``field`` names the bad input."""

    def __init__(self, message: str, code: str, field: str = "") -> None:
        super().__init__(message)
        self.message, self.code, self.field = message, code, field


class DraftConflict(DraftError):
    """Someone saved the draft since it was loaded."""

    def __init__(self, current: int) -> None:
        super().__init__(
            _("Someone else saved this draft meanwhile (now version %(version)s). Your text is kept below: "
              "copy what you need, reload and apply it again.") % {"version": current},
            "conflict",
        )  # fmt: skip
        self.current = current


def _today() -> date:
    return timezone.localdate()


# --- filling the template from the case ---------------------------------------------------------------


def _role(role: str) -> str:
    return case_rules.PARTY_ROLE_NAMES.get(role, (role, role))[0]


def _parties(case: Case, *roles: str) -> list[Party]:
    return [p for p in case.parties.all() if p.role in roles]


def _names(parties: list[Party]) -> str:
    return "、".join(p.name for p in parties)


def _party_line(party: Party) -> str:
    details = []
    if party.kind == "natural":
        if party.sex:
            details.append({"male": "男", "female": "女"}.get(party.sex, ""))
        if party.birth_date:
            details.append(f"{party.birth_date.year}年{party.birth_date.month}月{party.birth_date.day}日出生")
    elif party.legal_representative:
        details.append(f"法定代表人{party.legal_representative}")
    if party.address:
        details.append(("住" if party.kind == "natural" else "住所地") + party.address)
    details = [d for d in details if d]
    return f"{_role(party.role)}：{party.name}" + (f"，{'，'.join(details)}" if details else "") + "。"


_REP_LABELS = {
    "lawyer": "委托诉讼代理人",
    "agent": "委托诉讼代理人",
    "defender": "辩护人",
    "guardian": "法定代理人",
}


def _rep_line(rep: Any) -> str:
    label = _REP_LABELS.get(rep.kind, "诉讼代理人")
    tail = f"，{rep.law_firm}律师" if rep.law_firm else ""
    return f"{label}：{rep.name}{tail}。"


def _panel(case: Case) -> list[tuple[str, str]]:
    """(role as printed, name) of the bench; a sole judge when there is no panel."""
    labels = {"presiding": "审判长", "judge": "审判员", "assessor": "人民陪审员"}
    order = {"presiding": 0, "judge": 1, "assessor": 2}
    members = sorted(case.panel.select_related("user"), key=lambda m: (order.get(m.role, 9), m.pk))
    if members:
        return [(labels.get(m.role, "审判员"), m.user.full_name or m.user.username) for m in members]
    if case.judge_id:
        return [("审判员", case.judge.full_name or case.judge.username)]
    return [("审判员", rules.PLACEHOLDER)]


def _cause(case: Case) -> str:
    return case.cause.name if case.cause_id else ""


def default_sections(case: Case, tpl: rules.Template) -> dict[str, str]:
    """The narrative parts pre-filled from the case; what the case cannot say is left as 【待填写】."""
    todo = rules.PLACEHOLDER
    registered = rules.chinese_date(case.registered_on) if case.registered_on else todo
    cause = _cause(case)
    bench = "依法组成合议庭" if case.is_collegial else f"由审判员{_panel(case)[0][1]}独任审判"
    procedure = "简易程序" if "summary" in case.procedure else "普通程序"
    sections: dict[str, str] = {}
    if case.case_type == "criminal":
        prosecutors = _parties(case, "prosecutor", "private_prosecutor")
        accused = _names(_parties(case, "accused")) or todo
        prosecutor = _names(prosecutors) or todo
        defenders = [r for r in case.representatives.all() if r.kind == "defender"]
        sections["procedural_history"] = (
            f"{prosecutor}指控被告人{accused}犯{cause or todo}，于{registered}向本院提起公诉。本院受理后，"
            f"{bench}，公开开庭审理了本案。{prosecutor}指派检察员出庭支持公诉，被告人{accused}"
            + (f"及其辩护人{'、'.join(r.name for r in defenders)}" if defenders else "")
            + "到庭参加诉讼。现已审理终结。"
        )
        sections["charge"] = f"{prosecutor}指控：{case.summary or todo}"
        sections["defence"] = f"被告人{accused}对指控的事实和罪名{todo}。"
    else:
        plaintiffs = _names(_parties(case, "plaintiff", "applicant")) or todo
        defendants = _names(_parties(case, "defendant", "respondent"))
        if tpl.key == "ruling_not_to_accept":
            sections["procedural_history"] = (
                f"{plaintiffs}于{rules.chinese_date(case.received_on)}向本院提起诉讼"
                + (f"，被告为{defendants}" if defendants else "")
                + "。"
            )
        else:
            sections["procedural_history"] = (
                f"原告{plaintiffs}与被告{defendants or todo}{cause}一案，本院于{registered}立案后，依法适用"
                f"{procedure}，{bench}，公开开庭进行了审理。本案现已审理终结。"
            )
        sections["claims"] = f"{plaintiffs}向本院提出诉讼请求：{case.summary or todo}"
        sections["defence"] = f"{defendants or '被告'}辩称：{todo}"
    sections["facts"] = f"本院经审理认定事实如下：{todo}"
    sections["reasoning"] = f"本院认为，{todo}"
    law = {"criminal": "《中华人民共和国刑法》", "administrative": "《中华人民共和国行政诉讼法》"}.get(
        case.case_type, "《中华人民共和国民法典》"
    )
    if tpl.key == "ruling_not_to_accept":
        law = {"administrative": "《中华人民共和国行政诉讼法》"}.get(
            case.case_type, "《中华人民共和国民事诉讼法》"
        )
        sections["operative"] = (
            f"对{plaintiffs if case.case_type != 'criminal' else todo}的起诉，本院不予受理。"
        )
    elif tpl.key == "civil_mediation":
        sections["operative"] = f"一、{todo}\n二、案件受理费{todo}元，由{todo}负担。"
    else:
        sections["operative"] = f"一、{todo}"
    sections["statutes"] = f"依照{law}第{todo}条之规定"
    keys = {s.key for s in tpl.sections}
    return {k: v for k, v in sections.items() if k in keys}


@dataclass(frozen=True)
class Composition:
    """The whole document: blocks for the files and the text for search and the diff."""

    blocks: tuple[Block, ...]
    text: str
    title: str
    number: str


def _appeal_notice(case: Case, tpl: rules.Template, decided_on: date) -> str:
    if tpl.decision is None:
        return ""
    branch = {"criminal": "criminal", "administrative": "administrative"}.get(case.case_type, "civil")
    days = time_limits.rule_for(f"{branch}-appeal-{tpl.decision}", decided_on).limit.days
    higher = case.court.parent.name if case.court.parent_id else rules.PLACEHOLDER
    noun = "判决" if tpl.decision == "judgment" else "裁定"
    window = rules.chinese_number(days)
    if branch == "criminal":
        return (
            f"如不服本{noun}，可在接到{noun}书的第二日起{window}日内，通过本院或者直接向{higher}提出上诉。"
            "书面上诉的，应当提交上诉状正本一份，"
            f"副本{rules.chinese_number(max(1, len(case.parties.all())))}份。"
        )
    return (
        f"如不服本{noun}，可以在{noun}书送达之日起{window}日内，向本院递交上诉状，并按照对方当事人或者"
        f"代表人的人数提出副本，上诉于{higher}。"
    )


def compose(
    draft: JudgmentDraft, sections: Mapping[str, str] | None = None, on: date | None = None
) -> Composition:
    """The document of ``draft`` (with ``sections`` instead of the saved ones, for a preview):
    header, parties, the narrative parts, operative part, appeal notice, bench, date and clerk."""
    case = draft.case
    tpl = rules.template(draft.template)
    parts = {**(draft.sections or {}), **(sections or {})}
    day = on or draft.decided_on or _today()
    number = case.number or rules.PLACEHOLDER
    blocks: list[Block] = [
        Block("court", case.court.name),
        Block("title", draft.title),
        Block("number", number),
    ]
    reps_by_party: dict[int, list[Any]] = {}
    for rep in case.representatives.all():
        reps_by_party.setdefault(rep.party_id, []).append(rep)
    for party in sorted(case.parties.all(), key=lambda p: (p.position, p.pk)):
        blocks.append(Block("party", _party_line(party)))
        blocks.extend(Block("party", _rep_line(r)) for r in reps_by_party.get(party.pk, []))

    def para(key: str) -> None:
        for line in (parts.get(key) or "").strip().splitlines():
            if line.strip():
                blocks.append(Block("para", line.strip()))

    for section in tpl.sections:
        if section.key in ("statutes", "operative"):
            continue
        para(section.key)
    statutes = (parts.get("statutes") or "").strip().rstrip("，。,.；; ")
    if "statutes" in {s.key for s in tpl.sections} and statutes:
        blocks.append(Block("para", f"{statutes}，{tpl.operative_lead}"))
    else:
        blocks.append(Block("para", tpl.operative_lead))
    para("operative")
    for line in tpl.closing.splitlines():
        blocks.append(Block("para", line))
    notice = _appeal_notice(case, tpl, day)
    if notice:
        blocks.append(Block("para", notice))
    blocks.extend(Block("signature", f"{role}　{name}") for role, name in _panel(case))
    blocks.append(Block("date", rules.chinese_date(day)))
    if case.clerk_id:
        blocks.append(Block("signature", f"书记员　{case.clerk.full_name or case.clerk.username}"))
    return Composition(tuple(blocks), plain_text(blocks), draft.title, number)


def check_citations(text: str, on: date | None = None) -> Any:
    """The statute citations of ``text`` checked against the knowledge base (wrong ones flagged)."""
    from xiezhi.laws.citations import check_text

    return check_text(text, on=on)


def diff_html(older: DraftVersion, newer: DraftVersion) -> str:
    """The two versions' full texts side by side, changes marked (difflib's HTML table)."""
    return difflib.HtmlDiff(wrapcolumn=60).make_table(
        older.text.splitlines(),
        newer.text.splitlines(),
        fromdesc=_("Version %(n)s") % {"n": older.number},
        todesc=_("Version %(n)s") % {"n": newer.number},
        context=True,
        numlines=2,
    )


# --- drafting --------------------------------------------------------------------------------------


def _clean_sections(tpl: rules.Template, sections: Mapping[str, Any]) -> dict[str, str]:
    keys = {s.key for s in tpl.sections}
    unknown = sorted(set(sections) - keys)
    if unknown:
        raise DraftError(
            _("Unknown parts for this document: %(keys)s.") % {"keys": ", ".join(unknown)}, "invalid_input",
            unknown[0],
        )  # fmt: skip
    cleaned: dict[str, str] = {}
    for key, value in sections.items():
        if not isinstance(value, str):
            raise DraftError(_("Each part is text."), "invalid_input", key)
        if len(value) > 50_000:
            raise DraftError(_("A part may have at most 50,000 characters."), "invalid_input", key)
        cleaned[key] = value.replace("\r\n", "\n").strip()
    return cleaned


def _version(draft: JudgmentDraft, by: User, note: str) -> DraftVersion:
    return DraftVersion.objects.create(
        draft=draft, number=draft.version, sections=draft.sections, text=compose(draft).text, saved_by=by,
        note=note[:200],
    )  # fmt: skip


def start_draft(by: User, case: Case, template_key: str, *, major: bool = False) -> JudgmentDraft:
    """Start drafting the decision of ``case`` from a template, the parts filled from the case."""
    policy.require(by, "case.judgment.draft", case)
    try:
        tpl = rules.template(template_key)
    except KeyError:
        raise DraftError(_("Choose a kind of document."), "invalid_input", "template") from None
    if case.case_type not in tpl.case_types:
        raise DraftError(
            _("A “%(template)s” is not a document of a %(type)s case.")
            % {"template": tpl.label_zh, "type": case.get_case_type_display()},
            "invalid_input",
            "template",
        )
    try:
        with transaction.atomic():
            Case.objects.select_for_update().filter(pk=case.pk).first()
            if JudgmentDraft.objects.open().filter(case=case).exists():
                raise DraftError(_("This case already has a draft in progress."), "exists")
            draft = JudgmentDraft.objects.create(
                case=case,
                template=tpl.key,
                kind=tpl.document_kind,
                title=rules.title_for(tpl, case.case_type),
                sections=default_sections(case, tpl),
                major=major,
                created_by=by,
            )
            _version(draft, by, "created")
    except IntegrityError:  # a concurrent start won (the one-open-draft constraint)
        raise DraftError(_("This case already has a draft in progress."), "exists") from None
    return draft


def _lock(draft: JudgmentDraft, expected_version: int | None) -> JudgmentDraft:
    locked = JudgmentDraft.objects.select_for_update().select_related("case").get(pk=draft.pk)
    if expected_version is not None and locked.version != expected_version:
        raise DraftConflict(locked.version)
    return locked


def save_draft(
    by: User,
    draft: JudgmentDraft,
    sections: Mapping[str, Any],
    expected_version: int,
    *,
    major: bool | None = None,
) -> JudgmentDraft:
    """Save the judge's text as a new version; refused when someone saved since ``expected_version``."""
    policy.require(by, "case.judgment.draft", draft.case)
    tpl = rules.template(draft.template)
    cleaned = _clean_sections(tpl, sections)
    with transaction.atomic():
        locked = _lock(draft, expected_version)
        if not locked.editable:
            raise DraftError(
                _("Only a draft being written or returned for revision can be changed."), "state"
            )
        new_sections = {**locked.sections, **cleaned}
        if new_sections == locked.sections and (major is None or major == locked.major):
            return locked
        locked.sections = new_sections
        if major is not None:
            locked.major = major
        locked.version += 1
        locked.save(update_fields=["sections", "major", "version", "updated_at"])
        _version(locked, by, "saved")
    return locked


def missing_parts(draft: JudgmentDraft) -> list[rules.Section]:
    """Required parts still empty or containing 【待填写】."""
    tpl = rules.template(draft.template)
    return [
        s
        for s in tpl.sections
        if s.required
        and (not (draft.sections.get(s.key) or "").strip() or rules.PLACEHOLDER in draft.sections[s.key])
    ]


def steps_for(draft: JudgmentDraft) -> list[rules.ApprovalStep]:
    return rules.required_steps(
        collegial=draft.case.is_collegial, major=draft.major, case_type=draft.case.case_type
    )


def _record(draft: JudgmentDraft, by: User, action: str, step: str = "", reason: str = "") -> None:
    DraftApproval.objects.create(
        draft=draft, step=step, action=action, by=by, draft_version=draft.version, reason=reason[:500]
    )


def submit(by: User, draft: JudgmentDraft, expected_version: int | None = None) -> JudgmentDraft:
    """Send the draft for approval. When the submitter is the judge who signs (the first step), the
    submission is their signature; a draft needing no further step becomes final at once."""
    policy.require(by, "case.judgment.draft", draft.case)
    with transaction.atomic():
        locked = _lock(draft, expected_version)
        if not locked.editable:
            raise DraftError(
                _("Only a draft being written or returned for revision can be submitted."), "state"
            )
        missing = missing_parts(locked)
        if missing:
            raise DraftError(
                _("Write these parts first: %(parts)s.") % {"parts": "、".join(s.label_zh for s in missing)},
                "incomplete",
                missing[0].key,
            )
        if not locked.case.number:
            raise DraftError(_("The case has no number yet: register it first."), "precondition")
        steps = steps_for(locked)
        _record(locked, by, ApprovalAction.SUBMITTED)
        locked.status, locked.return_reason = DraftStatus.SUBMITTED, ""
        locked.pending_step = steps[0].key
        locked.version += 1
        locked.save(update_fields=["status", "return_reason", "pending_step", "version", "updated_at"])
        if policy.can(by, "case.judgment.approve", locked):
            return _approve_locked(by, locked)
    return locked


def _approve_locked(by: User, locked: JudgmentDraft) -> JudgmentDraft:
    steps = steps_for(locked)
    keys = [s.key for s in steps]
    step = locked.pending_step
    _record(locked, by, ApprovalAction.APPROVED, step)
    if step == "sign":
        locked.signed_by = by
    position = keys.index(step) if step in keys else len(keys) - 1
    if position + 1 < len(keys):
        locked.pending_step = keys[position + 1]
        locked.version += 1
        locked.save(update_fields=["pending_step", "signed_by", "version", "updated_at"])
        return locked
    return _finalise(by, locked)


def _require_approver(by: User, draft: JudgmentDraft, not_submitted: str) -> None:
    # Checked on a fresh read outside the transaction, so that a refusal's audit entry is kept;
    # re-checked under the lock in case the draft moved on in between.
    fresh = JudgmentDraft.objects.select_related("case").get(pk=draft.pk)
    if fresh.status != DraftStatus.SUBMITTED:
        raise DraftError(not_submitted, "state")
    policy.require(by, "case.judgment.approve", fresh)


def approve(by: User, draft: JudgmentDraft, expected_version: int | None = None) -> JudgmentDraft:
    """Approve the step the draft waits for; the last approval makes it final (files, document)."""
    _require_approver(by, draft, _("Only a submitted draft can be approved."))
    with transaction.atomic():
        locked = _lock(draft, expected_version)
        if not policy.can(by, "case.judgment.approve", locked):  # it moved on meanwhile
            raise DraftConflict(locked.version)
        return _approve_locked(by, locked)


def return_draft(
    by: User, draft: JudgmentDraft, reason: str, expected_version: int | None = None
) -> JudgmentDraft:
    """Send the draft back to the drafter with the reason (required)."""
    reason = (reason or "").strip()
    if not reason:
        raise DraftError(_("Say why the draft is returned."), "reason_required", "reason")
    _require_approver(by, draft, _("Only a submitted draft can be returned."))
    with transaction.atomic():
        locked = _lock(draft, expected_version)
        if not policy.can(by, "case.judgment.approve", locked):  # it moved on meanwhile
            raise DraftConflict(locked.version)
        _record(locked, by, ApprovalAction.RETURNED, locked.pending_step, reason)
        locked.status, locked.pending_step, locked.return_reason = DraftStatus.RETURNED, "", reason[:500]
        locked.signed_by = None
        locked.version += 1
        locked.save(
            update_fields=["status", "pending_step", "return_reason", "signed_by", "version", "updated_at"]
        )
    return locked


def set_custody(by: User, draft: JudgmentDraft, parties: Iterable[Party]) -> JudgmentDraft:
    """Record which defendants of a criminal case are in custody (在押): their appeal windows are not
    extended by holidays (CrimPL Art. 105 ¶4, see ``documents.custody_stops_roll_forward``). Allowed
    until the decision takes effect (a defendant released on bail before service is taken off)."""
    policy.require(by, "case.judgment.draft", draft.case)
    chosen = list(dict.fromkeys(parties))
    if chosen and draft.case.case_type != "criminal":
        message = _("Only defendants of a criminal case are held in custody.")
        raise DraftError(message, "invalid_input", "detained")
    for party in chosen:
        if party.case_id != draft.case_id or party.role != "accused":
            raise DraftError(
                _("%(party)s is not a defendant of this case.") % {"party": party.name}, "invalid_input",
                "detained",
            )  # fmt: skip
    with transaction.atomic():
        locked = _lock(draft, None)
        if locked.effective_on is not None:
            raise DraftError(_("The decision has taken effect."), "state")
        before = sorted(locked.detained.values_list("pk", flat=True))
        after = sorted(p.pk for p in chosen)
        if before == after:
            return locked
        locked.detained.set(chosen)
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        # A many-to-many change escapes the model signals that audit the draft: recorded here.
        audit_record(
            AuditAction.UPDATE, locked, before={"detained": before}, after={"detained": after},
            detail="defendants in custody",
        )  # fmt: skip
    return locked


def detained_on_files(file_ids: Iterable[int]) -> set[tuple[int, int]]:
    """``(case file id, party id)`` for each defendant recorded in custody (在押) on the draft whose
    PDF or DOCX is one of ``file_ids``: the service of that file to that party starts a window that
    holidays do not extend (see :func:`set_custody`)."""
    ids = set(file_ids)
    if not ids:
        return set()
    rows = JudgmentDraft.detained.through.objects.filter(
        Q(judgmentdraft__pdf_file_id__in=ids) | Q(judgmentdraft__docx_file_id__in=ids)
    ).values_list("judgmentdraft__pdf_file_id", "judgmentdraft__docx_file_id", "party_id")
    return {(file_id, party_id) for pdf, docx, party_id in rows for file_id in (pdf, docx) if file_id in ids}


# --- finalisation -----------------------------------------------------------------------------------


def _store(signer: User, case: Case, data: bytes, name: str, title: str) -> Any:
    stored = documents.store_upload(signer, io.BytesIO(data), name)
    return documents.add_case_file(signer, case, stored, FileKind.JUDGMENT, title)


def _finalise(by: User, locked: JudgmentDraft) -> JudgmentDraft:
    """Make the draft final: date it, render DOCX and PDF into the case's volume, keep the text as
    the case's decision document, and close the case when it is still in trial.

    The files are filed in the name of the judge who signed the document (its author, and the one
    ``case_file.add`` allows); the approval itself is audited under the approver.
    """
    case = locked.case
    signer = locked.signed_by or by
    locked.decided_on = _today()
    composition = compose(locked)
    number = case.number or ""
    stem = f"{number}{locked.title}"
    docx = _store(
        signer, case, render_docx(composition.blocks, stem), f"{stem}.docx", f"{locked.title}（Word）"
    )
    pdf = _store(signer, case, render_pdf(composition.blocks, stem), f"{stem}.pdf", locked.title)
    text = composition.text
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    tpl = rules.template(locked.template)
    metadata = {
        "draft_id": locked.pk,
        "template": tpl.key,
        "decision": tpl.decision,
        "docx_file_id": docx.pk,
        "pdf_file_id": pdf.pk,
        "docx_sha256": docx.stored.sha256,
        "pdf_sha256": pdf.stored.sha256,
        "statutes": locked.sections.get("statutes", ""),
        "problems": [],
    }
    document = locked.document or JudgmentDocument(case=case, source=JudgmentSource.DRAFTED)
    document.kind, document.title, document.document_number = locked.kind, locked.title, number
    document.text, document.decided_on, document.sha256 = text, locked.decided_on, sha
    document.metadata, document.problem_count, document.parser_version = metadata, 0, PARSER_VERSION
    document.case_file, document.source_name = pdf, f"draft:{locked.pk}"
    document.save()
    locked.document, locked.docx_file, locked.pdf_file = document, docx, pdf
    locked.status, locked.pending_step = DraftStatus.FINAL, ""
    locked.version += 1
    locked.save()
    _version(locked, by, "final")
    if case.status == "in_trial" and policy.can(signer, "case.transition.close", case):
        from xiezhi.cases.services import transition

        transition(signer, case, "close", outcome=tpl.outcome, closed_on=locked.decided_on)
    # The decision document joins the search index with its case once this commits.
    from xiezhi.search.services import index_case_after_commit

    index_case_after_commit(case.pk)
    return locked


# --- service and effectiveness ------------------------------------------------------------------------


@dataclass
class PartyWindow:
    """One party's appeal window: from the service of the final document to its last day."""

    party: Party
    service: ServiceRecord | None
    due: date | None = None
    explanation: tuple[str, ...] = ()
    in_custody: bool = False


@dataclass
class EffectStatus:
    """Where a final document stands: ``state`` is one of not_final, unserved, running, appealed,
    due (``effective_on`` is the day it takes effect), effective."""

    state: str
    windows: list[PartyWindow] = field(default_factory=list)
    effective_on: date | None = None
    last_day: date | None = None
    message: str = ""


def _served(draft: JudgmentDraft) -> dict[int, ServiceRecord]:
    files = [f for f in (draft.pdf_file_id, draft.docx_file_id) if f]
    records = (
        ServiceRecord.objects.filter(case_file_id__in=files, status=ServiceStatus.SERVED)
        .select_related("case", "party")
        .order_by("service_date", "pk")
    )
    first: dict[int, ServiceRecord] = {}
    for record in records:
        first.setdefault(record.party_id, record)  # the earliest service starts the window
    return first


def effect_status(draft: JudgmentDraft, today: date | None = None) -> EffectStatus:
    """Each party's appeal window and whether the decision takes effect (and from which day).

    A judgment or ruling takes effect the day after the last party's window ends with no appeal
    (CPL Art. 171; CrimPL Art. 230; windows counted by ``documents.appeal_deadline_for`` with the
    holiday rules). A mediation statement takes effect when the last party has signed for it (CPL
    Art. 101), i.e. on the last service date.
    """
    today = today or _today()
    if draft.status != DraftStatus.FINAL:
        return EffectStatus("not_final", message=_("The document is not final yet."))
    tpl = rules.template(draft.template)
    case = draft.case
    served = _served(draft)
    detained = set(draft.detained.values_list("pk", flat=True))
    windows: list[PartyWindow] = []
    for party in case.parties.all().order_by("position", "pk"):
        service = served.get(party.pk)
        window = PartyWindow(party, service, in_custody=party.pk in detained)
        if service is not None and tpl.decision is not None:
            deadline = documents.appeal_deadline_for(service, tpl.decision, in_custody=window.in_custody)
            if deadline is not None:
                window.due, window.explanation = deadline.due, tuple(deadline.explain())
        windows.append(window)
    if draft.effective_on:
        return EffectStatus("effective", windows, draft.effective_on, message=_("The decision is effective."))
    appeal = case.derived_cases.filter(origin_kind="appeal").order_by("pk").first()
    if appeal is not None:
        message = _("Appealed: second-instance case %(number)s.") % {"number": appeal.number}
        dues = [w.due for w in windows if w.due]
        if dues and len(dues) == len(windows) and appeal.received_on > max(dues):
            # Recorded after every window had ended: the judge decides whether it is admissible
            # (CPL Art. 86: a missed period may be restored), so the job does not override it.
            message += " " + _("It was filed after the last appeal window ended (%(day)s).") % {
                "day": max(dues).isoformat()
            }
        return EffectStatus("appealed", windows, message=message)
    unserved = [w.party.name for w in windows if w.service is None]
    if unserved or not windows:
        return EffectStatus(
            "unserved", windows,
            message=_("Not yet served on: %(parties)s.") % {"parties": "、".join(unserved) or "—"},
        )  # fmt: skip
    if tpl.decision is None:
        last = max(w.service.service_date for w in windows)  # type: ignore[union-attr,type-var]
        return EffectStatus("due", windows, last, last, _("Signed for by every party."))
    if any(w.due is None for w in windows):  # a case type without an appeal window
        last = max(w.service.service_date for w in windows)  # type: ignore[union-attr,type-var]
        return EffectStatus("due", windows, last, last, _("No appeal lies against this decision."))
    last_day = max(w.due for w in windows if w.due)
    if today <= last_day:
        return EffectStatus(
            "running", windows, last_day=last_day,
            message=_("Appeal windows run until %(day)s.") % {"day": last_day.isoformat()},
        )  # fmt: skip
    effective_on = last_day + timedelta(days=1)
    return EffectStatus("due", windows, effective_on, last_day, _("No appeal within the windows."))


@dataclass
class EffectReport:
    """What one run of the scheduled job did."""

    effective: list[tuple[JudgmentDraft, date]] = field(default_factory=list)
    waiting: list[tuple[JudgmentDraft, str]] = field(default_factory=list)
    refused: list[tuple[JudgmentDraft, str]] = field(default_factory=list)


def make_due_effective(today: date | None = None) -> EffectReport:
    """The scheduled job: every final decision whose windows have all ended without an appeal
    takes effect (recorded on the draft and the document; the case moves closed → effective through
    the cases workflow). Idempotent: a decision already effective is not looked at again."""
    from xiezhi.cases.services import WorkflowError, make_effective_on_schedule

    today = today or _today()
    report = EffectReport()
    for draft in JudgmentDraft.objects.awaiting_effect().select_related("case", "case__court").order_by("pk"):
        status = effect_status(draft, today)
        if status.state != "due" or status.effective_on is None or status.effective_on > today:
            note = status.message[:300]
            if draft.effect_note != note:
                JudgmentDraft.objects.filter(pk=draft.pk).update(effect_note=note)
            report.waiting.append((draft, status.message))
            continue
        try:
            with transaction.atomic():
                locked = _lock(draft, None)
                if locked.effective_on is not None:
                    continue
                case = locked.case
                if case.status == "closed":
                    make_effective_on_schedule(case, status.effective_on, detail=status.message)
                elif case.status not in ("effective", "archived"):
                    raise WorkflowError(
                        _("The case is “%(status)s”, not closed: close it first.")
                        % {"status": case.get_status_display()}
                    )
                locked.effective_on, locked.effect_note = status.effective_on, status.message[:300]
                locked.version += 1
                locked.save(update_fields=["effective_on", "effect_note", "version", "updated_at"])
                if locked.document_id:
                    document = locked.document
                    document.metadata = {**document.metadata, "effective_on": status.effective_on.isoformat()}
                    document.save(update_fields=["metadata", "updated_at"])
        except WorkflowError as exc:
            JudgmentDraft.objects.filter(pk=draft.pk).update(effect_note=exc.message[:300])
            report.refused.append((draft, exc.message))
            continue
        report.effective.append((draft, status.effective_on))
    return report
