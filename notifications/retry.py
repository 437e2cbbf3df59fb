"""How every task retries: a database error (a deadlock, a failover) is retried with backoff."""

from __future__ import annotations

from typing import TypedDict

from django.db import DatabaseError


class _RetryOptions(TypedDict):
    autoretry_for: tuple[type[BaseException], ...]
    retry_backoff: bool
    max_retries: int


RETRY: _RetryOptions = {"autoretry_for": (DatabaseError,), "retry_backoff": True, "max_retries": 5}
