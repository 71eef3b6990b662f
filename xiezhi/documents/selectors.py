"""Reads for the pages: what the case page's file and service sections show to one user."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from xiezhi import policy
from xiezhi.cases import time_limits
from xiezhi.cases.models import Case, Party

from . import services
from .models import CaseFile, FileKind, ServiceRecord

__all__ = ["CasePanel", "case_panel", "served_to"]


@dataclass
class CasePanel:
    """Everything ``documents/_case_files.html`` and ``documents/_case_service.html`` need.

    Build it with :func:`case_panel` (or ``{% case_documents case as documents %}`` from the
    ``case_documents`` template library) and pass it to the includes as ``documents``.
    """

    case: Case
    portal: bool
    files: list[CaseFile]
    internal_files: list[CaseFile]
    can_add: bool
    can_serve: bool
    can_see_service: bool
    can_see_internal: bool = False
    upload_form: Any = None
    parties: list[services.PartyService] = field(default_factory=list)
    failed: list[ServiceRecord] = field(default_factory=list)
    my_parties: list[tuple[Party, Any]] = field(default_factory=list)  # (party, consent) for the portal

    @property
    def volumes(self) -> list[tuple[list[CaseFile], str, str]]:
        """(files, caption, test id) of each volume shown: the main one (正卷) always, the internal
        one (副卷) to court staff."""
        shown = [(self.files, str(_("Main volume (正卷)")), "main-volume")]
        if self.can_see_internal:
            caption = str(_("Internal volume (副卷): court only"))
            shown.append((self.internal_files, caption, "internal-volume"))
        return shown

    @property
    def download_url_name(self) -> str:
        return "documents:portal_download" if self.portal else "documents:download"


def case_panel(
    user: Any, case: Case, *, portal: bool | None = None, bound: dict[str, Any] | None = None
) -> CasePanel:
    """The files ``user`` may see in volume order, and — for serving staff — the service table.

    ``portal`` picks the parties' download links; by default it follows the user (litigants and
    lawyers use the portal, staff the workspace). ``bound`` holds forms to show again with their
    errors: ``"upload"``, or ``"serve-<party id>"``.
    """
    bound = bound or {}
    if portal is None:
        portal = policy.can(user, "portal.view")
    files = services.volume(case, user)
    can_add = policy.can(user, "case_file.add", case) and case.status != "archived"
    can_serve = policy.can(user, "case.serve", case)
    can_see_service = can_serve or policy.can(user, "case.view_internal", case)
    panel = CasePanel(
        case=case,
        portal=portal,
        files=[f for f in files if not f.internal],
        internal_files=[f for f in files if f.internal],
        can_add=can_add,
        can_serve=can_serve,
        can_see_service=can_see_service,
        can_see_internal=policy.can(user, "case.view_internal", case),
    )
    # Forms are built only to show them again with their errors; otherwise the page fetches a
    # form when its section is opened (see views.upload / views.serve on GET): building and
    # rendering one serve form per party was the largest part of the case page's server time.
    if can_add:
        panel.upload_form = bound.get("upload")
    if can_see_service:
        panel.parties = services.service_status(case)
        detained = _detained(panel.parties)
        for row in panel.parties:
            row.form = bound.get(f"serve-{row.party.pk}") if can_serve else None  # type: ignore[attr-defined]
            row.alternatives = services.other_methods()  # type: ignore[attr-defined]
            panel.failed.extend(row.failed)
            for item in row.records:
                _add_appeal_windows(item, in_custody=(item.case_file_id, item.party_id) in detained)
    elif getattr(user, "is_authenticated", False):
        own = [party for party in case.parties.all() if party.user_id == user.pk]
        panel.my_parties = [(party, services.current_consent(party)) for party in own]
    return panel


def _detained(rows: list[services.PartyService]) -> set[tuple[int, int]]:
    """(file, party) pairs of served decisions whose party the judgment records as in custody."""
    files = {
        item.case_file_id
        for row in rows
        for item in row.records
        if item.case_file.kind == FileKind.JUDGMENT and item.service_date is not None
    }
    if not files:
        return set()
    from xiezhi.judgments.drafting import detained_on_files  # judgments builds on documents

    return detained_on_files(files)


def _add_appeal_windows(service: ServiceRecord, *, in_custody: bool = False) -> None:
    """For a served decision: the last day to appeal it as a judgment and as a ruling (裁判文书 holds
    both, and their windows differ: CPL Art. 171). A defendant in custody (recorded on the
    judgment) gets windows that holidays do not extend (CrimPL Art. 105 ¶4), as the judgment's
    effect status counts them."""
    service.appeal_judgment = service.appeal_ruling = None  # type: ignore[attr-defined]
    service.appeal_in_custody = False  # type: ignore[attr-defined]
    if service.case_file.kind != FileKind.JUDGMENT or service.service_date is None:
        return
    try:
        judgment = services.appeal_deadline_for(service, "judgment", in_custody=in_custody)
        ruling = services.appeal_deadline_for(service, "ruling", in_custody=in_custody)
    except time_limits.TimeLimitError:
        return
    if judgment is not None and ruling is not None:
        service.appeal_judgment, service.appeal_ruling = judgment.due, ruling.due  # type: ignore[attr-defined]
        service.appeal_in_custody = services.custody_rule_applies(service, in_custody)  # type: ignore[attr-defined]


def served_to(user: Any) -> list[ServiceRecord]:
    """The documents served on ``user`` as a party, newest first (the portal's "served to me")."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        ServiceRecord.objects.for_user(user)
        .select_related("case", "case_file", "party")
        .order_by("-sent_at", "-id")
    )
