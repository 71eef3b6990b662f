"""Similar-case search (类案检索) for a pending criminal case: the court's decided cases with metadata
and the prediction model's training records, hybrid-ranked by :mod:`xiezhi.nlp.similar`.

The searchable corpus is built once per process and rebuilt when the decided cases (judgments, saved
facts, guiding-case marks, statuses) or the active model change: a few aggregate queries per search
tell. Each search shown is logged (:class:`~.models.SimilarSearch`, deduplicated per user, case,
query, filters and ranking) so that the useful / not-useful marks can be evaluated against the exact
ranking the judge saw.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezhi import policy
from xiezhi.audit.models import AuditAction
from xiezhi.audit.services import record
from xiezhi.courts.rules import ancestor_codes_from_code, region_from_code
from xiezhi.nlp.similar import ENGINE_VERSION, CaseDoc, CourtRef, Filters, SimilarIndex
from xiezhi.nlp.similar.highlight import passages

from . import services
from .facts import charge_name, judgment_facts
from .models import CaseFacts, GuidingCase, SimilarCaseFeedback, SimilarSearch
from .peers import Candidate, typical_terms
from .training import sentence_months

DECIDED = ("closed", "effective", "archived")
LEVELS = ("supreme", "high", "intermediate", "basic")


def _level_choices() -> list[tuple[str, str]]:
    from xiezhi.courts.models import CourtLevel

    return [(value, str(label)) for value, label in CourtLevel.choices]


class _LazyChoices:
    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(_level_choices())


#: (value, label) of the court levels, for the filter form (labels translated when read).
LEVEL_CHOICES = _LazyChoices()
MAX_K = 50
DEFAULT_K = 10
_REGION = re.compile(r"^\d{2,6}$")


# --- filters -------------------------------------------------------------------------------------------


def parse_filters(
    levels: list[str] | str | None = None,
    region: str | None = None,
    year_from: Any = None,
    year_to: Any = None,
) -> Filters:
    """Filters from request values; bad values raise :class:`services.AssistError` (422) naming the field."""
    if isinstance(levels, str):
        levels = [v for v in re.split(r"[,\s]+", levels) if v]
    chosen = frozenset(v.strip() for v in levels or [] if v and v.strip())
    unknown = sorted(chosen - set(LEVELS))
    if unknown:
        raise services.AssistError(
            "bad_level",
            _("Unknown court level: %(v)s (use supreme, high, intermediate, basic).")
            % {"v": ", ".join(unknown)},
            422,
        )
    region = (region or "").strip()
    if region and not _REGION.match(region):
        raise services.AssistError(
            "bad_region",
            _("Give the region as the first 2 to 6 digits of a region code, e.g. 33 or 3301."),
            422,
        )
    years = []
    for raw in (year_from, year_to):
        if raw is None or str(raw).strip() == "":
            years.append(None)
            continue
        try:
            value = int(str(raw).strip())
        except ValueError:
            value = -1
        if not 1949 <= value <= 2100:
            raise services.AssistError("bad_year", _("Give years as four digits, e.g. 2021."), 422)
        years.append(value)
    if years[0] is not None and years[1] is not None and years[0] > years[1]:
        raise services.AssistError("bad_year", _("The first year is after the last year."), 422)
    return Filters(levels=chosen, region=region, year_from=years[0], year_to=years[1])


def filters_key(filters: Filters) -> str:
    d = filters.as_dict()
    return f"l={','.join(d['levels'])};r={d['region']};f={d['year_from'] or ''};t={d['year_to'] or ''}"


# --- the corpus ------------------------------------------------------------------------------------------


def court_ref(court: Any) -> CourtRef | None:
    """The retrieval view of a court, with the codes of the courts above it.

    What the court record lacks is read from its code (法院代字), as courts created from judgment
    headers have no region and often no parent: the region (京0105 → 110105, so ``region=11`` finds
    it) and the courts above the top of the recorded chain (京0105 → 京, 最高法; 粤0703 → 粤07, 粤,
    最高法), so that their cases can be filtered by region and tiered "higher".
    """
    if court is None:
        return None
    ancestors: list[str] = []
    top = court
    seen = 0
    while top.parent_id is not None and seen < 6:  # a court chain is at most four deep; guard against loops
        top = top.parent
        ancestors.append(top.code)
        seen += 1
    ancestors.extend(c for c in ancestor_codes_from_code(top.code) if c not in ancestors)
    region = court.region_code or region_from_code(court.code)
    return CourtRef(court.code, court.level, region, tuple(ancestors), court.name)


def _signature() -> tuple[Any, ...]:
    from xiezhi.cases.models import Case
    from xiezhi.judgments.models import JudgmentDocument

    decided = Case.objects.filter(case_type="criminal", status__in=DECIDED).aggregate(
        n=Count("pk"), t=Max("updated_at")
    )
    docs = JudgmentDocument.objects.filter(case__case_type="criminal", kind="judgment").aggregate(
        n=Count("pk"), t=Max("updated_at")
    )
    facts = CaseFacts.objects.aggregate(n=Count("pk"), t=Max("updated_at"))
    guiding = GuidingCase.objects.aggregate(n=Count("pk"), t=Max("updated_at"))
    return tuple((d["n"], d["t"]) for d in (decided, docs, facts, guiding))


def decided_docs() -> list[CaseDoc]:
    """The court's decided criminal cases that have facts to search: the facts saved on the panel,
    else the facts section of the newest judgment; with court, year, number, date and guiding mark."""
    from xiezhi.cases.models import Case
    from xiezhi.judgments.models import JudgmentDocument

    cases = (
        Case.objects.filter(case_type="criminal", status__in=DECIDED)
        .filter(Q(judgment_documents__kind="judgment") | Q(assist_facts__isnull=False))
        .select_related("court", "court__parent", "court__parent__parent", "court__parent__parent__parent")
        .distinct()
    )
    by_pk = {c.pk: c for c in cases}
    if not by_pk:
        return []
    saved = dict(CaseFacts.objects.filter(case_id__in=by_pk).values_list("case_id", "text"))
    guiding = dict(GuidingCase.objects.filter(case_id__in=by_pk).values_list("case_id", "number"))
    judgments: dict[int, tuple[str, date | None, dict]] = {}
    for case_id, text, decided_on, metadata in (
        JudgmentDocument.objects.filter(case_id__in=by_pk, kind="judgment")
        .order_by("case_id", "-decided_on", "-pk")
        .values_list("case_id", "text", "decided_on", "metadata")
        .iterator(chunk_size=500)
    ):
        judgments.setdefault(case_id, (text, decided_on, metadata or {}))
    refs: dict[int, CourtRef | None] = {}
    out = []
    for pk, case in by_pk.items():
        text, decided_on, metadata = judgments.get(pk, ("", None, {}))
        fact = saved.get(pk) or judgment_facts(text)
        if not fact:
            continue
        if case.court_id not in refs:
            refs[case.court_id] = court_ref(case.court)
        sentences = [s for s in metadata.get("sentences") or [] if s.get("penalty") != "acquitted"]
        charges = tuple(dict.fromkeys(charge_name(c) for s in sentences for c in s.get("charges") or []))
        # The executed term as the training records count it (fine only, exemption: 0; life: none).
        months = sentence_months(sentences[0])[0] if sentences else None
        out.append(
            CaseDoc(
                id=f"case-{pk}",
                text=fact,
                court=refs[case.court_id],
                year=case.year,
                number=case.number,
                decided_on=decided_on or case.closed_on,
                guiding=guiding.get(pk, ""),
                charges=charges,
                term_months=float(months) if isinstance(months, int | float) else None,
            )
        )
    out.sort(key=lambda d: d.id)
    return out


def _training_docs(model: Any, known: set[str]) -> tuple[list[CaseDoc], list[int]]:
    """The model's training records not already in the database corpus (no text, no metadata), with
    their rows in the model's case index."""
    ids = list(getattr(model, "case_ids", None) or [])
    labels = getattr(model, "labels", [])
    case_labels = getattr(model, "case_labels", None) or []
    terms = getattr(model, "case_terms", None)
    docs, rows = [], []
    for i, cid in enumerate(ids):
        if cid in known:
            continue
        charges = tuple(labels[j] for j in case_labels[i]) if i < len(case_labels) else ()
        term = None if terms is None or np.isnan(terms[i]) else float(terms[i])
        docs.append(CaseDoc(id=cid, text="", charges=charges, term_months=term, extra={"row": i}))
        rows.append(i)
    return docs, rows


@dataclass
class Corpus:
    index: SimilarIndex
    model_version: str
    decided: int
    training: int
    #: Median term per charge of the single-charge cases (which extra charge is the lighter).
    typical_terms: dict[str, float] = field(default_factory=dict)


_lock = threading.Lock()
_cache: dict[str, Any] = {}


def corpus() -> Corpus:
    """The searchable corpus for the current database and active model (built once, then reused)."""
    loaded = services.current_model()
    key = (_signature(), services._model_key(), loaded.version)
    cached = _cache.get("corpus")
    if cached is not None and _cache.get("key") == key:
        return cached
    with _lock:
        if _cache.get("key") == key and "corpus" in _cache:
            return _cache["corpus"]
        db_docs = decided_docs()
        model = loaded.model
        space = getattr(model, "space", None)
        index_rows = getattr(model, "case_index", None)
        usable = not loaded.cold_start and space is not None
        train_docs: list[CaseDoc] = []
        similarity = None
        if usable:
            from scipy import sparse

            from xiezhi.nlp.predict.text import normalise

            train_docs, rows = _training_docs(model, {d.id for d in db_docs})
            parts = []
            if db_docs:
                parts.append(space.transform([normalise(d.text) for d in db_docs]))
            if rows and index_rows is not None:
                parts.append(index_rows[rows])
            else:
                train_docs = []
            matrix = sparse.vstack(parts).tocsr() if parts else None

            def similarity(query: str) -> np.ndarray:
                x = space.transform([normalise(query)])
                return np.asarray((x @ matrix.T).todense()).ravel()

            if matrix is None:
                similarity = None
        index = SimilarIndex([*db_docs, *train_docs], model_similarity=similarity)
        built = Corpus(
            index,
            loaded.version if usable else "",
            len(db_docs),
            len(train_docs),
            typical_terms((d.charges, d.term_months) for d in index.docs),
        )
        _cache.update(key=key, corpus=built)
        return built


def reset_cache() -> None:
    with _lock:
        _cache.clear()


def term_candidates(fact: str, *, exclude: Iterable[str] = ()) -> tuple[list[Candidate], dict[str, float]]:
    """The decided cases with a term that a proposed sentence may be compared with — the court's own
    decided criminal cases (judgments with charges and a term) and the model's training records,
    one entry per case (a case the model was trained on, ``case-<pk>``, is counted once, as the
    court's case) — each with its similarity to ``fact`` (the model's cosine when a model is trained,
    else the lexical score); and the typical term per charge (:func:`.peers.typical_terms`)."""
    built = corpus()
    index = built.index
    if not len(index) or not (fact or "").strip():
        return [], built.typical_terms
    lexical, model, _semantic = index.components(fact)
    sims = model if model is not None else lexical
    skip = set(exclude)
    out = []
    for i, doc in enumerate(index.docs):
        if doc.term_months is None or doc.id in skip or sims[i] <= 0:
            continue
        out.append(
            Candidate(
                id=doc.id,
                similarity=round(float(sims[i]), 4),
                charges=doc.charges,
                term_months=float(doc.term_months),
                source="court" if doc.has_metadata else "training",
                extra={"doc": doc},
            )
        )
    return out, built.typical_terms


# --- searching --------------------------------------------------------------------------------------------


@dataclass
class SimilarResult:
    """The hits shown for a case, with what the panel, the API and the report need to say about them."""

    status: str  # ok / insufficient_information
    facts: str
    filters: Filters
    hits: list[dict[str, Any]] = field(default_factory=list)
    search: SimilarSearch | None = None
    reason: str = ""
    engine_version: str = ENGINE_VERSION
    model_version: str = ""
    decided_count: int = 0
    training_count: int = 0
    training_excluded: bool = False  # filters set: the records without metadata were left out
    searched_at: Any = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "reference_only": True,
            "reason": self.reason,
            "search_id": self.search.pk if self.search else None,
            "filters": self.filters.as_dict(),
            "engine_version": self.engine_version,
            "model_version": self.model_version,
            "scope": {
                "decided_cases": self.decided_count,
                "training_records": self.training_count,
                "training_records_searched": self.training_count if not self.training_excluded else 0,
                "note": scope_note(self),
            },
            "hits": self.hits,
        }


def scope_note(result: SimilarResult) -> str:
    if not result.training_count:
        return ""
    if result.training_excluded:
        return _(
            "%(n)s training records of the model carry no court, level or year: with a filter set they "
            "are not searched."
        ) % {"n": result.training_count}
    return _(
        "%(n)s training records of the model carry no court, level or year: they are marked 'other "
        "court' and no filter applies to them (a filter leaves them out)."
    ) % {"n": result.training_count}


@lru_cache(maxsize=256)
def _redacted_facts(text: str, anonymize_policy: str) -> str:
    from xiezhi.nlp.anonymize import anonymize

    return anonymize(text, policy=anonymize_policy).text


def redacted_excerpt(text: str) -> str:
    """``text`` as the anonymizer redacts it for publication (脱敏), for a reader who may not open the
    case it comes from."""
    return _redacted_facts(text, settings.XIEZHI_ANONYMIZE_POLICY)


def redacted_passages(hit: Any) -> list[dict[str, Any]]:
    """The passages of a decided case for a user who may not open that case: the same marked words,
    found again in its facts as the anonymizer redacts them for publication (脱敏) — names,
    identity numbers, addresses and the like never reach a judge of another court this way."""
    if not hit.passages:
        return []
    words = {text for p in hit.passages for text, marked in p.segments if marked}
    redacted = _redacted_facts(hit.doc.text, settings.XIEZHI_ANONYMIZE_POLICY)
    found = passages(redacted, words, n=len(hit.passages))
    return [p.as_dict() for p in found]


def _hit_out(hit: Any, user: Any, cases: dict[int, Any]) -> dict[str, Any]:
    out = hit.as_dict()
    out["label"] = hit.doc.number or hit.doc.id
    out["url"] = None
    out["redacted"] = False
    out["court_name"] = hit.doc.court.name if hit.doc.court else ""
    if hit.doc.id.startswith("case-"):
        case = cases.get(int(hit.doc.id[5:]))
        if case is not None and user is not None and policy.can(user, "case.view", case):
            out["url"] = reverse("cases:detail", args=[case.pk])
        else:
            out["passages"], out["redacted"] = redacted_passages(hit), True
    return out


def search_for_case(
    user: Any, case: Any, filters: Filters | None = None, *, k: int = DEFAULT_K, order: str = "authority"
) -> SimilarResult:
    """Similar decided cases for ``case``'s facts (the judge may use the assistance on it), logged."""
    policy.require(user, "case.assist.use", case)
    services.require_enabled(user)
    facts = services.facts_for(case)
    return search_text(user, facts.text, filters, case=case, k=k, order=order)


def search_text(
    user: Any,
    text: str,
    filters: Filters | None = None,
    *,
    case: Any = None,
    k: int = DEFAULT_K,
    order: str = "authority",
) -> SimilarResult:
    """Similar decided cases for a fact text (relative to ``case``'s court when given), logged."""
    from xiezhi.cases.models import Case
    from xiezhi.nlp.predict.text import insufficiency

    filters = filters or Filters()
    text = (text or "")[: services.MAX_FACT_CHARS]
    built = corpus()
    result = SimilarResult(
        status="ok",
        facts=text,
        filters=filters,
        model_version=built.model_version,
        decided_count=built.decided,
        training_count=built.training,
        training_excluded=filters.active,
        searched_at=timezone.now(),
    )
    reason = insufficiency(text)
    if reason is not None:
        result.status, result.reason = "insufficient_information", services.insufficient_message(reason)
        return result
    current = court_ref(case.court) if case is not None else None
    hits = built.index.search(
        text,
        current=current,
        filters=filters,
        k=max(1, min(int(k), MAX_K)),
        exclude=[f"case-{case.pk}"] if case is not None else (),
        order=order if order in ("authority", "relevance") else "authority",
    )
    pks = [int(h.doc.id[5:]) for h in hits if h.doc.id.startswith("case-") and h.doc.id[5:].isdigit()]
    cases = Case.objects.in_bulk(pks) if pks else {}
    result.hits = [_hit_out(h, user, cases) for h in hits]
    result.search = _log(user, case, text, filters, result)
    return result


def _log(user: Any, case: Any, text: str, filters: Filters, result: SimilarResult) -> SimilarSearch:
    """The search as shown, stored once per (user, case, query, filters, ranking, hits)."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    shown = [{"id": h["id"], "rank": h["rank"], "score": h["score"], "tier": h["tier"]} for h in result.hits]
    key = filters_key(filters)
    existing = (
        SimilarSearch.objects.filter(
            user=user,
            case=case,
            query_sha256=digest,
            filters_key=key,
            engine_version=ENGINE_VERSION,
            model_version=result.model_version[:80],
        )
        .order_by("-created_at", "-id")
        .first()
    )
    if existing is not None and existing.hits == shown:
        return existing
    return SimilarSearch.objects.create(
        user=user,
        case=case,
        query_sha256=digest,
        filters=filters.as_dict(),
        filters_key=key,
        engine_version=ENGINE_VERSION,
        model_version=result.model_version[:80],
        hits=shown,
    )


def mark(
    by: Any,
    case: Any,
    similar_case_id: str,
    useful: bool,
    *,
    search_id: int | None = None,
    similarity: float | None = None,
) -> SimilarCaseFeedback:
    """A useful / not-useful mark on a hit, tied to the search (query, filters, ranking) it came from.

    Validated before anything is written, and written (row and audit entry) in one transaction, so a
    refused mark leaves no trace: with ``search_id`` the search must be one ``by`` ran for ``case``
    and the hit must be among the hits it showed; without one the id must name a similar-case
    candidate (a decided case or training record of the searchable corpus), never ``case`` itself.
    AssistError 422 ``bad_case`` / ``bad_search`` otherwise."""
    if case is not None:
        policy.require(by, "case.assist.use", case)
    else:
        policy.require(by, "case.assist.predict")
    services.require_enabled(by)
    similar_case_id = (similar_case_id or "").strip()
    if not similar_case_id:
        raise services.AssistError("bad_case", _("Name the similar case."), 422)
    if len(similar_case_id) > 80:
        raise services.AssistError("bad_case", _("That case was not among the similar cases."), 422)
    with transaction.atomic():
        search, shown = None, None
        if search_id is not None:
            search = SimilarSearch.objects.filter(pk=search_id, user=by, case=case).first()
            if search is None:
                raise services.AssistError("bad_search", _("No such similar-case search for this case."), 422)
            shown = next((h for h in search.hits if h.get("id") == similar_case_id), None)
            if shown is None:
                raise services.AssistError(
                    "bad_case", _("That case was not among the hits of this search."), 422
                )
        elif not is_candidate(similar_case_id, case):
            raise services.AssistError("bad_case", _("That case was not among the similar cases."), 422)
        if similarity is None and shown is not None:
            similarity = shown.get("score")
        feedback = SimilarCaseFeedback.objects.create(
            case=case,
            similar_case_id=similar_case_id,
            useful=useful,
            similarity=similarity,
            model_version=services.current_model().version[:80],
            user=by,
            search=search,
            rank=shown.get("rank") if shown else None,
            tier=str(shown.get("tier") or "")[:16] if shown else "",
        )
        record(
            AuditAction.CREATE,
            feedback,
            after={
                "case": getattr(case, "pk", None),
                "similar_case": similar_case_id,
                "useful": useful,
                "search": search.pk if search else None,
                "rank": feedback.rank,
            },
            detail=f"assist similar case marked {'useful' if useful else 'not useful'}",
        )
    return feedback


def is_candidate(similar_case_id: str, case: Any = None) -> bool:
    """Whether ``similar_case_id`` names a case the similar-case search can show for ``case``: a
    decided case or a training record of the current corpus, or a case the active model names."""
    if case is not None and similar_case_id == f"case-{case.pk}":
        return False
    if similar_case_id in corpus().index.position:
        return True
    return similar_case_id in set(getattr(services.current_model().model, "case_ids", None) or ())


def feedback_summary(case: Any) -> dict[str, bool]:
    """The latest mark per similar case on ``case`` (id → useful)."""
    latest: dict[str, bool] = {}
    for similar_id, useful in SimilarCaseFeedback.objects.filter(case=case).values_list(
        "similar_case_id", "useful"
    ):
        latest.setdefault(similar_id, useful)  # newest first (Meta.ordering)
    return latest


# --- guiding cases -----------------------------------------------------------------------------------------


def guiding_case_for_number(case_number: str) -> Any:
    """The decided case numbered ``case_number`` that may become a guiding case; AssistError (404 /
    422) naming what is wrong otherwise."""
    from xiezhi.cases.models import Case

    number = (case_number or "").strip()
    if not number:
        raise services.AssistError("bad_case_number", _("Give the case number of the decided case."), 422)
    case = Case.objects.filter(number=number).select_related("court").first()
    if case is None:
        raise services.AssistError(
            "no_case", _("No case is numbered %(number)s.") % {"number": number[:60]}, 404
        )
    if case.status not in DECIDED:
        raise services.AssistError(
            "not_decided",
            _("%(number)s is not decided yet: only decided cases can be guiding cases.")
            % {"number": case.number},
            422,
        )
    return case


def guiding_cases() -> list[GuidingCase]:
    """The guiding cases, most recently published first, with their cases and courts."""
    return list(GuidingCase.objects.select_related("case", "case__court").order_by("-published_on", "number"))


def mark_guiding(by: Any | None, case: Any, number: str, published_on: date | None = None) -> GuidingCase:
    """Record that a decided case is an SPC guiding case (指导性案例), audited.  ``by`` is None for the
    operator's command; a person needs ``assist.guiding.manage``."""
    if by is not None:
        policy.require(by, "assist.guiding.manage")
    number = (number or "").strip()
    if not number:
        raise services.AssistError("bad_number", _("Give the guiding case number, e.g. 指导性案例14号."), 422)
    if len(number) > 40:
        raise services.AssistError("bad_number", _("A guiding case number has at most 40 characters."), 422)
    if published_on is not None and published_on > timezone.localdate():
        raise services.AssistError("bad_date", _("The publication date cannot be in the future."), 422)
    with transaction.atomic():
        guiding, _created = GuidingCase.objects.update_or_create(
            case=case, defaults={"number": number[:40], "published_on": published_on}
        )
        record(
            AuditAction.UPDATE,
            guiding,
            after={"case": case.pk, "number": guiding.number},
            detail=f"marked {case.number} as guiding case {guiding.number}",
        )
    return guiding


def unmark_guiding(by: Any | None, case: Any) -> bool:
    """Remove the guiding-case mark of ``case`` (audited); False if it had none."""
    if by is not None:
        policy.require(by, "assist.guiding.manage")
    with transaction.atomic():
        guiding = GuidingCase.objects.filter(case=case).first()
        if guiding is None:
            return False
        before = {"case": case.pk, "number": guiding.number}
        record(
            AuditAction.DELETE,
            guiding,
            before=before,
            detail=f"removed guiding mark {guiding.number} of {case.number}",
        )
        guiding.delete()
    return True


# --- the report ---------------------------------------------------------------------------------------------

REPORT_FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@dataclass
class Report:
    filename: str
    content: bytes
    content_type: str
    record: Any  # SimilarReport


def build_report(
    user: Any,
    case: Any,
    filters: Filters | None = None,
    *,
    fmt: str = "docx",
    conclusion: str = "",
    store: bool = False,
) -> Report:
    """The 类案检索报告 of ``case`` for the current search (filters as given) as DOCX or PDF; logged
    (:class:`~.models.SimilarReport`, audited) and, with ``store``, filed as an internal case file."""
    from .models import SimilarReport
    from .report import render_docx, render_pdf, report_lines

    if fmt not in REPORT_FORMATS:
        raise services.AssistError("bad_format", _("Choose docx or pdf."), 422)
    if len(conclusion or "") > 5000:
        raise services.AssistError("too_long", _("The conclusion is longer than 5,000 characters."), 422)
    result = search_for_case(user, case, filters)
    if result.status != "ok":
        raise services.insufficient_error(result.reason)
    lines = report_lines(case, result, author=user, conclusion=conclusion, marks=feedback_summary(case))
    content = render_docx(lines) if fmt == "docx" else render_pdf(lines)
    stem = f"类案检索报告-{case.number or case.pk}".replace("/", "-")
    filename = f"{stem}.{fmt}"
    with transaction.atomic():
        case_file = None
        if store:
            import io

            from xiezhi.documents.services import DocumentError, upload_to_case

            try:
                case_file = upload_to_case(
                    user, case, io.BytesIO(content), "other", "类案检索报告", internal=True, name=filename
                )
            except (DocumentError, policy.PermissionDenied) as exc:
                raise services.AssistError("not_stored", str(exc), 409) from None
        made = SimilarReport.objects.create(
            case=case,
            search=result.search,
            conclusion=(conclusion or "").strip(),
            format=fmt,
            case_file=case_file,
            created_by=user,
        )
        record(
            AuditAction.EXPORT,
            made,
            after={"case": case.pk, "format": fmt, "hits": len(result.hits), "stored": case_file is not None},
            detail=f"similar-case search report {fmt} for {case.number}",
        )
    return Report(filename, content, REPORT_FORMATS[fmt], made)
