"""The append-only, hash-chained audit log (审计日志)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit entry."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[override]
        raise AuditAppendOnlyError("Audit entries cannot be changed.")

    def delete(self):  # type: ignore[override]
        raise AuditAppendOnlyError("Audit entries cannot be deleted.")

    def for_object(self, obj: models.Model) -> AuditQuerySet:
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    READ_PERSONAL = "read_personal", _("Read personal data")
    LOGIN = "login", _("Logged in")
    LOGOUT = "logout", _("Logged out")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOCKED_OUT = "locked_out", _("Locked out after failed logins")
    PERMISSION_DENIED = "permission_denied", _("Permission denied")
    EXPORT = "export", _("Data export")
    NOT_FOUND = "not_found", _("Probed a missing or hidden object")
    TOKEN_ISSUED = "token_issued", _("API token issued")


class AuditEntry(models.Model):
    """One audited event. Entries are never changed: each stores the SHA-256 of its canonical
    content, which includes the previous entry's hash, so any later change breaks the chain."""

    occurred_at = models.DateTimeField(_("time"), help_text=_("When it happened (UTC, microseconds)."))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # the log must outlive any account it mentions
        related_name="+",
        help_text=_("The acting account, if any."),
    )
    actor_label = models.CharField(_("actor label"), max_length=120, help_text=_("Who acted, as text."))
    action = models.CharField(
        _("action"), max_length=32, choices=AuditAction.choices, help_text=_("What happened.")
    )
    object_type = models.CharField(
        _("object type"), max_length=80, blank=True, help_text=_("app_label.model.")
    )
    object_id = models.CharField(
        _("object id"), max_length=64, blank=True, help_text=_("Primary key, as text.")
    )
    object_repr = models.CharField(_("object"), max_length=200, blank=True, help_text=_("Readable name."))
    before = models.JSONField(_("before"), null=True, blank=True, help_text=_("Values before the change."))
    after = models.JSONField(_("after"), null=True, blank=True, help_text=_("Values after the change."))
    ip = models.CharField(_("address"), max_length=45, blank=True, help_text=_("Client address."))
    detail = models.CharField(_("detail"), max_length=300, blank=True, help_text=_("Extra description."))
    prev_hash = models.CharField(
        _("previous hash"), max_length=64, help_text=_("entry_hash of the previous entry.")
    )
    entry_hash = models.CharField(
        _("hash"), max_length=64, unique=True, help_text=_("SHA-256 of this entry.")
    )

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["actor", "occurred_at"], name="audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):  # type: ignore[override]
        if self.pk is not None or not self._state.adding:
            raise AuditAppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[override]
        raise AuditAppendOnlyError("Audit entries cannot be deleted.")


class AuditChainHead(models.Model):
    """A single row holding the hash of the newest entry.

    Appending locks this row (SELECT ... FOR UPDATE), so concurrent writers on PostgreSQL append
    one at a time and the chain never forks.
    """

    last_hash = models.CharField(
        _("last hash"), max_length=64, help_text=_("entry_hash of the newest entry.")
    )
    last_entry_id = models.BigIntegerField(_("last entry"), default=0, help_text=_("id of the newest entry."))

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")

    def __str__(self) -> str:
        return f"head → #{self.last_entry_id}"
