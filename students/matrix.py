"""The responsibility matrix: who owns which part of carrying out an IEP.

DEFAULT_MATRIX is the product's default (DESIGN.md); an IEP may override a cell with a
ResponsibilityOverride row. `responsibilities_for` turns the matrix into the concrete list
an adult sees on My day: nothing is assigned to "the team" without a named person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Roles as they appear in the matrix. "provider" owns only their own services.
CASE_MANAGER = "case_manager"
GEN_ED_TEACHER = "gen_ed_teacher"
PROVIDER = "provider"
MATRIX_ROLES = (CASE_MANAGER, GEN_ED_TEACHER, PROVIDER)

OWNS = "owns"
SHARED = "shared"
CONTRIBUTES = "contributes"
INFORMS = "informs"
DESIGNS = "designs"
INTRODUCES = "introduces"
IN_SESSIONS = "in_sessions"
OWN_SERVICES = "own_services"
NONE = "none"

LEVEL_LABELS = {
    OWNS: _("owns"),
    SHARED: _("shared"),
    CONTRIBUTES: _("contributes data"),
    INFORMS: _("informs the team"),
    DESIGNS: _("designs"),
    INTRODUCES: _("introduces"),
    IN_SESSIONS: _("in their sessions"),
    OWN_SERVICES: _("owns their own services"),
    NONE: _("not responsible"),
}
LEVELS = tuple(LEVEL_LABELS)


@dataclass(frozen=True)
class Responsibility:
    key: str
    label: StrOrPromise


RESPONSIBILITIES = (
    Responsibility("teach_sdi", _("Introduce and teach SDI tied to IEP goals")),
    Responsibility("manage_iep", _("Manage the IEP: minutes, meetings, documentation, informing teachers")),
    Responsibility("monitor_progress", _("Monitor progress toward goals; report progress to families")),
    Responsibility("implement_accommodations", _("Implement accommodations in class")),
    Responsibility("implement_modifications", _("Implement modifications in class")),
    Responsibility("reinforce_sdi", _("Reinforce SDI strategies across settings")),
    Responsibility("collect_data", _("Collect data")),
    Responsibility("communicate_family", _("Communicate with families")),
    Responsibility("monitor_supports", _("Monitor whether supports work")),
)
RESPONSIBILITY_KEYS = tuple(r.key for r in RESPONSIBILITIES)
# A Section 504 plan has no specially designed instruction or IEP goals: its rows, and how the
# plan's management reads.
NOT_IN_504 = frozenset({"teach_sdi", "monitor_progress", "reinforce_sdi"})
LABELS_504 = {"manage_iep": _("Manage the 504 plan: meetings, documentation, informing teachers")}


def responsibilities_for(kind: str) -> list[Responsibility]:
    """The matrix's rows for a kind of plan (students.models.IEP.Kind)."""
    if kind != "section_504":
        return list(RESPONSIBILITIES)
    return [Responsibility(r.key, LABELS_504.get(r.key, r.label)) for r in RESPONSIBILITIES
            if r.key not in NOT_IN_504]

DEFAULT_MATRIX: dict[str, dict[str, str]] = {
    "teach_sdi": {CASE_MANAGER: OWNS, GEN_ED_TEACHER: NONE, PROVIDER: OWN_SERVICES},
    "manage_iep": {CASE_MANAGER: OWNS, GEN_ED_TEACHER: NONE, PROVIDER: NONE},
    "monitor_progress": {CASE_MANAGER: OWNS, GEN_ED_TEACHER: CONTRIBUTES, PROVIDER: CONTRIBUTES},
    "implement_accommodations": {CASE_MANAGER: INFORMS, GEN_ED_TEACHER: OWNS, PROVIDER: IN_SESSIONS},
    "implement_modifications": {CASE_MANAGER: DESIGNS, GEN_ED_TEACHER: OWNS, PROVIDER: NONE},
    "reinforce_sdi": {CASE_MANAGER: INTRODUCES, GEN_ED_TEACHER: OWNS, PROVIDER: NONE},
    "collect_data": {CASE_MANAGER: SHARED, GEN_ED_TEACHER: SHARED, PROVIDER: SHARED},
    "communicate_family": {CASE_MANAGER: SHARED, GEN_ED_TEACHER: SHARED, PROVIDER: SHARED},
    "monitor_supports": {CASE_MANAGER: SHARED, GEN_ED_TEACHER: SHARED, PROVIDER: SHARED},
}


@dataclass(frozen=True)
class Duty:
    """One cell of the matrix as it applies to one person."""

    responsibility: Responsibility
    level: str

    @property
    def level_label(self) -> str:
        return str(LEVEL_LABELS[self.level])

    @property
    def is_owner(self) -> bool:
        return self.level in {OWNS, OWN_SERVICES}


def matrix_for(overrides: Iterable[tuple[str, str, str]]) -> dict[str, dict[str, str]]:
    """The default matrix with (responsibility, role, level) overrides applied."""
    matrix = {key: dict(cells) for key, cells in DEFAULT_MATRIX.items()}
    for responsibility, role, level in overrides:
        if responsibility in matrix and role in MATRIX_ROLES and level in LEVEL_LABELS:
            matrix[responsibility][role] = level
    return matrix


def duties(matrix: dict[str, dict[str, str]], role: str) -> list[Duty]:
    """What a person in `role` is responsible for, in matrix order, leaving out 'none'."""
    return [
        Duty(r, matrix[r.key][role])
        for r in RESPONSIBILITIES
        if matrix[r.key].get(role, NONE) != NONE
    ]
