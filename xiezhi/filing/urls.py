"""Online filing: the filer's pages under /portal/filings/, the filing review under /workspace/filings/."""

from django.urls import include, path

from . import views

app_name = "filing"

portal_patterns = [
    path("", views.mine, name="mine"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.track, name="track"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/files/<int:evidence_pk>/", views.download, name="download"),
]

workspace_patterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/decide/<slug:action>/", views.decide, name="decide"),
    path("<int:pk>/ground/", views.ground, name="ground"),
    path("<int:pk>/files/<int:evidence_pk>/", views.download, name="staff_download"),
]

urlpatterns = [
    path("portal/filings/", include(portal_patterns)),
    path("workspace/filings/", include(workspace_patterns)),
]
