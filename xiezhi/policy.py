"""Who may do what: the one place where Xiezhi decides permissions.

Every check in views, the API, the CLI and services goes through :func:`can` or :func:`require`
with an action name from :data:`ACTIONS`. Rules deny by default: an action without a rule is a
programming error (``UnknownAction``), never an accidental "yes". Later capabilities add their
actions here instead of scattering checks across views.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied

__all__ = ["ACTIONS", "UnknownAction", "can", "require"]

Rule = Callable[[Any, Any], bool]
_RULES: dict[str, Rule] = {}


class UnknownAction(KeyError):
    """An action name that has no rule."""


def _rule(action: str) -> Callable[[Rule], Rule]:
    def register(func: Rule) -> Rule:
        if action in _RULES:
            raise ValueError(f"duplicate policy rule for {action}")
        _RULES[action] = func
        return func

    return register


# --- helpers ----------------------------------------------------------------------------------


def _authenticated(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def _profile(user: Any) -> Any:
    """The active staff profile of ``user``, or None."""
    if not _authenticated(user) or user.kind != "staff":
        return None
    profile = getattr(user, "staff_profile", None)
    return profile if profile is not None and profile.is_active else None


def _role(user: Any) -> str | None:
    profile = _profile(user)
    return profile.role if profile else None


def _is_superuser(user: Any) -> bool:
    return _authenticated(user) and user.is_superuser


def _court_admin_of(user: Any, court: Any) -> bool:
    profile = _profile(user)
    return bool(
        profile and profile.role == "court_admin" and court is not None and profile.court_id == court.pk
    )


def _in_filing_division(profile: Any) -> bool:
    """Filing officers and the head of the filing division (立案庭)."""
    return profile.role == "filing_officer" or (
        profile.role == "division_head" and profile.division is not None and profile.division.kind == "filing"
    )


def _filing_staff_of_court(user: Any, court_id: int | None) -> bool:
    profile = _profile(user)
    return (
        profile is not None
        and court_id is not None
        and profile.court_id == court_id
        and _in_filing_division(profile)
    )


# --- the rules --------------------------------------------------------------------------------


@_rule("site.view")
def _site_view(user: Any, obj: Any) -> bool:
    """The public service site (诉讼服务) is open to everyone."""
    return True


@_rule("court.view")
def _court_view(user: Any, obj: Any) -> bool:
    """The court directory is public information."""
    return True


@_rule("workspace.view")
def _workspace_view(user: Any, obj: Any) -> bool:
    """The internal workspace (工作台) is for active court staff only."""
    return _profile(user) is not None or _is_superuser(user)


@_rule("portal.view")
def _portal_view(user: Any, obj: Any) -> bool:
    """The litigant's own area (我的诉讼) is for litigants and lawyers."""
    return _authenticated(user) and user.kind in ("litigant", "lawyer")


@_rule("account.register")
def _account_register(user: Any, obj: Any) -> bool:
    """Litigants and lawyers register themselves; a logged-in user does not register again."""
    return not _authenticated(user)


@_rule("admin.access")
def _admin_access(user: Any, obj: Any) -> bool:
    """The Django admin is limited to court administrators (and the platform superuser)."""
    return _is_superuser(user) or _role(user) == "court_admin"


@_rule("staff.manage")
def _staff_manage(user: Any, court: Any) -> bool:
    """Staff accounts of a court are created and changed by that court's administrators."""
    return _is_superuser(user) or _court_admin_of(user, court)


@_rule("court.manage")
def _court_manage(user: Any, court: Any) -> bool:
    """Divisions and courtrooms of a court are kept by its administrators."""
    return _is_superuser(user) or _court_admin_of(user, court)


@_rule("personal_data.read")
def _personal_read(user: Any, subject: Any) -> bool:
    """A person's identity data: the person themself, or an administrator verifying identities."""
    if not _authenticated(user) or subject is None:
        return False
    return subject.pk == user.pk or _is_superuser(user) or _role(user) == "court_admin"


@_rule("api.token.create")
def _api_token_create(user: Any, obj: Any) -> bool:
    """API tokens are for staff and agency users (systems that exchange data with courts)."""
    return (
        _profile(user) is not None or (_authenticated(user) and user.kind == "agency") or _is_superuser(user)
    )


@_rule("audit.view")
def _audit_view(user: Any, obj: Any) -> bool:
    """The audit log is read by court administrators."""
    return _is_superuser(user) or _role(user) == "court_admin"


# --- cases ------------------------------------------------------------------------------------

#: Relations that give a member of staff access to a case (see case_relations).
STAFF_CASE_RELATIONS = frozenset(
    {
        "judge_in_charge",
        "presiding",
        "panel",
        "case_clerk",
        "case_assistant",
        "division_head",
        "president",
        "filing",
        "enforcement",
    }
)


def case_relations(user: Any, case: Any) -> frozenset[str]:
    """How ``user`` stands to ``case``: the facts every case permission is decided from.

    judge_in_charge, presiding, panel, case_clerk, case_assistant — assigned to this case;
    division_head — heads the case's division; president — presides over the case's court;
    filing — filing officer or filing-division head of the case's court; enforcement — enforcement
    officer of the court, for enforcement cases; party / representative — a party or a party's
    lawyer/agent; higher_court_president — president of the court above (extension approvals).
    """
    if not _authenticated(user) or case is None or getattr(case, "pk", None) is None:
        return frozenset()
    cache = getattr(case, "_relations_cache", None)
    if cache is None:
        cache = case._relations_cache = {}
    if user.pk in cache:
        return cache[user.pk]
    relations: set[str] = set()
    profile = _profile(user)
    if profile is not None:
        if case.judge_id == user.pk:
            relations.add("judge_in_charge")
        seat = next((m for m in case.panel.all() if m.user_id == user.pk), None)
        if seat is not None:
            relations.add("panel")
            if seat.role == "presiding":
                relations.add("presiding")
        if case.clerk_id == user.pk:
            relations.add("case_clerk")
        if case.assistant_id == user.pk:
            relations.add("case_assistant")
        if profile.court_id == case.court_id:
            if (
                profile.role == "division_head"
                and profile.division_id
                and profile.division_id == case.division_id
            ):
                relations.add("division_head")
            if profile.role == "court_president":
                relations.add("president")
            if _in_filing_division(profile):
                relations.add("filing")
            if profile.role == "enforcement_officer" and case.case_type == "enforcement":
                relations.add("enforcement")
        elif profile.role == "court_president" and case.court.parent_id == profile.court_id:
            relations.add("higher_court_president")
    else:
        if any(p.user_id == user.pk for p in case.parties.all()):
            relations.add("party")
        if any(r.user_id == user.pk for r in case.representatives.all()):
            relations.add("representative")
    frozen = frozenset(relations)
    cache[user.pk] = frozen
    return frozen


@_rule("case.register")
def _case_register(user: Any, court: Any) -> bool:
    """Registration (立案) is done by the court's filing officers and the filing division's head."""
    return court is not None and _filing_staff_of_court(user, court.pk)


@_rule("case.view")
def _case_view(user: Any, case: Any) -> bool:
    """Staff assigned to the case or supervising it, the filing division, parties and their lawyers;
    the higher court's president while an extension waits for that court's approval."""
    relations = case_relations(user, case)
    if relations & (STAFF_CASE_RELATIONS | {"party", "representative"}):
        return True
    return "higher_court_president" in relations and case.extensions.filter(status="requested").exists()


@_rule("case.view_internal")
def _case_view_internal(user: Any, case: Any) -> bool:
    """Internal notes, assignment records and exclusions: court staff with a relation, never parties."""
    return bool(case_relations(user, case) & STAFF_CASE_RELATIONS)


@_rule("case.edit")
def _case_edit(user: Any, case: Any) -> bool:
    """Details and parties: the judge in charge and the case's clerk; the filing division until assignment."""
    relations = case_relations(user, case)
    if relations & {"judge_in_charge", "presiding", "case_clerk"}:
        return case.status not in ("archived",)
    return "filing" in relations and case.status in ("pending", "registered")


@_rule("case.assign")
def _case_assign(user: Any, case: Any) -> bool:
    """Assignment, exclusions and panels: the filing division and the case division's head."""
    return bool(case_relations(user, case) & {"filing", "division_head"})


@_rule("case.extension.request")
def _case_extension_request(user: Any, case: Any) -> bool:
    """The judge in charge (or presiding judge) asks for more time."""
    return bool(case_relations(user, case) & {"judge_in_charge", "presiding"})


@_rule("case.extension.approve")
def _case_extension_approve(user: Any, case: Any) -> bool:
    """The authority named by the time-limit rules: this court's president, or the higher court's."""
    from xiezhi.cases.services import extension_approver_kind

    kind = extension_approver_kind(case)
    relations = case_relations(user, case)
    if kind == "court_president":
        return "president" in relations
    if kind in ("higher_court", "high_court"):
        return "higher_court_president" in relations
    return False


@_rule("party.view_identity")
def _party_view_identity(user: Any, party: Any) -> bool:
    """A party's identity data: staff with access to the case, the party, and the party's own lawyers."""
    relations = case_relations(user, party.case)
    if relations & STAFF_CASE_RELATIONS:
        return True
    if party.user_id == user.pk:
        return True
    return any(rep.user_id == user.pk for rep in party.representatives.all())


# --- case files (电子卷宗) and service (送达) ------------------------------------------------------

#: Relations that add documents to a case's volume.
CASE_FILE_ADDERS = frozenset({"judge_in_charge", "presiding", "case_clerk", "case_assistant", "filing"})
#: Relations that serve documents on parties (and record their consent to electronic service).
SERVERS = frozenset({"case_clerk", "judge_in_charge", "case_assistant"})


@_rule("case_file.add")
def _case_file_add(user: Any, case: Any) -> bool:
    """Adding to (and correcting) the volume: judges and support staff on the case, the filing division."""
    return bool(case_relations(user, case) & CASE_FILE_ADDERS)


@_rule("case_file.download")
def _case_file_download(user: Any, case_file: Any) -> bool:
    """A document of the volume: whoever may see the case; the internal volume (副卷) court staff only."""
    relations = case_relations(user, case_file.case)
    if case_file.internal:
        return bool(relations & STAFF_CASE_RELATIONS)
    return bool(relations & (STAFF_CASE_RELATIONS | {"party", "representative"}))


@_rule("case.serve")
def _case_serve(user: Any, case: Any) -> bool:
    """Serving documents on parties and recording the outcome: the clerk, judge in charge and assistant."""
    return bool(case_relations(user, case) & SERVERS)


@_rule("party.service_consent")
def _party_service_consent(user: Any, party: Any) -> bool:
    """Consent to electronic service: the party on the portal, or the serving staff from a signed form."""
    if _authenticated(user) and party.user_id == user.pk:
        return True
    return bool(case_relations(user, party.case) & SERVERS)


#: Relations that may issue a case's fee notice (交费通知), and those that may confirm a payment.
FEE_MANAGERS = frozenset({"filing", "judge_in_charge", "case_clerk"})
FEE_CONFIRMERS = frozenset({"filing", "case_clerk"})


@_rule("case.fee.manage")
def _case_fee_manage(user: Any, case: Any) -> bool:
    """Assessing the fee and issuing the notice: the filing division, the judge in charge, the clerk."""
    return bool(case_relations(user, case) & FEE_MANAGERS)


@_rule("case.fee.confirm_payment")
def _case_fee_confirm_payment(user: Any, case: Any) -> bool:
    """Recording a payment made offline: the filing division and the case's clerk, who see the receipt."""
    return bool(case_relations(user, case) & FEE_CONFIRMERS)


@_rule("case.message")
def _case_message(user: Any, party: Any) -> bool:
    """A party's conversation with the court: that party and its representatives, and the staff
    working the case (clerk, assistant, judge in charge, presiding judge)."""
    if party is None or not _authenticated(user):
        return False
    relations = case_relations(user, party.case)
    if relations & {"case_clerk", "case_assistant", "judge_in_charge", "presiding"}:
        return True
    return party.user_id == user.pk or any(rep.user_id == user.pk for rep in party.representatives.all())


def _transition_rule(name: str, actors: frozenset[str]) -> Rule:
    def rule(user: Any, case: Any) -> bool:
        return bool(case_relations(user, case) & actors)

    rule.__doc__ = f"Transition {name}: allowed to {', '.join(sorted(actors))}."
    return rule


def _register_transitions() -> None:
    from xiezhi.cases.rules import TRANSITIONS

    for name, transition in TRANSITIONS.items():
        _rule(f"case.transition.{name}")(_transition_rule(name, transition.actors))


_register_transitions()


# --- online filing ----------------------------------------------------------------------------


def _filing_staff(user: Any, filing: Any) -> bool:
    return filing is not None and _filing_staff_of_court(user, filing.court_id)


@_rule("filing.create")
def _filing_create(user: Any, obj: Any) -> bool:
    """Litigants and lawyers file online (网上立案)."""
    return _authenticated(user) and user.kind in ("litigant", "lawyer")


@_rule("filing.edit")
def _filing_edit(user: Any, filing: Any) -> bool:
    """Only the filer works on an application (drafts, corrections, submission)."""
    return _authenticated(user) and filing is not None and filing.filer_id == user.pk


@_rule("filing.view")
def _filing_view(user: Any, filing: Any) -> bool:
    """The filer, and the filing division of the court once the application was submitted."""
    if filing is None:
        return False
    if _authenticated(user) and filing.filer_id == user.pk:
        return True
    return filing.submission_count > 0 and _filing_staff(user, filing)


@_rule("filing.review")
def _filing_review(user: Any, filing: Any) -> bool:
    """Filing officers of the court applied to review (立案审查)."""
    return _filing_staff(user, filing)


@_rule("filing.queue")
def _filing_queue(user: Any, court: Any) -> bool:
    """The review queue of a court: its filing officers and filing-division head."""
    return court is not None and _filing_staff_of_court(user, court.pk)


# --- statute knowledge base (法律知识库) ------------------------------------------------------------


@_rule("law.view")
def _law_view(user: Any, obj: Any) -> bool:
    """Statutes are public law: the statute browser, its API and the citation check are open to all."""
    return True


@_rule("law.manage")
def _law_manage(user: Any, obj: Any) -> bool:
    """Importing statutes and keeping their aliases: court administrators and the platform superuser."""
    return _is_superuser(user) or _role(user) == "court_admin"


# --- judicial openness (裁判文书上网, xiezhi.disclosure) ---------------------------------------------

#: Staff roles that review judgments for publication (the redaction check of Art. 15 of
#: 法释〔2016〕19号 is done by the judge's support staff under the division head).
PUBLICATION_REVIEWER_ROLES = frozenset({"division_head", "judge_assistant", "clerk", "court_president"})


def _publication_court_id(obj: Any) -> int | None:
    """The court of a Publication (via its document's case), or of a Court."""
    if obj is None:
        return None
    document = getattr(obj, "document", None)
    if document is not None:
        return document.case.court_id
    return getattr(obj, "pk", None)


def _publication_reviewer(user: Any, obj: Any) -> bool:
    profile = _profile(user)
    court_id = _publication_court_id(obj)
    if profile is None or court_id is None or profile.court_id != court_id:
        return False
    if profile.role in PUBLICATION_REVIEWER_ROLES:
        return True
    document = getattr(obj, "document", None)
    return document is not None and bool(
        case_relations(user, document.case) & {"judge_in_charge", "presiding"}
    )


@_rule("publication.queue")
def _publication_queue(user: Any, court: Any) -> bool:
    """The publication queue of a court: its division heads, judge assistants, clerks and president."""
    return _publication_reviewer(user, court)


@_rule("publication.review")
def _publication_review(user: Any, publication: Any) -> bool:
    """Redacting, publishing, withholding and reopening a document: the reviewers of its court and
    the judge in charge (who answers for the redaction, Art. 15)."""
    return _publication_reviewer(user, publication)


@_rule("publication.view_original")
def _publication_view_original(user: Any, publication: Any) -> bool:
    """The unredacted text beside the redaction: the same reviewers (never the public)."""
    return _publication_reviewer(user, publication)


@_rule("publication.unpublish")
def _publication_unpublish(user: Any, publication: Any) -> bool:
    """Withdrawing a published document: the division heads and the president of its court."""
    profile = _profile(user)
    court_id = _publication_court_id(publication)
    return (
        profile is not None
        and court_id is not None
        and profile.court_id == court_id
        and profile.role in ("division_head", "court_president")
    )


# Art. 4(5) "otherwise unsuitable" (法释〔2016〕19号 Art. 12): the judge gives written reasons, the
# division head reviews, the responsible vice-president decides. There is no vice-president role:
# the court president decides.


@_rule("publication.propose_withholding")
def _publication_propose_withholding(user: Any, publication: Any) -> bool:
    """Proposing to withhold a document as otherwise unsuitable: the judge in charge or the
    presiding judge of its case (staff of the document's court)."""
    profile = _profile(user)
    document = getattr(publication, "document", None)
    if profile is None or document is None or profile.court_id != document.case.court_id:
        return False
    return bool(case_relations(user, document.case) & {"judge_in_charge", "presiding"})


@_rule("publication.review_withholding")
def _publication_review_withholding(user: Any, publication: Any) -> bool:
    """Reviewing such a proposal: the head of the case's division."""
    document = getattr(publication, "document", None)
    return document is not None and "division_head" in case_relations(user, document.case)


@_rule("publication.decide_withholding")
def _publication_decide_withholding(user: Any, publication: Any) -> bool:
    """Deciding it: the president of the document's court (standing in for the vice-president)."""
    document = getattr(publication, "document", None)
    return document is not None and "president" in case_relations(user, document.case)


# --- hearings (庭审排期) — xiezhi.hearings -------------------------------------------------------------
# Named under "case." because every hearing belongs to a case (the per-app matrix is in
# xiezhi/hearings/tests/test_policy.py).

#: Relations that schedule, move and cancel a case's hearings.
HEARING_SCHEDULERS = frozenset({"judge_in_charge", "presiding", "case_clerk", "case_assistant"})


@_rule("case.hearing.schedule")
def _case_hearing_schedule(user: Any, case: Any) -> bool:
    """Scheduling (排期): the judge in charge, the presiding judge, the case's clerk and assistant."""
    if case is None or case.status == "archived":
        return False
    return bool(case_relations(user, case) & HEARING_SCHEDULERS)


@_rule("case.hearing.view")
def _case_hearing_view(user: Any, hearing: Any) -> bool:
    """A hearing: whoever may see its case, those who sit on it or record it, and — for a public
    hearing only — the court's other staff who plan its rooms (the calendars of the court). A
    closed hearing (privacy, minors, secrets) shows its details only to those with the case."""
    if hearing is None:
        return False
    if _case_view(user, hearing.case):
        return True
    profile = _profile(user)
    if profile is None or profile.court_id != hearing.case.court_id:
        return False
    if hearing.clerk_id == user.pk or any(member.pk == user.pk for member in hearing.panel.all()):
        return True
    return bool(hearing.is_public)


#: Relations that write a hearing's record (庭审笔录) and lock it.
HEARING_RECORDERS = frozenset({"case_clerk", "judge_in_charge", "presiding"})


@_rule("case.hearing.record")
def _case_hearing_record(user: Any, case: Any) -> bool:
    """The hearing record: written by the case's clerk; the judge in charge and presiding judge too."""
    return case is not None and bool(case_relations(user, case) & HEARING_RECORDERS)


@_rule("case.hearing.record.sign")
def _case_hearing_record_sign(user: Any, party: Any) -> bool:
    """Signing the record for a party: the party's own account or its representative's."""
    if party is None or not _authenticated(user):
        return False
    return party.user_id == user.pk or any(rep.user_id == user.pk for rep in party.representatives.all())


@_rule("case.hearing.calendar")
def _case_hearing_calendar(user: Any, court: Any) -> bool:
    """The court's hearing calendars (per courtroom, per judge): the court's own staff."""
    if _is_superuser(user):
        return True
    profile = _profile(user)
    return profile is not None and court is not None and profile.court_id == court.pk


# --- judgment drafting (文书制作与审核签发) — xiezhi.judgments ----------------------------------------

#: Relations that draft a case's decision document (the judge's assistant prepares drafts too).
JUDGMENT_DRAFTERS = frozenset({"judge_in_charge", "presiding", "case_assistant"})


@_rule("case.judgment.draft")
def _case_judgment_draft(user: Any, case: Any) -> bool:
    """Drafting, saving and submitting the decision document: the judge in charge, the presiding
    judge and the judge's assistant, until the decision has taken effect."""
    if case.status in ("effective", "archived"):
        return False
    return bool(case_relations(user, case) & JUDGMENT_DRAFTERS)


@_rule("case.judgment.view_drafts")
def _case_judgment_view_drafts(user: Any, case: Any) -> bool:
    """Drafts, their versions and approvals are internal: court staff with a relation to the case."""
    return bool(case_relations(user, case) & STAFF_CASE_RELATIONS)


@_rule("case.judgment.approve")
def _case_judgment_approve(user: Any, draft: Any) -> bool:
    """Approving or returning a submitted draft: whoever the approval table
    (``xiezhi.judgments.rules.APPROVAL_STEPS``) names for the step it waits for."""
    from xiezhi.judgments.rules import STEP_BY_KEY

    step = STEP_BY_KEY.get(getattr(draft, "pending_step", "") or "")
    if step is None or draft.status != "submitted":
        return False
    return bool(case_relations(user, draft.case) & step.relations)


# --- intelligent case assistance (智能辅助办案) — xiezhi.assist -----------------------------------------
# Named under "case." because the assistance serves the work on cases (like hearings); the per-app
# matrix is in xiezhi/assist/tests/test_policy.py.

#: Relations that use the assistance on a case: the judges deciding it and the judge's assistant.
ASSIST_USERS = frozenset({"judge_in_charge", "presiding", "panel", "case_assistant"})
#: Staff roles that may ask for predictions on a free fact text (API, no case involved).
ASSIST_ROLES = frozenset({"judge", "presiding_judge", "judge_assistant", "division_head", "court_president"})


@_rule("case.assist.use")
def _assist_use(user: Any, case: Any) -> bool:
    """Suggestions, sentencing reference and accept/reject on a criminal case: its judges (judge in
    charge, panel) and the judge's assistant, who may view the case."""
    if case is None or getattr(case, "case_type", None) != "criminal":
        return False
    return bool(case_relations(user, case) & ASSIST_USERS)


@_rule("case.assist.predict")
def _assist_predict(user: Any, obj: Any) -> bool:
    """Predictions for a pasted fact text (no case): judges, assistants, division heads, presidents."""
    return _role(user) in ASSIST_ROLES


#: Staff roles that keep the list of SPC guiding cases (指导性案例), the top authority tier of the
#: similar-case search: the court president and the court's administrators (the research office
#: works through them).
GUIDING_ROLES = frozenset({"court_president", "court_admin"})


@_rule("assist.guiding.manage")
def _assist_guiding_manage(user: Any, obj: Any) -> bool:
    """Marking decided cases as guiding cases and removing the mark: court presidents and
    administrators, and the platform superuser.  Guiding cases are national, so any court's."""
    return _is_superuser(user) or _role(user) in GUIDING_ROLES


ACTIONS: frozenset[str] = frozenset(_RULES)


def can(user: Any, action: str, obj: Any = None) -> bool:
    """Whether ``user`` (an account or AnonymousUser) may perform ``action`` on ``obj``."""
    try:
        rule = _RULES[action]
    except KeyError:
        raise UnknownAction(action) from None
    return bool(rule(user, obj))


def require(user: Any, action: str, obj: Any = None) -> None:
    """Raise ``PermissionDenied`` (and write a security audit entry) unless :func:`can` allows it."""
    if can(user, action, obj):
        return
    from xiezhi.audit.context import actor_for_user, current_actor
    from xiezhi.audit.models import AuditAction
    from xiezhi.audit.services import record

    kwargs: dict[str, Any] = {}
    if obj is not None and hasattr(obj, "_meta"):
        kwargs = {
            "object_type": obj._meta.label_lower,
            "object_id": str(obj.pk),
            "object_repr": str(obj)[:200],
        }
    context = current_actor()
    actor = actor_for_user(user, context.ip, context.user_agent)
    record(AuditAction.PERMISSION_DENIED, detail=f"action={action}", actor=actor, **kwargs)
    raise PermissionDenied(action)
