from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "xiezhi.disclosure"
    label = "disclosure"
    verbose_name = _("Judicial openness")

    def ready(self) -> None:
        from xiezhi.audit.tracking import track

        from . import models, signals, sources

        # The texts are left out of the log (the redacted text can be rebuilt from the replacements);
        # the reviewer's manual redactions name real people, so the log says that they changed, not how.
        track(
            models.Publication,
            exclude=("redacted_text", "auto_replacements", "persons"),
            personal=("manual",),
        )
        # The Art. 4(5) approval chain: who proposed, reviewed and decided is logged; the written
        # reasons may name people, so the log says that they changed, not what they say.
        track(models.WithholdingRequest, personal=("reasons", "review_note", "decision_note"))
        sources.register_source()
        signals.connect()
