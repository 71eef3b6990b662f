"""Decision documents and drafting: /workspace/judgments/…"""

from django.urls import path

from . import views

app_name = "judgments"

urlpatterns = [
    path("workspace/judgments/<int:pk>/", views.detail, name="detail"),
    path("workspace/judgments/cases/<int:case_id>/draft/", views.draft_page, name="draft"),
    path("workspace/judgments/drafts/<int:pk>/approve/", views.approve, name="approve"),
    path("workspace/judgments/drafts/<int:pk>/return/", views.return_draft, name="return"),
    path("workspace/judgments/drafts/<int:pk>/diff/", views.diff, name="diff"),
    path("workspace/judgments/approvals/", views.approvals, name="approvals"),
]
