from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CourtsConfig(AppConfig):
    name = "xiezhi.courts"
    label = "courts"
    verbose_name = _("Courts")

    def ready(self) -> None:
        from xiezhi.audit.tracking import track

        from . import models

        track(models.Court)
        track(models.Division)
        track(models.Courtroom)
