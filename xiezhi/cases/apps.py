from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "xiezhi.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from xiezhi.audit.tracking import track

        from . import models

        track(models.Case)
        track(models.Party, personal=models.Party.PERSONAL_FIELDS)
        track(models.Representative)
        track(models.PanelMember)
        track(models.Exclusion)
        track(models.Suspension)
        track(models.Extension)
        track(models.AssignmentRecord)
        track(models.CauseOfAction)
        track(models.CalendarOverride)
        track(models.CaseMessage)
