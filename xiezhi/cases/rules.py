"""Pure case rules from plain values: kinds of case, party roles, the workflow transition table.

No Django import: the services, the API, the CLI and the tests all read these tables.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CASE_KINDS",
    "OUTCOMES",
    "PARTY_ROLES",
    "STATUSES",
    "TRANSITIONS",
    "CaseKind",
    "Transition",
    "case_kind",
    "party_roles_for",
    "transitions_from",
]

# --- statuses (案件状态) ------------------------------------------------------------------------

#: status → (Chinese, English)
STATUSES: dict[str, tuple[str, str]] = {
    "pending": ("待立案", "Awaiting registration"),
    "registered": ("已立案", "Registered"),
    "assigned": ("已分案", "Assigned"),
    "in_trial": ("审理中", "In trial"),
    "suspended": ("中止", "Suspended"),
    "closed": ("已结案", "Closed"),
    "effective": ("已生效", "Effective"),
    "archived": ("已归档", "Archived"),
}
OPEN_STATUSES = frozenset({"registered", "assigned", "in_trial", "suspended"})

#: outcome (结案方式) → (Chinese, English)
OUTCOMES: dict[str, tuple[str, str]] = {
    "judgment": ("判决", "Judgment"),
    "ruling": ("裁定", "Ruling"),
    "mediation": ("调解", "Mediation"),
    "withdrawal": ("撤诉", "Withdrawal"),
    "dismissal": ("驳回起诉", "Dismissal"),
    "transfer": ("移送", "Transfer"),
    "termination": ("终结", "Termination"),
    "other": ("其他", "Other"),
}
#: Outcomes that can be appealed (上诉): judgments and rulings not to accept / dismiss / jurisdiction.
APPEALABLE_OUTCOMES = frozenset({"judgment", "ruling", "dismissal"})


# --- kinds of case: (case type, procedure) → type code and time-limit rule ----------------------


@dataclass(frozen=True)
class CaseKind:
    """One kind of case: what its number says (类型代字) and which time-limit rule governs it."""

    case_type: str
    procedure: str
    type_code: str
    time_limit: str | None  # a key of xiezhi.cases.time_limits, None when no trial limit applies
    division_kinds: tuple[str, ...]
    label_zh: str
    label_en: str
    levels: tuple[str, ...] = ("basic", "intermediate", "high", "supreme")
    appeal_procedure: str | None = None  # the procedure of the case an appeal creates
    collegial_required: bool = False  # must be heard by a panel (合议庭)


_FIRST = ("basic", "intermediate", "high", "supreme")
_UPPER = ("intermediate", "high", "supreme")

CASE_KINDS: tuple[CaseKind, ...] = (
    CaseKind("civil", "first_instance_ordinary", "民初", "civil-ordinary", ("civil",), "民事一审普通程序",
             "Civil first instance (ordinary)", _FIRST, "second_instance"),
    CaseKind("civil", "first_instance_summary", "民初", "civil-summary", ("civil",), "民事一审简易程序",
             "Civil first instance (summary)", ("basic",), "second_instance"),
    CaseKind("civil", "small_claims", "民初", "civil-small-claims", ("civil",), "小额诉讼",
             "Civil small claims", ("basic",)),
    CaseKind("civil", "second_instance", "民终", "civil-second-instance-judgment", ("civil",), "民事二审",
             "Civil second instance", _UPPER, None, True),
    CaseKind("civil", "retrial_review", "民申", "civil-retrial-review", ("supervision",), "民事再审审查",
             "Civil retrial review", _UPPER, None, True),
    CaseKind("civil", "retrial", "民再", None, ("supervision", "civil"), "民事再审", "Civil retrial", _FIRST,
             None, True),
    CaseKind("special_procedure", "special", "民特", "civil-special-procedure", ("civil",), "特别程序",
             "Special procedure", _FIRST),
    CaseKind("special_procedure", "payment_order", "民督", "civil-payment-order-issue", ("civil", "filing"),
             "督促程序", "Payment order", ("basic",)),
    CaseKind("criminal", "first_instance_ordinary", "刑初", "criminal-first-instance", ("criminal", "juvenile"),
             "刑事一审普通程序", "Criminal first instance (ordinary)", _FIRST, "second_instance", True),
    CaseKind("criminal", "first_instance_summary", "刑初", "criminal-summary", ("criminal", "juvenile"),
             "刑事一审简易程序", "Criminal first instance (summary)", ("basic",), "second_instance"),
    CaseKind("criminal", "fast_track", "刑初", "criminal-fast-track", ("criminal", "juvenile"), "刑事速裁程序",
             "Criminal fast-track", ("basic",), "second_instance"),
    CaseKind("criminal", "second_instance", "刑终", "criminal-second-instance", ("criminal",), "刑事二审",
             "Criminal second instance", _UPPER, None, True),
    CaseKind("criminal", "retrial", "刑再", "criminal-retrial", ("supervision", "criminal"), "刑事再审",
             "Criminal retrial", _FIRST, None, True),
    CaseKind("administrative", "first_instance_ordinary", "行初", "administrative-first-instance",
             ("administrative",), "行政一审普通程序", "Administrative first instance (ordinary)", _FIRST,
             "second_instance", True),
    CaseKind("administrative", "first_instance_summary", "行初", "administrative-summary", ("administrative",),
             "行政一审简易程序", "Administrative first instance (summary)", ("basic",), "second_instance"),
    CaseKind("administrative", "second_instance", "行终", "administrative-second-instance", ("administrative",),
             "行政二审", "Administrative second instance", _UPPER, None, True),
    CaseKind("state_compensation", "compensation_committee", "委赔", None, ("compensation",), "国家赔偿委员会案件",
             "State compensation (committee)", _UPPER, None, True),
    CaseKind("enforcement", "enforcement", "执", "enforcement", ("enforcement",), "首次执行",
             "Enforcement", _FIRST),
    CaseKind("enforcement", "enforcement_resumed", "执恢", "enforcement", ("enforcement",), "恢复执行",
             "Resumed enforcement", _FIRST),
    CaseKind("enforcement", "enforcement_objection", "执异", None, ("enforcement",), "执行异议",
             "Enforcement objection", _FIRST, None, True),
    CaseKind("preservation", "property_preservation", "财保", None, ("filing", "civil"), "诉前财产保全",
             "Pre-suit property preservation", _FIRST),
    CaseKind("bankruptcy", "bankruptcy", "破", None, ("civil",), "破产", "Bankruptcy", ("intermediate", "basic"),
             None, True),
)  # fmt: skip


def case_kind(case_type: str, procedure: str) -> CaseKind:
    """The kind for a case type and procedure; ``KeyError`` names the pair when there is none."""
    for kind in CASE_KINDS:
        if kind.case_type == case_type and kind.procedure == procedure:
            return kind
    raise KeyError(f"no case kind for case type {case_type!r} with procedure {procedure!r}")


# --- party roles by case type (诉讼地位) -------------------------------------------------------

#: role → (Chinese, English)
PARTY_ROLE_NAMES: dict[str, tuple[str, str]] = {
    "plaintiff": ("原告", "Plaintiff"),
    "defendant": ("被告", "Defendant"),
    "third_party": ("第三人", "Third party"),
    "appellant": ("上诉人", "Appellant"),
    "appellee": ("被上诉人", "Appellee"),
    "applicant": ("申请人", "Applicant"),
    "respondent": ("被申请人", "Respondent"),
    "enforcement_applicant": ("申请执行人", "Enforcement applicant"),
    "judgment_debtor": ("被执行人", "Judgment debtor"),
    "prosecutor": ("公诉机关", "Public prosecutor"),
    "accused": ("被告人", "Defendant (criminal)"),
    "victim": ("被害人", "Victim"),
    "private_prosecutor": ("自诉人", "Private prosecutor"),
    "civil_plaintiff_in_criminal": ("附带民事诉讼原告人", "Plaintiff in the incidental civil action"),
}

PARTY_ROLES: dict[str, tuple[str, ...]] = {
    "first_instance": ("plaintiff", "defendant", "third_party"),
    "second_instance": ("appellant", "appellee", "third_party"),
    "application": ("applicant", "respondent", "third_party"),
    "enforcement": ("enforcement_applicant", "judgment_debtor", "third_party"),
    "criminal": ("prosecutor", "accused", "victim", "private_prosecutor", "civil_plaintiff_in_criminal"),
}


def party_roles_for(case_type: str, procedure: str) -> tuple[str, ...]:
    """The party roles a case of this kind can have."""
    if case_type == "criminal":
        if procedure == "second_instance":
            return ("appellant", "prosecutor", "accused", "victim", "civil_plaintiff_in_criminal")
        return PARTY_ROLES["criminal"]
    if case_type == "enforcement":
        return PARTY_ROLES["enforcement"]
    if procedure == "second_instance":
        return PARTY_ROLES["second_instance"]
    if case_type in (
        "preservation",
        "bankruptcy",
        "special_procedure",
        "state_compensation",
    ) or procedure in ("retrial_review",):
        return PARTY_ROLES["application"]
    return PARTY_ROLES["first_instance"]


# --- the workflow (案件流程) -------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    """One allowed change of status. ``actors`` are relations to the case that may perform it
    (see xiezhi.policy); ``needs`` names the inputs the service requires."""

    name: str
    sources: frozenset[str]
    target: str | None  # None: the status does not change (e.g. reassignment, appeal)
    actors: frozenset[str]
    label_zh: str
    label_en: str
    needs: tuple[str, ...] = ()


def _t(
    name: str, sources: set[str], target: str | None, actors: set[str], zh: str, en: str, needs=()
) -> Transition:
    return Transition(name, frozenset(sources), target, frozenset(actors), zh, en, tuple(needs))


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _t("register", {"pending"}, "registered", {"filing"}, "立案", "Register"),
        _t("assign", {"registered"}, "assigned", {"filing", "division_head"}, "分案", "Assign"),
        _t("reassign", {"assigned", "in_trial", "suspended"}, None, {"division_head"}, "变更承办人",
           "Reassign", ("judge", "reason")),
        _t("start_trial", {"assigned"}, "in_trial", {"judge_in_charge", "presiding"}, "开始审理",
           "Start trial (ready for hearing)"),
        _t("suspend", {"in_trial"}, "suspended", {"judge_in_charge", "presiding"}, "中止审理", "Suspend",
           ("reason",)),
        _t("resume", {"suspended"}, "in_trial", {"judge_in_charge", "presiding"}, "恢复审理", "Resume"),
        _t("close", {"in_trial"}, "closed", {"judge_in_charge", "presiding"}, "结案", "Close",
           ("outcome", "closed_on")),
        _t("make_effective", {"closed"}, "effective", {"judge_in_charge", "presiding", "case_clerk"},
           "确认生效", "Mark effective", ("effective_on",)),
        _t("archive", {"effective", "closed"}, "archived", {"case_clerk", "judge_in_charge"}, "归档", "Archive"),
        _t("appeal", {"closed"}, None, {"judge_in_charge", "presiding", "case_clerk"}, "上诉", "Record appeal",
           ("appellant", "filed_on")),
    )
}  # fmt: skip


def transitions_from(status: str) -> list[Transition]:
    """Transitions whose source includes ``status``, in table order."""
    return [t for t in TRANSITIONS.values() if status in t.sources]
