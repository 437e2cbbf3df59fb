"""The URL permission matrix: what each persona gets from every URL in the URLconf.

Each app lists its URLs in `tests/<app>/url_access.py` as URL_ACCESS = {url name: Rule}.
tests/iep_portal/test_permission_matrix.py walks the URLconf, fails on a URL with no rule,
and requests every rule as every persona.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

ALL_PERSONAS = frozenset({
    "case_manager", "gen_ed_teacher", "provider", "observer", "colleague",
    "other_case_manager", "other_provider",
    "school_admin", "other_school_admin", "district_admin", "outsider", "test_coordinator",
    "guardian",
})
# Every member of staff. A guardian (the student's parent, with a family-portal account)
# reaches only the family portal and their own account pages: 404 on every staff URL.
STAFF = ALL_PERSONAS - {"guardian"}
ADMINS = frozenset({"school_admin", "district_admin"})
TEAM = frozenset({"case_manager", "gen_ed_teacher", "provider", "observer"})
SEES_STUDENT = TEAM | ADMINS


@dataclass(frozen=True)
class Rule:
    """How one URL answers each persona.

    url: builds the URL from the world (fixtures, plus what `setup` made).
    ok: personas that succeed (2xx, or a 3xx redirect after a POST).
    forbidden: personas that see the student but may not do this (403).
    Everyone else signed in gets `others` (404 by default); anonymous users are sent to
    sign in unless `public`.
    data: the POST body, built from the world.
    """

    url: Callable[[SimpleNamespace], str]
    ok: frozenset[str]
    method: str = "get"
    forbidden: frozenset[str] = frozenset()
    others: int = 404
    public: bool = False
    data: Callable[[SimpleNamespace], dict[str, Any]] | None = None
    setup: Callable[[SimpleNamespace], None] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def expected(self, persona: str | None) -> str | int:
        if persona is None:
            return "ok" if self.public else "login"
        if persona in self.ok:
            return "ok"
        if persona in self.forbidden:
            return 403
        return self.others
