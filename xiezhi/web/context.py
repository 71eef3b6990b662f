"""Template context shared by every page: which face, language and text size."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from xiezhi import policy

LARGE_TEXT_COOKIE = "xiezhi_large_text"


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    profile = getattr(user, "staff_profile", None) if getattr(user, "is_authenticated", False) else None
    large = request.COOKIES.get(LARGE_TEXT_COOKIE) == "1" or bool(getattr(user, "large_text", False))
    return {
        "site_name": settings.XIEZHI_SITE_NAME,
        "large_text": large,
        "can_workspace": policy.can(user, "workspace.view"),
        "can_portal": policy.can(user, "portal.view"),
        "can_admin": policy.can(user, "admin.access"),
        "can_manage_staff": profile is not None and policy.can(user, "staff.manage", profile.court),
    }
