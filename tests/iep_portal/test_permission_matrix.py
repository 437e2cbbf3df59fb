"""Every URL, every persona: nobody sees a student they have no relationship to."""

from __future__ import annotations

import importlib
import pkgutil
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

import tests
from tests.conftest import signed_in
from tests.url_access import ALL_PERSONAS, Rule

# Third-party URL sets with their own access rules: allauth's sign-in pages (public by
# design) and the Django admin (staff only, behind secure_admin_login; tested separately).
EXEMPT_NAMESPACES = {"admin", "djdt"}
EXEMPT_MODULE_PREFIXES = ("allauth.",)


def collect_rules() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for module in pkgutil.iter_modules(tests.__path__):
        if not module.ispkg:
            continue
        try:
            mod = importlib.import_module(f"tests.{module.name}.url_access")
        except ModuleNotFoundError:
            continue
        rules.update(mod.URL_ACCESS)
    return rules


def walk(resolver: URLResolver, namespace: str = "") -> list[tuple[str, Any]]:
    names: list[tuple[str, Any]] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in EXEMPT_NAMESPACES:
                continue
            if getattr(entry.urlconf_module, "__name__", "").startswith(EXEMPT_MODULE_PREFIXES):
                continue
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names.extend(walk(entry, ns))
        elif isinstance(entry, URLPattern) and entry.name:
            names.append((f"{namespace}{entry.name}", entry.callback))
    return names


RULES = collect_rules()


def test_every_url_in_the_urlconf_has_an_access_rule() -> None:
    missing = sorted(name for name, _ in walk(get_resolver()) if name not in RULES)
    assert not missing, f"Add these URLs to a tests/<app>/url_access.py matrix: {missing}"


@pytest.fixture
def world(request: pytest.FixtureRequest, iep: Any) -> SimpleNamespace:
    names = [
        "school", "other_school", "student", "section", "calendar", "case_manager",
        "gen_ed_teacher", "provider", "observer", "colleague", "other_case_manager",
        "other_provider", "school_admin",
        "other_school_admin", "district_admin", "outsider", "test_coordinator", "guardian",
    ]
    return SimpleNamespace(iep=iep, **{n: request.getfixturevalue(n) for n in names})


@pytest.mark.parametrize("name", sorted(RULES))
def test_each_persona_gets_what_the_matrix_says(name: str, world: SimpleNamespace) -> None:
    rule = RULES[name]
    if rule.setup:
        rule.setup(world)
    url = rule.url(world)
    failures = []
    for persona in [None, *sorted(RULE_PERSONAS)]:
        client = Client()
        if persona:
            signed_in(client, getattr(world, persona))
        data = rule.data(world) if rule.data else {}
        response = client.post(url, data) if rule.method == "post" else client.get(url, data)
        expected = rule.expected(persona)
        got = _outcome(response)
        if got != expected:
            failures.append(f"{persona or 'anonymous'}: expected {expected}, got {got}")
    assert not failures, f"{name} ({url}):\n" + "\n".join(failures)


RULE_PERSONAS = ALL_PERSONAS


def _outcome(response: Any) -> str | int:
    code = response.status_code
    if code in (301, 302) and "/accounts/login/" in response.get("Location", ""):
        return "login"
    if code in (301, 302) and "/accounts/2fa/" in response.get("Location", ""):
        return "mfa"
    if 200 <= code < 400:
        return "ok"
    return code
