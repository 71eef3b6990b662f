from django.contrib import admin

from xiezhi import policy
from xiezhi.web.admin_site import PolicyModelAdmin

from .models import CalendarOverride, CauseOfAction


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(PolicyModelAdmin):
    """Administrators correct the holiday calendar; `xiezhi refresh_deadlines` then updates open cases."""

    court_field = None
    list_display = ("day", "is_workday", "note")

    def _editable(self, request):
        return policy.can(request.user, "admin.access")


@admin.register(CauseOfAction)
class CauseOfActionAdmin(PolicyModelAdmin):
    court_field = None  # the reference table is kept by the platform administrator
    list_display = ("code", "name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name")
