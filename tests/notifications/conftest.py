from __future__ import annotations

import pytest

from iep_portal.celery import app
from tests.services.conftest import speech  # noqa: F401 (the outbox tests log against this service)


@pytest.fixture
def broker():  # noqa: ANN201
    """Point the Celery app at a broker URL for one test."""
    old = app.conf.broker_url

    def _use(url: str) -> None:
        app.conf.broker_url = url
        # Rebuild the connection and producer pools for the new URL.
        app._pool = None  # noqa: SLF001
        app.amqp._producer_pool = None  # noqa: SLF001

    yield _use
    _use(old)
