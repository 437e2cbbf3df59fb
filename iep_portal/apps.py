from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class IepPortalConfig(AppConfig):
    name = "iep_portal"
    verbose_name = "IEP Portal"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        import iep_portal.checks  # noqa: F401  (registers system checks)
        from iep_portal import db_roles
        from iep_portal.middleware import record_totp_activation

        authenticator_added.connect(record_totp_activation, dispatch_uid="iep_portal.record_totp_activation")
        # Once per migrate (sender: this app), after every app's migrations: unskippable
        # triggers, and least privilege for the app's login.
        post_migrate.connect(db_roles.after_migrate, sender=self, dispatch_uid="iep_portal.db_roles")
