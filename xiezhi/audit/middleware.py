"""Binds the audit actor to each request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .context import _current, actor_for_user


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the server saw it (proxies are trusted only via XIEZHI_PROXY_COUNT)."""
    from django.conf import settings

    hops = settings.AXES_IPWARE_PROXY_COUNT
    if hops:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The user is resolved lazily by AuthenticationMiddleware; API token auth replaces it later.
        actor = actor_for_user(
            getattr(request, "user", None), client_ip(request), request.META.get("HTTP_USER_AGENT", "")[:200]
        )
        token = _current.set(actor)
        request.audit_ip = actor.ip
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
