"""accommodations.csv of the IEP data template (docs/iep-import.md): import and export.

Each row becomes an accommodation or modification under the same model rules as the supports
page (`Support.full_clean`: a category, subjects when it applies to chosen subjects, an
assessment-only support not expected every class). A row those rules refuse is skipped and
reported on its line. Imported supports apply from the IEP's start; an added or changed one
moves `changed_at`, so the teachers responsible are asked to acknowledge again. Rows are
matched on the IEP, type and description among supports not ended, never deleted.

The template carries accommodations and modifications only: SDI strategies, and supports
that have ended, are not exported.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.core.exceptions import ValidationError
from django.utils import timezone

from accommodations.models import Support
from rostering.iep_import import IEPRow, register_iep_file

# The template's words for the model's codes (the other columns use the same words).
SCOPES = {"all_classes": Support.Scope.ALL_CLASSES, "some_subjects": Support.Scope.SUBJECTS,
          "assessments": Support.Scope.ASSESSMENTS}
FIELDS = ("category", "scope", "subjects", "frequency")
COLUMNS = {"kind": "type", "category": "category", "text": "description", "scope": "applies_to",
           "subjects": "subjects", "frequency": "frequency", "end_date": "", "start_date": ""}


def _subjects(cell: str) -> list[str]:
    return [s.strip() for s in cell.split(";") if s.strip()]


def apply_accommodations(rows: list[IEPRow]) -> dict[str, int]:
    """Add or update one Support per row. Queries: the IEPs' supports (1), then per row the
    model's checks and its save."""
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    existing = {
        (s.iep_id, s.kind, s.text): s
        for s in Support.objects.filter(iep__in={row.iep for row in rows}, end_date__isnull=True)
        .exclude(kind=Support.Kind.STRATEGY)
    }
    now = timezone.now()
    for row in rows:
        iep, v = row.iep, row.values
        assert iep is not None
        key = (iep.pk, v["type"], v["description"])
        wanted = {"category": v["category"], "scope": SCOPES[v["applies_to"]],
                  "subjects": _subjects(v["subjects"]), "frequency": v["frequency"]}
        if wanted["scope"] != Support.Scope.SUBJECTS and wanted["subjects"]:
            row.problems.append(("subjects", "Subjects are only for a support that applies to "
                                             "some subjects (applies_to some_subjects)."))
            continue
        support = existing.get(key)
        if support is not None and all(getattr(support, f) == wanted[f] for f in FIELDS):
            counts["unchanged"] += 1
            continue
        if support is None:
            support = Support(iep=iep, kind=v["type"], text=v["description"],
                              start_date=iep.start_date)
        for name, value in wanted.items():
            setattr(support, name, value)
        support.changed_at = now
        try:
            support.full_clean()
        except ValidationError as exc:
            for name, messages in sorted(exc.message_dict.items()):
                row.problems.extend((COLUMNS.get(name, ""), m) for m in messages)
            continue
        counts["updated" if support.pk else "added"] += 1
        support.save()
        existing[key] = support
    return counts


def export_accommodations() -> Iterable[list[str]]:
    """Accommodations and modifications not ended, in the template's columns."""
    scope_words: dict[str, str] = {code: word for word, code in SCOPES.items()}
    supports = (
        Support.objects.filter(end_date__isnull=True).exclude(kind=Support.Kind.STRATEGY)
        .select_related("iep__student")
        .order_by("iep__student__student_number", "iep__start_date", "kind", "category", "pk")
    )

    def rows() -> Iterator[list[str]]:
        for s in supports.iterator():
            yield [s.iep.student.student_number, s.iep.start_date.isoformat(), s.kind, s.category,
                   s.text, scope_words[s.scope], ";".join(s.subjects), s.frequency]

    return rows()


def register() -> None:
    register_iep_file("accommodations.csv", apply=apply_accommodations, export=export_accommodations)
