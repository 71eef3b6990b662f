"""Hearings: the workspace under /workspace/hearings/, the party's own under /portal/hearings/ and the
public announcements under /public/hearings/."""

from django.urls import include, path

from . import views

app_name = "hearings"

workspace_patterns = [
    path("", views.calendar, name="calendar"),
    path("cases/<int:case_pk>/schedule/", views.schedule, name="schedule"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/reschedule/", views.reschedule, name="reschedule"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/held/", views.held, name="held"),
    path("<int:pk>/record/", views.record_page, name="record"),
]

urlpatterns = [
    path("workspace/hearings/", include(workspace_patterns)),
    path("portal/hearings/", views.portal, name="portal"),
    path("portal/hearings/records/<int:pk>/", views.portal_record, name="portal_record"),
    path("public/hearings/", views.announcements, name="announcements"),
]
