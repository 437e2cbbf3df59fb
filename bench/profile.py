"""Profile one benchmarked request in-process (pyinstrument), with its SQL time and count.

    DJANGO_SETTINGS_MODULE=bench.settings BENCH_TODAY=2026-11-18 DATABASE_URL=... \\
        python -m bench.profile REQUESTS_DIR SCENARIO [LINE] [--html OUT.html]
"""

from __future__ import annotations

import argparse
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("requests_dir", type=Path)
    parser.add_argument("scenario")
    parser.add_argument("line", type=int, nargs="?", default=0)
    parser.add_argument("--html")
    args = parser.parse_args()
    django.setup()
    from django.db import connection
    from django.test import Client
    from pyinstrument import Profiler

    line = (args.requests_dir / f"{args.scenario}.tsv").read_text().splitlines()[args.line]
    method, path, cookie, csrf, body, header = (line.split("\t") + [""] * 6)[:6]
    client = Client(HTTP_COOKIE=cookie) if cookie else Client()
    extra = {"HTTP_X_CSRFTOKEN": csrf} if csrf else {}
    if header:
        name, value = header.split(":", 1)
        extra["HTTP_" + name.upper().replace("-", "_")] = value.strip()

    def send() -> Any:
        if method == "POST":
            return client.post(path, data=body.replace("{uuid}", str(uuid.uuid4())),
                               content_type="application/x-www-form-urlencoded", **extra)
        return client.get(path, **extra)

    send()  # warm: imports, template loading, connection
    sql: list[float] = []

    def timer(execute: Callable[..., Any], sql_text: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql_text, params, many, context)
        finally:
            sql.append(time.perf_counter() - started)

    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with connection.execute_wrapper(timer):
        profiler.start()
        response = send()
        profiler.stop()
    total = time.perf_counter() - started
    print(f"{method} {path} -> {response.status_code}: {total * 1000:.0f} ms, "
          f"{len(sql)} queries, {sum(sql) * 1000:.0f} ms in SQL")
    if args.html:
        Path(args.html).write_text(profiler.output_html())
    print(profiler.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    main()
