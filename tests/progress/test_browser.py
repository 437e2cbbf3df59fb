"""In a real browser: a gen-ed teacher answers a data request from My day, on a phone."""

from __future__ import annotations

from pathlib import Path

import pytest

from progress.models import DataRequest
from tests.progress.factories import DataRequestFactory

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs a system Chromium"),
]


@pytest.fixture
def browser_page(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # meanwhile are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 390, "height": 844})
        yield page
        browser.close()


@pytest.mark.django_db(transaction=True)
def test_a_teacher_answers_a_data_request_from_my_day(
    live_server, browser_page, gen_ed_teacher, goal
) -> None:
    request = DataRequestFactory(goal=goal, teacher=gen_ed_teacher, message="Friday's quiz, please")
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", gen_ed_teacher.email)
    page.fill("input[name=password]", "correct horse battery")
    page.click("button[type=submit]")
    ask = page.locator("article.data-ask").first
    ask.wait_for()
    assert "Friday's quiz, please" in ask.inner_text()
    ask.get_by_label("Percent correct").fill("65")
    ask.get_by_role("button", name="Save data").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "Data saved for" in page.locator(".messages").inner_text()
    assert page.locator("article.data-ask").count() == 0
    request.refresh_from_db()
    assert request.status == DataRequest.Status.ANSWERED
    assert request.answer is not None and request.answer.value == 65
