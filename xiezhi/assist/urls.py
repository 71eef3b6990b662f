"""The assistance panel under /workspace/assist/ (loaded lazily into the criminal case page)."""

from django.urls import path

from . import views

app_name = "assist"

urlpatterns = [
    path("workspace/assist/cases/<int:case_id>/", views.panel, name="panel"),
    path("workspace/assist/cases/<int:case_id>/facts/", views.save_facts, name="facts"),
    path("workspace/assist/cases/<int:case_id>/decide/", views.decide, name="decide"),
    path("workspace/assist/cases/<int:case_id>/similar/", views.similar_feedback, name="similar"),
    path("workspace/assist/cases/<int:case_id>/similar-report/", views.similar_report, name="similar_report"),
    path("workspace/assist/preference/", views.preference, name="preference"),
    path("workspace/assist/guiding/", views.guiding, name="guiding"),
]
