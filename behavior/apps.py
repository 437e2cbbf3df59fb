from __future__ import annotations

from django.apps import AppConfig


class BehaviorConfig(AppConfig):
    name = "behavior"
    verbose_name = "Behavior and disciplinary removals"
