"""services.csv of the IEP data template (docs/iep-import.md): import and export.

The students area checks every cell (students, IEPs, staff, dates, choices, numbers); here
each row becomes a ServiceRequirement under the same model rules as the "add a service" page
(`ServiceRequirement.full_clean`: dates inside the IEP, provider on the team, minutes that fit
the day). A row those rules refuse is skipped and reported on its line. Rows are matched on
the IEP, kind, area and provider, never deleted: re-importing the same file changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.core.exceptions import ValidationError

from rostering.iep_import import IEPRow, register_iep_file
from services.models import ServiceRequirement

# The template's words for the model's choices (the template predates the model's codes).
KINDS = {"sdi": ServiceRequirement.Kind.SDI, "related_service": ServiceRequirement.Kind.RELATED,
         "supplementary_aid": ServiceRequirement.Kind.SUPPLEMENTARY}
SETTINGS = {"general_ed": ServiceRequirement.Setting.GEN_ED,
            "special_ed": ServiceRequirement.Setting.SPECIAL_ED}
FIELDS = ("minutes", "sessions", "period", "setting", "start_date", "end_date")
# Model field -> template column, for reporting a model rule on the cell it came from.
COLUMNS = {"minutes": "minutes", "sessions": "sessions_per_period", "period": "per",
           "setting": "setting", "provider": "provider_email", "start_date": "start_date",
           "end_date": "end_date", "kind": "kind", "area": "area"}


def _whole(row: IEPRow, column: str, default: int | None = None) -> int | None:
    value: int | Decimal | None = row.values[column]
    if value is None:
        return default
    if isinstance(value, Decimal):
        row.problems.append((column, f"{column} must be a whole number."))
        return None
    return value


def apply_services(rows: list[IEPRow]) -> dict[str, int]:
    """Add or update one ServiceRequirement per row. Queries: the IEPs' requirements (1),
    then per row the model's checks and its save."""
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    existing = {
        (r.iep_id, r.kind, r.area.casefold(), r.provider_id): r
        for r in ServiceRequirement.objects.filter(iep__in={row.iep for row in rows})
    }
    for row in rows:
        iep, v = row.iep, row.values
        assert iep is not None
        minutes, sessions = _whole(row, "minutes"), _whole(row, "sessions_per_period", 1)
        if row.problems:
            continue
        key = (iep.pk, KINDS[v["kind"]], v["area"].casefold(), v["provider_email"].pk)
        wanted = {"minutes": minutes, "sessions": sessions, "period": v["per"],
                  "setting": SETTINGS[v["setting"]], "start_date": v["start_date"] or iep.start_date,
                  "end_date": v["end_date"] or iep.end_date}
        requirement = existing.get(key)
        if requirement is not None and all(getattr(requirement, f) == wanted[f] for f in FIELDS):
            counts["unchanged"] += 1
            continue
        if requirement is None:
            requirement = ServiceRequirement(iep=iep, kind=key[1], area=v["area"],
                                             provider=v["provider_email"])
        for name, value in wanted.items():
            setattr(requirement, name, value)
        try:
            requirement.full_clean()
        except ValidationError as exc:
            for name, messages in sorted(exc.message_dict.items()):
                row.problems.extend((COLUMNS.get(name, ""), m) for m in messages)
            continue
        counts["updated" if requirement.pk else "added"] += 1
        requirement.save()
        existing[key] = requirement
    return counts


def export_services() -> Iterable[list[str]]:
    """Every service line, in the template's columns, with its dates written out."""
    kind_words: dict[str, str] = {code: word for word, code in KINDS.items()}
    setting_words: dict[str, str] = {code: word for word, code in SETTINGS.items()}
    requirements = ServiceRequirement.objects.select_related("iep__student", "provider").order_by(
        "iep__student__student_number", "iep__start_date", "kind", "area", "pk")

    def rows() -> Iterator[list[str]]:
        for r in requirements.iterator():
            yield [r.iep.student.student_number, r.iep.start_date.isoformat(), kind_words[r.kind],
                   r.area, str(r.minutes), r.period, str(r.sessions), setting_words[r.setting],
                   r.provider.email, r.start_date.isoformat(), r.end_date.isoformat()]

    return rows()


def register() -> None:
    register_iep_file("services.csv", apply=apply_services, export=export_services)
