"""People: the custom user model, staff profiles with roles, and external users."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiezhi.courts.models import Court, Division
from xiezhi.lib.models import TimestampedModel

from . import rules


class UserKind(models.TextChoices):
    """What kind of person an account belongs to."""

    STAFF = "staff", _("Court staff")
    LITIGANT = "litigant", _("Litigant")
    LAWYER = "lawyer", _("Lawyer")
    AGENCY = "agency", _("Agency user")


class VerificationStatus(models.TextChoices):
    """Identity verification status (实名认证); the check itself happens outside Xiezhi."""

    UNVERIFIED = "unverified", _("Not verified")
    PENDING = "pending", _("Verification pending")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Verification rejected")


class XiezhiUserManager(UserManager):
    def find_by_identifier(self, identifier: str) -> User | None:
        """The account whose username, e-mail or mobile number is ``identifier``."""
        identifier = identifier.strip()
        if not identifier:
            return None
        query = models.Q(username=identifier) | models.Q(mobile=identifier)
        if "@" in identifier:
            query |= models.Q(email__iexact=identifier)
        return self.filter(query).first()


class User(AbstractUser):
    """Every account in Xiezhi: staff, litigants, lawyers and agency users."""

    full_name = models.CharField(_("full name"), max_length=60, help_text=_("Real name (姓名)."))
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("E-mail address; unique when given."))
    mobile = models.CharField(
        _("mobile"),
        max_length=11,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Mobile number; unique when given."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=UserKind.choices,
        default=UserKind.LITIGANT,
        help_text=_("Kind of account."),
    )
    verification = models.CharField(
        _("identity verification"),
        max_length=16,
        choices=VerificationStatus.choices,
        default=VerificationStatus.UNVERIFIED,
        help_text=_("Identity verification status (实名认证)."),
    )
    large_text = models.BooleanField(_("large text"), default=False, help_text=_("Show pages in large text."))

    objects = XiezhiUserManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="user_unique_email_when_given"
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def is_staff_member(self) -> bool:
        return self.kind == UserKind.STAFF and hasattr(self, "staff_profile")

    @property
    def staff_role(self) -> str | None:
        profile = getattr(self, "staff_profile", None)
        return profile.role if profile and profile.is_active else None


class StaffRole(models.TextChoices):
    """Roles of court staff (see shared/domain/roles.md)."""

    FILING_OFFICER = "filing_officer", _("Filing officer (立案员)")
    JUDGE = "judge", _("Judge (法官)")
    PRESIDING_JUDGE = "presiding_judge", _("Presiding judge (审判长)")
    JUDGE_ASSISTANT = "judge_assistant", _("Judge assistant (法官助理)")
    CLERK = "clerk", _("Clerk (书记员)")
    DIVISION_HEAD = "division_head", _("Division head (庭长)")
    COURT_PRESIDENT = "court_president", _("Court president (院长)")
    ENFORCEMENT_OFFICER = "enforcement_officer", _("Enforcement officer (执行员)")
    COURT_ADMIN = "court_admin", _("Court administrator (系统管理员)")
    ASSESSOR = "assessor", _("People's assessor (人民陪审员)")


#: Roles that work inside one division and so must name it.
DIVISION_ROLES = frozenset(
    {
        StaffRole.FILING_OFFICER,
        StaffRole.JUDGE,
        StaffRole.PRESIDING_JUDGE,
        StaffRole.JUDGE_ASSISTANT,
        StaffRole.CLERK,
        StaffRole.DIVISION_HEAD,
        StaffRole.ENFORCEMENT_OFFICER,
    }
)


class StaffProfileQuerySet(models.QuerySet):
    def active(self) -> StaffProfileQuerySet:
        return self.filter(is_active=True, user__is_active=True)

    def judges_of(self, division: Division) -> StaffProfileQuerySet:
        """Active judges (incl. presiding judges and the division head) of a division."""
        return self.active().filter(
            division=division,
            role__in=[StaffRole.JUDGE, StaffRole.PRESIDING_JUDGE, StaffRole.DIVISION_HEAD],
        )


class StaffProfile(TimestampedModel):
    """A staff member's place in a court: court, division and role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="staff_profile",
        help_text=_("The staff member's account."),
    )
    court = models.ForeignKey(
        Court, verbose_name=_("court"), on_delete=models.PROTECT, related_name="staff", help_text=_("Court.")
    )
    division = models.ForeignKey(
        Division,
        verbose_name=_("division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text=_("Division; required for roles that work in one division."),
    )
    role = models.CharField(_("role"), max_length=24, choices=StaffRole.choices, help_text=_("Role."))
    title = models.CharField(
        _("title"), max_length=60, blank=True, help_text=_("Official title, e.g. 四级高级法官.")
    )
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Whether the role is in force."))

    objects = StaffProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return f"{self.user.display_name} ({self.get_role_display()}, {self.court})"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.role in DIVISION_ROLES and not self.division_id:
            errors["division"] = str(_("This role works in a division; choose one."))
        if self.division_id and self.court_id and self.division.court_id != self.court_id:
            errors["division"] = str(_("The division belongs to another court."))
        if errors:
            raise ValidationError(errors)


class LawyerProfile(TimestampedModel):
    """A lawyer's practice data (律师执业信息)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="lawyer_profile",
        help_text=_("The lawyer's account."),
    )
    licence_number = models.CharField(
        _("practice certificate number"), max_length=17, unique=True, help_text=_("执业证号, 17 digits.")
    )
    law_firm = models.CharField(_("law firm"), max_length=120, help_text=_("Law firm (律师事务所)."))

    class Meta:
        verbose_name = _("lawyer profile")
        verbose_name_plural = _("lawyer profiles")

    def __str__(self) -> str:
        return f"{self.user.display_name} ({self.law_firm})"

    def clean(self) -> None:
        problem = rules.lawyer_licence_problem(self.licence_number or "")
        if problem:
            raise ValidationError({"licence_number": problem})


class LitigantProfile(TimestampedModel):
    """A litigant's identity data (当事人身份信息). Reading it is audited."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="litigant_profile",
        help_text=_("The litigant's account."),
    )
    identity_number = models.CharField(
        _("identity number"),
        max_length=18,
        blank=True,
        help_text=_("Resident identity number (personal data)."),
    )
    address = models.CharField(
        _("address"), max_length=200, blank=True, help_text=_("Address (personal data).")
    )

    #: Fields that hold personal information; reads are logged and audit entries never show their values.
    PERSONAL_FIELDS = ("identity_number", "address")

    class Meta:
        verbose_name = _("litigant profile")
        verbose_name_plural = _("litigant profiles")

    def __str__(self) -> str:
        return self.user.display_name

    def clean(self) -> None:
        if self.identity_number:
            problem = rules.identity_number_problem(self.identity_number)
            if problem:
                raise ValidationError({"identity_number": problem})

    @property
    def masked_identity_number(self) -> str:
        return rules.mask_identity_number(self.identity_number) if self.identity_number else ""


class AgencyKind(models.TextChoices):
    """Agencies that exchange data with courts."""

    PROCURATORATE = "procuratorate", _("Procuratorate (检察院)")
    PUBLIC_SECURITY = "public_security", _("Public security (公安)")
    JUSTICE = "justice", _("Justice bureau (司法局)")
    BANK = "bank", _("Bank (银行)")
    REGISTRY = "registry", _("Property registry (不动产登记)")
    OTHER = "other", _("Other agency")


class AgencyProfile(TimestampedModel):
    """An agency user's organisation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="agency_profile",
        help_text=_("The agency user's account."),
    )
    agency_name = models.CharField(_("agency"), max_length=120, help_text=_("Name of the agency."))
    agency_kind = models.CharField(
        _("agency kind"), max_length=20, choices=AgencyKind.choices, help_text=_("Kind of agency.")
    )

    class Meta:
        verbose_name = _("agency profile")
        verbose_name_plural = _("agency profiles")

    def __str__(self) -> str:
        return f"{self.user.display_name} ({self.agency_name})"


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True)

    def find(self, raw: str) -> ApiToken | None:
        """The usable token whose secret is ``raw``; only a hash of the secret is stored."""
        return self.usable().select_related("user").filter(key_hash=_hash_token(raw)).first()


class ApiToken(models.Model):
    """A bearer token for the JSON API (staff and agency users only)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text=_("Owner."),
    )
    name = models.CharField(_("name"), max_length=60, help_text=_("What the token is for."))
    prefix = models.CharField(
        _("prefix"), max_length=8, help_text=_("First characters, to recognise the token.")
    )
    key_hash = models.CharField(
        _("key hash"), max_length=64, unique=True, help_text=_("SHA-256 of the secret.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, help_text=_("Creation time."))
    expires_at = models.DateTimeField(_("expires at"), help_text=_("The token stops working at this time."))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, help_text=_("Last use."))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, help_text=_("Revocation time."))

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @classmethod
    def new_secret(cls) -> tuple[str, str, str]:
        """A fresh secret with its display prefix and hash."""
        raw = "xz_" + secrets.token_urlsafe(32)
        return raw, raw[:8], _hash_token(raw)

    @staticmethod
    def default_expiry() -> timezone.datetime:
        return timezone.now() + timedelta(days=settings.XIEZHI_API_TOKEN_DAYS)
