"""Security events from Django auth and django-axes go to the audit log."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from xiezhi.audit.context import actor_for_user
from xiezhi.audit.middleware import client_ip
from xiezhi.audit.models import AuditAction
from xiezhi.audit.services import record


def _ip(request: Any) -> str | None:
    return client_ip(request) if request is not None else None


@receiver(user_logged_in, dispatch_uid="xiezhi-audit-login")
def on_login(sender: Any, request: Any, user: Any, **_: Any) -> None:
    record(AuditAction.LOGIN, user, actor=actor_for_user(user, _ip(request)))


@receiver(user_logged_out, dispatch_uid="xiezhi-audit-logout")
def on_logout(sender: Any, request: Any, user: Any, **_: Any) -> None:
    if user is not None:
        record(AuditAction.LOGOUT, user, actor=actor_for_user(user, _ip(request)))


@receiver(user_login_failed, dispatch_uid="xiezhi-audit-login-failed")
def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **_: Any) -> None:
    # Never log the password; the attempted identifier is needed to investigate attacks.
    identifier = str(credentials.get("username", ""))[:80]
    record(
        AuditAction.LOGIN_FAILED,
        actor=actor_for_user(None, _ip(request)),
        object_type="accounts.user",
        object_repr=identifier,
        detail=f"identifier={identifier}",
    )


@receiver(user_locked_out, dispatch_uid="xiezhi-audit-locked-out")
def on_locked_out(
    sender: Any, request: Any, username: str | None = None, ip_address: str | None = None, **_: Any
) -> None:
    record(
        AuditAction.LOCKED_OUT,
        actor=actor_for_user(None, ip_address or _ip(request)),
        object_type="accounts.user",
        object_repr=(username or "")[:80],
        detail=f"identifier={(username or '')[:80]}",
    )
