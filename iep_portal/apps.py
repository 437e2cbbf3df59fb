from __future__ import annotations

from django.apps import AppConfig


class IepPortalConfig(AppConfig):
    name = "iep_portal"
    verbose_name = "IEP Portal"

    def ready(self) -> None:
        from iep_portal import checks  # noqa: F401  (registers system checks)
