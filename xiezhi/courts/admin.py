from django.contrib import admin

from xiezhi.web.admin_site import PolicyModelAdmin

from .models import Court, Courtroom, Division


@admin.register(Court)
class CourtAdmin(PolicyModelAdmin):
    court_field = None  # the court list itself is kept by the platform administrator
    list_display = ("code", "name", "level", "parent", "is_active")
    list_filter = ("level", "is_active")
    search_fields = ("code", "name")


@admin.register(Division)
class DivisionAdmin(PolicyModelAdmin):
    list_display = ("name", "kind", "court")
    list_filter = ("kind",)
    search_fields = ("name", "court__name")


@admin.register(Courtroom)
class CourtroomAdmin(PolicyModelAdmin):
    list_display = ("name", "court", "capacity", "supports_online", "is_active")
    search_fields = ("name", "court__name")
