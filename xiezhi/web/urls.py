from django.urls import path

from . import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("courts/", views.courts, name="courts"),
    path("courts/<str:code>/", views.court_detail, name="court_detail"),
    path("portal/", views.portal, name="portal"),
    path("workspace/", views.workspace, name="workspace"),
    path("workspace/staff/", views.staff, name="staff"),
    path("prefs/large-text/", views.toggle_large_text, name="large_text"),
]
