"""Online filing and its review. Every write: one transaction, the policy, an event, the audit log.

The filer saves drafts freely (nothing typed is lost); :func:`submission_problems` holds the rules a
submission must meet — the same rules the form states to the browser — and :func:`submit` refuses
while any remains. A repeated submission with the same key (a double click, a network retry)
returns the first result instead of filing twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezhi import policy
from xiezhi.accounts.models import User
from xiezhi.accounts.rules import identity_number_problem, mobile_problem
from xiezhi.cases import rules as case_rules
from xiezhi.cases import services as case_services
from xiezhi.cases import time_limits
from xiezhi.cases.models import Case, CauseOfAction
from xiezhi.courts.models import Court

from . import rules
from .models import (
    Decision,
    Filing,
    FilingEvent,
    FilingEvidence,
    FilingParty,
    FilingStatus,
    FilingVersion,
    ReviewDecision,
)

__all__ = [
    "FilingData",
    "FilingError",
    "PartyData",
    "accept",
    "add_evidence",
    "fee_estimate",
    "jurisdiction_advice",
    "new_draft",
    "refuse",
    "request_corrections",
    "save_draft",
    "submission_problems",
    "submit",
]


class FilingError(Exception):
    """A step the application cannot take now; ``message`` is shown to the user."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message, self.code = message, code


def _today() -> date:
    return timezone.localdate()


def _event(filing: Filing, kind: str, detail: str = "") -> None:
    FilingEvent.objects.create(filing=filing, kind=kind, detail=detail[:300])


def _lock(filing: Filing, expected_version: int | None) -> Filing:
    locked = Filing.objects.select_for_update().get(pk=filing.pk)
    if expected_version is not None and locked.version != expected_version:
        raise FilingError(
            _("This application changed in the meantime (now version %(v)s). Reload it and try again.")
            % {"v": locked.version},
            "conflict",
        )
    return locked


def _bump(filing: Filing, fields: list[str]) -> None:
    filing.version += 1
    filing.save(update_fields=[*fields, "version", "updated_at"])


# --- drafts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartyData:
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
    is_filer: bool = False


@dataclass(frozen=True)
class FilingData:
    """What the filer typed; any of it may still be missing in a draft."""

    court: Court | None = None
    case_type: str = ""
    procedure: str = ""
    cause: CauseOfAction | None = None
    claim_amount: Decimal | None = None
    claims: str = ""
    facts: str = ""
    parties: tuple[PartyData, ...] = field(default_factory=tuple)


def new_draft(by: User) -> Filing:
    policy.require(by, "filing.create")
    with transaction.atomic():
        filing = Filing.objects.create(filer=by, filer_is_lawyer=by.kind == "lawyer")
        _event(filing, "draft_created")
    return filing


def _get_for_filer(by: User, filing: Filing) -> None:
    policy.require(by, "filing.edit", filing)


def save_draft(by: User, filing: Filing, data: FilingData, expected_version: int | None = None) -> Filing:
    """Save what the filer typed (drafts survive a closed browser). Only editable applications."""
    _get_for_filer(by, filing)
    with transaction.atomic():
        filing = _lock(filing, expected_version)
        if not filing.editable:
            raise FilingError(
                _("This application is with the court and can no longer be changed."), "not_editable"
            )
        filing.court = data.court
        filing.case_type = data.case_type
        filing.procedure = data.procedure
        filing.cause = data.cause
        filing.claim_amount = data.claim_amount
        filing.claims = data.claims.strip()
        filing.facts = data.facts.strip()
        # Whether a power of attorney is needed follows from the filer's account, not from the form.
        filing.filer_is_lawyer = filing.filer.kind == "lawyer"
        filing.parties.all().delete()
        for position, party in enumerate(data.parties):
            FilingParty.objects.create(filing=filing, position=position, **party.__dict__)
        _bump(
            filing,
            [
                "court",
                "case_type",
                "procedure",
                "cause",
                "claim_amount",
                "claims",
                "facts",
                "filer_is_lawyer",
            ],
        )
    return filing


def add_evidence(
    by: User,
    filing: Filing,
    uploaded: IO[bytes],
    kind: str,
    title: str,
    purpose: str = "",
    name: str | None = None,
) -> FilingEvidence:
    """Upload a document into an editable application (checked, converted and hashed on the way)."""
    from xiezhi.documents.models import FileKind
    from xiezhi.documents.services import store_upload

    _get_for_filer(by, filing)
    if not filing.editable:
        raise FilingError(
            _("This application is with the court and can no longer be changed."), "not_editable"
        )
    if kind not in FileKind.values:
        raise ValidationError({"kind": _("Choose the kind of document.")})
    stored = store_upload(by, uploaded, name)
    position = filing.evidence.count() + 1
    title = title.strip()[:200] or stored.download_name.rsplit(".", 1)[0][:200]
    return FilingEvidence.objects.create(
        filing=filing, stored=stored, kind=kind, title=title, purpose=purpose.strip()[:300], position=position
    )


def remove_evidence(by: User, evidence: FilingEvidence) -> None:
    _get_for_filer(by, evidence.filing)
    if not evidence.filing.editable:
        raise FilingError(
            _("This application is with the court and can no longer be changed."), "not_editable"
        )
    evidence.delete()


# --- the rules a submission must meet -----------------------------------------------------------

FILER_ROLES = ("plaintiff", "applicant", "enforcement_applicant")
OPPONENT_ROLES = ("defendant", "respondent", "judgment_debtor")


def jurisdiction_advice(filing: Filing) -> rules.JurisdictionAdvice:
    """Whether the chosen court hears this kind of case at its level, and which court would."""
    court = filing.court
    if court is None or not filing.case_type or not filing.procedure:
        return rules.JurisdictionAdvice(False, _("Choose the court and the kind of case."))
    try:
        kind = case_rules.case_kind(filing.case_type, filing.procedure)
    except KeyError:
        return rules.JurisdictionAdvice(False, _("This procedure does not exist for this case type."))
    if (filing.case_type, filing.procedure) not in rules.FILEABLE:
        return rules.JurisdictionAdvice(False, _("This kind of case cannot be filed online."))
    level = court.level
    wanted = kind.levels
    if filing.case_type == "civil" and filing.procedure == "first_instance_ordinary":
        wanted = (rules.level_for_claim(filing.claim_amount, _today()),)
    if level in wanted:
        return rules.JurisdictionAdvice(True)
    target = wanted[0]
    if target == "basic":
        candidates = list(
            court.children.filter(level="basic", is_active=True).values_list("name", flat=True)[:6]
        )
        where = "、".join(candidates) or _("a basic court")
    elif court.parent is not None and court.parent.level == target:
        where = court.parent.name
    else:
        where = _("an intermediate court")
    return rules.JurisdictionAdvice(
        False,
        _("%(court)s does not hear this case at first instance; file it with %(where)s.")
        % {"court": court.name, "where": where},
        target,
    )


def submission_problems(filing: Filing) -> dict[str, list[str]]:
    """Everything that stops ``filing`` from being submitted, by field (empty when it may go)."""
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    if filing.court is None:
        add("court", _("Choose the court."))
    if not filing.case_type or not filing.procedure:
        add("procedure", _("Choose the kind of case."))
    else:
        advice = jurisdiction_advice(filing)
        if not advice.ok:
            add("court", advice.message)
    if filing.cause_id is None:
        add("cause", _("Choose the cause of action."))
    elif filing.case_type and filing.cause.kind != (
        "administrative" if filing.case_type == "administrative" else "civil"
    ):
        add("cause", _("This cause of action does not belong to this case type."))
    if filing.case_type == "civil" and filing.claim_amount is None and filing.procedure == "small_claims":
        add("claim_amount", _("A small claim needs the amount claimed."))
    if filing.claim_amount is not None and filing.claim_amount < 0:
        add("claim_amount", _("The claim amount cannot be negative."))
    if len(filing.claims.strip()) < 4:
        add("claims", _("State what you ask the court to order (诉讼请求)."))
    if len(filing.facts.strip()) < 10:
        add("facts", _("State the facts and reasons of the claim."))
    parties = list(filing.parties.all())
    if not any(p.role in FILER_ROLES for p in parties):
        add("parties", _("Name at least one plaintiff or applicant."))
    if not any(p.role in OPPONENT_ROLES for p in parties):
        add("parties", _("Name at least one defendant or respondent (没有明确的被告 cannot be accepted)."))
    if not any(p.is_filer for p in parties):
        add("parties", _("Mark which party you are (or which party you represent)."))
    allowed = case_rules.party_roles_for(filing.case_type, filing.procedure) if filing.case_type else ()
    for index, party in enumerate(parties):
        prefix = f"parties.{index}"
        if not party.name.strip():
            add(f"{prefix}.name", _("Every party needs a name."))
        if allowed and party.role not in allowed:
            add(f"{prefix}.role", _("This role does not exist in this kind of case."))
        if party.kind == "natural" and party.id_number and identity_number_problem(party.id_number):
            add(f"{prefix}.id_number", _("The identity number is not valid; please check it."))
        if party.kind == "natural" and party.is_filer and not party.id_number:
            add(f"{prefix}.id_number", _("Give the filing party's identity number."))
        if party.phone and mobile_problem(party.phone) and not party.phone.replace("-", "").isdigit():
            add(f"{prefix}.phone", _("Give a phone number of digits only."))
        if party.kind != "natural" and not party.legal_representative:
            add(f"{prefix}.legal_representative", _("Name the organisation's legal representative."))
    kinds = {e.kind for e in filing.evidence.all()}
    if "complaint" not in kinds:
        add("evidence", _("Upload the complaint (起诉状)."))
    if filing.filer_is_lawyer and "authorisation" not in kinds:
        add("evidence", _("A lawyer must upload the client's power of attorney (授权委托书)."))
    return problems


def fee_estimate(filing: Filing) -> Any:
    """The acceptance fee the court will assess (None when it cannot be worked out yet)."""
    from xiezhi.fees.rules import FeeInputError
    from xiezhi.fees.services import FeeError, assess_case_fee

    if not filing.case_type or not filing.procedure:
        return None
    draft_case = Case(
        case_type=filing.case_type,
        procedure=filing.procedure,
        claim_amount=filing.claim_amount,
        cause=filing.cause,
        court=filing.court,
    )
    try:
        return assess_case_fee(draft_case)
    except (FeeError, FeeInputError, KeyError, ValueError):
        return None


# --- submission ----------------------------------------------------------------------------------


def _snapshot(filing: Filing) -> dict[str, Any]:
    return {
        "court": filing.court.code if filing.court else None,
        "case_type": filing.case_type,
        "procedure": filing.procedure,
        "cause": filing.cause.code if filing.cause else None,
        "claim_amount": str(filing.claim_amount) if filing.claim_amount is not None else None,
        "claims": filing.claims,
        "facts": filing.facts,
        "parties": [
            {
                "role": p.role,
                "kind": p.kind,
                "name": p.name,
                "id_number": p.id_number,
                "is_filer": p.is_filer,
                "credit_code": p.credit_code,
                "address": p.address,
                "phone": p.phone,
            }
            for p in filing.parties.all()
        ],
        "evidence": [
            {
                "kind": e.kind,
                "title": e.title,
                "purpose": e.purpose,
                "sha256": e.stored.sha256,
                "size": e.stored.size,
                "file": e.stored.download_name,
            }
            for e in filing.evidence.select_related("stored")
        ],
    }


def submit(by: User, filing: Filing, idempotency_key: str, expected_version: int | None = None) -> Filing:
    """Submit (or resubmit after corrections): receipt number, file hashes, the review clock starts.

    The same ``idempotency_key`` twice returns the application as it is without a second submission.
    """
    _get_for_filer(by, filing)
    key = (idempotency_key or "").strip()[:64]
    if not key:
        raise FilingError(_("The form is missing its submission key; reload the page."), "missing_key")
    with transaction.atomic():
        locked = Filing.objects.select_for_update().get(pk=filing.pk)
        if locked.idempotency_key == key and locked.status == FilingStatus.SUBMITTED:
            return locked  # the same click again: already submitted
        filing = _lock(filing, expected_version)
        if not filing.editable:
            raise FilingError(_("This application is already with the court."), "not_editable")
        problems = submission_problems(filing)
        if problems:
            raise ValidationError(problems)
        now = timezone.now()
        filing.submission_count += 1
        filing.status = FilingStatus.SUBMITTED
        filing.submitted_at = now
        filing.idempotency_key = key
        if not filing.reference:
            filing.reference = f"XZ{now:%Y%m%d}{filing.pk:06d}"
        # The 7-day review limit counts from the (re)submission (SPC registration provisions Art. 8).
        filing.review_due_on = time_limits.compute_deadline(
            "filing-review", timezone.localdate(now), calendar=case_services.court_calendar()
        ).due
        FilingVersion.objects.create(
            filing=filing, number=filing.submission_count, submitted_at=now, snapshot=_snapshot(filing)
        )
        _bump(
            filing,
            ["status", "submitted_at", "idempotency_key", "reference", "review_due_on", "submission_count"],
        )
        _event(filing, "submitted" if filing.submission_count == 1 else "resubmitted", filing.reference)
    return filing


# --- review (立案审查) -----------------------------------------------------------------------------


def _clean_defects(defects: list[str]) -> list[str]:
    return [d.strip()[:300] for d in defects if d and d.strip()][:30]


def request_corrections(
    by: User, filing: Filing, defects: list[str], expected_version: int | None = None
) -> Filing:
    """Send the application back with a list of what to correct (补正); the filer resubmits."""
    policy.require(by, "filing.review", filing)
    defects = _clean_defects(defects)
    if not defects:
        raise ValidationError({"defects": _("List what the filer must correct.")})
    with transaction.atomic():
        filing = _lock(filing, expected_version)
        if filing.status != FilingStatus.SUBMITTED:
            raise FilingError(_("Only submitted applications can be reviewed."), "not_submitted")
        ReviewDecision.objects.create(
            filing=filing,
            version_number=filing.submission_count,
            decision=Decision.CORRECTIONS,
            defects=defects,
            decided_by=by,
        )
        filing.status = FilingStatus.CORRECTIONS
        _bump(filing, ["status"])
        _event(filing, "corrections_requested", "；".join(defects))
    return filing


def refuse(
    by: User,
    filing: Filing,
    reason_code: str,
    defects: list[str],
    legal_ground: str = "",
    expected_version: int | None = None,
) -> Filing:
    """Refuse to accept (不予受理): a ruling with its ground, which the filer may appeal."""
    policy.require(by, "filing.review", filing)
    if reason_code not in rules.REFUSAL_REASONS:
        raise ValidationError({"reason_code": _("Choose the ground for not accepting.")})
    defects = _clean_defects(defects)
    ground = legal_ground.strip() or rules.REFUSAL_REASONS[reason_code][2]
    with transaction.atomic():
        filing = _lock(filing, expected_version)
        if filing.status != FilingStatus.SUBMITTED:
            raise FilingError(_("Only submitted applications can be reviewed."), "not_submitted")
        ReviewDecision.objects.create(
            filing=filing,
            version_number=filing.submission_count,
            decision=Decision.REFUSE,
            defects=defects,
            reason_code=reason_code,
            legal_ground=ground[:200],
            decided_by=by,
        )
        filing.status = FilingStatus.REFUSED
        _bump(filing, ["status"])
        _event(filing, "refused", f"{rules.REFUSAL_REASONS[reason_code][0]}（{ground}）")
    return filing


def accept(by: User, filing: Filing, expected_version: int | None = None, *, assign: bool = True) -> Case:
    """Accept: register the case (number, time limit), file the documents into its volume, issue
    the fee notice and assign a judge — all or nothing."""
    from xiezhi.documents.services import add_case_file
    from xiezhi.fees.services import FeeError, issue_fee_notice

    policy.require(by, "filing.review", filing)
    with transaction.atomic():
        filing = _lock(filing, expected_version)
        if filing.status != FilingStatus.SUBMITTED:
            raise FilingError(_("Only submitted applications can be accepted."), "not_submitted")
        problems = submission_problems(filing)
        if problems:
            raise FilingError(
                _("The application no longer meets the filing requirements; request corrections."), "invalid"
            )
        parties = []
        for party in filing.parties.all():
            reps: tuple[case_services.RepresentativeInput, ...] = ()
            user = None
            if party.is_filer and filing.filer_is_lawyer:
                profile = getattr(filing.filer, "lawyer_profile", None)
                reps = (
                    case_services.RepresentativeInput(
                        "lawyer",
                        filing.filer.display_name,
                        user=filing.filer,
                        law_firm=profile.law_firm if profile else "",
                        licence_number=profile.licence_number if profile else "",
                    ),
                )
            elif party.is_filer:
                user = filing.filer
            parties.append(
                case_services.PartyInput(
                    role=party.role,
                    name=party.name,
                    kind=party.kind,
                    sex=party.sex,
                    birth_date=party.birth_date,
                    id_number=party.id_number,
                    credit_code=party.credit_code,
                    legal_representative=party.legal_representative,
                    address=party.address,
                    phone=party.phone,
                    user=user,
                    representatives=reps,
                )
            )
        received_on = timezone.localdate(filing.versions.order_by("number").first().submitted_at)
        case = case_services.register_case(
            by,
            case_services.CaseInput(
                court=filing.court,
                case_type=filing.case_type,
                procedure=filing.procedure,
                received_on=received_on,
                cause=filing.cause,
                claim_amount=filing.claim_amount,
                parties=tuple(parties),
                summary=f"{filing.claims}\n\n{filing.facts}"[:4000],
            ),
        )
        for evidence in filing.evidence.select_related("stored"):
            add_case_file(by, case, evidence.stored, evidence.kind, evidence.title, vouched_by_filing=True)
        try:
            issue_fee_notice(by, case)
        except FeeError:
            pass  # no fee for this kind of case (the notice block says so on the case page)
        ReviewDecision.objects.create(
            filing=filing, version_number=filing.submission_count, decision=Decision.ACCEPT, decided_by=by
        )
        filing.status = FilingStatus.ACCEPTED
        filing.case = case
        _bump(filing, ["status", "case"])
        _event(filing, "accepted", case.number or "")
        if assign and case.division_id:
            try:
                case = case_services.auto_assign(by, case, case.version)
            except case_services.WorkflowError:
                pass  # no eligible judge: stays in the division head's pending list
    return case


def review_due_status(filing: Filing, today: date | None = None) -> str:
    """overdue / approaching (≤ 2 days) / normal for the queue."""
    if filing.review_due_on is None:
        return ""
    left = (filing.review_due_on - (today or _today())).days
    return "overdue" if left < 0 else "approaching" if left <= 2 else "normal"
