"""Small Django-aware base classes shared by the apps."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimestampedModel(models.Model):
    """Adds creation and last-change times to a model."""

    created_at = models.DateTimeField(
        _("created at"), auto_now_add=True, help_text=_("When the record was created.")
    )
    updated_at = models.DateTimeField(
        _("updated at"), auto_now=True, help_text=_("When the record last changed.")
    )

    class Meta:
        abstract = True
