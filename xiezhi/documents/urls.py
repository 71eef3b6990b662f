"""Case files and service: the workspace under /workspace/files/, the parties' portal under
/portal/documents/."""

from django.urls import include, path

from . import views

app_name = "documents"

workspace_patterns = [
    path("cases/<int:case_pk>/", views.case_documents, name="case"),
    path("cases/<int:case_pk>/upload/", views.upload, name="upload"),
    path("cases/<int:case_pk>/parties/<int:party_pk>/serve/", views.serve, name="serve"),
    path("<int:pk>/", views.download, name="download"),
    path("<int:pk>/correct/", views.correct, name="correct"),
    path("service/<int:pk>/failed/", views.mark_failed, name="mark_failed"),
    path("service/<int:pk>/served/", views.mark_served, name="mark_served"),
    path("parties/<int:party_pk>/consent/", views.staff_consent, name="consent"),
]

portal_patterns = [
    path("", views.served_to_me, name="served"),
    path("<int:pk>/open/", views.open_served, name="open"),
    path("files/<int:pk>/", views.download, name="portal_download"),
    path("consent/<int:party_pk>/", views.portal_consent, name="portal_consent"),
]

urlpatterns = [
    path("workspace/files/", include(workspace_patterns)),
    path("portal/documents/", include(portal_patterns)),
]
