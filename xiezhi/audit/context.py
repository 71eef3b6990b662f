"""Who is acting right now: the request's user and address, or a named system actor.

Set by :class:`xiezhi.audit.middleware.AuditContextMiddleware` for web requests and by
:func:`acting_as` for commands and jobs. Kept in a context variable so that threads and async
tasks each see their own.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    """The acting party of an audited event."""

    user: Any = None  # an accounts.User, or None for the system and anonymous visitors
    label: str = "anonymous"
    ip: str | None = None
    user_agent: str = ""


_current: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("xiezhi_audit_actor", default=None)


def current_actor() -> Actor:
    return _current.get() or Actor(label="system")


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def system_actor(label: str) -> Actor:
    """An actor for a command or job, e.g. ``system_actor("cli:demo")``."""
    return Actor(user=None, label=label)


def actor_for_user(user: Any, ip: str | None = None, user_agent: str = "") -> Actor:
    if user is not None and getattr(user, "is_authenticated", False):
        return Actor(user=user, label=f"user:{user.pk}:{user.get_username()}", ip=ip, user_agent=user_agent)
    return Actor(user=None, label="anonymous", ip=ip, user_agent=user_agent)
