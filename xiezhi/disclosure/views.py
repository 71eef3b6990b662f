"""Pages of judicial openness.

Public, no login: ``/public/judgments/`` (search and browse published judgments) and
``/public/judgments/<id>/`` (the redacted text with statute citations linked).

Court staff: ``/workspace/disclosure/`` (the court's publication queue, overdue first, and a form
to request the publication of a document by its number) and ``/workspace/disclosure/<id>/`` (the
reviewer's page: original beside redacted, every replacement highlighted; add, undo and restore
redactions; publish, withhold, reopen, unpublish).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xiezhi import policy
from xiezhi.cases.models import CaseType
from xiezhi.judgments.models import JudgmentDocument
from xiezhi.laws.citations import check_text

from . import selectors, services
from .models import Publication, PublicationState, WithholdGround, WithholdingRequest

MAX_QUERY_ECHO = 2000


# --- public -----------------------------------------------------------------------------------


def _url(params: dict[str, str], **changes: Any) -> str:
    merged = {**params, **changes}
    return "?" + urlencode({k: v for k, v in merged.items() if v not in (None, "")})


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    """Search published judgments (裁判文书公开): words, court, year, case type; pages of 10."""
    policy.require(request.user, "site.view")
    params = {
        "q": request.GET.get("q", "")[:MAX_QUERY_ECHO],
        "court": request.GET.get("court", "").strip()[:40],
        "year": request.GET.get("year", "").strip()[:10],
        "case_type": request.GET.get("case_type", "").strip()[:40],
    }
    context: dict[str, Any] = {
        "params": params,
        "courts": selectors.court_choices(),
        "years": selectors.year_choices(),
        "case_types": CaseType.choices,
        "error": None,
        "result": None,
    }
    try:
        result = selectors.search_published(
            params["q"],
            court=params["court"],
            year=params["year"],
            case_type=params["case_type"],
            page=request.GET.get("page", 1),
        )
    except selectors.SearchFailed as exc:
        context["error"] = exc
    else:
        context["result"] = result
        context["previous_url"] = _url(params, page=result.page - 1) if result.page > 1 else ""
        context["next_url"] = _url(params, page=result.page + 1) if result.page < result.pages else ""
    return render(request, "disclosure/public_list.html", context)


@require_GET
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A published judgment: the redacted text, citations linked to the statute browser."""
    policy.require(request.user, "site.view")
    publication = selectors.published(pk)
    if publication is None:
        raise Http404(_("No such published judgment."))
    document = publication.document
    context = {
        "publication": publication,
        "record": selectors.public_record(publication, with_text=False),
        # Citations are checked against the law in force on the day of the decision, on the
        # REDACTED text: the page never sees the original.
        "result": check_text(publication.redacted_text, on=document.decided_on),
    }
    return render(request, "disclosure/public_detail.html", context)


@require_GET
def public_withheld(request: HttpRequest) -> HttpResponse:
    """Documents not published, with number, court, date and ground (Art. 6)."""
    policy.require(request.user, "site.view")
    return render(request, "disclosure/public_withheld.html", {"notices": selectors.withheld_notices()})


# --- reviewers --------------------------------------------------------------------------------


def _staff_court(request: HttpRequest) -> Any:
    profile = getattr(request.user, "staff_profile", None)
    court = profile.court if profile is not None else None
    policy.require(request.user, "publication.queue", court)
    return court


STATE_FILTERS = ("waiting", "overdue", *PublicationState.values, "all")


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The court's publication queue: waiting documents, the overdue first."""
    court = _staff_court(request)
    state = request.GET.get("state", "waiting")
    if state not in STATE_FILTERS:
        state = "waiting"
    rows = Publication.objects.for_court(court).select_related("document", "document__case")
    if state == "waiting":
        rows = rows.waiting()
    elif state == "overdue":
        rows = rows.overdue()
    elif state != "all":
        rows = rows.filter(state=state)
    context = {
        "court": court,
        "state": state,
        "states": [(s, _label(s)) for s in STATE_FILTERS],
        "publications": rows.order_by("deadline_on", "pk")[:200],
        "overdue_count": Publication.objects.for_court(court).overdue().count(),
    }
    return render(request, "disclosure/queue.html", context)


def _label(state: str) -> str:
    if state == "waiting":
        return _("Waiting")
    if state == "overdue":
        return _("Overdue")
    if state == "all":
        return _("All")
    return str(PublicationState(state).label)


@login_required
@require_POST
def request_publication(request: HttpRequest) -> HttpResponse:
    """Queue a document of the court by its number; a case that is not effective is refused."""
    court = _staff_court(request)
    number = request.POST.get("number", "").strip()[:60]
    document = (
        (
            JudgmentDocument.objects.filter(case__court=court)
            .filter(document_number=number)
            .select_related("case")
            .order_by("pk")
            .first()
        )
        if number
        else None
    )
    if document is None:
        messages.error(
            request, _("No decision document of this court has the number “%(n)s”.") % {"n": number}
        )
        return HttpResponseRedirect(reverse("disclosure:queue"))
    try:
        publication = services.enqueue(document, by=request.user)
    except services.PublicationRefused as exc:
        messages.error(request, _("Refused: %(reason)s") % {"reason": exc.message})
        return HttpResponseRedirect(reverse("disclosure:queue"))
    return HttpResponseRedirect(reverse("disclosure:review", args=[publication.pk]))


def _publication_for_reviewer(request: HttpRequest, pk: int) -> Publication:
    publication = get_object_or_404(
        Publication.objects.select_related("document", "document__case", "document__case__court"), pk=pk
    )
    policy.require(request.user, "publication.review", publication)
    return publication


@login_required
@require_GET
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Original beside redacted, every replacement highlighted, and the reviewer's actions."""
    publication = _publication_for_reviewer(request, pk)
    can_see_original = policy.can(request.user, "publication.view_original", publication)
    composition = services.composition(publication)
    if can_see_original:
        services.record_original_read(publication)
    groups: dict[str, dict[str, Any]] = {}
    for segment in composition.segments:
        if not segment.changed:
            continue
        entry = groups.setdefault(
            segment.key if segment.key.startswith("m") else f"{segment.original}\x00{segment.shown}",
            {
                "original": segment.original,
                "shown": segment.shown,
                "kind": segment.kind,
                "key": segment.key,
                "count": 0,
            },
        )
        entry["count"] += 1
    undone = []
    seen: set[str] = set()
    for index in publication.undone:
        item = publication.auto_replacements[index]
        if item["original"] not in seen:
            seen.add(item["original"])
            undone.append({"key": f"a{index}", **item})
    context = {
        "publication": publication,
        "document": publication.document,
        "case": publication.document.case,
        "segments": composition.segments,
        "replacements": list(groups.values()),
        "undone": undone,
        "can_see_original": can_see_original,
        "can_unpublish": policy.can(request.user, "publication.unpublish", publication),
        # Art. 4(5) "other" goes through the approval chain (the section below), not this form.
        "grounds": [(v, label) for v, label in WithholdGround.choices if v != WithholdGround.OTHER],
        "withholding_requests": publication.withholding_requests.select_related(
            "proposed_by", "reviewed_by", "decided_by"
        ),
        "open_request": services.open_withholding_request(publication),
        "can_propose": policy.can(request.user, "publication.propose_withholding", publication),
        "can_review_withholding": policy.can(request.user, "publication.review_withholding", publication),
        "can_decide_withholding": policy.can(request.user, "publication.decide_withholding", publication),
        "policies": ("full", "spc2016"),
        "editable": publication.state == PublicationState.IN_REVIEW,
    }
    return render(request, "disclosure/review.html", context)


ACTIONS = (
    "add",
    "undo",
    "restore",
    "redact",
    "publish",
    "withhold",
    "reopen",
    "unpublish",
    "propose-withholding",
    "review-withholding",
    "decide-withholding",
)


def _open_request_or_refuse(publication: Publication) -> WithholdingRequest:
    found = services.open_withholding_request(publication)
    if found is None:
        raise services.PublicationRefused(_("No proposal awaits a decision."), code="no_open_request")
    return found


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One reviewer action; refusals and invalid input come back as messages on the review page."""
    if action not in ACTIONS:
        raise Http404(_("No such action."))
    publication = _publication_for_reviewer(request, pk)
    data = request.POST
    try:
        if action == "add":
            services.add_redaction(
                request.user, publication, data.get("original", ""), data.get("replacement")
            )
            messages.success(request, _("The text is now hidden everywhere in the document."))
        elif action == "undo":
            services.undo_redaction(request.user, publication, data.get("key", ""))
            messages.success(request, _("The replacement was undone everywhere in the document."))
        elif action == "restore":
            services.restore_redaction(request.user, publication, data.get("key", ""))
            messages.success(request, _("The replacement is applied again."))
        elif action == "redact":
            services.redact_again(request.user, publication, data.get("policy") or None)
            messages.success(request, _("The document was redacted again."))
        elif action == "publish":
            services.publish(request.user, publication, confirm_flagged=bool(data.get("confirm_flagged")))
            messages.success(request, _("Published."))
        elif action == "withhold":
            services.withhold(request.user, publication, data.get("ground", ""), data.get("reason", ""))
            messages.success(request, _("Withheld."))
        elif action == "reopen":
            services.reopen(request.user, publication, data.get("reason", ""))
            messages.success(request, _("Back in review."))
        elif action == "unpublish":
            services.unpublish(request.user, publication, data.get("reason", ""))
            messages.success(request, _("Unpublished: it is no longer shown anywhere."))
        elif action == "propose-withholding":
            services.propose_withholding(request.user, publication, data.get("reasons", ""))
            messages.success(request, _("Proposed: the division head reviews it next."))
        elif action == "review-withholding":
            services.review_withholding(
                request.user,
                _open_request_or_refuse(publication),
                endorse=data.get("decision") == "endorse",
                note=data.get("note", ""),
            )
            messages.success(request, _("Review recorded."))
        elif action == "decide-withholding":
            services.decide_withholding(
                request.user,
                _open_request_or_refuse(publication),
                approve=data.get("decision") == "approve",
                note=data.get("note", ""),
            )
            messages.success(request, _("Decision recorded."))
    except services.PublicationRefused as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    return HttpResponseRedirect(reverse("disclosure:review", args=[publication.pk]))
