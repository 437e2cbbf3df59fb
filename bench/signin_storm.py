"""The 7:55 sign-in storm: a school's staff signing in through the real form from one address.

    python -m bench.signin_storm http://127.0.0.1:PORT OUT.json [--accounts 300] [--clients 10]

1. `--accounts` different staff accounts (no second factor required) each open the sign-in
   page and post their correct password, `--clients` at a time, all from 127.0.0.1: one
   address, as a school behind one NAT is. Every sign-in must succeed (a redirect to My day),
   and the whole storm must fit in a minute.
2. Then wrong passwords from the same address, each on a different account, until the
   address is locked out: the lockout must still happen (at the "/ip" failure limit).

Run by bench/run against its server; reads the seeded accounts with DJANGO_SETTINGS_MODULE set.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import re
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import django

CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
LOCKED = b"Too many failed login attempts"
WRONG_LIMIT = 200  # more than the "/ip" failure limit: the lockout must come before


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def attempt(base: str, email: str, password: str) -> tuple[int, bytes, float]:
    """One browser: open the sign-in page, post the form; the status, body and seconds."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPCookieProcessor(jar))
    start = time.perf_counter()
    page = opener.open(base + "/accounts/login/", timeout=30).read()  # noqa: S310 (127.0.0.1 only)
    token = CSRF_FIELD.search(page)
    if token is None:
        raise SystemExit("The sign-in page has no CSRF token.")
    form = urllib.parse.urlencode({"login": email, "password": password,
                                   "csrfmiddlewaretoken": token.group(1).decode()}).encode()
    request = urllib.request.Request(base + "/accounts/login/", data=form, method="POST",  # noqa: S310
                                     headers={"Referer": base + "/accounts/login/"})
    try:
        response = opener.open(request, timeout=30)  # noqa: S310 (127.0.0.1 only)
        status, body = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read()
    return status, body, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("out", type=Path)
    parser.add_argument("--accounts", type=int, default=300)
    parser.add_argument("--clients", type=int, default=10)
    args = parser.parse_args()
    if not args.base.startswith("http://127.0.0.1:"):
        raise SystemExit("The benchmark only ever targets 127.0.0.1.")
    django.setup()
    from iep_portal.models import User
    from students.district_seed import SEED_PASSWORD

    staff = [u for u in User.objects.filter(is_active=True).exclude(role=User.Role.GUARDIAN).order_by("pk")
             if not u.role_requires_mfa]
    if len(staff) < args.accounts + WRONG_LIMIT:
        raise SystemExit(f"Only {len(staff)} staff accounts without a second factor; seed a larger district.")
    storm = [u.email for u in staff[: args.accounts]]

    start = time.perf_counter()
    with ThreadPoolExecutor(args.clients) as pool:
        results = list(pool.map(lambda email: attempt(args.base, email, SEED_PASSWORD), storm))
    storm_seconds = time.perf_counter() - start
    refused = [email for email, (status, _, _) in zip(storm, results, strict=True) if status != 302]
    latencies = sorted(seconds for _, _, seconds in results)

    # Wrong passwords as fast as the clients can send them (one at a time, a wrong password
    # costs a hash, and the "/ip" limit counts per minute): the address must be locked out.
    wrong = [u.email for u in staff[args.accounts: args.accounts + WRONG_LIMIT]]
    with ThreadPoolExecutor(args.clients) as pool:
        bodies = [body for _, body, _ in pool.map(lambda e: attempt(args.base, e, "not-the-password"), wrong)]
    locked_after = next((n for n, body in enumerate(bodies, start=1) if LOCKED in body), None)

    result = {
        "accounts": args.accounts, "clients": args.clients, "seconds": round(storm_seconds, 1),
        "refused": len(refused), "refused_examples": refused[:5],
        "p50_s": round(statistics.median(latencies), 3),
        "p95_s": round(latencies[int(0.95 * (len(latencies) - 1))], 3),
        "max_s": round(latencies[-1], 3),
        "wrong_password_locked_after": locked_after,
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result))
    if refused:
        sys.exit(1)


if __name__ == "__main__":
    main()
