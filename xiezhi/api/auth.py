"""Bearer-token authentication for the API (staff and agency users)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from xiezhi.accounts.models import ApiToken
from xiezhi.audit.context import _current, actor_for_user
from xiezhi.audit.middleware import client_ip


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.objects.find(token.strip())
        if found is None:
            return None
        # Recording use is bookkeeping, not a change of court records: a plain update, not audited.
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        # The audit actor for the rest of this request is the token's owner.
        _current.set(
            actor_for_user(found.user, client_ip(request), request.META.get("HTTP_USER_AGENT", "")[:200])
        )
        return found.user


token_auth = TokenAuth()
