from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError

from notifications.notify import resolve


@shared_task(
    name="students.family_contact_logged", autoretry_for=(DatabaseError,), retry_backoff=True,
    max_retries=5,
)
def family_contact_logged(student_id: int) -> None:
    resolve(kind="family_contact", key_prefix=f"family-contact:{student_id}:")
