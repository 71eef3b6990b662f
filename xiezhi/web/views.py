"""Pages of the two faces: the public service site (诉讼服务) and the staff workspace (工作台)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from xiezhi import policy
from xiezhi.accounts import services as account_services
from xiezhi.accounts.forms import StaffCreateForm
from xiezhi.accounts.models import StaffProfile
from xiezhi.cases import selectors as case_selectors
from xiezhi.courts import selectors as court_selectors
from xiezhi.courts.models import Court

from .context import LARGE_TEXT_COOKIE


def home(request: HttpRequest) -> HttpResponse:
    """The public litigation-service site's front page."""
    return render(request, "web/home.html", {"court_count": Court.objects.active().count()})


def courts(request: HttpRequest) -> HttpResponse:
    """Court directory; htmx requests get only the result list."""
    query = request.GET.get("q", "")[:50]
    level = request.GET.get("level", "")
    tree = court_selectors.directory(query, level)
    template = "web/_court_list.html" if request.headers.get("HX-Request") else "web/courts.html"
    return render(
        request, template, {"tree": tree, "q": query, "level": level, "levels": court_selectors.LEVELS}
    )


def court_detail(request: HttpRequest, code: str) -> HttpResponse:
    court = get_object_or_404(Court.objects.select_related("parent"), code=code)
    return render(
        request,
        "web/court_detail.html",
        {
            "court": court,
            "divisions": court.divisions.all(),
            "courtrooms": court.courtrooms.filter(is_active=True),
            "children": court.children.filter(is_active=True),
        },
    )


@login_required
def portal(request: HttpRequest) -> HttpResponse:
    """The litigant's and lawyer's own area (我的诉讼)."""
    if policy.can(request.user, "workspace.view") and not policy.can(request.user, "portal.view"):
        return redirect("web:workspace")
    policy.require(request.user, "portal.view")
    cases = case_selectors.visible_cases(request.user).select_related("court")
    cases = cases.order_by("-registered_on", "-id")
    return render(request, "web/portal.html", {"cases": cases[:10]})


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    """The staff workspace (工作台)."""
    if policy.can(request.user, "portal.view"):
        return redirect("web:portal")
    if request.user.kind == "agency":
        return redirect("web:home")  # agencies work through the API
    policy.require(request.user, "workspace.view")
    profile = getattr(request.user, "staff_profile", None)
    return render(request, "web/workspace.html", {"profile": profile})


def _admin_court(request: HttpRequest) -> Court:
    profile: StaffProfile | None = getattr(request.user, "staff_profile", None)
    court = profile.court if profile else None
    policy.require(request.user, "staff.manage", court)
    assert court is not None  # require() passed, so the user administers a court
    return court


@login_required
@require_http_methods(["GET", "POST"])
def staff(request: HttpRequest) -> HttpResponse:
    """A court administrator's staff list and the form that creates staff accounts."""
    court = _admin_court(request)
    form = StaffCreateForm(request.POST or None, court=court)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = account_services.create_staff(
                request.user,
                court,
                account_services.StaffAccount(
                    username=data["username"],
                    full_name=data["full_name"],
                    role=data["role"],
                    password=data["password"],
                    division=data["division"],
                    mobile=data["mobile"],
                    email=data["email"],
                    title=data["title"],
                ),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Staff account %(name)s created.") % {"name": user.display_name})
            return redirect("web:staff")
    members = (
        StaffProfile.objects.filter(court=court)
        .select_related("user", "division")
        .order_by("role", "user__username")
    )
    status = 400 if request.method == "POST" else 200
    return render(
        request, "web/staff.html", {"court": court, "form": form, "members": members}, status=status
    )


@require_POST
def toggle_large_text(request: HttpRequest) -> HttpResponse:
    """Switch large-text mode (for older users); remembered in a cookie and on the account."""
    enabled = request.COOKIES.get(LARGE_TEXT_COOKIE) != "1"
    if request.user.is_authenticated:
        request.user.large_text = enabled
        request.user.save(update_fields=["large_text"])
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(LARGE_TEXT_COOKIE, "1" if enabled else "0", max_age=365 * 86400, samesite="Lax")
    return response


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
