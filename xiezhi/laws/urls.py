"""The statute browser (public): /laws/ ..."""

from django.urls import path

from . import views

app_name = "laws"

urlpatterns = [
    path("laws/", views.law_list, name="list"),
    path("laws/lookup/", views.lookup, name="lookup"),
    path("laws/check/", views.check, name="check"),
    path("laws/<int:law_id>/", views.law_detail, name="detail"),
    path("laws/<int:law_id>/articles/<str:label>/", views.article_detail, name="article"),
]
