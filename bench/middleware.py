"""Bench-only: each response says how many SQL queries it ran, how long they took and how
much CPU the worker spent on it (headers), without DEBUG. CPU time is the figure that holds
on a busy machine: wall-clock latency includes waiting for a core."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse


class QueryCount:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = 0
        sql_seconds = 0.0

        def counter(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
            nonlocal count, sql_seconds
            count += 1
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                sql_seconds += time.perf_counter() - started

        cpu = time.process_time()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        # SessionMiddleware sits inside this one, so the session save is counted too.
        response["X-Bench-Queries"] = str(count)
        response["X-Bench-SQL-ms"] = f"{sql_seconds * 1000:.1f}"
        response["X-Bench-CPU-ms"] = f"{(time.process_time() - cpu) * 1000:.1f}"
        return response
