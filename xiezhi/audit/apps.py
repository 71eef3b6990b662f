from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "xiezhi.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from .db import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="xiezhi-audit-sqlite-functions")
