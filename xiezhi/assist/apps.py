from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistConfig(AppConfig):
    name = "xiezhi.assist"
    label = "assist"
    verbose_name = _("Intelligent case assistance")

    def ready(self) -> None:
        from xiezhi.audit.tracking import track

        from . import models

        # Fact texts are case material: every change is in the audit log. Decisions and feedback
        # are audited explicitly by the services (with the suggestion they are about).
        track(models.CaseFacts)
        track(models.AssistPreference)
