from django.contrib import admin

from xiezhi import policy
from xiezhi.web.admin_site import PolicyModelAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(PolicyModelAdmin):
    """Read-only: the log offers no way to change or delete an entry."""

    court_field = None
    list_display = ("id", "occurred_at", "actor_label", "action", "object_type", "object_id", "ip")
    list_filter = ("action", "object_type")
    search_fields = ("actor_label", "object_id", "object_repr", "detail")
    actions = None

    def has_view_permission(self, request, obj=None):
        return policy.can(request.user, "audit.view")

    def has_module_permission(self, request):
        return policy.can(request.user, "audit.view")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
