from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "xiezhi.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from xiezhi.audit.tracking import track

        from . import models, signals  # noqa: F401  (signal receivers)

        track(models.User, exclude=("password", "last_login"))
        track(models.StaffProfile)
        track(models.LawyerProfile)
        track(models.LitigantProfile, personal=models.LitigantProfile.PERSONAL_FIELDS)
        track(models.AgencyProfile)
        track(models.ApiToken, exclude=("key_hash", "last_used_at"))
