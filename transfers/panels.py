"""The transfer on the student page: where the student came from and the clock."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from transfers.models import TransferIn

if TYPE_CHECKING:
    from django.http import HttpRequest

    from students.access import StudentAccess


def student(request: HttpRequest, access: StudentAccess) -> dict[str, Any] | None:
    """Queries: the transfer whose interim IEP is the student's active IEP (1)."""
    if access.limited or access.iep is None:
        return None
    transfer = TransferIn.objects.filter(interim_iep=access.iep).first()
    if transfer is None:
        return None
    left = (transfer.due_on - timezone.localdate()).days
    return {"student": access.student, "transfer": transfer, "days_left": left, "days_late": -left}
