"""Judicial openness: /public/judgments/ (no login) and /workspace/disclosure/ (reviewers)."""

from django.urls import path

from . import views

app_name = "disclosure"

urlpatterns = [
    path("public/judgments/", views.public_list, name="public_list"),
    path("public/judgments/<int:pk>/", views.public_detail, name="public_detail"),
    path("public/judgments/withheld/", views.public_withheld, name="public_withheld"),
    path("workspace/disclosure/", views.queue, name="queue"),
    path("workspace/disclosure/request/", views.request_publication, name="request"),
    path("workspace/disclosure/<int:pk>/", views.review, name="review"),
    path("workspace/disclosure/<int:pk>/<slug:action>/", views.act, name="act"),
]
