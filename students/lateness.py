"""When a record was entered, against when it happened: the one rule for "late" and for
"needs an administrator's approval", used by sessions, check-offs and data points alike.

- late: recorded more than EVIDENCE_LATE_AFTER_SCHOOL_DAYS school days after the day it
  happened (school days of the student's school, the day itself not counted); a late entry
  needs a reason;
- needs approval: recorded more than EVIDENCE_APPROVAL_AFTER_DAYS calendar days after the
  fact; it does not count (minutes, check-offs, data) until an administrator approves it.
  Check-off outcomes can be changed only inside this same window.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from students.calendar import SchoolDays


@dataclass(frozen=True)
class Lateness:
    school_days_after: int
    days_after: int
    late: bool
    needs_approval: bool

    @property
    def on_time(self) -> bool:
        return not self.late and not self.needs_approval

    def describe(self) -> str:
        """Words for a page: '' when on time."""
        if self.needs_approval:
            return (f"entered {self.days_after} days after the fact; counts once an administrator "
                    "approves it")
        if self.late:
            return f"entered late ({self.school_days_after} school days after the fact)"
        return ""


def lateness(*, happened: dt.date, recorded: dt.date, days: SchoolDays) -> Lateness:
    """How late a record of `happened`, entered on `recorded`, is (`days`: its school's)."""
    school_days_after = days.count(happened + dt.timedelta(days=1), recorded)
    days_after = max((recorded - happened).days, 0)
    needs_approval = days_after > settings.EVIDENCE_APPROVAL_AFTER_DAYS
    return Lateness(
        school_days_after=school_days_after,
        days_after=days_after,
        late=needs_approval or school_days_after > settings.EVIDENCE_LATE_AFTER_SCHOOL_DAYS,
        needs_approval=needs_approval,
    )


def still_changeable(*, happened: dt.date, today: dt.date) -> bool:
    """Whether a record of `happened` may still be changed today (the approval window)."""
    return (today - happened).days <= settings.EVIDENCE_APPROVAL_AFTER_DAYS
