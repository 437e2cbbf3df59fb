"""No page or download is kept in a browser's or a proxy's cache (iep_portal.middleware.NoStoreMiddleware).

Every URL of the permission matrix, as a persona who may open it and as one who may not,
answers with Cache-Control no-store, private: the student page, the exports, the zip packet,
the 404 and the redirect alike. Static files keep their own caching.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

import tests.iep_portal.test_permission_matrix as matrix

world = matrix.world


def _no_store(response: Any) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


@pytest.mark.parametrize("name", sorted(matrix.RULES))
def test_every_url_tells_caches_to_keep_no_copy(name: str, world: SimpleNamespace) -> None:
    rule = matrix.RULES[name]
    if rule.setup:
        rule.setup(world)
    url = rule.url(world)
    people = sorted(rule.ok)[:1] + ["outsider", None]
    failures = []
    for who in people:
        client = Client()
        if who:
            client.force_login(getattr(world, who))
        data = rule.data(world) if rule.data else {}
        response = client.post(url, data) if rule.method == "post" else client.get(url, data)
        if not _no_store(response):
            failures.append(f"{who or 'anonymous'}: {response.status_code} "
                            f"Cache-Control={response.get('Cache-Control')!r}")
    assert not failures, f"{name} ({url}):\n" + "\n".join(failures)


def test_the_exports_are_not_cached(login: Any, provider: Any, district_admin: Any, iep: Any) -> None:
    export = login(provider).get(reverse("services:export"), {"start": "2026-08-17", "end": "2026-11-18"})
    assert export["Content-Type"].startswith("text/csv") and _no_store(export)
    packet = login(district_admin).get(reverse("fidelity:evidence_download", args=[iep.student.pk]),
                                       {"start": "2026-08-17", "end": "2026-11-18"})
    assert packet["Content-Type"].startswith("application/zip") and _no_store(packet)


def test_the_sign_in_page_is_not_cached(client: Client, db: None) -> None:
    assert _no_store(client.get(reverse("account_login")))


def test_static_files_keep_their_own_caching(client: Client, case_manager: Any) -> None:
    client.force_login(case_manager)
    response = client.get("/static/css/accommodations.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
