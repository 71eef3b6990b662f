from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "xiezhi.documents"
    label = "documents"
    verbose_name = _("Case files and service")

    def ready(self) -> None:
        from xiezhi.audit.tracking import track

        from . import models

        # The storage name is left out: the audit snapshot cannot serialise a FieldFile, and the name
        # is the row's UUID (files/YYYY/MM/<id>.<ext>) anyway.
        track(models.StoredFile)
        track(models.CaseFile)
        track(models.ServiceConsent, personal=("email",))
        track(models.ServiceRecord, personal=("email",))
