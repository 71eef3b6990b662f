from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingConfig(AppConfig):
    name = "xiezhi.filing"
    label = "filing"
    verbose_name = _("Online filing")

    def ready(self) -> None:
        from xiezhi.audit.tracking import track

        from . import models

        track(models.Filing, exclude=("idempotency_key",))
        track(models.FilingParty, personal=models.FilingParty.PERSONAL_FIELDS)
        track(models.FilingEvidence)
        track(models.ReviewDecision)
