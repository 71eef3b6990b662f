from django.contrib import admin

from xiezhi.web.admin_site import PolicyModelAdmin

from .models import AgencyProfile, LawyerProfile, StaffProfile, User


@admin.register(User)
class UserAdmin(PolicyModelAdmin):
    court_field = "staff_profile__court"
    list_display = ("username", "full_name", "kind", "verification", "is_active")
    list_filter = ("kind", "verification", "is_active")
    search_fields = ("username", "full_name", "mobile", "email")
    fields = ("username", "full_name", "kind", "mobile", "email", "verification", "is_active")
    readonly_fields = ("username", "kind")

    def has_add_permission(self, request):  # accounts are created through the staff page or registration
        return False


@admin.register(StaffProfile)
class StaffProfileAdmin(PolicyModelAdmin):
    list_display = ("user", "court", "division", "role", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("user__username", "user__full_name")


@admin.register(LawyerProfile)
class LawyerProfileAdmin(PolicyModelAdmin):
    court_field = None
    list_display = ("user", "licence_number", "law_firm")
    search_fields = ("user__full_name", "licence_number", "law_firm")


@admin.register(AgencyProfile)
class AgencyProfileAdmin(PolicyModelAdmin):
    court_field = None
    list_display = ("user", "agency_name", "agency_kind")
