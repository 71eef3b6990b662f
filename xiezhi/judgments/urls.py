"""Decision documents: /workspace/judgments/<id>/."""

from django.urls import path

from . import views

app_name = "judgments"

urlpatterns = [
    path("workspace/judgments/<int:pk>/", views.detail, name="detail"),
]
