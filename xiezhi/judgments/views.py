"""The page of one decision document (裁判文书): its text with every statute citation linked to the
knowledge base and the wrong ones flagged, and what the parser read from it.

Who may read it follows the case (policy ``case.view``); anyone else gets the same "not found" as
for a case they may not see, and the probe is audited.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from xiezhi import policy
from xiezhi.audit.models import AuditAction
from xiezhi.audit.services import record
from xiezhi.laws.citations import check_text

from .models import JudgmentDocument


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = JudgmentDocument.objects.select_related("case", "case__court").filter(pk=pk).first()
    if document is None or not policy.can(request.user, "case.view", document.case):
        record(
            AuditAction.NOT_FOUND,
            object_type="judgments.judgmentdocument",
            object_id=str(pk),
            detail=f"{request.method} {request.path}"[:300],
        )
        raise Http404(_("No such document."))
    staff = policy.can(request.user, "workspace.view")
    meta = document.metadata or {}
    context = {
        "document": document,
        "case": document.case,
        "staff": staff,
        "base_template": "workspace_base.html" if staff else "base.html",
        # Citations are checked against the law in force on the day of the decision.
        "result": check_text(document.text, on=document.decided_on),
        "parties": meta.get("parties") or [],
        "representatives": meta.get("representatives") or [],
        "panel": [*(meta.get("panel") or []), *(meta.get("clerks") or [])],
        "problems": meta.get("problems") or [],
    }
    return render(request, "judgments/detail.html", context)
