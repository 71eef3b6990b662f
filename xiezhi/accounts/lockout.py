"""The answer to a locked-out login attempt: a page for people, a structured error for the API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "error": {
                    "status": 429,
                    "code": "locked_out",
                    "message": "Too many failed attempts for this account; try again later.",
                    "details": [],
                }
            },
            status=429,
        )
    return render(request, "accounts/locked_out.html", status=429)
