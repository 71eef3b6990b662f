"""The knowledge base in the admin: read-only for court administrators (the import writes it),
except aliases, which those allowed to manage laws (``law.manage``) may add and correct."""

from django.contrib import admin

from xiezhi import policy
from xiezhi.web.admin_site import PolicyModelAdmin

from .models import Law, LawAlias, LawVersion


@admin.register(Law)
class LawAdmin(PolicyModelAdmin):
    court_field = None  # reference data of the whole platform, kept by the import
    list_display = ("name", "short_name", "doc_type", "level", "department")
    list_filter = ("doc_type", "level", "department")
    search_fields = ("name", "short_name", "aliases__alias")


@admin.register(LawVersion)
class LawVersionAdmin(PolicyModelAdmin):
    court_field = None
    list_display = ("law", "version_date", "status", "valid_from", "valid_to", "is_current")
    list_filter = ("status", "is_current")
    search_fields = ("law__name", "source_id")
    list_select_related = ("law",)


@admin.register(LawAlias)
class LawAliasAdmin(PolicyModelAdmin):
    court_field = None
    list_display = ("alias", "law", "origin")
    list_filter = ("origin",)
    search_fields = ("alias", "law__name")
    autocomplete_fields = ("law",)

    def _editable(self, request):  # type: ignore[no-untyped-def]
        return policy.can(request.user, "law.manage")
