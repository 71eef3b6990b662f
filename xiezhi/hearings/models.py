"""Hearings (庭审排期): when and where a case is heard, by whom, with their history and notices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiezhi.cases.models import Case, Party
from xiezhi.courts.models import Courtroom
from xiezhi.lib.models import TimestampedModel


class HearingMode(models.TextChoices):
    """How the hearing is held."""

    IN_PERSON = "in_person", _("In person (现场开庭)")
    ONLINE = "online", _("Online (在线庭审)")
    HYBRID = "hybrid", _("Hybrid (线上线下结合)")


class HearingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    RESCHEDULED = "rescheduled", _("Rescheduled")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Held")


#: Statuses in which a hearing still occupies its room and its people.
ACTIVE_STATUSES = (HearingStatus.SCHEDULED, HearingStatus.RESCHEDULED)


class ClosedGround(models.TextChoices):
    """Legal grounds for hearing a case in private (不公开审理).

    CPL Art. 137, CrimPL Arts. 188 and 285, ALL Art. 54: state secrets and personal privacy are
    always heard in private, minors' criminal cases too; divorce and trade secrets on a party's
    application."""

    STATE_SECRET = "state_secret", _("State secrets (涉及国家秘密)")
    PRIVACY = "privacy", _("Personal privacy (涉及个人隐私)")
    MINOR = "minor", _("Minor defendant (未成年人案件)")
    TRADE_SECRET = "trade_secret", _("Trade secrets, on a party's application (涉及商业秘密，当事人申请)")
    DIVORCE = "divorce", _("Divorce, on a party's application (离婚案件，当事人申请)")
    OTHER_LAW = "other_law", _("Other ground provided by law (法律另有规定)")


#: Names used in the documents Xiezhi writes (summons, records): Chinese court documents.
MODE_ZH = {"in_person": "现场开庭", "online": "在线庭审", "hybrid": "线上线下结合"}
CLOSED_GROUND_ZH = {
    "state_secret": "涉及国家秘密",
    "privacy": "涉及个人隐私",
    "minor": "未成年人案件",
    "trade_secret": "涉及商业秘密，当事人申请不公开审理",
    "divorce": "离婚案件，当事人申请不公开审理",
    "other_law": "法律另有规定",
}


class HearingQuerySet(models.QuerySet):
    def active(self) -> HearingQuerySet:
        """Hearings that still take place (scheduled or rescheduled)."""
        return self.filter(status__in=ACTIVE_STATUSES)

    def overlapping(self, starts_at, ends_at) -> HearingQuerySet:  # type: ignore[no-untyped-def]
        """Active hearings whose time overlaps [starts_at, ends_at) (touching ends do not overlap)."""
        return self.active().filter(starts_at__lt=ends_at, ends_at__gt=starts_at)

    def involving_staff(self, user) -> HearingQuerySet:  # type: ignore[no-untyped-def]
        """Hearings where the user sits on the bench or keeps the record."""
        return self.filter(Q(panel=user) | Q(clerk=user)).distinct()

    def for_party_user(self, user) -> HearingQuerySet:  # type: ignore[no-untyped-def]
        """Hearings of cases in which the account is a party or a party's representative."""
        return self.filter(Q(case__parties__user=user) | Q(case__representatives__user=user)).distinct()

    def between(self, start, end) -> HearingQuerySet:  # type: ignore[no-untyped-def]
        return self.filter(starts_at__lt=end, ends_at__gt=start)


class Hearing(TimestampedModel):
    """One court session of a case (开庭): room, time, bench, clerk, publicity and mode."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="hearings", help_text=_("Case.")
    )
    courtroom = models.ForeignKey(
        Courtroom,
        verbose_name=_("courtroom"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hearings",
        help_text=_("Courtroom; empty only for a purely online hearing."),
    )
    starts_at = models.DateTimeField(_("starts at"), help_text=_("Start of the hearing."))
    ends_at = models.DateTimeField(_("ends at"), help_text=_("Planned end of the hearing."))
    mode = models.CharField(
        _("mode"),
        max_length=10,
        choices=HearingMode.choices,
        default=HearingMode.IN_PERSON,
        help_text=_("In person, online or hybrid."),
    )
    is_public = models.BooleanField(
        _("public hearing"), default=True, help_text=_("Heard in public (公开审理) and announced.")
    )
    closed_ground = models.CharField(
        _("ground for a closed hearing"),
        max_length=16,
        blank=True,
        choices=ClosedGround.choices,
        help_text=_("Required when the hearing is not public."),
    )
    closed_note = models.CharField(
        _("note on the ground"), max_length=200, blank=True, help_text=_("Details of the ground, if any.")
    )
    panel = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bench"),
        related_name="hearings_on_bench",
        help_text=_("Judges and people's assessors sitting."),
    )
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clerk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hearings_as_clerk",
        help_text=_("Clerk keeping the record (书记员)."),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=HearingStatus.choices,
        default=HearingStatus.SCHEDULED,
        help_text=_("Scheduled, rescheduled, cancelled or held."),
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scheduled by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who scheduled the hearing."),
    )

    objects = HearingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="hearing_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(is_public=True) | ~Q(closed_ground=""), name="hearing_closed_has_ground"
            ),
        ]
        indexes = [
            models.Index(fields=["courtroom", "starts_at"], name="hearing_room_start_idx"),
            models.Index(fields=["status", "starts_at"], name="hearing_status_start_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def mode_zh(self) -> str:
        """The mode as written in court documents (always Chinese, whatever the UI language)."""
        return MODE_ZH.get(self.mode, self.mode)

    @property
    def closed_ground_zh(self) -> str:
        return CLOSED_GROUND_ZH.get(self.closed_ground, self.closed_ground)


class ChangeKind(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    RESCHEDULED = "rescheduled", _("Rescheduled")
    CANCELLED = "cancelled", _("Cancelled")


class HearingChange(models.Model):
    """One entry of a hearing's history: who changed what, when and why."""

    hearing = models.ForeignKey(
        Hearing, on_delete=models.CASCADE, related_name="changes", help_text=_("Hearing.")
    )
    kind = models.CharField(
        _("change"), max_length=12, choices=ChangeKind.choices, help_text=_("What changed.")
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text=_("Who.")
    )
    changed_at = models.DateTimeField(_("time"), auto_now_add=True, help_text=_("When."))
    reason = models.CharField(
        _("reason"), max_length=300, blank=True, help_text=_("Why (required for changes).")
    )
    before = models.JSONField(_("before"), default=dict, blank=True, help_text=_("Arrangements before."))
    after = models.JSONField(_("after"), default=dict, blank=True, help_text=_("Arrangements after."))

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("hearing change")
        verbose_name_plural = _("hearing changes")

    def __str__(self) -> str:
        return f"{self.hearing_id} {self.kind} {self.changed_at:%Y-%m-%d %H:%M}"


class RecipientRole(models.TextChoices):
    PARTY = "party", _("Party")
    REPRESENTATIVE = "representative", _("Representative")
    BENCH = "bench", _("Bench")
    CLERK = "clerk", _("Clerk")


class HearingNotification(models.Model):
    """A notice to one person affected by a hearing being scheduled, moved or cancelled.

    Parties get the summons (传票) as a case file, served electronically where they consented;
    otherwise ``needs_service`` tells the clerk to serve it by another method."""

    hearing = models.ForeignKey(
        Hearing, on_delete=models.CASCADE, related_name="notifications", help_text=_("Hearing.")
    )
    event = models.CharField(
        _("event"), max_length=12, choices=ChangeKind.choices, help_text=_("Why notified.")
    )
    role = models.CharField(
        _("role"), max_length=16, choices=RecipientRole.choices, help_text=_("Recipient's role.")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hearing_notifications",
        help_text=_("Recipient's account, if any."),
    )
    party = models.ForeignKey(
        Party,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Party notified."),
    )
    recipient_name = models.CharField(_("recipient"), max_length=120, help_text=_("Name of the recipient."))
    message = models.CharField(_("message"), max_length=500, help_text=_("The notice text."))
    case_file = models.ForeignKey(
        "documents.CaseFile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The summons or notice filed in the case volume."),
    )
    service = models.ForeignKey(
        "documents.ServiceRecord",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Electronic service of the summons, if made."),
    )
    needs_service = models.BooleanField(
        _("needs service by another method"),
        default=False,
        help_text=_("The document could not be served electronically; the clerk serves it otherwise."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True, help_text=_("Why, if not served."))
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Address the notice was e-mailed to."))
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True, help_text=_("When e-mailed."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, help_text=_("When."))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("hearing notification")
        verbose_name_plural = _("hearing notifications")

    def __str__(self) -> str:
        return f"{self.recipient_name}: {self.event}"


class AnnouncementQuerySet(models.QuerySet):
    def visible(self, today) -> AnnouncementQuerySet:  # type: ignore[no-untyped-def]
        """Published, not withdrawn, of a public hearing still to take place."""
        return self.filter(
            publish_on__lte=today,
            withdrawn_at__isnull=True,
            hearing__is_public=True,
            hearing__status__in=ACTIVE_STATUSES,
            hearing__ends_at__date__gte=today,
        )


class HearingAnnouncement(models.Model):
    """A hearing announcement (开庭公告) for the public portal; never for a closed hearing.

    Only what the public may know is copied here (court, room, time, case number, cause, parties'
    names); a reschedule withdraws the old announcement and publishes a new one."""

    hearing = models.ForeignKey(
        Hearing, on_delete=models.CASCADE, related_name="announcements", help_text=_("Hearing.")
    )
    text = models.TextField(_("text"), help_text=_("The announcement as published."))
    parties = models.CharField(_("parties"), max_length=300, help_text=_("Parties' names as published."))
    publish_on = models.DateField(_("published on"), help_text=_("Day from which it is shown."))
    published_at = models.DateTimeField(_("published at"), auto_now_add=True, help_text=_("When created."))
    withdrawn_at = models.DateTimeField(
        _("withdrawn at"), null=True, blank=True, help_text=_("When withdrawn (reschedule or cancellation).")
    )

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        ordering = ["hearing__starts_at", "id"]
        verbose_name = _("hearing announcement")
        verbose_name_plural = _("hearing announcements")

    def __str__(self) -> str:
        return f"{self.hearing}: {self.publish_on}"


# --- hearing records (庭审笔录) ----------------------------------------------------------------------


class RecordStep(models.TextChoices):
    """Procedure steps of a hearing, in order (CPL Arts. 141–145)."""

    PREPARATION = "preparation", _("Preparation and opening (开庭准备)")
    INVESTIGATION = "investigation", _("Court investigation (法庭调查)")
    EVIDENCE = "evidence", _("Evidence and cross-examination (举证质证)")
    DEBATE = "debate", _("Court debate (法庭辩论)")
    FINAL = "final", _("Final statements (最后陈述)")
    MEDIATION = "mediation", _("Mediation (调解)")
    CLOSING = "closing", _("Closing (闭庭)")


class RecordStatus(models.TextChoices):
    DRAFT = "draft", _("Being written")
    SIGNING = "signing", _("Awaiting signatures")
    LOCKED = "locked", _("Locked")


class LockedRecordError(Exception):
    """A signed and locked record (or one out for signature) cannot be changed."""


class HearingRecord(TimestampedModel):
    """The record of a hearing (庭审笔录), written by the clerk, signed by the parties, then locked
    and kept as an immutable case file with its hash (CPL Art. 150)."""

    hearing = models.OneToOneField(
        Hearing, on_delete=models.PROTECT, related_name="record", help_text=_("Hearing recorded.")
    )
    participants = models.JSONField(
        _("participants"),
        default=list,
        blank=True,
        help_text=_('Who took part: [{"role": "原告", "name": "…", "party": id or null}, …].'),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RecordStatus.choices,
        default=RecordStatus.DRAFT,
        help_text=_("Being written, awaiting signatures, or locked."),
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text=_("Clerk writing it.")
    )
    submitted_at = models.DateTimeField(
        _("out for signature since"), null=True, blank=True, help_text=_("When given to the parties to sign.")
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True, help_text=_("When locked."))
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who locked it."),
    )
    case_file = models.ForeignKey(
        "documents.CaseFile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The locked record in the case volume."),
    )
    sha256 = models.CharField(
        _("SHA-256"), max_length=64, blank=True, help_text=_("Hash of the locked record's text.")
    )

    class Meta:
        verbose_name = _("hearing record")
        verbose_name_plural = _("hearing records")

    def __str__(self) -> str:
        return f"{self.hearing}: {self.get_status_display()}"


class RecordEntry(models.Model):
    """One statement in the record: who said what, in which step."""

    record = models.ForeignKey(
        HearingRecord, on_delete=models.CASCADE, related_name="entries", help_text=_("Record.")
    )
    position = models.PositiveIntegerField(_("position"), help_text=_("Order in the record."))
    step = models.CharField(
        _("step"), max_length=16, choices=RecordStep.choices, help_text=_("Procedure step.")
    )
    speaker = models.CharField(
        _("speaker"), max_length=120, help_text=_("Who spoke, e.g. 审判长 or 原告张三.")
    )
    party = models.ForeignKey(
        Party,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The party this speaker speaks for (their part, which they sign)."),
    )
    text = models.TextField(_("statement"), max_length=5000, help_text=_("What was said."))

    class Meta:
        ordering = ["record", "position"]
        verbose_name = _("record entry")
        verbose_name_plural = _("record entries")

    def __str__(self) -> str:
        return f"{self.speaker}: {self.text[:20]}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if HearingRecord.objects.filter(pk=self.record_id).exclude(status=RecordStatus.DRAFT).exists():
            raise LockedRecordError("The record is out for signature or locked.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if HearingRecord.objects.filter(pk=self.record_id).exclude(status=RecordStatus.DRAFT).exists():
            raise LockedRecordError("The record is out for signature or locked.")
        return super().delete(*args, **kwargs)


class RecordSignature(models.Model):
    """A party's acknowledgment of the record (签名), with any correction they asked for (补正)."""

    record = models.ForeignKey(
        HearingRecord, on_delete=models.CASCADE, related_name="signatures", help_text=_("Record.")
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", help_text=_("Party."))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Account that signed (the party or its representative)."),
    )
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True, help_text=_("When."))
    part_sha256 = models.CharField(
        _("SHA-256 of the part signed"), max_length=64, help_text=_("Hash of the record as it was signed.")
    )
    correction = models.TextField(
        _("correction requested"),
        max_length=2000,
        blank=True,
        help_text=_("Omissions or errors in their statements the party asks to correct (CPL Art. 150)."),
    )

    class Meta:
        ordering = ["signed_at", "id"]
        verbose_name = _("record signature")
        verbose_name_plural = _("record signatures")
        constraints = [models.UniqueConstraint(fields=["record", "party"], name="record_signed_once")]

    def __str__(self) -> str:
        return f"{self.party} {self.signed_at:%Y-%m-%d %H:%M}"
