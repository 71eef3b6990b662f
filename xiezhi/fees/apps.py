from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeesConfig(AppConfig):
    name = "xiezhi.fees"
    label = "fees"
    verbose_name = _("Litigation fees")

    def ready(self) -> None:
        from xiezhi.audit.tracking import track

        from . import models

        track(models.FeeNotice)
        track(models.Payment)
