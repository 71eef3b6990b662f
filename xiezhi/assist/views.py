"""The assistance panel of a criminal case (/workspace/assist/cases/<id>/) and its forms.

The case page only points here (htmx, loaded when the panel scrolls into view), so predicting never
adds time to the case page itself. htmx requests get the panel fragment; a plain request gets it in a
page of its own, so that everything works without script. A case the user may not see answers 404
like one that does not exist (audited).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xiezhi import policy
from xiezhi.audit.models import AuditAction
from xiezhi.audit.services import record
from xiezhi.cases.selectors import case_for_page

from . import services
from . import similar as similar_cases
from .charts import distribution_chart
from .models import DecisionChoice, FactSource


def _not_found(request: HttpRequest, case_id: Any) -> Http404:
    record(
        AuditAction.NOT_FOUND,
        object_type="cases.case",
        object_id=str(case_id)[:64],
        detail=f"{request.method} {request.path}"[:300],
    )
    return Http404(_("No such case."))


def _case(request: HttpRequest, case_id: int) -> Any:
    case = case_for_page(case_id) if 0 < case_id < 2**63 else None
    if case is None or not policy.can(request.user, "case.view", case):
        raise _not_found(request, case_id)
    return case


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")


def _proposed(raw: str | None) -> tuple[float | None, str]:
    if raw is None or not raw.strip():
        return None, ""
    try:
        value = float(raw)
    except ValueError:
        return None, _("Give the proposed term as a number of months.")
    if not 0 <= value <= 600:
        return None, _("Give the proposed term as a number of months from 0 to 600.")
    return value, ""


def _render_panel(
    request: HttpRequest,
    case: Any,
    *,
    status: int = 200,
    proposed_raw: str | None = None,
    facts_text: str | None = None,
    facts_error: str = "",
    notice: str = "",
    params: Any = None,
) -> HttpResponse:
    user = request.user
    htmx = _is_htmx(request)
    template = "assist/_panel.html" if htmx else "assist/panel_page.html"
    context: dict[str, Any] = {"case": case, "notice": notice}
    if not policy.can(user, "case.assist.use", case):
        context["unavailable"] = True
        return render(request, template, context, status=200 if htmx else 403)
    if not services.assistance_enabled(user):
        context["switched_off"] = True
        return render(request, template, context, status=status)
    facts, advice = services.case_advice(user, case)
    proposed, proposed_error = _proposed(proposed_raw)
    deviation = None
    if proposed is not None and advice.ok:
        deviation = services.deviation(advice, facts.text, proposed, user=user, case=case)
    decisions = services.decisions_for(case)
    for item in advice.charges:
        item["decision"] = decisions.get(("charge", item["name"]))
    for item in advice.articles:
        item["decision"] = decisions.get(("article", str(item["number"])))
    if advice.term:
        advice.term["decision"] = decisions.get(("term", advice.term["value"]))
    chart = None
    if advice.ok:
        if deviation:
            terms = [c["term_months"] for c in deviation.cases]
        else:
            peers = services.sentence_peers(
                facts.text, [c["name"] for c in advice.charges], exclude=[f"case-{case.pk}"]
            )
            terms = [c.term_months for c in peers.peers]
            context["peer_rule_explanation"] = services.peer_rule_explanation(peers)
        band = (deviation.band_low_months, deviation.band_high_months) if deviation else (None, None)
        predicted = advice.term["months"] if advice.term else None
        chart = distribution_chart(terms, proposed, predicted, band)
        context["distribution_count"] = len(terms)
    context.update(
        facts=facts,
        facts_text=facts.text if facts_text is None else facts_text,
        facts_error=facts_error,
        facts_source_label=dict(FactSource.choices).get(facts.source, ""),
        advice=advice,
        proposed_raw=proposed_raw or "",
        proposed_error=proposed_error,
        deviation=deviation,
        chart=chart,
        band=services.deviation_band(),
        accepted=[d for d in decisions.values() if d.decision == DecisionChoice.ACCEPTED],
    )
    similar_ctx = _similar_context(request, case, params if params is not None else request.GET)
    context.update(similar_ctx)
    if facts_error or proposed_error or similar_ctx.get("filter_error"):
        status = 400
    # htmx swaps only 2xx answers: a refusal comes back as the panel with the problem shown in it
    # (the plain form post keeps the real status).
    return render(request, template, context, status=200 if htmx else status)


def _filter_values(params: Any) -> dict[str, Any]:
    return {
        "levels": [v for v in params.getlist("level") if v],
        "region": params.get("region", ""),
        "year_from": params.get("year_from", ""),
        "year_to": params.get("year_to", ""),
    }


def _similar_context(request: HttpRequest, case: Any, params: Any) -> dict[str, Any]:
    """The similar-case search of the panel with the filters of the request (errors keep the input)."""
    values = _filter_values(params)
    context: dict[str, Any] = {"filter_values": values, "levels": similar_cases.LEVEL_CHOICES}
    try:
        filters = similar_cases.parse_filters(
            values["levels"], values["region"], values["year_from"], values["year_to"]
        )
    except services.AssistError as exc:
        context["filter_error"] = exc.message
        filters = None
    result = similar_cases.search_for_case(request.user, case, filters)
    marks = similar_cases.feedback_summary(case)
    for hit in result.hits:
        hit["mark"] = marks.get(hit["id"])
    context.update(similar=result, similar_note=similar_cases.scope_note(result))
    return context


@login_required
@require_GET
def panel(request: HttpRequest, case_id: int) -> HttpResponse:
    """Suggestions for the case, the sentence distribution (``?proposed=<months>`` marks a proposed
    term and checks its deviation), the accepted suggestions and the switch."""
    case = _case(request, case_id)
    return _render_panel(request, case, proposed_raw=request.GET.get("proposed"))


def _back(request: HttpRequest, case: Any, notice: str = "", **kwargs: Any) -> HttpResponse:
    if _is_htmx(request):
        return _render_panel(request, case, notice=notice, **kwargs)
    return redirect("assist:panel", case.pk)


@login_required
@require_POST
def save_facts(request: HttpRequest, case_id: int) -> HttpResponse:
    """Save the fact text the assistance reads (the judge's own words); a refusal keeps the text."""
    case = _case(request, case_id)
    text = request.POST.get("facts", "")
    try:
        services.save_facts(request.user, case, text)
    except services.AssistError as exc:
        return _render_panel(request, case, facts_text=text, facts_error=exc.message)
    return _back(request, case, _("The facts were saved; the suggestions below are based on them."))


@login_required
@require_POST
def decide(request: HttpRequest, case_id: int) -> HttpResponse:
    """Accept or reject one suggestion (audited; only an acceptance enters the case record)."""
    case = _case(request, case_id)
    try:
        services.decide(
            request.user,
            case,
            request.POST.get("kind", ""),
            request.POST.get("value", ""),
            request.POST.get("decision", ""),
            request.POST.get("reason", ""),
        )
    except services.AssistError as exc:
        return _render_panel(request, case, status=exc.status, notice=exc.message)
    accepted = request.POST.get("decision") == DecisionChoice.ACCEPTED
    return _back(
        request, case, _("Accepted and recorded in the case.") if accepted else _("Rejected and recorded.")
    )


@login_required
@require_POST
def similar_feedback(request: HttpRequest, case_id: int) -> HttpResponse:
    """Mark a similar-case hit useful or not (logged for evaluation)."""
    case = _case(request, case_id)
    try:
        similarity = float(request.POST.get("similarity") or "nan")
    except ValueError:
        similarity = float("nan")
    search_raw = request.POST.get("search", "")
    try:
        similar_cases.mark(
            request.user,
            case,
            request.POST.get("similar_case", ""),
            request.POST.get("useful") == "1",
            search_id=int(search_raw) if search_raw.isdigit() and int(search_raw) < 2**63 else None,
            similarity=None if similarity != similarity else similarity,
        )
    except services.AssistError as exc:
        return _render_panel(request, case, status=exc.status, notice=exc.message)
    return _back(request, case, _("Thank you: your mark on the similar case was recorded."))


@login_required
@require_POST
def similar_report(request: HttpRequest, case_id: int) -> HttpResponse:
    """Download the similar-case search report (类案检索报告) as DOCX or PDF for the current filters,
    with the judge's conclusion; ``store=1`` also files it as an internal case file."""
    case = _case(request, case_id)
    values = _filter_values(request.POST)
    try:
        filters = similar_cases.parse_filters(
            values["levels"], values["region"], values["year_from"], values["year_to"]
        )
        report = similar_cases.build_report(
            request.user,
            case,
            filters,
            fmt=request.POST.get("format", "docx"),
            conclusion=request.POST.get("conclusion", ""),
            store=request.POST.get("store") == "1",
        )
    except services.AssistError as exc:
        return _render_panel(request, case, status=exc.status, notice=exc.message, params=request.POST)
    response = HttpResponse(report.content, content_type=report.content_type)
    response["Content-Disposition"] = _attachment(report.filename)
    return response


def _attachment(filename: str) -> str:
    from urllib.parse import quote

    ascii_name = "similar-case-report." + filename.rsplit(".", 1)[-1]
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


@login_required
@require_POST
def preference(request: HttpRequest) -> HttpResponse:
    """Switch the assistance on or off for oneself; back to the panel (or the page) it came from."""
    policy.require(request.user, "workspace.view")
    enabled = request.POST.get("enabled") == "1"
    services.set_enabled(request.user, enabled)
    case_id = request.POST.get("case")
    if case_id and case_id.isdigit():
        case = _case(request, int(case_id))
        if _is_htmx(request):
            return _render_panel(request, case)
        return redirect("cases:detail", case.pk)
    target = request.POST.get("next") or "/workspace/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/workspace/"
    return redirect(target)


@login_required
def guiding(request: HttpRequest) -> HttpResponse:
    """The SPC guiding cases (指导性案例) the similar-case search ranks first: list, mark a decided
    case by its number, remove a mark.  A refused form keeps what was typed."""
    policy.require(request.user, "assist.guiding.manage")
    form = {"case_number": "", "number": "", "published_on": ""}
    error, notice, status = "", "", 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "remove":
                case = similar_cases.guiding_case_for_number(request.POST.get("case_number", ""))
                similar_cases.unmark_guiding(request.user, case)
                notice = _("The mark of %(case)s was removed.") % {"case": case.number}
            else:
                form = {k: (request.POST.get(k) or "").strip()[:100] for k in form}
                published = _published_on(form["published_on"])
                case = similar_cases.guiding_case_for_number(form["case_number"])
                marked = similar_cases.mark_guiding(request.user, case, form["number"], published)
                notice = _("%(case)s is marked as %(number)s.") % {
                    "case": case.number,
                    "number": marked.number,
                }
                form = {"case_number": "", "number": "", "published_on": ""}
        except services.AssistError as exc:
            error, status = exc.message, 422 if exc.status != 404 else 404
    return render(
        request,
        "assist/guiding.html",
        {"guiding": similar_cases.guiding_cases(), "form": form, "error": error, "notice": notice},
        status=status,
    )


def _published_on(raw: str) -> Any:
    from datetime import date

    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise services.AssistError("bad_date", _("Give the publication date as YYYY-MM-DD."), 422) from None
