"""The versioned JSON API, ``/api/v1/`` (OpenAPI schema at ``/api/v1/openapi.json``)."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Query, Schema, Status

from xiezhi.accounts import services as account_services
from xiezhi.assist.api import router as assist_router
from xiezhi.cases.api import router as cases_router
from xiezhi.courts.models import Court
from xiezhi.disclosure.api import router as disclosure_router
from xiezhi.disclosure.reviewer_api import router as disclosure_reviewer_router
from xiezhi.documents.api import router as documents_router
from xiezhi.fees.api import router as fees_router
from xiezhi.filing.api import router as filing_router
from xiezhi.hearings.api import router as hearings_router
from xiezhi.judgments.api import router as judgments_router
from xiezhi.laws.api import router as laws_router
from xiezhi.search.api import router as search_router

from . import errors
from .auth import token_auth
from .errors import ApiError
from .schemas import CourtDetailOut, CourtOut, ErrorOut, MeOut, StaffRoleOut, TokenIn, TokenOut

api = NinjaAPI(
    title="Xiezhi API",
    version="1",
    description=(
        "The Xiezhi smart-court platform's JSON API. Authenticate with `Authorization: Bearer <token>`."
    ),
    urls_namespace="api",
    docs_url="/docs",
)
errors.install(api)
api.add_router("/cases", cases_router, auth=token_auth)
api.add_router("/cases", documents_router, auth=token_auth)  # /cases/{id}/files, /cases/{id}/service
api.add_router("/cases", judgments_router, auth=token_auth)  # /cases/{id}/drafts, /cases/{id}/judgments
api.add_router("/fees", fees_router)
api.add_router("/filings", filing_router, auth=token_auth)
api.add_router("/hearings", hearings_router, auth=token_auth)
api.add_router("/laws", laws_router)  # public, like the statute browser
api.add_router("/search", search_router)  # token optional: anonymous callers find public documents
api.add_router("/public/judgments", disclosure_router)  # open data: published judgments, no login
api.add_router("/disclosure", disclosure_reviewer_router, auth=token_auth)  # publication reviewers
api.add_router("/assist", assist_router, auth=token_auth)  # intelligent case assistance

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def _court_out(court: Court) -> dict:
    return {
        "code": court.code,
        "name": court.name,
        "name_en": court.name_en,
        "level": court.level,
        "parent_code": court.parent.code if court.parent_id else None,
        "region_code": court.region_code,
        "address": court.address,
        "phone": court.phone,
    }


class CourtFilter(Schema):
    level: str | None = None
    q: str | None = None


@api.get("/courts", response={200: list[CourtOut], **ERRORS}, tags=["courts"], auth=None)
def list_courts(request: HttpRequest, filters: Query[CourtFilter]):
    """The public court directory."""
    queryset = Court.objects.active().select_related("parent")
    if filters.level:
        if filters.level not in {"supreme", "high", "intermediate", "basic"}:
            raise ApiError(
                400,
                "invalid_input",
                "Unknown court level.",
                [{"field": "level", "message": "Use supreme, high, intermediate or basic."}],
            )
        queryset = queryset.filter(level=filters.level)
    if filters.q:
        queryset = queryset.search(filters.q[:50])
    return [_court_out(court) for court in queryset]


@api.get("/courts/{code}", response={200: CourtDetailOut, **ERRORS}, tags=["courts"], auth=None)
def court_detail(request: HttpRequest, code: str):
    court = get_object_or_404(Court.objects.select_related("parent"), code=code)
    data = _court_out(court)
    data["divisions"] = [{"name": d.name, "kind": d.kind} for d in court.divisions.all()]
    data["courtrooms"] = [
        {"name": r.name, "capacity": r.capacity, "supports_online": r.supports_online}
        for r in court.courtrooms.filter(is_active=True)
    ]
    return data


@api.get("/me", response={200: MeOut, **ERRORS}, tags=["accounts"], auth=token_auth)
def me(request: HttpRequest):
    """The account behind the token."""
    user = request.auth
    profile = getattr(user, "staff_profile", None)
    staff = None
    if profile is not None:
        staff = StaffRoleOut(
            court_code=profile.court.code,
            court_name=profile.court.name,
            division=profile.division.name if profile.division_id else None,
            role=profile.role,
        )
    return {
        "username": user.username,
        "full_name": user.full_name,
        "kind": user.kind,
        "verification": user.verification,
        "staff": staff,
    }


@api.post("/auth/tokens", response={201: TokenOut, **ERRORS}, tags=["accounts"], auth=None)
def create_token(request: HttpRequest, payload: TokenIn):
    """Exchange a staff or agency account's credentials for an API token (shown once).

    Failed attempts count towards the same lockout as the login page.
    """
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            raise ApiError(429, "locked_out", "Too many failed attempts; try again later.")
        raise ApiError(401, "invalid_credentials", "The account or password is not correct.")
    from xiezhi import policy

    if not policy.can(user, "api.token.create"):
        raise ApiError(403, "forbidden", "API tokens are issued to court staff and agency users only.")
    token, raw = account_services.issue_api_token(user, payload.name)
    return Status(201, {"token": raw, "prefix": token.prefix, "expires_at": token.expires_at.isoformat()})
