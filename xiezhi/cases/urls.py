"""Case pages: the staff workspace under /workspace/cases/, the parties' portal under /portal/cases/."""

from django.urls import include, path

from . import views

app_name = "cases"

workspace_patterns = [
    path("", views.workbench, name="workbench"),
    path("new/", views.register, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/actions/<slug:action>/", views.act, name="act"),
    path("<int:pk>/extensions/<int:extension_pk>/decision/", views.decide_extension, name="decide_extension"),
    path("parties/<int:party_pk>/identity/", views.party_identity, name="party_identity"),
    path("parties/<int:party_pk>/messages/", views.post_message, name="message"),
]

portal_patterns = [
    path("", views.portal_list, name="portal_list"),
    path("<int:pk>/", views.portal_detail, name="portal_detail"),
    path("parties/<int:party_pk>/identity/", views.party_identity, name="portal_party_identity"),
    path("parties/<int:party_pk>/messages/", views.post_message, name="portal_message"),
]

urlpatterns = [
    path("workspace/cases/", include(workspace_patterns)),
    path("portal/cases/", include(portal_patterns)),
]
