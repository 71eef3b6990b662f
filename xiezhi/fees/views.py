"""Fee pages: the public calculator (/fees/), and the staff actions behind the case page's fee
block — issue the notice, record a payment — plus the printable notice (/workspace/fees/...).

The staff actions answer with a redirect to the case page and a message: the fee block there is
rendered by the case page itself (``fees/_case_fees.html`` with ``selectors.case_fee_context``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xiezhi import policy
from xiezhi.audit.models import AuditAction
from xiezhi.audit.services import record
from xiezhi.cases.models import Case
from xiezhi.cases.selectors import case_for_page

from . import display, services
from .forms import FeeCalculatorForm, IssueNoticeForm, PaymentForm, amount_label, kind_name
from .models import FeeNotice
from .selectors import notice_for_page

#: htmx targets of the calculator: the result only (as the user types), or form and result
#: (when a field is committed, so that field errors appear next to their fields).
_PARTIALS = {"fee-result": "fees/_result.html", "fee-calculator": "fees/_calculator.html"}


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")


@require_GET
def calculator(request: HttpRequest) -> HttpResponse:
    """The public fee calculator (诉讼费计算器): no login, the working shown step by step."""
    form = FeeCalculatorForm(request.GET if "kind" in request.GET else None)
    assessment = form.assessment if form.is_bound and form.is_valid() else None
    info = form.kind_info
    context = {
        "form": form,
        "assessment": assessment,
        "rows": display.working_rows(services.lines_as_json(assessment)) if assessment else [],
        "kind_name": kind_name(info) if info else "",
        "amount_label": amount_label(info) if info and info.amount != "not_used" else "",
        "unrounded": display.number(assessment.unrounded) if assessment else "",
        "rounded": display.number(assessment.amount) if assessment else "",
        "htmx": _is_htmx(request),
    }
    template = "fees/calculator.html"
    if _is_htmx(request):
        template = _PARTIALS.get(request.headers.get("HX-Target", ""), "fees/_calculator.html")
    return render(request, template, context)


# --- staff actions --------------------------------------------------------------------------------


def _not_found(request: HttpRequest, object_type: str, object_id: int) -> Http404:
    """Something the user may not see is reported missing, and the probe audited (as on the case page)."""
    record(
        AuditAction.NOT_FOUND,
        object_type=object_type,
        object_id=str(object_id),
        detail=f"{request.method} {request.path}"[:300],
    )
    return Http404(_("No such case."))


def _visible_case(request: HttpRequest, case_id: int) -> Case:
    policy.require(request.user, "workspace.view")
    case = case_for_page(case_id)
    if case is None or not policy.can(request.user, "case.view", case):
        raise _not_found(request, "cases.case", case_id)
    return case


def _visible_notice(request: HttpRequest, notice_id: int) -> FeeNotice:
    policy.require(request.user, "workspace.view")
    notice = notice_for_page(notice_id)
    if notice is None or not policy.can(request.user, "case.view", notice.case):
        raise _not_found(request, "fees.feenotice", notice_id)
    return notice


def _back(case: Case) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]) + "#fees")


def _form_problems(form) -> str:  # type: ignore[no-untyped-def]
    return " ".join(
        f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
        for name, errors in form.errors.items()
    )


@login_required
@require_POST
def issue_notice(request: HttpRequest, case_pk: int) -> HttpResponse:
    """Issue the case's fee notice (idempotent: an open notice is kept), back to the case page."""
    case = _visible_case(request, case_pk)
    form = IssueNoticeForm(request.POST, case=case)
    if not form.is_valid():
        messages.error(request, _form_problems(form))
        return _back(case)
    had_open = FeeNotice.objects.open().filter(case=case).exists()
    try:
        notice = services.issue_fee_notice(request.user, case, payer=form.cleaned_data["payer"])
    except services.FeeError as exc:
        messages.error(request, exc.message)
        return _back(case)
    if had_open:
        messages.info(request, _("This case already has an open fee notice; no new one was issued."))
    else:
        messages.success(
            request,
            _("Fee notice issued: %(amount)s yuan, due on %(due)s.")
            % {"amount": display.yuan(notice.amount), "due": notice.due_on.isoformat()},
        )
    return _back(case)


@login_required
@require_POST
def record_payment(request: HttpRequest, notice_pk: int) -> HttpResponse:
    """Record a payment against a notice, confirmed by the chosen provider; back to the case page."""
    notice = _visible_notice(request, notice_pk)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_problems(form))
        return _back(notice.case)
    data = form.cleaned_data
    try:
        payment = services.record_payment(
            request.user,
            notice,
            data["amount"],
            provider=data["provider"],
            reference=data["reference"],
            paid_on=data["paid_on"],
            expected_version=data["version"],
        )
    except services.FeeError as exc:
        messages.error(request, exc.message)
        return _back(notice.case)
    messages.success(
        request,
        _("Payment of %(amount)s yuan recorded; %(left)s yuan still due.")
        % {"amount": display.yuan(payment.amount), "left": display.yuan(notice.outstanding)},
    )
    return _back(notice.case)


@login_required
@require_GET
def notice_page(request: HttpRequest, notice_pk: int) -> HttpResponse:
    """The fee notice (交纳诉讼费用通知书) as printed and handed to the payer."""
    notice = _visible_notice(request, notice_pk)
    context = {
        "notice": notice,
        "case": notice.case,
        "rows": display.working_rows(notice.lines),
        "amount_words": display.amount_in_words(notice.amount),
        "payments": list(notice.payments.all()),
    }
    return render(request, "fees/notice.html", context)
