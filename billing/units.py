"""Billable units from a session's minutes, by the rule the procedure code names.

One function, `billable_units`; the rules are named so a code table row can say which it uses.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitRule(models.TextChoices):
    # CMS's timed-code rule: a 15-minute unit for each full 15 minutes, and one more for a
    # remainder of 8 minutes or more (so 8-22 min = 1 unit, 23-37 = 2, 38-52 = 3).
    EIGHT_MINUTE = "15min_8min", _("15-minute units, 8-minute rule")
    # Only whole 15-minute units (some state plans): 14 min = 0, 29 min = 1.
    WHOLE_15 = "15min_whole", _("Whole 15-minute units only")
    # Untimed codes (an evaluation, a session-based state rate): one unit per session.
    PER_SESSION = "session", _("One unit per session")
    # 30-minute units, counted like the 8-minute rule: a remainder of 15 minutes or more counts.
    HALF_HOUR = "30min_half", _("30-minute units, half-unit rule")


def billable_units(minutes: int, rule: str) -> int:
    """Units for `minutes` of one session under `rule` (0: too short to bill)."""
    if minutes <= 0:
        return 0
    if rule == UnitRule.EIGHT_MINUTE:
        whole, rest = divmod(minutes, 15)
        return whole + (1 if rest >= 8 else 0)
    if rule == UnitRule.WHOLE_15:
        return minutes // 15
    if rule == UnitRule.PER_SESSION:
        return 1
    if rule == UnitRule.HALF_HOUR:
        whole, rest = divmod(minutes, 30)
        return whole + (1 if rest >= 15 else 0)
    raise ValueError(f"Unknown unit rule {rule!r}")
