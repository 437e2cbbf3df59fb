"""Print the current two-step sign-in code for the demo admins' TOTP secret."""

from __future__ import annotations

from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core.management.base import BaseCommand

from students.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current TOTP code for the demo administrators and test coordinator."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--secret", default=DEMO_TOTP_SECRET)

    def handle(self, *args: Any, secret: str, **options: Any) -> None:
        counter = next(yield_hotp_counters_from_time())
        self.stdout.write(format_hotp_value(hotp_value(secret, counter)))
