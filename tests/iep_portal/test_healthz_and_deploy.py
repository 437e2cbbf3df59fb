from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_reports_the_database_and_broker_without_data(client: Client, db: None) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] is True
    assert set(response.json()) == {"status", "database", "broker"}


def test_healthz_stays_up_when_the_broker_is_down(client: Client, db: None, settings) -> None:  # noqa: ANN001
    from iep_portal.celery import app

    old = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = old
    assert response.status_code == 200
    assert response.json()["broker"] is False


def test_the_compose_file_names_every_production_service() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(compose["services"])
    assert "gunicorn" in compose["services"]["web"]["command"]
    assert compose["services"]["beat"]["deploy"]["replicas"] == 1


@pytest.mark.slow
def test_check_deploy_is_clean_with_production_settings() -> None:
    env = {
        **os.environ,
        "IEP_PRODUCTION": "1",
        "SECRET_KEY": "x" * 60 + "production-key-for-the-check-only",
        "ALLOWED_HOSTS": "iep.district.example",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
