"""The statute browser (法律法规): public pages, no login — statutes are public law.

/laws/ lists and searches laws; /laws/<id>/ shows a law's text with its table of contents and a
version switcher; /laws/<id>/articles/<label>/ one article with anchors for its paragraphs and
items; /laws/lookup/?q=刑法+264 jumps to an article; /laws/check/ checks the citations in a text.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from xiezhi import policy

from . import citations, selectors
from .forms import CheckForm, LawSearchForm, LookupForm
from .models import Law, LawVersion
from .structure import paragraphs

PAGE_SIZE = 30


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")


def _version_id(request: HttpRequest) -> int | None:
    raw = request.GET.get("version", "")
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise Http404(_("No such version."))
    return int(raw)


def _law(law_id: int) -> Law:
    law = selectors.law_for_page(law_id) if law_id <= 2**63 - 1 else None
    if law is None:
        raise Http404(_("No such law."))
    return law


def _list_context(request: HttpRequest) -> dict:
    form = LawSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    laws = selectors.search_laws(filters.get("q", ""), filters.get("doc_type", ""), filters.get("status", ""))
    page = Paginator(laws, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "form": form,
        "page": page,
        "laws": page.object_list,
        "lookup_form": LookupForm(),
    }


@require_GET
def law_list(request: HttpRequest) -> HttpResponse:
    """Every law, searchable by name or alias and filtered by type and status."""
    policy.require(request.user, "law.view")
    context = _list_context(request)
    template = "laws/_law_list.html" if _is_htmx(request) else "laws/list.html"
    return render(request, template, context)


@require_GET
def law_detail(request: HttpRequest, law_id: int) -> HttpResponse:
    """A law: its facts, versions, table of contents and text."""
    policy.require(request.user, "law.view")
    law = _law(law_id)
    version = selectors.version_for_page(law, _version_id(request))
    if version is None:
        raise Http404(_("No such version."))
    outline = selectors.version_outline(version)
    return render(
        request,
        "laws/law.html",
        {
            "law": law,
            "version": version,
            "versions": law.all_versions,
            "outline": outline,
            "lookup_form": LookupForm(),
        },
    )


@require_GET
def article_detail(request: HttpRequest, law_id: int, label: str) -> HttpResponse:
    """One article with its paragraphs (#para-N) and items (#para-N-item-M).

    Other ways of naming it (264, 第264条, 第二百六十四条第三款) redirect to its canonical address.
    """
    policy.require(request.user, "law.view")
    law = _law(law_id)
    version = selectors.version_for_page(law, _version_id(request))
    if version is None:
        raise Http404(_("No such version."))
    version.law = law
    try:
        hit = selectors.article_in_version(version, label)
    except selectors.LookupProblem:
        raise Http404(_("No such article.")) from None
    article = hit.article
    if article.label != label or hit.paragraph is not None:
        return HttpResponseRedirect(hit.url)
    neighbours = list(
        version.articles.filter(ordering__in=[article.ordering - 1, article.ordering + 1]).order_by(
            "ordering"
        )
    )
    return render(
        request,
        "laws/article.html",
        {
            "law": law,
            "version": version,
            "versions": law.all_versions,
            "article": article,
            "paragraphs": paragraphs(article.text),
            "previous": next((a for a in neighbours if a.ordering < article.ordering), None),
            "next": next((a for a in neighbours if a.ordering > article.ordering), None),
            "law_url": _law_url(version),
            "lookup_form": LookupForm(),
        },
    )


def _law_url(version: LawVersion) -> str:
    url = reverse("laws:detail", args=[version.law_id])
    return url if version.is_current else f"{url}?{urlencode({'version': version.pk})}"


@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    """The lookup box: "刑法 264" → that article's page; a law alone → the law's page.

    When nothing is found, the list page comes back with the text kept and the reason next to it.
    """
    policy.require(request.user, "law.view")
    form = LookupForm(request.GET)
    if form.is_valid():
        try:
            law, article = selectors.parse_lookup(form.cleaned_data["q"])
            if article is None:
                return HttpResponseRedirect(reverse("laws:detail", args=[law.pk]))
            return HttpResponseRedirect(selectors.find_article(law, article).url)
        except selectors.LookupProblem as exc:
            form.add_error("q", exc.message)
    laws = selectors.search_laws()
    page = Paginator(laws, PAGE_SIZE).get_page(1)
    context = {
        "form": LawSearchForm(),
        "page": page,
        "laws": page.object_list,
        "lookup_form": form,
        "lookup_failed": True,
    }
    return render(request, "laws/list.html", context)


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """Check citations: the text comes back with every cited article linked and wrong ones flagged."""
    policy.require(request.user, "law.view")
    form = CheckForm(request.POST if request.method == "POST" else None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = citations.check_text(form.cleaned_data["text"], on=form.cleaned_data.get("on"))
    return render(request, "laws/check.html", {"form": form, "result": result})
