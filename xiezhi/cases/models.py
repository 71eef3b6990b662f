"""Cases (案件): numbers, parties, representatives, panels, timeline, suspensions and extensions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiezhi.courts.models import Court, Division
from xiezhi.lib.models import TimestampedModel

from . import rules


class CaseType(models.TextChoices):
    """Case type (案件类型)."""

    CRIMINAL = "criminal", _("Criminal")
    CIVIL = "civil", _("Civil")
    ADMINISTRATIVE = "administrative", _("Administrative")
    STATE_COMPENSATION = "state_compensation", _("State compensation")
    ENFORCEMENT = "enforcement", _("Enforcement")
    PRESERVATION = "preservation", _("Preservation")
    BANKRUPTCY = "bankruptcy", _("Bankruptcy")
    SPECIAL_PROCEDURE = "special_procedure", _("Special procedure")


class Procedure(models.TextChoices):
    """Procedure (审理程序)."""

    FIRST_INSTANCE_ORDINARY = "first_instance_ordinary", _("First instance, ordinary procedure")
    FIRST_INSTANCE_SUMMARY = "first_instance_summary", _("First instance, summary procedure")
    SMALL_CLAIMS = "small_claims", _("Small claims")
    FAST_TRACK = "fast_track", _("Fast-track procedure")
    SECOND_INSTANCE = "second_instance", _("Second instance")
    RETRIAL_REVIEW = "retrial_review", _("Retrial review")
    RETRIAL = "retrial", _("Retrial")
    SPECIAL = "special", _("Special procedure")
    PAYMENT_ORDER = "payment_order", _("Payment order")
    COMPENSATION_COMMITTEE = "compensation_committee", _("Compensation committee")
    ENFORCEMENT = "enforcement", _("Enforcement")
    ENFORCEMENT_RESUMED = "enforcement_resumed", _("Resumed enforcement")
    ENFORCEMENT_OBJECTION = "enforcement_objection", _("Enforcement objection")
    PROPERTY_PRESERVATION = "property_preservation", _("Property preservation")
    BANKRUPTCY = "bankruptcy", _("Bankruptcy")


class CaseStatus(models.TextChoices):
    """Case status (案件状态); the allowed changes are in ``rules.TRANSITIONS``."""

    PENDING = "pending", _("Awaiting registration")
    REGISTERED = "registered", _("Registered")
    ASSIGNED = "assigned", _("Assigned")
    IN_TRIAL = "in_trial", _("In trial")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")
    EFFECTIVE = "effective", _("Effective")
    ARCHIVED = "archived", _("Archived")


class Outcome(models.TextChoices):
    """How a case was closed (结案方式)."""

    JUDGMENT = "judgment", _("Judgment")
    RULING = "ruling", _("Ruling")
    MEDIATION = "mediation", _("Mediation")
    WITHDRAWAL = "withdrawal", _("Withdrawal")
    DISMISSAL = "dismissal", _("Dismissal")
    TRANSFER = "transfer", _("Transfer")
    TERMINATION = "termination", _("Termination")
    OTHER = "other", _("Other")


class CauseKind(models.TextChoices):
    CIVIL = "civil", _("Civil cause of action (民事案由)")
    CRIMINAL = "criminal", _("Criminal charge (罪名)")
    ADMINISTRATIVE = "administrative", _("Administrative matter (行政案由)")


class CauseOfAction(models.Model):
    """A cause of action (案由) or criminal charge (罪名): a reference table later work extends."""

    code = models.CharField(_("code"), max_length=64, unique=True, help_text=_("Stable identifier."))
    name = models.CharField(_("name"), max_length=60, help_text=_("Name, e.g. 民间借贷纠纷 or 盗窃罪."))
    kind = models.CharField(
        _("kind"), max_length=16, choices=CauseKind.choices, help_text=_("Kind of cause.")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Broader cause."),
    )
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Offered for new cases."))

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("cause of action")
        verbose_name_plural = _("causes of action")
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="cause_unique_name_per_kind")]

    def __str__(self) -> str:
        return self.name


class CaseQuerySet(models.QuerySet):
    def open(self) -> CaseQuerySet:
        return self.filter(status__in=rules.OPEN_STATUSES)

    def for_judge(self, user) -> CaseQuerySet:  # type: ignore[no-untyped-def]
        """Cases the user handles as judge in charge or sits on as a panel member."""
        return self.filter(Q(judge=user) | Q(panel__user=user)).distinct()

    def for_support_staff(self, user) -> CaseQuerySet:  # type: ignore[no-untyped-def]
        """Cases a clerk or judge assistant works on."""
        return self.filter(Q(clerk=user) | Q(assistant=user))

    def for_party_user(self, user) -> CaseQuerySet:  # type: ignore[no-untyped-def]
        """Cases in which the account is a party or a party's representative."""
        return self.filter(Q(parties__user=user) | Q(representatives__user=user)).distinct()

    def by_urgency(self) -> CaseQuerySet:
        """Most urgent time limit first; cases without a limit last; then by number."""
        return self.order_by(models.F("deadline_on").asc(nulls_last=True), "registered_on", "id")


class Case(TimestampedModel):
    """A case (案件) in one court, from registration to archiving."""

    court = models.ForeignKey(
        Court,
        verbose_name=_("court"),
        on_delete=models.PROTECT,
        related_name="cases",
        help_text=_("Court hearing the case."),
    )
    division = models.ForeignKey(
        Division,
        verbose_name=_("division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        help_text=_("Division handling the case."),
    )
    case_type = models.CharField(
        _("case type"), max_length=24, choices=CaseType.choices, help_text=_("Case type.")
    )
    procedure = models.CharField(
        _("procedure"), max_length=32, choices=Procedure.choices, help_text=_("Procedure.")
    )
    type_code = models.CharField(
        _("type code"), max_length=4, help_text=_("类型代字 used in the case number.")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, help_text=_("Year of registration.")
    )
    sequence = models.PositiveIntegerField(
        _("sequence"), null=True, blank=True, help_text=_("Sequence within court, year and type code.")
    )
    number = models.CharField(
        _("case number"),
        max_length=40,
        null=True,
        blank=True,
        unique=True,
        help_text=_("案号, issued at registration, never reused."),
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("Case name, e.g. 王某诉李某民间借贷纠纷.")
    )
    cause = models.ForeignKey(
        CauseOfAction,
        verbose_name=_("cause of action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        help_text=_("案由 or 罪名."),
    )
    claim_amount = models.DecimalField(
        _("claim amount"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Amount claimed, in yuan."),
    )
    received_on = models.DateField(_("received on"), help_text=_("Day the court received the filing."))
    registered_on = models.DateField(
        _("registered on"), null=True, blank=True, help_text=_("Day of registration.")
    )
    closed_on = models.DateField(
        _("closed on"), null=True, blank=True, help_text=_("Day the case was closed.")
    )
    effective_on = models.DateField(
        _("effective on"), null=True, blank=True, help_text=_("Day the decision took legal effect.")
    )
    archived_on = models.DateField(_("archived on"), null=True, blank=True, help_text=_("Day of archiving."))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CaseStatus.choices,
        default=CaseStatus.PENDING,
        help_text=_("Workflow status."),
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=16,
        choices=Outcome.choices,
        blank=True,
        help_text=_("How the case was closed."),
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judge in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_in_charge",
        help_text=_("承办法官."),
    )
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clerk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_as_clerk",
        help_text=_("书记员."),
    )
    assistant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judge assistant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_as_assistant",
        help_text=_("法官助理."),
    )
    is_collegial = models.BooleanField(
        _("collegial panel"),
        default=False,
        help_text=_("Heard by a collegial panel (合议庭) rather than one judge."),
    )
    origin = models.ForeignKey(
        "self",
        verbose_name=_("origin case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="derived_cases",
        help_text=_(
            "First-instance case of an appeal, original of a retrial, decision "
            "enforced by an enforcement case."
        ),
    )
    origin_kind = models.CharField(
        _("link"),
        max_length=16,
        blank=True,
        choices=[
            ("appeal", _("Appeal")),
            ("retrial", _("Retrial")),
            ("enforcement", _("Enforcement")),
            ("remand", _("Remand")),
        ],
        help_text=_("How this case follows from the origin case."),
    )
    deadline_on = models.DateField(
        _("time limit ends"),
        null=True,
        blank=True,
        help_text=_("Last day of the trial time limit (审限), kept up to date."),
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("Claims and facts in brief."))
    internal_note = models.TextField(
        _("internal note"), blank=True, help_text=_("For the court only; never shown to parties.")
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Increases with every change (optimistic locking).")
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["court", "year", "type_code", "sequence"],
                condition=Q(sequence__isnull=False),
                name="case_number_parts_unique",
            ),
            models.CheckConstraint(
                condition=Q(claim_amount__isnull=True) | Q(claim_amount__gte=0),
                name="case_claim_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(registered_on__isnull=True)
                | Q(closed_on__gte=models.F("registered_on")),
                name="case_closed_after_registered",
            ),
        ]
        indexes = [
            models.Index(fields=["judge", "status", "deadline_on"], name="case_judge_status_idx"),
            models.Index(fields=["division", "status", "deadline_on"], name="case_division_status_idx"),
            models.Index(fields=["court", "status", "deadline_on"], name="case_court_status_idx"),
            models.Index(fields=["clerk", "status"], name="case_clerk_status_idx"),
            models.Index(fields=["assistant", "status"], name="case_assistant_status_idx"),
        ]

    def __str__(self) -> str:
        return self.number or f"{self.title} ({self.get_status_display()})"

    @property
    def kind(self) -> rules.CaseKind:
        return rules.case_kind(self.case_type, self.procedure)

    @property
    def is_open(self) -> bool:
        return self.status in rules.OPEN_STATUSES


class CaseNumberCounter(models.Model):
    """The last sequence issued per (court, year, type code): locked while a number is issued."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+", help_text=_("Court."))
    year = models.PositiveSmallIntegerField(help_text=_("Year."))
    type_code = models.CharField(max_length=4, help_text=_("Type code."))
    special = models.CharField(max_length=1, blank=True, help_text=_("Special adjudication code (e.g. 知)."))
    last_sequence = models.PositiveIntegerField(default=0, help_text=_("Last sequence issued."))
    issued_elsewhere_upto = models.PositiveIntegerField(
        default=0,
        help_text=_(
            "Numbers up to this one were issued outside Xiezhi (judgments imported from the court's "
            "earlier system); the ones never imported are not gaps of Xiezhi's."
        ),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["court", "year", "type_code", "special"], name="case_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.court.code} {self.year} {self.type_code}: {self.last_sequence}"


class PartyKind(models.TextChoices):
    NATURAL = "natural", _("Natural person")
    LEGAL = "legal", _("Legal person")
    OTHER = "other", _("Other organisation")


class Party(TimestampedModel):
    """A party to a case (当事人). Identity numbers, addresses and phones are personal data."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties", help_text=_("Case."))
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=PartyKind.choices,
        default=PartyKind.NATURAL,
        help_text=_("Natural person or organisation."),
    )
    role = models.CharField(_("role"), max_length=32, help_text=_("Procedural role, e.g. plaintiff (原告)."))
    name = models.CharField(_("name"), max_length=120, help_text=_("Name of the person or organisation."))
    sex = models.CharField(
        _("sex"),
        max_length=1,
        blank=True,
        choices=[("M", _("Male")), ("F", _("Female"))],
        help_text=_("Natural persons only."),
    )
    birth_date = models.DateField(
        _("birth date"), null=True, blank=True, help_text=_("Natural persons only.")
    )
    id_number = models.CharField(
        _("identity number"),
        max_length=18,
        blank=True,
        help_text=_("Resident identity number (personal data)."),
    )
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        help_text=_("统一社会信用代码 of an organisation."),
    )
    legal_representative = models.CharField(
        _("legal representative"), max_length=60, blank=True, help_text=_("Organisations only.")
    )
    address = models.CharField(
        _("address"), max_length=200, blank=True, help_text=_("Address (personal data).")
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, help_text=_("Phone (personal data)."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="party_roles",
        help_text=_("The party's own account, if any."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Order within the role."))

    PERSONAL_FIELDS = ("id_number", "address", "phone", "birth_date")

    class Meta:
        ordering = ["case", "position", "id"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name

    @property
    def role_label(self) -> str:
        from django.utils.translation import get_language

        zh, en = rules.PARTY_ROLE_NAMES.get(self.role, (self.role, self.role))
        return en if (get_language() or "").startswith("en") else zh


class RepresentativeKind(models.TextChoices):
    LAWYER = "lawyer", _("Lawyer (律师)")
    AGENT = "agent", _("Other agent (其他诉讼代理人)")
    DEFENDER = "defender", _("Defender (辩护人)")
    GUARDIAN = "guardian", _("Legal representative of a minor (法定代理人)")


class Representative(TimestampedModel):
    """Someone acting for a party: lawyer, agent, defender or legal representative."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="representatives", help_text=_("Case.")
    )
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="representatives", help_text=_("The party represented.")
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=RepresentativeKind.choices, help_text=_("Kind of representation.")
    )
    name = models.CharField(_("name"), max_length=60, help_text=_("Name."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="representations",
        help_text=_("The lawyer's account, if any."),
    )
    law_firm = models.CharField(_("law firm"), max_length=120, blank=True, help_text=_("Lawyers only."))
    licence_number = models.CharField(
        _("practice certificate number"), max_length=17, blank=True, help_text=_("Lawyers only.")
    )

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")

    def __str__(self) -> str:
        return self.name


class PanelRole(models.TextChoices):
    PRESIDING = "presiding", _("Presiding judge (审判长)")
    JUDGE = "judge", _("Judge (审判员)")
    ASSESSOR = "assessor", _("People's assessor (人民陪审员)")


class PanelMember(models.Model):
    """A member of the collegial panel (合议庭成员)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="panel", help_text=_("Case."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_seats", help_text=_("Member.")
    )
    role = models.CharField(
        _("role"), max_length=10, choices=PanelRole.choices, help_text=_("Role on the panel.")
    )

    class Meta:
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="panel_member_once")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class ExclusionReason(models.TextChoices):
    RELATED = "related", _("Related to a party (与当事人有利害关系)")
    RECUSED = "recused", _("Recused (回避)")
    LOWER_INSTANCE = "lower_instance", _("Heard the case at a lower instance (参与过下级审理)")


class Exclusion(models.Model):
    """A judge who must never be assigned to this case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exclusions", help_text=_("Case."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text=_("Excluded judge.")
    )
    reason = models.CharField(
        _("reason"), max_length=16, choices=ExclusionReason.choices, help_text=_("Why.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("Details."))

    class Meta:
        verbose_name = _("exclusion")
        verbose_name_plural = _("exclusions")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="exclusion_once")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_reason_display()}"


class EventKind(models.TextChoices):
    """Timeline events (审判流程节点); public ones are the process information parties see."""

    RECEIVED = "received", _("Filing received")
    REGISTERED = "registered", _("Case registered")
    ASSIGNED = "assigned", _("Case assigned")
    REASSIGNED = "reassigned", _("Judge changed")
    PANEL_FORMED = "panel_formed", _("Panel formed")
    TRIAL_STARTED = "trial_started", _("Trial started")
    SUSPENDED = "suspended", _("Proceedings suspended")
    RESUMED = "resumed", _("Proceedings resumed")
    EXTENDED = "extended", _("Time limit extended")
    CLOSED = "closed", _("Case closed")
    EFFECTIVE = "effective", _("Decision effective")
    ARCHIVED = "archived", _("Case archived")
    APPEALED = "appealed", _("Appeal filed")
    EDITED = "edited", _("Case details changed")
    FEE_NOTICE = "fee_notice", _("Fee notice issued")
    FEE_PAID = "fee_paid", _("Fee payment received")
    SERVED = "served", _("Document served")
    HEARING = "hearing", _("Hearing")


class TimelineEvent(models.Model):
    """One step in the case's history, shown on the case page (and to parties when public)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline", help_text=_("Case."))
    kind = models.CharField(
        _("kind"), max_length=16, choices=EventKind.choices, help_text=_("What happened.")
    )
    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, help_text=_("When."))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who."),
    )
    public = models.BooleanField(
        _("visible to parties"), default=True, help_text=_("Part of the process information parties see.")
    )
    detail = models.CharField(_("detail"), max_length=300, blank=True, help_text=_("Extra information."))

    class Meta:
        ordering = ["occurred_at", "id"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"


class SuspensionKind(models.TextChoices):
    """Periods not counted in the time limit (不计入审限的期间)."""

    PUBLIC_NOTICE = "public_notice", _("Service by public notice (公告)")
    APPRAISAL = "appraisal", _("Appraisal (鉴定)")
    JURISDICTION = "jurisdiction", _("Jurisdiction objection (管辖异议)")
    MEDIATION = "mediation", _("Mediation at the parties' request (调解)")
    SUSPENSION = "suspension", _("Suspension of proceedings (中止诉讼)")
    OTHER = "other", _("Other (其他)")


class Suspension(models.Model):
    """A period that does not count towards the time limit."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="suspensions", help_text=_("Case."))
    kind = models.CharField(_("kind"), max_length=16, choices=SuspensionKind.choices, help_text=_("Kind."))
    started_on = models.DateField(_("from"), help_text=_("First day not counted."))
    ended_on = models.DateField(_("until"), null=True, blank=True, help_text=_("Last day not counted."))
    reason = models.CharField(_("reason"), max_length=200, help_text=_("Why."))

    class Meta:
        ordering = ["started_on"]
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="suspension_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on}–{self.ended_on or ''}"


class ExtensionStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class Extension(models.Model):
    """A request to extend the time limit (延长审限) and its approval."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="extensions", help_text=_("Case."))
    months = models.PositiveSmallIntegerField(_("months"), default=0, help_text=_("Months requested."))
    days = models.PositiveSmallIntegerField(_("days"), default=0, help_text=_("Days requested."))
    reason = models.CharField(_("reason"), max_length=300, help_text=_("Why more time is needed."))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text=_("Requesting judge.")
    )
    requested_on = models.DateField(_("requested on"), help_text=_("Day of the request."))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.REQUESTED,
        help_text=_("Decision."),
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who decided."),
    )
    approver_kind = models.CharField(
        _("approving authority"),
        max_length=16,
        blank=True,
        help_text=_("court_president, higher_court, high_court or spc."),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True, help_text=_("Day of the decision."))

    class Meta:
        ordering = ["requested_on", "id"]
        verbose_name = _("time limit extension")
        verbose_name_plural = _("time limit extensions")

    def __str__(self) -> str:
        return f"+{self.months}m{self.days}d ({self.get_status_display()})"


class AssignmentRecord(models.Model):
    """How and why a judge was given a case (分案记录)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments", help_text=_("Case."))
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text=_("Judge assigned.")
    )
    method = models.CharField(
        _("method"),
        max_length=10,
        choices=[("random", _("Random, weighted by caseload")), ("manual", _("Manual"))],
        help_text=_("How the judge was chosen."),
    )
    reason = models.CharField(
        _("reason"), max_length=300, blank=True, help_text=_("Required for manual changes.")
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who assigned."),
    )
    candidates = models.JSONField(
        _("candidates"),
        default=list,
        blank=True,
        help_text=_("Judges considered with their open caseload and weight."),
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True, help_text=_("When."))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("assignment record")
        verbose_name_plural = _("assignment records")

    def __str__(self) -> str:
        return f"{self.case} → {self.judge} ({self.method})"


class CalendarOverride(models.Model):
    """A correction to the official holiday calendar (节假日调整), kept by court administrators.

    The calendar package only knows the years announced when it was released; an override makes a
    day a working day or a rest day until the package catches up, or records a local closure.
    """

    day = models.DateField(_("day"), unique=True, help_text=_("The day whose status is overridden."))
    is_workday = models.BooleanField(_("working day"), help_text=_("True: a working day; false: a rest day."))
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("Source, e.g. the State Council notice.")
    )

    class Meta:
        ordering = ["day"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self) -> str:
        return f"{self.day} {'workday' if self.is_workday else 'rest day'}"


class CaseMessage(models.Model):
    """A message between the court and one party's side (当事人与法院的沟通); other parties never see it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages", help_text=_("Case."))
    party = models.ForeignKey(
        Party,
        on_delete=models.CASCADE,
        related_name="messages",
        help_text=_("The party whose conversation with the court this is."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text=_("Who wrote it.")
    )
    from_court = models.BooleanField(_("from the court"), help_text=_("Written by court staff."))
    body = models.TextField(_("message"), max_length=2000, help_text=_("The text."))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, help_text=_("When."))
    read_at = models.DateTimeField(
        _("read at"), null=True, blank=True, help_text=_("When the other side first read it.")
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.party}: {self.body[:20]}"
