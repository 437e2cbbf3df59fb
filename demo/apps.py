from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and benchmark data for every app (seed_demo, seed_district, totp_code)."""

    name = "demo"
