"""The Django admin, limited by the policy module to court administrators."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from xiezhi import policy


class XiezhiAdminSite(admin.AdminSite):
    site_header = "Xiezhi 獬豸"
    site_title = "Xiezhi"

    def has_permission(self, request: HttpRequest) -> bool:
        return policy.can(request.user, "admin.access")

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # One login page for everyone, with its throttling and audit.
        target = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")


class XiezhiAdminConfig(AdminConfig):
    default_site = "xiezhi.web.admin_site.XiezhiAdminSite"


def _admin_court_id(request: HttpRequest) -> int | None:
    """None for the platform superuser (every court), else the administrator's own court."""
    if request.user.is_superuser:
        return None
    profile = getattr(request.user, "staff_profile", None)
    return profile.court_id if profile else -1


class PolicyModelAdmin(admin.ModelAdmin):
    """Admin pages whose permissions come from the policy module, scoped to the user's court.

    ``court_field`` names the lookup from the model to its court (None: not court-scoped, read-only
    for court administrators).
    """

    court_field: str | None = "court"

    def _editable(self, request: HttpRequest) -> bool:
        return policy.can(request.user, "admin.access") and (
            request.user.is_superuser or self.court_field is not None
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return policy.can(request.user, "admin.access")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policy.can(request.user, "admin.access")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._editable(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(request)

    def get_queryset(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        queryset = super().get_queryset(request)
        court_id = _admin_court_id(request)
        if court_id is not None and self.court_field is not None:
            queryset = queryset.filter(
                **{f"{self.court_field}_id" if "__" not in self.court_field else self.court_field: court_id}
            )
        return queryset

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any):  # type: ignore[no-untyped-def]
        court_id = _admin_court_id(request)
        if court_id is not None:
            related = db_field.related_model
            if related._meta.label_lower == "courts.court":
                kwargs["queryset"] = related.objects.filter(pk=court_id)
            elif any(f.name == "court" for f in related._meta.fields):
                kwargs["queryset"] = related.objects.filter(court_id=court_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
