from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from xiezhi.api.api import api

admin.site.site_header = "Xiezhi 獬豸"
admin.site.site_title = "Xiezhi"

urlpatterns = [
    path("", include("xiezhi.web.urls")),
    path("", include("xiezhi.cases.urls")),  # /workspace/cases/ and /portal/cases/
    path("", include("xiezhi.documents.urls")),  # /workspace/files/ and /portal/documents/
    path("", include("xiezhi.fees.urls")),  # /fees/ and /workspace/fees/
    path("", include("xiezhi.filing.urls")),  # /portal/filings/ and /workspace/filings/
    path("", include("xiezhi.hearings.urls")),  # /workspace/hearings/, /portal/hearings/, /public/hearings/
    path("", include("xiezhi.laws.urls")),  # /laws/ (the statute browser)
    path("", include("xiezhi.judgments.urls")),  # /workspace/judgments/<id>/
    path("", include("xiezhi.search.urls")),  # /search/
    path("", include("xiezhi.disclosure.urls")),  # /public/judgments/ and /workspace/disclosure/
    path("", include("xiezhi.assist.urls")),  # /workspace/assist/ (the criminal case panel)
    path("accounts/", include("xiezhi.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

handler403 = "xiezhi.web.views.error_403"
handler404 = "xiezhi.web.views.error_404"
handler500 = "xiezhi.web.views.error_500"
