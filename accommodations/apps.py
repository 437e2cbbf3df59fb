from __future__ import annotations

from django.apps import AppConfig


class AccommodationsConfig(AppConfig):
    name = "accommodations"
