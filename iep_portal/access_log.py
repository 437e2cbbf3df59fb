"""Writing the access log for a page or an export that shows many students at once.

One row per student shown, in one insert: My classes, the exports, the Django admin. A page
about one student writes its row through `students.access.get_student_for_user`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from django.http import HttpRequest

from iep_portal.models import AccessLog, User
from iep_portal.net import client_ip


def log_reads(request: HttpRequest, student_ids: Iterable[int], *, action: str) -> None:
    """One access-log row per student in `student_ids`, for the signed-in user and this
    request's address and path. Queries: one insert per 2,000 students; none for none."""
    students = sorted(set(student_ids))
    if not students:
        return
    user = cast(User, request.user)
    path, ip = request.get_full_path()[:500], client_ip(request)
    AccessLog.objects.bulk_create(
        [AccessLog(user=user, student_id=pk, action=action, path=path, ip_address=ip) for pk in students],
        batch_size=2000,
    )
