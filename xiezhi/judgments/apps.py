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

        # Issue #6 item 5: an appeal "transfers the file" — the first-instance volume joins the
        # second-instance case's volume (documents.services.transfer_volume) in the appeal's transaction.
        from xiezhi.cases.services import case_appealed

        case_appealed.connect(_transfer_file_on_appeal, dispatch_uid="judgments.transfer_file_on_appeal")


def _transfer_file_on_appeal(
    sender: object, origin: object, appeal: object, by: object, **_kwargs: object
) -> None:
    from xiezhi.documents.services import transfer_volume

    transfer_volume(by, origin, appeal)  # type: ignore[arg-type]
