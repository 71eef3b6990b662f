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
