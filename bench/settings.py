"""Settings for the benchmark server: production's, over plain HTTP, plus bench-only tooling.

- `bench.urls` adds one trivial view (`/bench/trivial`), the baseline every page's throughput
  is compared with.
- `bench.middleware.QueryCount` reports each response's query count in a header.
- BENCH_TODAY (YYYY-MM-DD) pins "today" in every process (the seed, the server, the timings),
  so a run is the same district on the same school day whenever it happens.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from iep_portal.settings import *  # noqa: F403
from iep_portal.settings import MIDDLEWARE, TIME_ZONE

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.QueryCount", *MIDDLEWARE]

if os.environ.get("BENCH_TODAY"):
    import time_machine

    _at = dt.datetime.combine(dt.date.fromisoformat(os.environ["BENCH_TODAY"]), dt.time(10, 30),
                              tzinfo=ZoneInfo(TIME_ZONE))
    time_machine.travel(_at, tick=True).start()
