from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgmentsConfig(AppConfig):
    name = "xiezhi.judgments"
    label = "judgments"
    verbose_name = _("Judgment documents")

    def ready(self) -> None:
        from xiezhi.audit.tracking import track

        from . import models

        # The text and the parsed metadata are left out of the log: the hash (sha256) records that the
        # text changed. Bulk imports write one audit entry per batch (see services.import_judgments).
        track(models.JudgmentDocument, exclude=("text", "metadata"))
        track(models.ImportedCourt)
        # Drafts: the narrative parts are kept in DraftVersion; the log records status and version.
        track(models.JudgmentDraft, exclude=("sections",))
        track(models.DraftApproval)
