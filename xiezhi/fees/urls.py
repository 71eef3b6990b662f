"""Fee URLs: the public calculator under /fees/, the staff actions under /workspace/fees/."""

from django.urls import include, path

from . import views

app_name = "fees"

workspace_patterns = [
    path("cases/<int:case_pk>/notices/", views.issue_notice, name="issue"),
    path("notices/<int:notice_pk>/", views.notice_page, name="notice"),
    path("notices/<int:notice_pk>/payments/", views.record_payment, name="pay"),
]

urlpatterns = [
    path("fees/", views.calculator, name="calculator"),
    path("workspace/fees/", include(workspace_patterns)),
]
