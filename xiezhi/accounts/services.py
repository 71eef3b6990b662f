"""Every write to accounts: one transaction each, permission checked, audited by tracking."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezhi import policy
from xiezhi.audit.context import acting_as, actor_for_user, current_actor
from xiezhi.audit.models import AuditAction
from xiezhi.audit.services import record, record_personal_read
from xiezhi.courts.models import Court, Division

from .models import (
    ApiToken,
    LawyerProfile,
    LitigantProfile,
    StaffProfile,
    User,
    UserKind,
)


def _check_unique(username: str | None, mobile: str | None, email: str | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if username and User.objects.filter(username=username).exists():
        errors["username"] = _("This user name is taken.")
    if mobile and User.objects.filter(mobile=mobile).exists():
        errors["mobile"] = _("An account with this mobile number already exists.")
    if email and User.objects.filter(email__iexact=email).exists():
        errors["email"] = _("An account with this e-mail address already exists.")
    return errors


@dataclass(frozen=True)
class ExternalRegistration:
    """Clean input for a litigant's or lawyer's self-registration."""

    kind: str
    full_name: str
    password: str
    mobile: str = ""
    email: str = ""
    licence_number: str = ""
    law_firm: str = ""


def register_external(data: ExternalRegistration) -> User:
    """Create a litigant or lawyer account (identity verification starts as 'unverified')."""
    if data.kind not in (UserKind.LITIGANT, UserKind.LAWYER):
        raise ValidationError({"kind": _("Only litigants and lawyers can register themselves.")})
    if not data.mobile and not data.email:
        raise ValidationError({"mobile": _("Give a mobile number or an e-mail address.")})
    errors = _check_unique(None, data.mobile or None, data.email or None)
    if data.kind == UserKind.LAWYER:
        if not data.licence_number:
            errors["licence_number"] = _("Lawyers must give their practice certificate number.")
        elif LawyerProfile.objects.filter(licence_number=data.licence_number).exists():
            errors["licence_number"] = _("An account with this practice certificate number already exists.")
        if not data.law_firm:
            errors["law_firm"] = _("Lawyers must name their law firm.")
    if errors:
        raise ValidationError(errors)
    username = data.mobile or data.email.lower()
    user = User(
        username=username,
        full_name=data.full_name,
        mobile=data.mobile or None,
        email=data.email,
        kind=data.kind,
    )
    try:
        validate_password(data.password, user)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from None
    user.set_password(data.password)
    with transaction.atomic():
        user.full_clean(exclude=["password"])
        user.save()
        if data.kind == UserKind.LAWYER:
            lawyer = LawyerProfile(user=user, licence_number=data.licence_number, law_firm=data.law_firm)
            lawyer.full_clean()
            lawyer.save()
        else:
            LitigantProfile.objects.create(user=user)
    return user


@dataclass(frozen=True)
class StaffAccount:
    """Clean input for a staff account created by a court administrator."""

    username: str
    full_name: str
    role: str
    password: str
    division: Division | None = None
    mobile: str = ""
    email: str = ""
    title: str = ""


def create_staff(by: User, court: Court, data: StaffAccount) -> User:
    """Create a staff account with its profile in ``court`` (court administrators only)."""
    policy.require(by, "staff.manage", court)
    errors = _check_unique(data.username, data.mobile or None, data.email or None)
    if errors:
        raise ValidationError(errors)
    user = User(
        username=data.username,
        full_name=data.full_name,
        mobile=data.mobile or None,
        email=data.email,
        kind=UserKind.STAFF,
        verification="verified",
    )
    try:
        validate_password(data.password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(data.password)
    with transaction.atomic():
        user.full_clean(exclude=["password"])
        profile = StaffProfile(court=court, division=data.division, role=data.role, title=data.title)
        profile.full_clean(exclude=["user"])
        user.save()
        profile.user = user
        profile.save()
    return user


def reveal_identity_number(viewer: User, subject: User) -> str:
    """The full identity number of ``subject`` for ``viewer``; every reveal is audited."""
    policy.require(viewer, "personal_data.read", subject)
    profile = getattr(subject, "litigant_profile", None)
    if profile is None or not profile.identity_number:
        return ""
    record_personal_read(profile, ["identity_number"], purpose="profile view")
    return profile.identity_number


def issue_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new API token for ``user``; the secret is returned once and only its hash is kept."""
    policy.require(user, "api.token.create")
    raw, prefix, key_hash = ApiToken.new_secret()
    context = current_actor()
    # The token's owner is the actor even when the request itself carried no session.
    with acting_as(actor_for_user(user, context.ip, context.user_agent)), transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:60] or "api",
            prefix=prefix,
            key_hash=key_hash,
            expires_at=ApiToken.default_expiry(),
        )
        record(AuditAction.TOKEN_ISSUED, token, detail=f"expires={token.expires_at.isoformat()}")
    return token, raw


def revoke_api_token(token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
