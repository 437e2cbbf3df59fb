"""Before the load: send each scenario's requests one at a time (REPEAT passes over its list,
up to 24 requests), check they succeed as the signed-in role, and read the bench headers:
query count, SQL time and worker CPU time per request. Medians of these sequential requests
are the page's service time, which holds on a busy machine better than latency under load.

    python bench/probe.py http://127.0.0.1:PORT REQUESTS_DIR
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

OK = {200, 302}
MAX_REQUESTS = 24


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def main(base: str, out: Path) -> None:
    if not base.startswith("http://127.0.0.1:"):
        raise SystemExit("The benchmark only ever targets 127.0.0.1.")
    opener = urllib.request.build_opener(NoRedirect)
    results = {}
    for scenario in json.loads((out / "scenarios.json").read_text()):
        queries, sql, cpu, wall, statuses, bad = [], [], [], [], {}, []
        lines = (out / f"{scenario['name']}.tsv").read_text().splitlines()
        for line in (lines * MAX_REQUESTS)[:max(MAX_REQUESTS, len(lines))][:MAX_REQUESTS]:
            method, path, cookie, csrf, body, header = (line.split("\t") + [""] * 6)[:6]
            data = body.replace("{uuid}", str(uuid.uuid4())).encode() if method == "POST" else None
            request = urllib.request.Request(base + path, data=data, method=method)  # noqa: S310 (127.0.0.1 only)
            for name, value in (("Cookie", cookie), ("X-CSRFToken", csrf)):
                if value:
                    request.add_header(name, value)
            if header:
                name, value = header.split(":", 1)
                request.add_header(name, value.strip())
            started = time.perf_counter()
            try:
                response = opener.open(request, timeout=60)
                status, headers = response.status, response.headers
                size = len(response.read())
            except urllib.error.HTTPError as exc:
                status, headers, size = exc.code, exc.headers, 0
            wall.append((time.perf_counter() - started) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
            location = headers.get("Location", "")
            if status not in OK or "/accounts/" in location or "mfa" in location:
                bad.append(f"{method} {path} -> {status} {location}")
            if headers.get("X-Bench-Queries"):
                queries.append(int(headers["X-Bench-Queries"]))
                sql.append(float(headers["X-Bench-SQL-ms"]))
                cpu.append(float(headers["X-Bench-CPU-ms"]))
        results[scenario["name"]] = {
            "queries_min": min(queries, default=None), "queries_max": max(queries, default=None),
            "cpu_ms_median": round(statistics.median(cpu), 1) if cpu else None,
            "sql_ms_median": round(statistics.median(sql), 1) if sql else None,
            "wall_ms_median": round(statistics.median(wall), 1), "bytes": size,
            "statuses": statuses, "problems": bad[:3],
        }
    print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
