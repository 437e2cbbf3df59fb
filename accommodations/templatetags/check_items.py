"""One support's check-off row on My classes, rendered in Python.

A teacher with five classes can have hundreds of rows on the page; built with the template
language, the rows took most of the page's time. The markup is the template's, unchanged;
every value from the database goes through `escape`.
"""

from __future__ import annotations

import uuid
from functools import lru_cache
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from accommodations.models import ImplementationCheck, Support
from iep_portal.timefmt import format_datetime

register = template.Library()

PROVIDED = ImplementationCheck.Outcome.PROVIDED
ABSENT = ImplementationCheck.Outcome.ABSENT
WAITING = ImplementationCheck.Approval.WAITING
REJECTED = ImplementationCheck.Approval.REJECTED
MODIFICATION = Support.Kind.MODIFICATION
BEHAVIOR_PLAN = Support.Source.BEHAVIOR_PLAN


@register.simple_tag
def fresh_key() -> str:
    """A new submission key for a form shown inside a page (iep_portal/submissions.py)."""
    return str(uuid.uuid4())


def _trail(item: Any) -> str:
    """How the check was recorded, when that matters: late (and why), approval, and every
    earlier outcome with who recorded it and when."""
    check = item.check
    parts = []
    if check.late:
        parts.append(f"Recorded late, {escape(format_datetime(check.recorded_at, year=False))}: "
                     f"“{escape(check.late_reason)}”")
    if check.approval == WAITING:
        parts.append("Waiting for an administrator’s approval: not counted yet")
    elif check.approval == REJECTED:
        parts.append(f"Not approved by {escape(str(check.approved_by))}: "
                     f"“{escape(check.rejection_reason)}” (not counted)")
    for change in reversed(item.changes):
        parts.append(f"Earlier: {escape(change.get_outcome_display())} (recorded by "
                     f"{escape(str(change.recorded_by))}, "
                     f"{escape(format_datetime(change.recorded_at, year=False))})")
    if not parts:
        return ""
    lines = "".join(f"<li>{p}</li>" for p in parts)
    return f'        <ul class="check-trail">{lines}</ul>\n'


@lru_cache(maxsize=256)
def _label(kind: str, category: str, source: str, language: str | None) -> str:
    """A support's label depends on its kind, category and source only (and the language)."""
    return escape(Support(kind=kind, category=category, source=source).label)


@lru_cache(maxsize=64)
def _outcome(outcome: str, language: str | None) -> str:
    return escape(ImplementationCheck.Outcome(outcome).label)


@register.simple_tag
def check_item(item: Any, row: Any, s: Any, other_outcomes: list[tuple[str, str]]) -> SafeString:
    support, check = item.support, item.check
    language = get_language()
    text, student, pk = escape(support.text), escape(str(row.student)), support.pk
    classes = ("support-item" + (" is-checked" if check else "") + ("" if item.expected else " not-expected")
               + (" is-modification" if support.kind == MODIFICATION else "")
               + (" is-behavior-plan" if support.source == BEHAVIOR_PLAN else ""))
    when = ""
    if not item.expected and not row.absent:
        when = " · on assessments" if support.assessment_only else " · as needed"
    label = _label(support.kind, support.category, support.source, language)
    # The kind and category stay in the row for screen readers and the tooltip; only a
    # modification shows it, since it changes what the student is asked to do, and a behavior
    # plan strategy, which every adult follows the same way.
    html = (f'<li class="{classes}">\n        <div class="support-text" title="{label}{when}">\n'
            f'          {text}\n'
            f'          <small class="muted"><span class="support-kind">{label}</span>{when}</small>\n'
            '        </div>\n')
    if s.instructional:
        html += '        <div class="support-status">\n'
        if check:
            ok = check.outcome == PROVIDED
            badge, mark = ("badge-ok", "✓") if ok else ("badge", "–") if check.outcome == ABSENT else (
                "badge-warn", "!")
            html += (f'          <span class="badge {badge}">{mark} '
                     f'{_outcome(check.outcome, language)}</span>\n')
        if not row.absent and (not check or check.outcome != PROVIDED):
            look = "" if item.expected else " outline secondary"
            word = "Provided" if item.expected or check else (
                "Used today" if s.day >= timezone.localdate() else f"Used {s.day:%b} {s.day.day}")
            html += (f'          <button type="submit" name="provided" value="{pk}" '
                     f'class="provided-button{look}">'
                     f'✓ {word}<span class="visually-hidden">: {text}, {student}</span></button>\n')
        html += "        </div>\n"
        note = escape(check.note) if check else ""
        if note:
            html += f'        <small class="check-note">“{note}”</small>\n'
        if check:
            html += _trail(item)
        radios = "".join(
            f'            <label><input type="radio" name="outcome-{pk}" value="{escape(value)}"'
            f'{" checked" if check and check.outcome == value else ""}> {escape(label)}</label>\n'
            for value, label in other_outcomes
        )
        summary = "Change" if check else (
            '<span aria-hidden="true">Other…</span>'
            '<span class="visually-hidden">Not provided, declined, not needed…</span>')
        section = s.section.pk
        html += (
            '        <details class="other-outcome">\n'
            f'          <summary>{summary}<span class="visually-hidden"> ({text}, {student})</span>'
            '</summary>\n'
            f'          <fieldset>\n            <legend>What happened?</legend>\n{radios}'
            '          </fieldset>\n'
            f'          <label for="note-{section}-{pk}">Note (optional)</label>\n'
            f'          <input type="text" id="note-{section}-{pk}" name="note-{pk}" maxlength="300" '
            f'value="{note}" placeholder="e.g. quiz was untimed">\n'
            f'          <button type="submit" name="other" value="{pk}" class="secondary">Save</button>\n'
            '        </details>\n'
        )
    return mark_safe(html + "      </li>")  # noqa: S308 (every value from the database is escaped above)
