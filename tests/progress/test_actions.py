"""Writes: values checked against the measure, requests closing themselves, nothing half-saved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from progress import actions
from progress.models import DataPoint, DataRequest, Goal, GoalCollector, ProgressReport
from progress.periods import Period
from tests.progress.factories import DataPointFactory, DataRequestFactory, GoalFactory

TODAY = dt.date(2026, 11, 18)


def record(goal: Goal, by: object, **kw: object) -> DataPoint:
    kw.setdefault("day", TODAY)
    kw.setdefault("setting", DataPoint.Setting.GEN_ED)
    return actions.data_point_record(goal=goal, by=by, **kw)  # type: ignore[arg-type]


def goal_fields(**kw: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "area": "Reading fluency", "annual_goal": "Read 110 words a minute.", "measure": "count",
        "unit": "words per minute", "baseline_value": Decimal(60), "baseline_date": dt.date(2026, 9, 8),
        "target_value": Decimal(110), "target_date": dt.date(2027, 5, 28), "collection_interval_days": 14,
        "short_term_objectives": "",
    }
    fields.update(kw)
    return fields


# --- goals -----------------------------------------------------------------------------------

def test_it_creates_a_goal_with_its_collectors(iep, case_manager, gen_ed_teacher) -> None:
    goal = actions.goal_create(iep=iep, by=case_manager, collectors=[case_manager, gen_ed_teacher],
                               **goal_fields())
    assert set(goal.collectors.all()) == {case_manager, gen_ed_teacher}


def test_it_refuses_a_collector_with_no_part_in_the_iep(iep, case_manager, colleague) -> None:
    with pytest.raises(ValidationError, match="cannot collect data for this student"):
        actions.goal_create(iep=iep, by=case_manager, collectors=[colleague], **goal_fields())
    assert not Goal.objects.exists()


def test_a_view_only_team_member_cannot_collect(iep, case_manager, observer) -> None:
    with pytest.raises(ValidationError, match="cannot collect"):
        actions.goal_create(iep=iep, by=case_manager, collectors=[observer], **goal_fields())


def test_it_refuses_a_percent_target_over_100(iep, case_manager) -> None:
    with pytest.raises(ValidationError) as exc:
        actions.goal_create(iep=iep, by=case_manager, collectors=[case_manager],
                            **goal_fields(measure="percent", target_value=Decimal(120)))
    assert "between 0 and 100" in str(exc.value.message_dict["target_value"])


def test_a_rubric_goal_needs_its_highest_level(iep, case_manager) -> None:
    with pytest.raises(ValidationError) as exc:
        actions.goal_create(iep=iep, by=case_manager, collectors=[case_manager],
                            **goal_fields(measure="rubric", baseline_value=1, target_value=3))
    assert "rubric_max" in exc.value.message_dict


def test_the_target_date_must_follow_the_baseline(iep, case_manager) -> None:
    with pytest.raises(ValidationError, match="after the baseline date"):
        actions.goal_create(iep=iep, by=case_manager, collectors=[case_manager],
                            **goal_fields(target_date=dt.date(2026, 9, 1)))


def test_a_goal_that_reduces_a_behaviour_is_allowed(iep, case_manager) -> None:
    goal = actions.goal_create(iep=iep, by=case_manager, collectors=[case_manager],
                               **goal_fields(baseline_value=12, target_value=2, unit="outbursts a day"))
    assert not goal.increasing


def test_the_measure_cannot_change_once_there_are_data(goal, case_manager) -> None:
    DataPointFactory(goal=goal)
    with pytest.raises(ValidationError, match="measure cannot change"):
        actions.goal_update(goal=goal, by=case_manager, collectors=[case_manager], measure="count")


def test_changing_collectors_drops_the_ones_left_out(goal, case_manager) -> None:
    actions.goal_update(goal=goal, by=case_manager, collectors=[case_manager], area="Math")
    assert list(GoalCollector.objects.filter(goal=goal).values_list("user", flat=True)) == [case_manager.pk]


# --- data points -----------------------------------------------------------------------------

def test_it_records_a_percent(goal, gen_ed_teacher) -> None:
    point = record(goal, gen_ed_teacher, value=Decimal("62.5"))
    assert point.value == Decimal("62.5")
    assert point.collected_by == gen_ed_teacher


@pytest.mark.parametrize("value", [Decimal(101), Decimal(-1)])
def test_it_refuses_a_percent_outside_0_to_100(goal, gen_ed_teacher, value) -> None:
    with pytest.raises(ValidationError) as exc:
        record(goal, gen_ed_teacher, value=value)
    assert "value" in exc.value.message_dict
    assert not DataPoint.objects.exists()


def test_it_refuses_a_day_in_the_future(goal, gen_ed_teacher) -> None:
    with pytest.raises(ValidationError, match="future"):
        record(goal, gen_ed_teacher, value=Decimal(50), day=TODAY + dt.timedelta(days=1))


def test_it_refuses_a_day_before_the_iep(goal, gen_ed_teacher) -> None:
    with pytest.raises(ValidationError, match="IEP started"):
        record(goal, gen_ed_teacher, value=Decimal(50), day=dt.date(2026, 9, 1))


def test_trials_become_a_percent(iep, case_manager) -> None:
    goal = GoalFactory(iep=iep, measure=Goal.Measure.TRIALS, collectors=[case_manager])
    point = record(goal, case_manager, correct=7, total=8)
    assert point.value == Decimal("87.5")
    assert point.display_value == "7/8 (87.5%)"


@pytest.mark.parametrize(("correct", "total", "field", "words"), [
    (9, 8, "correct", "cannot be more than"),
    (None, 8, "correct", "how many trials were correct"),
    (3, None, "total", "how many trials there were"),
    (0, 0, "total", "at least one trial"),
])
def test_it_refuses_trials_that_do_not_add_up(iep, case_manager, correct, total, field, words) -> None:
    goal = GoalFactory(iep=iep, measure=Goal.Measure.TRIALS, collectors=[case_manager])
    with pytest.raises(ValidationError) as exc:
        record(goal, case_manager, correct=correct, total=total)
    assert words in str(exc.value.message_dict[field])
    assert not DataPoint.objects.exists()


def test_a_rubric_level_above_the_top_is_refused(iep, case_manager) -> None:
    goal = GoalFactory(iep=iep, measure=Goal.Measure.RUBRIC, rubric_max=4, baseline_value=1,
                       target_value=3, collectors=[case_manager])
    with pytest.raises(ValidationError, match="between 0 and 4"):
        record(goal, case_manager, value=Decimal(5))


def test_the_database_refuses_inconsistent_trials_too(goal, case_manager) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        DataPoint.objects.create(goal=goal, date=TODAY, value=1, correct=5, total=3,
                                 setting="other", collected_by=case_manager)


# --- data requests ---------------------------------------------------------------------------

def test_a_request_closes_itself_when_the_teacher_records_data(goal, case_manager, gen_ed_teacher) -> None:
    (req,), _skipped = actions.data_request_create(goal=goal, by=case_manager, teachers=[gen_ed_teacher],
                                                   due_on=TODAY + dt.timedelta(days=7))
    point = record(goal, gen_ed_teacher, value=Decimal(40))
    req.refresh_from_db()
    assert req.status == DataRequest.Status.ANSWERED
    assert req.answer == point
    assert req.closed_at is not None


def test_data_from_someone_else_leave_the_request_open(goal, case_manager, gen_ed_teacher, provider) -> None:
    req = DataRequestFactory(goal=goal, teacher=gen_ed_teacher)
    record(goal, provider, value=Decimal(40))
    req.refresh_from_db()
    assert req.status == DataRequest.Status.OPEN


def test_asking_a_teacher_makes_them_a_collector(private_goal, case_manager, gen_ed_teacher) -> None:
    actions.data_request_create(goal=private_goal, by=case_manager, teachers=[gen_ed_teacher],
                                due_on=TODAY)
    assert GoalCollector.objects.filter(goal=private_goal, user=gen_ed_teacher).exists()


def test_asking_again_while_a_request_is_open_skips_that_teacher(goal, case_manager, gen_ed_teacher) -> None:
    DataRequestFactory(goal=goal, teacher=gen_ed_teacher)
    made, skipped = actions.data_request_create(goal=goal, by=case_manager, teachers=[gen_ed_teacher],
                                                due_on=TODAY)
    assert made == [] and skipped == [gen_ed_teacher]


def test_a_request_cannot_be_due_in_the_past(goal, case_manager, gen_ed_teacher) -> None:
    with pytest.raises(ValidationError, match="past"):
        actions.data_request_create(goal=goal, by=case_manager, teachers=[gen_ed_teacher],
                                    due_on=TODAY - dt.timedelta(days=1))


def test_a_teacher_from_outside_cannot_be_asked(goal, case_manager, outsider) -> None:
    with pytest.raises(ValidationError, match="cannot collect"):
        actions.data_request_create(goal=goal, by=case_manager, teachers=[outsider], due_on=TODAY)
    assert not DataRequest.objects.exists()


def test_cancelling_twice_says_it_is_closed(goal, case_manager, gen_ed_teacher) -> None:
    req = DataRequestFactory(goal=goal, teacher=gen_ed_teacher)
    actions.data_request_cancel(data_request=req, by=case_manager)
    with pytest.raises(ValidationError, match="already closed"):
        actions.data_request_cancel(data_request=req, by=case_manager)


# --- progress reports ------------------------------------------------------------------------

PERIOD = Period(2, dt.date(2026, 10, 29), dt.date(2027, 1, 9), 4)


def test_a_report_keeps_the_suggested_code_and_a_snapshot(goal, case_manager) -> None:
    points = [DataPointFactory(goal=goal, date=dt.date(2026, 10, 1) + dt.timedelta(days=7 * i),
                               value=Decimal(20)) for i in range(6)]
    (report,) = actions.progress_report_save(period=PERIOD, by=case_manager, entries=[
        actions.ReportEntry(goal, ProgressReport.Code.SUFFICIENT, "Working hard.", points, [])])
    assert report.suggested_code == ProgressReport.Code.INSUFFICIENT  # flat at baseline
    assert report.code == ProgressReport.Code.SUFFICIENT  # the case manager's call
    assert report.data_summary["points_in_period"] == 2  # Oct 29 and Nov 5
    assert report.data_summary["decision"] == "change"


def test_a_sent_report_cannot_be_rewritten_and_nothing_else_saves(goal, private_goal, case_manager) -> None:
    from tests.progress.factories import ProgressReportFactory

    ProgressReportFactory(goal=goal, sent_on=TODAY, sent_how="paper", sent_language="en")
    with pytest.raises(ValidationError, match="already sent"):
        actions.progress_report_save(period=PERIOD, by=case_manager, entries=[
            actions.ReportEntry(private_goal, "mastered", "", [], []),
            actions.ReportEntry(goal, "mastered", "", [], []),
        ])
    assert not ProgressReport.objects.filter(goal=private_goal).exists()


def test_marking_sent_records_date_how_and_language(goal, case_manager) -> None:
    from tests.progress.factories import ProgressReportFactory

    report = ProgressReportFactory(goal=goal)
    actions.progress_report_mark_sent(reports=[report], by=case_manager, sent_on=TODAY,
                                      how="email", language="es", untranslated_acknowledged=True)
    report.refresh_from_db()
    assert (report.sent_on, report.sent_how, report.sent_language) == (TODAY, "email", "es")
    # Nothing was translated: the report keeps what went out in English.
    assert report.sent_untranslated == [f"Goal 1 ({goal.area}): area", f"Goal 1 ({goal.area}): the annual goal"]


def test_a_report_cannot_be_sent_in_the_future(goal, case_manager) -> None:
    from tests.progress.factories import ProgressReportFactory

    with pytest.raises(ValidationError, match="future"):
        actions.progress_report_mark_sent(reports=[ProgressReportFactory(goal=goal)], by=case_manager,
                                          sent_on=TODAY + dt.timedelta(days=1), how="email", language="es")


def test_goal_history_is_kept(goal, case_manager) -> None:
    actions.goal_update(goal=goal, by=case_manager, collectors=[case_manager], area="Math problem solving")
    assert goal.events.count() >= 2  # type: ignore[attr-defined]


