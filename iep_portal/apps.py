from __future__ import annotations

from django.apps import AppConfig


class IepPortalConfig(AppConfig):
    name = "iep_portal"
    verbose_name = "IEP Portal"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from iep_portal import checks  # noqa: F401  (registers system checks)
        from iep_portal.middleware import record_totp_activation

        authenticator_added.connect(record_totp_activation, dispatch_uid="iep_portal.record_totp_activation")
