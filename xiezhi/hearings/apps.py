from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HearingsConfig(AppConfig):
    name = "xiezhi.hearings"
    label = "hearings"
    verbose_name = _("Hearings")

    def ready(self) -> None:
        from xiezhi.audit.tracking import track

        from . import models

        track(models.Hearing)
        track(models.HearingChange)
        track(models.HearingNotification, personal=("email",))
        track(models.HearingAnnouncement)
        track(models.HearingRecord)
        track(models.RecordEntry)
        track(models.RecordSignature)
