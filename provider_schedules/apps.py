from __future__ import annotations

from django.apps import AppConfig


class ProviderSchedulesConfig(AppConfig):
    name = "provider_schedules"
    verbose_name = "Provider schedules"
