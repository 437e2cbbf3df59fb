"""OneRoster family users become guardians of the students their agentSourcedIds name:
bulk and delta, 1.1 and 1.2, with problems reported by file, line and column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from families.models import Guardian
from families.roster import roster_guardians_apply
from iep_portal.models import User
from rostering.models import ImportRun
from rostering.oneroster.guardians import GuardianRow
from rostering.oneroster.importer import run_import
from rostering.oneroster.reader import Problem
from tests import factories as f
from tests.rostering.conftest import FIXTURES, rewrite

pytestmark = pytest.mark.django_db
VERSIONS = ["11", "12"]


def links() -> set[tuple[str, str, str, str, str, bool]]:
    """Each guardian row as (guardian sourcedId, student sourcedId, relationship, email, phone, active)."""
    return set(Guardian.objects.values_list("sourced_id", "student__sourced_id", "relationship",
                                            "email", "phone", "active"))


def import_bulk(version: str) -> None:
    assert run_import(FIXTURES / f"v{version}_bulk").applied
    result = run_import(FIXTURES / f"v{version}_guardians_bulk")
    assert result.problems == [] and result.skipped == []
    assert result.applied


@pytest.mark.parametrize("version", VERSIONS)
def test_a_bulk_drop_makes_each_family_user_a_guardian_of_each_student_it_names(version: str) -> None:
    run_import(FIXTURES / f"v{version}_bulk")

    result = run_import(FIXTURES / f"v{version}_guardians_bulk")

    assert result.problems == []
    assert result.summary["users.csv"]["added"] == 3  # three family users, four links
    assert links() == {
        ("g-1", "s-1", "guardian", "paula@home.test", "555-0101", True),
        ("g-2", "s-2", "parent", "", "555-0102", True),  # the sms number when there is no phone
        ("g-2", "s-3", "parent", "", "555-0102", True),
        ("g-3", "s-3", "relative", "ana@home.test", "", True),
    }
    by_sid = {(g.sourced_id, g.student.sourced_id): g for g in Guardian.objects.select_related("student")}
    paula, duc, ana = by_sid["g-1", "s-1"], by_sid["g-2", "s-2"], by_sid["g-3", "s-3"]
    assert (paula.first_name, paula.last_name, paula.channel) == ("Paula", "Lopez", "email")
    assert duc.channel == "phone"
    # A parent or guardian holds educational rights until the school says otherwise; a relative does not.
    assert paula.educational_rights and duc.educational_rights and not ana.educational_rights
    assert not User.objects.filter(email="paula@home.test").exists()  # a guardian is no account


@pytest.mark.parametrize("version", VERSIONS)
def test_the_same_bulk_drop_again_changes_no_guardian(version: str) -> None:
    import_bulk(version)
    before = sorted(Guardian.objects.values_list("pk", "updated_at"))

    again = run_import(FIXTURES / f"v{version}_guardians_bulk")

    assert sorted(Guardian.objects.values_list("pk", "updated_at")) == before
    assert again.summary["users.csv"]["unchanged"] == 9
    assert again.message == "Nothing to apply: the drop matches what is already imported."


@pytest.mark.parametrize("version", VERSIONS)
def test_a_delta_drop_updates_links_ends_and_adds_guardians(version: str) -> None:
    import_bulk(version)
    paula_pk = Guardian.objects.get(sourced_id="g-1", student__sourced_id="s-1").pk

    result = run_import(FIXTURES / f"v{version}_guardians_delta")

    assert result.problems == []
    assert links() == {
        ("g-1", "s-1", "guardian", "paula.lopez@home.test", "555-0101", True),  # a new email
        ("g-1", "s-2", "guardian", "paula.lopez@home.test", "555-0101", True),  # a new student
        ("g-2", "s-2", "parent", "", "555-0102", True),
        ("g-2", "s-3", "parent", "", "555-0102", False),  # no longer named: ended, kept
        ("g-3", "s-3", "relative", "ana@home.test", "", False),  # tobedeleted
        ("g-4", "s-1", "parent", "jorge@home.test", "555-0104", True),
    }
    assert Guardian.objects.get(sourced_id="g-1", student__sourced_id="s-1").pk == paula_pk
    counts = result.summary["users.csv"]
    assert (counts["added"], counts["updated"], counts["ended"]) == (2, 1, 1)


@pytest.mark.parametrize("version", VERSIONS)
def test_a_bulk_drop_ends_the_family_users_it_leaves_out_and_keeps_what_the_school_set(
    version: str, drop: Callable[[str], Path],
) -> None:
    import_bulk(version)
    ana = Guardian.objects.get(sourced_id="g-3")
    ana.language, ana.educational_rights, ana.address = "es", True, "1 Elm St"
    ana.save()
    path = drop(f"v{version}_guardians_bulk")
    rewrite(path / "users.csv", "\ng-2,", "\nx-2,")  # g-2 left out (a new, unlinked id instead)
    rewrite(path / "users.csv", "ana@home.test", "ana.smith@home.test")
    if version == "12":
        rewrite(path / "roles.csv", ",g-2,", ",x-2,")

    result = run_import(path)

    assert result.problems == []
    assert not Guardian.objects.filter(sourced_id="g-2", active=True).exists()
    assert Guardian.objects.filter(sourced_id="x-2", active=True).count() == 2
    ana.refresh_from_db()
    assert (ana.email, ana.language, ana.educational_rights, ana.address) == (
        "ana.smith@home.test", "es", True, "1 Elm St")


def test_a_guardian_entered_by_staff_is_adopted_by_email_not_doubled() -> None:
    run_import(FIXTURES / "v11_bulk")
    maya = Guardian._meta.get_field("student").related_model.objects.get(sourced_id="s-1")
    by_hand = Guardian.objects.create(student=maya, relationship="parent", first_name="Paula",
                                      last_name="López", email="paula@home.test", language="es")

    run_import(FIXTURES / "v11_guardians_bulk")

    by_hand.refresh_from_db()
    assert (by_hand.sourced_id, by_hand.last_name, by_hand.language) == ("g-1", "Lopez", "es")
    assert maya.guardians.count() == 1


@pytest.mark.parametrize("version", VERSIONS)
def test_a_guardian_whose_agent_is_not_a_known_student_is_a_problem_with_its_place(
    version: str, drop: Callable[[str], Path],
) -> None:
    run_import(FIXTURES / f"v{version}_bulk")
    path = drop(f"v{version}_guardians_bulk")
    rewrite(path / "users.csv", "555-0101,s-1,", "555-0101,s-9,")  # g-1, line 8
    rewrite(path / "users.csv", '"s-2,s-3"', '"s-2,t-1"')  # g-2, line 9: a teacher
    rewrite(path / "users.csv", "ana@home.test", "ana at home")  # g-3, line 10

    result = run_import(path)

    assert not result.applied
    assert result.problems == [
        Problem("users.csv", 8, "agentSourcedIds",
                '"s-9" is not a student in users.csv or an earlier import.'),
        Problem("users.csv", 9, "agentSourcedIds",
                "\"t-1\" (line 2) is not a student: a guardian's agents are their students."),
        Problem("users.csv", 10, "email", '"ana at home" is not an email address.'),
    ]
    assert not Guardian.objects.exists()
    # Applying the valid rows leaves the three out and imports the rest.
    partial = run_import(path, mode=ImportRun.Mode.APPLY_VALID)
    assert partial.summary["users.csv"]["errors"] == 3
    assert not Guardian.objects.exists()


def test_a_guardian_of_a_rejected_student_is_skipped_naming_that_student(
    drop: Callable[[str], Path],
) -> None:
    run_import(FIXTURES / "v11_bulk")
    path = drop("v11_guardians_bulk")
    rewrite(path / "users.csv", "s-1,,,true,", "s-1,,,maybe,")

    result = run_import(path, mode=ImportRun.Mode.APPLY_VALID)

    assert [(p.file, p.line) for p in result.problems] == [("users.csv", 5)]
    assert Problem("users.csv", 8, "agentSourcedIds",
                   "Skipped: it refers to s-1 (users.csv line 5), which was rejected.") in result.skipped
    assert not Guardian.objects.filter(sourced_id="g-1").exists()
    assert Guardian.objects.filter(sourced_id="g-2").count() == 2


def test_a_family_user_naming_no_student_is_a_warning_and_no_guardian(drop: Callable[[str], Path]) -> None:
    run_import(FIXTURES / "v11_bulk")
    path = drop("v11_guardians_bulk")
    rewrite(path / "users.csv", "555-0101,s-1,", "555-0101,,")

    result = run_import(path)

    assert result.problems == []
    assert Problem("users.csv", 8, "agentSourcedIds", (
        "Line 8: families (guardian, parent or relative) naming no student in agentSourcedIds, "
        "read and not imported: a guardian is imported as the guardian of the students their "
        "agentSourcedIds name.")) in result.warnings
    assert not Guardian.objects.filter(sourced_id="g-1").exists()


@pytest.mark.parametrize("size", [2, 20])
def test_writing_guardians_takes_the_same_queries_for_any_number(
    size: int, django_assert_num_queries,  # noqa: ANN001
) -> None:
    students = [f.StudentFactory() for _ in range(size)]
    existing = [Guardian.objects.create(student=s, relationship="parent", first_name="Old",
                                        last_name="Name", sourced_id=f"g-{s.pk}") for s in students]
    rows = [GuardianRow(f"g-{s.pk}", 2, ended=False, role="parent", given="New", family="Name",
                        students=(s.pk,)) for s in students]
    rows += [GuardianRow(f"n-{s.pk}", 3, ended=False, role="guardian", given="Ann", family="Lee",
                         students=(s.pk,)) for s in students]

    # the guardians concerned, the inserts, the updates (one statement each)
    with django_assert_num_queries(3):
        outcomes = roster_guardians_apply(rows, present=None)

    assert sorted(outcomes.values()) == ["added"] * size + ["updated"] * size
    assert {g.first_name for g in Guardian.objects.filter(pk__in=[g.pk for g in existing])} == {"New"}
