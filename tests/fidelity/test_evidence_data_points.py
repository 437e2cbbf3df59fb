"""The evidence packet's data points: both dates (happened; recorded, with its offset), who
recorded each, the late flag and reason, and the approval state; graphs count only points
that count."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

from django.urls import reverse

from progress import actions
from progress.models import DataPoint, Goal

RANGE = {"start": "2026-09-08", "end": "2026-11-18"}


def test_the_packet_lists_every_data_point_with_both_dates_and_its_marks(
    login,
    school_admin,
    case_manager,
    student,
    small_school,
    calendar,  # noqa: ANN001
) -> None:
    goal = Goal.objects.get(area="Reading fluency")
    actions.data_point_record(
        goal=goal,
        by=case_manager,
        day=dt.date(2026, 11, 2),
        setting="special_ed",
        value=Decimal(41),
        late_reason="Probe sheet was in the substitute's folder.",
    )
    waiting = actions.data_point_record(
        goal=goal,
        by=case_manager,
        day=dt.date(2026, 10, 5),
        setting="special_ed",
        value=Decimal(99),
        late_reason="Found it.",
    )
    response = login(school_admin).get(reverse("fidelity:evidence_download", args=[student.pk]), RANGE)
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    rows = list(csv.reader(io.StringIO(archive.read("data_points.csv").decode())))
    header, body = rows[0], rows[1:]
    assert header[:8] == [
        "goal",
        "happened on",
        "value",
        "setting",
        "collected by",
        "recorded at",
        "recorded by",
        "late",
    ]
    by_day = {r[1]: dict(zip(header, r, strict=True)) for r in body}
    assert set(by_day) == {"2026-10-01", "2026-10-05", "2026-11-02", "2026-11-05"}
    late = by_day["2026-11-02"]
    assert late["late"] == "late" and late["why late"].startswith("Probe sheet")
    assert late["recorded at"].startswith("2026-11-18T") and late["recorded at"].endswith("-06:00")
    assert late["recorded by"] == case_manager.get_full_name() and late["counts"] == "yes"
    assert by_day["2026-10-05"]["approval"] == "Waiting for an administrator's approval"
    assert by_day["2026-10-05"]["counts"] == "no"
    assert by_day["2026-11-05"]["late"] == "" and by_day["2026-11-05"]["approval"] == ""
    # The goal's graph and its count leave out the point still waiting for approval.
    goals = {r[0]: r for r in csv.reader(io.StringIO(archive.read("goals.csv").decode()))}
    assert goals["Reading fluency"][5] == "2"
    summary = archive.read("summary.html").decode()
    assert "Every data point, with when it was recorded" in summary
    assert "1 not counted" in summary and "2 entered late" in summary
    assert DataPoint.objects.get(pk=waiting.pk).approval == DataPoint.Approval.WAITING
