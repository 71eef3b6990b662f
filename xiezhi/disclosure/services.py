"""Every write of the publication workflow: one transaction, the publication row locked, audited.

- :func:`enqueue` — one document into the queue (refused, with the reason, when its case is not
  effective); then :func:`prepare` runs at once: an Art. 4 ground withholds it, else it is redacted
  and waits for review. Nothing is ever published without a reviewer.
- :func:`enqueue_effective` — every effective case's documents not yet queued (``xiezhi disclosure
  enqueue``; idempotent); :func:`decision_became_effective` — the hook for a case that just took
  effect (connected to the Case model's post_save in :mod:`.signals`).
- Reviewer: :func:`add_redaction`, :func:`undo_redaction`, :func:`restore_redaction`,
  :func:`redact_again`, :func:`publish`, :func:`withhold`, :func:`reopen`, :func:`unpublish`.

The public sees only ``Publication.redacted_text`` of publications in state ``published``: every
public page, the search hits, the API and the export check that state when they answer, so an
unpublished document disappears from all of them at the commit. The search index itself is updated
after the commit (:func:`xiezhi.search.services.index_case_after_commit`).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezhi import policy
from xiezhi.audit.context import acting_as, current_actor, system_actor
from xiezhi.audit.models import AuditAction
from xiezhi.audit.services import record
from xiezhi.cases.models import Case, CaseStatus
from xiezhi.judgments.models import JudgmentDocument
from xiezhi.nlp.anonymize import POLICIES, anonymize

from . import rules
from .models import (
    OPEN_WITHHOLDING_STATES,
    Publication,
    PublicationState,
    WithholdGround,
    WithholdingRequest,
    WithholdingRequestState,
)

__all__ = [
    "EnqueueReport",
    "PublicationRefused",
    "add_redaction",
    "decide_withholding",
    "decision_became_effective",
    "effective_on",
    "enqueue",
    "enqueue_effective",
    "prepare",
    "propose_withholding",
    "publish",
    "redact_again",
    "reopen",
    "restore_redaction",
    "review_withholding",
    "undo_redaction",
    "unpublish",
    "withhold",
]

logger = logging.getLogger(__name__)

#: Art. 7: published within 7 working days after the document takes effect.
PUBLICATION_WORKING_DAYS = 7
MAX_REDACTION_LENGTH = 100
MAX_REPLACEMENT_LENGTH = 20


class PublicationRefused(Exception):
    """A request the workflow refuses; ``message`` says why (shown to the user), ``code`` is stable."""

    def __init__(self, message: str, code: str = "refused") -> None:
        super().__init__(message)
        self.message, self.code = message, code


# --- effect and deadline ----------------------------------------------------------------------


def _case_is_effective(case: Case) -> bool:
    return case.status == CaseStatus.EFFECTIVE or (
        case.status == CaseStatus.ARCHIVED and case.effective_on is not None
    )


def _appeal_of(case: Case) -> Case | None:
    return case.derived_cases.filter(origin_kind="appeal").order_by("-id").first()


def effective_on(document: JudgmentDocument) -> date:
    """The day the document may be published from, or :class:`PublicationRefused` with the reason.

    A first-instance decision that was appealed takes effect with the second-instance decision and
    is published together with it (Art. 7); any other document needs its own case to be effective.
    """
    case = document.case
    appeal = _appeal_of(case)
    if appeal is not None:
        if not _case_is_effective(appeal):
            raise PublicationRefused(
                _(
                    "The decision was appealed (%(number)s): it is published with the second-instance "
                    "decision once that takes effect."
                )
                % {"number": appeal.number or appeal.title},
                code="appeal_pending",
            )
        return appeal.effective_on or appeal.closed_on or document.decided_on or timezone.localdate()
    if not _case_is_effective(case):
        raise PublicationRefused(
            _(
                "The case is “%(status)s”, not effective: only decisions that have taken legal effect are "
                "published (Art. 7)."
            )
            % {"status": case.get_status_display()},
            code="not_effective",
        )
    return case.effective_on or case.closed_on or document.decided_on or timezone.localdate()


def publication_deadline(effective: date) -> date:
    from xiezhi.cases.services import court_calendar

    return rules.add_working_days(effective, PUBLICATION_WORKING_DAYS, court_calendar().is_workday)


# --- queueing ---------------------------------------------------------------------------------


def _policy_name(name: str | None, court: Any = None) -> str:
    """The policy asked for, else the court's own (``Court.anonymize_policy``), else the platform
    default (``XIEZHI_ANONYMIZE_POLICY``)."""
    chosen = name or (getattr(court, "anonymize_policy", "") or "") or settings.XIEZHI_ANONYMIZE_POLICY
    if chosen not in POLICIES:
        raise ValidationError({"policy": _("Unknown anonymization policy %(name)s.") % {"name": chosen}})
    return chosen


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def enqueue(document: JudgmentDocument, *, by: Any = None, policy_name: str | None = None) -> Publication:
    """Put ``document`` into the publication queue and prepare it (withhold or redact).

    ``by`` is the reviewer asking (checked against ``publication.review``); ``None`` is the system
    (a decision took effect, ``xiezhi disclosure enqueue``). Idempotent: a document already queued
    is returned as it is. Raises :class:`PublicationRefused` when the case is not effective.
    """
    if by is not None:
        probe = Publication(document=document)
        policy.require(by, "publication.review", probe)
    existing = Publication.objects.filter(document=document).first()
    if existing is not None:
        return existing
    effective = effective_on(document)
    try:
        with transaction.atomic():
            publication = Publication.objects.create(
                document=document,
                effective_on=effective,
                deadline_on=publication_deadline(effective),
                policy=_policy_name(policy_name, document.case.court),
            )
    except IntegrityError:  # queued by someone else meanwhile
        return Publication.objects.get(document=document)
    return prepare(publication, by=by)


def prepare(publication: Publication, *, by: Any = None) -> Publication:
    """Queued → withheld (an Art. 4 ground, stated) or in review (redacted, flagged if need be)."""
    with transaction.atomic():
        publication = _lock(publication)
        if publication.state != PublicationState.QUEUED:
            return publication
        document = publication.document
        case = document.case
        _redact(publication)
        ground = rules.withholding_ground(
            case_type=case.case_type,
            cause=case.cause.name if case.cause_id else "",
            kind=document.kind,
            title=document.title,
            text=document.text,
            review_reasons=publication.review_reasons,
        )
        if ground is not None:
            publication.state = PublicationState.WITHHELD
            publication.ground = ground
            publication.reason = str(WithholdGround(ground).label)
        else:
            publication.state = PublicationState.IN_REVIEW
        publication.decided_by = by
        publication.save()
    return publication


def _redact(publication: Publication) -> None:
    """Run the anonymizer over the original; the reviewer's redactions are kept, undos reset
    (their offsets belonged to the earlier run)."""
    document = publication.document
    result = anonymize(document.text, policy=publication.policy or settings.XIEZHI_ANONYMIZE_POLICY)
    publication.auto_replacements = [r.to_dict() for r in result.replacements]
    publication.persons = [
        {"name": p.name, "role": p.role, "hidden": p.hidden, "pseudonym": p.pseudonym} for p in result.persons
    ]
    publication.undone = []
    publication.needs_review = result.needs_review
    publication.review_reasons = list(result.review_reasons)
    publication.pipeline_version = result.pipeline_version
    publication.pipeline_steps = list(result.steps)
    publication.source_sha256 = document.sha256 or _sha(document.text)
    _recompose(publication)


def _recompose(publication: Publication) -> None:
    publication.redacted_text = rules.compose(
        publication.document.text, publication.auto_replacements, publication.undone, publication.manual
    ).text


def composition(publication: Publication) -> rules.Composition:
    """The segments of the reviewer's side-by-side view."""
    return rules.compose(
        publication.document.text, publication.auto_replacements, publication.undone, publication.manual
    )


@dataclass
class EnqueueReport:
    """What a scan queued: created publications by resulting state, and documents refused."""

    created: dict[str, int] = field(default_factory=dict)
    existing: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)

    @property
    def total_created(self) -> int:
        return sum(self.created.values())

    def summary(self) -> str:
        states = ", ".join(f"{k} {v}" for k, v in sorted(self.created.items())) or "none"
        return (
            f"queued {self.total_created} ({states}); already queued {self.existing}; "
            f"refused {len(self.refused)}"
        )


def _documents_to_queue(case: Case | None) -> Any:
    effective = Q(case__status=CaseStatus.EFFECTIVE) | Q(
        case__status=CaseStatus.ARCHIVED, case__effective_on__isnull=False
    )
    # A first-instance decision whose appeal took effect is published with it (Art. 7).
    appealed = Q(case__derived_cases__origin_kind="appeal") & (
        Q(case__derived_cases__status=CaseStatus.EFFECTIVE)
        | Q(case__derived_cases__status=CaseStatus.ARCHIVED, case__derived_cases__effective_on__isnull=False)
    )
    documents = JudgmentDocument.objects.filter(effective | appealed)
    if case is not None:
        documents = documents.filter(
            Q(case=case) | Q(case__derived_cases=case, case__derived_cases__origin_kind="appeal")
        )
    return documents.select_related("case", "case__cause").distinct().order_by("pk")


def enqueue_effective(case: Case | None = None, *, policy_name: str | None = None) -> EnqueueReport:
    """Queue every document of effective cases (of ``case`` only, if given) that is not yet queued.

    Idempotent: documents with a publication are counted as ``existing``. Runs as the system actor.
    """
    report = EnqueueReport()
    report.existing = Publication.objects.filter(document__in=_documents_to_queue(case).values("pk")).count()
    pending = _documents_to_queue(case).filter(publication__isnull=True)
    actor = current_actor()
    if actor.user is None and actor.label in ("system", "anonymous"):
        actor = system_actor("disclosure")
    with acting_as(actor):
        for document in pending.iterator(chunk_size=200):
            try:
                publication = enqueue(document, policy_name=policy_name)
            except PublicationRefused as exc:
                report.refused.append((document.pk, exc.message))
                continue
            report.created[publication.state] = report.created.get(publication.state, 0) + 1
    return report


def decision_became_effective(case: Case) -> None:
    """Queue the documents of ``case`` (and of the first instance it decided on appeal) after the
    current transaction commits. For other apps to call when a decision takes effect; a failure is
    logged, never raised (the decision itself is committed by then)."""
    case_id = case.pk

    def run() -> None:
        try:
            target = Case.objects.filter(pk=case_id).first()
            if target is not None:
                enqueue_effective(target)
        except Exception:
            logger.exception("disclosure: queueing the documents of case %s failed", case_id)

    transaction.on_commit(run)


# --- the reviewer -----------------------------------------------------------------------------


def _lock(publication: Publication) -> Publication:
    return (
        Publication.objects.select_for_update(of=("self",))
        .select_related("document", "document__case", "document__case__court", "document__case__cause")
        .get(pk=publication.pk)
    )


def _require_state(publication: Publication, *states: str) -> None:
    if publication.state not in states:
        raise PublicationRefused(
            _("Not possible while the document is “%(state)s”.") % {"state": publication.get_state_display()},
            code="wrong_state",
        )


def _reason(reason: str, field_name: str = "reason") -> str:
    text = (reason or "").strip()
    if not text:
        raise ValidationError({field_name: _("Give the reason.")})
    if len(text) > 500:
        raise ValidationError({field_name: _("At most 500 characters.")})
    return text


def _reindex_after_commit(publication: Publication) -> None:
    from xiezhi.search.services import index_case_after_commit

    index_case_after_commit(publication.document.case_id)


def add_redaction(
    by: Any, publication: Publication, original: str, replacement: str | None = None
) -> Publication:
    """Replace ``original`` everywhere in the document (a name or identifier the anonymizer missed).

    ``replacement`` defaults to surname + 某 for a Han name, the first letter for a Latin one, else
    ×××. Refused for a string that does not occur in the original text.
    """
    policy.require(by, "publication.review", publication)
    original = (original or "").strip()
    if not original:
        raise ValidationError({"original": _("Select or type the text to hide.")})
    if len(original) > MAX_REDACTION_LENGTH:
        raise ValidationError({"original": _("At most %(n)s characters.") % {"n": MAX_REDACTION_LENGTH}})
    replacement = (
        rules.default_replacement(original)
        if replacement is None or not replacement.strip()
        else replacement.strip()
    )
    if len(replacement) > MAX_REPLACEMENT_LENGTH:
        raise ValidationError({"replacement": _("At most %(n)s characters.") % {"n": MAX_REPLACEMENT_LENGTH}})
    if original in replacement:
        raise ValidationError({"replacement": _("The replacement must not contain the text it hides.")})
    with transaction.atomic():
        publication = _lock(publication)
        _require_state(publication, PublicationState.IN_REVIEW)
        if original not in publication.document.text:
            raise ValidationError({"original": _("This text does not occur in the document.")})
        manual = [m for m in publication.manual if m["original"] != original]
        manual.append({"original": original, "replacement": replacement})
        publication.manual = manual
        _recompose(publication)
        publication.decided_by = by
        publication.save()
    return publication


def undo_redaction(by: Any, publication: Publication, key: str) -> Publication:
    """Undo a replacement: ``a<i>`` undoes the anonymizer's replacement ``i`` and every other one of
    the same text (a name kept is kept everywhere); ``m<i>`` removes the reviewer's redaction ``i``."""
    policy.require(by, "publication.review", publication)
    with transaction.atomic():
        publication = _lock(publication)
        _require_state(publication, PublicationState.IN_REVIEW)
        index = _key_index(key, publication)
        if key.startswith("a"):
            original = publication.auto_replacements[index]["original"]
            same = {i for i, r in enumerate(publication.auto_replacements) if r["original"] == original}
            publication.undone = sorted(set(publication.undone) | same)
        else:
            publication.manual = [m for i, m in enumerate(publication.manual) if i != index]
        _recompose(publication)
        publication.decided_by = by
        publication.save()
    return publication


def restore_redaction(by: Any, publication: Publication, key: str) -> Publication:
    """Apply again an automatic replacement that was undone (with the others of the same text)."""
    policy.require(by, "publication.review", publication)
    with transaction.atomic():
        publication = _lock(publication)
        _require_state(publication, PublicationState.IN_REVIEW)
        index = _key_index(key, publication)
        if not key.startswith("a"):
            raise ValidationError({"key": _("Only the anonymizer's replacements can be restored.")})
        original = publication.auto_replacements[index]["original"]
        publication.undone = [
            i for i in publication.undone if publication.auto_replacements[i]["original"] != original
        ]
        _recompose(publication)
        publication.decided_by = by
        publication.save()
    return publication


def _key_index(key: str, publication: Publication) -> int:
    kind, number = (key or "")[:1], (key or "")[1:]
    items = publication.auto_replacements if kind == "a" else publication.manual if kind == "m" else None
    if items is None or not number.isdigit() or int(number) >= len(items):
        raise ValidationError({"key": _("No such replacement.")})
    return int(number)


def redact_again(by: Any, publication: Publication, policy_name: str | None = None) -> Publication:
    """Run the anonymizer again (after a change of the text, or with the other policy); the
    reviewer's own redactions are kept, undone replacements are reset."""
    policy.require(by, "publication.review", publication)
    with transaction.atomic():
        publication = _lock(publication)
        _require_state(publication, PublicationState.IN_REVIEW)
        publication.policy = _policy_name(policy_name or publication.policy)
        _redact(publication)
        publication.decided_by = by
        publication.save()
    return publication


def publish(by: Any, publication: Publication, *, confirm_flagged: bool = False) -> Publication:
    """In review → published. A document the anonymizer flagged (no recognisable structure …) is
    published only with ``confirm_flagged`` (the reviewer checked the whole text); a document whose
    text changed since its redaction, or whose case is no longer effective, is refused."""
    policy.require(by, "publication.review", publication)
    with transaction.atomic():
        publication = _lock(publication)
        _require_state(publication, PublicationState.IN_REVIEW)
        document = publication.document
        effective_on(document)  # still effective (raises PublicationRefused otherwise)
        if publication.source_sha256 != (document.sha256 or _sha(document.text)):
            raise PublicationRefused(
                _("The document's text changed after it was redacted: redact it again and check it."),
                code="text_changed",
            )
        if publication.needs_review and not confirm_flagged:
            raise PublicationRefused(
                _(
                    "The anonymizer flagged this document (%(flags)s): confirm that you checked the whole "
                    "text before publishing."
                )
                % {"flags": ", ".join(publication.review_reasons)},
                code="flagged",
            )
        if not publication.redacted_text.strip():
            raise PublicationRefused(_("There is no redacted text to publish."), code="empty")
        if _open_request(publication) is not None:
            raise PublicationRefused(
                _(
                    "A proposal to withhold this document (Art. 4(5)) awaits its decision: it cannot be "
                    "published meanwhile."
                ),
                code="withholding_pending",
            )
        publication.state = PublicationState.PUBLISHED
        publication.published_at = timezone.now()
        publication.decided_by = by
        publication.reason = ""
        publication.save()
        _reindex_after_commit(publication)
    return publication


def withhold(by: Any, publication: Publication, ground: str, reason: str) -> Publication:
    """Queued or in review → withheld, with the ground (Art. 4(1)–(4), Art. 3) and the reviewer's
    reason. The ground ``other`` (Art. 4(5)) is never decided here: it needs the approval chain
    (:func:`propose_withholding`, :func:`review_withholding`, :func:`decide_withholding`)."""
    policy.require(by, "publication.review", publication)
    if ground not in WithholdGround.values:
        raise ValidationError({"ground": _("Choose the ground.")})
    if ground == WithholdGround.OTHER:
        raise PublicationRefused(
            _(
                "“Otherwise unsuitable” (Art. 4(5)) needs the judge's written reasons, the division head's "
                "review and the court leader's decision: propose it for approval instead."
            ),
            code="approval_required",
        )
    text = _reason(reason)
    with transaction.atomic():
        publication = _lock(publication)
        _require_state(publication, PublicationState.QUEUED, PublicationState.IN_REVIEW)
        publication.state = PublicationState.WITHHELD
        publication.ground = ground
        publication.reason = text
        publication.decided_by = by
        publication.save()
    return publication


def reopen(by: Any, publication: Publication, reason: str) -> Publication:
    """Withheld or unpublished → in review again (a wrong ground; a correction to republish,
    Arts. 15–16). The redaction is run again if the text changed or was never redacted."""
    policy.require(by, "publication.review", publication)
    text = _reason(reason)
    with transaction.atomic():
        publication = _lock(publication)
        _require_state(publication, PublicationState.WITHHELD, PublicationState.UNPUBLISHED)
        document = publication.document
        if not publication.redacted_text or publication.source_sha256 != (
            document.sha256 or _sha(document.text)
        ):
            _redact(publication)
        publication.state = PublicationState.IN_REVIEW
        publication.ground = ""
        publication.reason = text
        publication.decided_by = by
        publication.save()
    return publication


def unpublish(by: Any, publication: Publication, reason: str) -> Publication:
    """Published → unpublished, with the reason. From the commit on, no public page, search, API
    call or export shows it (they all read the state when they answer); the search index drops it
    right after the commit."""
    policy.require(by, "publication.unpublish", publication)
    text = _reason(reason)
    with transaction.atomic():
        publication = _lock(publication)
        _require_state(publication, PublicationState.PUBLISHED)
        publication.state = PublicationState.UNPUBLISHED
        publication.unpublished_at = timezone.now()
        publication.reason = text
        publication.decided_by = by
        publication.save()
        _reindex_after_commit(publication)
    return publication


# --- Art. 4(5): withholding as "otherwise unsuitable" needs approval ----------------------------

MAX_WITHHOLDING_REASONS = 2000


def _open_request(publication: Publication) -> WithholdingRequest | None:
    return (
        WithholdingRequest.objects.filter(publication=publication, state__in=OPEN_WITHHOLDING_STATES)
        .order_by("-pk")
        .first()
    )


def open_withholding_request(publication: Publication) -> WithholdingRequest | None:
    """The proposal under Art. 4(5) that still awaits a decision, if any."""
    return _open_request(publication)


def _lock_request(request: WithholdingRequest) -> WithholdingRequest:
    return (
        WithholdingRequest.objects.select_for_update(of=("self",))
        .select_related("publication")
        .get(pk=request.pk)
    )


def _note(note: str, field_name: str, *, required: bool) -> str:
    text = (note or "").strip()
    if required and not text:
        raise ValidationError({field_name: _("Give the reason.")})
    if len(text) > 500:
        raise ValidationError({field_name: _("At most 500 characters.")})
    return text


def propose_withholding(by: Any, publication: Publication, reasons: str) -> WithholdingRequest:
    """The judge in charge (or the presiding judge) proposes to withhold the document as otherwise
    unsuitable for publication (Art. 4(5)), with written reasons. The publication stays where it is
    (queued or in review) and cannot be published until the proposal is decided."""
    policy.require(by, "publication.propose_withholding", publication)
    text = (reasons or "").strip()
    if not text:
        raise ValidationError({"reasons": _("Give the written reasons.")})
    if len(text) > MAX_WITHHOLDING_REASONS:
        raise ValidationError({"reasons": _("At most %(n)s characters.") % {"n": MAX_WITHHOLDING_REASONS}})
    with transaction.atomic():
        publication = _lock(publication)
        _require_state(publication, PublicationState.QUEUED, PublicationState.IN_REVIEW)
        if _open_request(publication) is not None:
            raise PublicationRefused(
                _("A proposal to withhold this document already awaits its decision."),
                code="already_proposed",
            )
        return WithholdingRequest.objects.create(publication=publication, reasons=text, proposed_by=by)


def review_withholding(
    by: Any, request: WithholdingRequest, *, endorse: bool, note: str = ""
) -> WithholdingRequest:
    """The division head reviews the judge's proposal: endorsed → it goes to the court leader;
    not endorsed → rejected (a reason is required), and the document may be published again."""
    policy.require(by, "publication.review_withholding", request.publication)
    text = _note(note, "note", required=not endorse)
    with transaction.atomic():
        request = _lock_request(request)
        if request.state != WithholdingRequestState.PROPOSED:
            raise PublicationRefused(
                _("Not possible while the proposal is “%(state)s”.") % {"state": request.get_state_display()},
                code="wrong_state",
            )
        request.state = WithholdingRequestState.ENDORSED if endorse else WithholdingRequestState.REJECTED
        request.reviewed_by = by
        request.reviewed_at = timezone.now()
        request.review_note = text
        request.save()
    return request


def decide_withholding(
    by: Any, request: WithholdingRequest, *, approve: bool, note: str = ""
) -> WithholdingRequest:
    """The court leader decides an endorsed proposal. Approved → the publication is withheld with
    the ground ``other`` and the judge's reasons; refused (a reason is required) → it stays in the
    queue or in review and may be published."""
    policy.require(by, "publication.decide_withholding", request.publication)
    text = _note(note, "note", required=not approve)
    with transaction.atomic():
        request = _lock_request(request)
        if request.state != WithholdingRequestState.ENDORSED:
            raise PublicationRefused(
                _("Not possible while the proposal is “%(state)s”.") % {"state": request.get_state_display()},
                code="wrong_state",
            )
        if approve:
            publication = _lock(request.publication)
            _require_state(publication, PublicationState.QUEUED, PublicationState.IN_REVIEW)
            publication.state = PublicationState.WITHHELD
            publication.ground = WithholdGround.OTHER
            publication.reason = request.reasons[:500]
            publication.decided_by = by
            publication.save()
        request.state = WithholdingRequestState.APPROVED if approve else WithholdingRequestState.REJECTED
        request.decided_by = by
        request.decided_at = timezone.now()
        request.decision_note = text
        request.save()
    return request


def record_original_read(publication: Publication) -> None:
    """The reviewer's page shows the unredacted text: that is a read of personal data."""
    record(
        AuditAction.READ_PERSONAL,
        publication,
        detail="fields=original_text; purpose=publication review",
    )


def record_export(count: int, where: str) -> None:
    """A bulk export of published judgments (redacted content only)."""
    record(
        AuditAction.EXPORT,
        object_type="disclosure.publication",
        detail=f"published judgments exported: {count} to {where}"[:300],
    )
