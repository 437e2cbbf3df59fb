"""Load the demo school (idempotent) and print how to sign in."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from iep_portal.extensions import existing_modules
from students import demo

# Each area adds its history to the same world, in this order: modules with load(world).
DEMO_MODULES = (
    "schedules.demo", "services.demo", "makeups.demo", "provider_schedules.demo", "accommodations.demo",
    "assessments.demo", "progress.demo", "meetings.demo", "amendments.demo", "transfers.demo",
    "esy.demo", "behavior_plans.demo", "behavior.demo", "billing.demo", "demo.reminders",
)


class Command(BaseCommand):
    help = "Load demo data (one school, ~30 students with IEPs, every role) and print sign-ins."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            world = demo.load()
            if world is not None:
                for module in existing_modules(DEMO_MODULES):
                    module.load(world)
        if world is None:
            self.stdout.write("Demo data already loaded.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Loaded demo data for {world.school}."))
        self.print_sign_ins()

    def print_sign_ins(self) -> None:
        self.stdout.write(f"\nDemo sign-ins (password for all: {demo.DEMO_PASSWORD})")
        for _key, email, first, last, _role, title in demo.STAFF:
            self.stdout.write(f"  {email:28} {first} {last}, {title}")
        self.stdout.write(
            "\nAdministrators and the test coordinator must use two-step sign-in. They share the\n"
            "TOTP secret\n"
            f"  {demo.DEMO_TOTP_SECRET}\n"
            "Add it to an authenticator app, or get the current code with:\n"
            "  make totp      (or: .venv/bin/python manage.py totp_code)\n"
        )
