from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "xiezhi.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from . import backends, signals

        backends.remember_database()
        signals.connect()
