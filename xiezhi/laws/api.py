"""The laws API (``/api/v1/laws``): the statute knowledge base, public like the statute browser.

``GET /laws`` searches and pages; ``GET /laws/{id}`` is a law with its versions, contents and
articles; ``GET /laws/lookup?law=刑法&article=第二百六十四条`` finds one article (款/项 too);
``POST /laws/check-citations`` checks the citations of a text. Bad input is a structured 4xx,
never a 500: an unknown law or article is 404, an unreadable label 422, a text over the size
limit 413. Messages are in English; the citation check also gives them in Chinese.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from ninja import Query, Router

from xiezhi import policy
from xiezhi.api.errors import ApiError
from xiezhi.api.schemas import ErrorOut

from . import citations, selectors
from .forms import MAX_CHECK_CHARS
from .models import Article, DocType, Law, LawVersion, VersionStatus
from .schemas import CheckIn, CheckOut, LawDetailOut, LawFilter, LawPageOut, LookupOut

router = Router(tags=["laws"])

ERRORS = {400: ErrorOut, 404: ErrorOut, 413: ErrorOut, 422: ErrorOut}
_MAX_ID = 2**63 - 1
#: Problems of a lookup → HTTP status (the rest are 404: nothing there).
_LOOKUP_STATUS = {"bad_label": 422, "empty": 422, "too_long": 422}


def _version_out(version: LawVersion, article_count: int | None = None) -> dict[str, Any]:
    return {
        "id": version.pk,
        "version_date": version.version_date,
        "publish_date": version.publish_date,
        "effective_date": version.effective_date,
        "status": version.status,
        "valid_from": version.valid_from,
        "valid_to": version.valid_to,
        "is_current": version.is_current,
        "article_count": getattr(version, "article_count", article_count or 0),
    }


def _law_out(request: HttpRequest, law: Law, current: LawVersion | None) -> dict[str, Any]:
    return {
        "id": law.pk,
        "name": law.name,
        "short_name": law.short_name,
        "doc_type": law.doc_type,
        "level": law.level,
        "department": law.department,
        "issuing_body": law.issuing_body,
        "status": current.status if current else None,
        "version_date": current.version_date if current else None,
        "url": request.build_absolute_uri(reverse("laws:detail", args=[law.pk])),
    }


def _article_out(request: HttpRequest, article: Article, version: LawVersion) -> dict[str, Any]:
    return {
        "label": article.label,
        "kind": article.kind,
        "number": article.number,
        "suffix": article.suffix,
        "chapter": article.chapter,
        "section": article.section,
        "text": article.text,
        "url": request.build_absolute_uri(selectors.article_url(article, version)),
    }


def _choice(value: str | None, choices: Any, field: str) -> str:
    if not value:
        return ""
    if value not in choices.values:
        raise ApiError(
            422,
            "invalid_input",
            f"Unknown {field}.",
            [{"field": field, "message": f"Use one of: {', '.join(choices.values)}."}],
        )
    return value


@router.get("", response={200: LawPageOut, **ERRORS}, auth=None)
def list_laws(request: HttpRequest, filters: Query[LawFilter]):
    """Laws whose name, short name or alias contains ``q``, by type and current status, a page at a time."""
    policy.require(request.user, "law.view")
    laws = selectors.search_laws(
        filters.q or "",
        _choice(filters.doc_type, DocType, "doc_type"),
        _choice(filters.status, VersionStatus, "status"),
    )
    count = laws.count()
    start = (filters.page - 1) * filters.page_size
    page = list(laws[start : start + filters.page_size])
    return {
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "results": [_law_out(request, law, next(iter(law.current_versions), None)) for law in page],
    }


def _problem(exc: selectors.LookupProblem) -> ApiError:
    status = _LOOKUP_STATUS.get(exc.code, 404)
    details = [{"field": exc.field, "message": exc.message}] if exc.field else []
    return ApiError(status, exc.code, exc.message, details)


@router.get("/lookup", response={200: LookupOut, **ERRORS}, auth=None)
def lookup(request: HttpRequest, law: str, article: str, on: date | None = None):
    """One article of a law, by name or alias and label or number, as in force ``on``.

    ``law=刑法&article=第二百六十四条`` — or ``264``, ``第一百三十三条之一``, ``第六十七条第三款``,
    ``第二百六十三条第（四）项``.
    """
    policy.require(request.user, "law.view")
    if len(law) > selectors.MAX_LAW_NAME or len(article) > selectors.MAX_LABEL:
        raise ApiError(
            422,
            "invalid_input",
            "The law name or the article label is too long.",
            [{"field": "law", "message": ""}],
        )
    with translation.override("en"):
        try:
            hit = selectors.find_article(law, article, on=on)
        except selectors.LookupProblem as exc:
            raise _problem(exc) from None
        notes = list(hit.notes)
    return {
        "law": hit.law.name,
        "law_id": hit.law.pk,
        "version": _version_out(hit.version, hit.version.articles.count()),
        "article": _article_out(request, hit.article, hit.version),
        "label": hit.label,
        "paragraph": hit.paragraph.number if hit.paragraph else None,
        "item": hit.item.number if hit.item else None,
        "text": hit.text,
        "notes": notes,
        "url": request.build_absolute_uri(hit.url),
    }


@router.post("/check-citations", response={200: CheckOut, **ERRORS}, auth=None)
def check_citations(request: HttpRequest, payload: CheckIn):
    """Find and check every statute citation in ``text``: offsets, status, messages and links.

    At most 2,000 citations are checked (``truncated`` and ``notes`` say when there were more); a range
    of more than 50 articles is not expanded but its ends are flagged ``suspicious_range``."""
    policy.require(request.user, "law.view")
    if len(payload.text) > MAX_CHECK_CHARS:
        raise ApiError(
            413,
            "too_large",
            f"The text has {len(payload.text)} characters; at most {MAX_CHECK_CHARS} are checked at once.",
            [{"field": "text", "message": f"At most {MAX_CHECK_CHARS} characters."}],
        )
    result = citations.check_text(payload.text, on=payload.on)
    out = []
    for item in result.citations:
        citation = item.citation
        ref = citation.article
        out.append(
            {
                "text": citation.text,
                "start": citation.start,
                "end": citation.end,
                "law": citation.law,
                "law_text": citation.law_text,
                "law_start": citation.law_start,
                "law_end": citation.law_end,
                "article": ref.label,
                "number": ref.number,
                "suffix": ref.suffix,
                "paragraph": ref.paragraph,
                "item": ref.item,
                "status": item.status,
                "ok": item.ok,
                "flagged": item.flagged,
                "message": item.checked.message,
                "message_zh": item.checked.message_zh,
                "url": request.build_absolute_uri(item.url) if item.url else None,
                "law_url": request.build_absolute_uri(item.law_url) if item.law_url else None,
            }
        )
    notes = []
    if result.truncated:
        notes.append(
            f"The text cites more than {result.limit} articles; only the first {result.limit} were "
            f"checked. / 文本引用的条文超过 {result.limit} 条，只核对了前 {result.limit} 条。"
        )
    return {
        "on": result.on,
        "count": len(out),
        "flagged": len(result.flagged),
        "truncated": result.truncated,
        "notes": notes,
        "citations": out,
    }


@router.get("/{law_id}", response={200: LawDetailOut, **ERRORS}, auth=None)
def law_detail(request: HttpRequest, law_id: int, version: int | None = None):
    """A law with its versions, the contents (chapters and sections) and the articles of one version."""
    policy.require(request.user, "law.view")
    law = selectors.law_for_page(law_id) if 1 <= law_id <= _MAX_ID else None
    if law is None:
        raise ApiError(404, "not_found", "No such law.")
    chosen = selectors.version_for_page(law, version) if version is None or 1 <= version <= _MAX_ID else None
    if chosen is None:
        raise ApiError(
            404,
            "not_found",
            "This law has no such version."
            if version is not None
            else "The knowledge base holds no text of this law.",
            [{"field": "version", "message": "Use one of the ids under versions."}]
            if version is not None
            else [],
        )
    current = next((v for v in law.all_versions if v.is_current), None)
    outline = selectors.version_outline(chosen)
    data = _law_out(request, law, current)
    data.update(
        {
            "aliases": [a.alias for a in law.aliases.all()],
            "versions": [_version_out(v) for v in law.all_versions],
            "version": _version_out(chosen),
            "contents": [
                {"title": h.title, "anchor": h.anchor, "sections": [s.title for s in h.children]}
                for h in outline.toc
            ],
            "articles": [_article_out(request, block.article, chosen) for block in outline.blocks],
        }
    )
    return data
