"""Helpers for the real-browser journeys: sign-in per role, a step recorder, axe scans.

A journey reads as the person's day: `steps.sign_in(user)`, then `steps.check("my-day")`
after each page it reaches. `check` saves a screenshot under
test-artifacts/screenshots/<test>/<viewport>/NN-<step>.png and runs axe-core on the page;
a serious or critical violation fails the test with a readable list.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from allauth.mfa.utils import decrypt

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from iep_portal.models import User

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
# Every factory-made account has this password (tests/factories.py).
PASSWORD = "correct horse battery"
# axe impacts that fail a journey; "moderate" and "minor" are reported, not fatal.
BLOCKING_IMPACTS = ("serious", "critical")


def totp_code(secret: str) -> str:
    """The authenticator code an app would show now (time is frozen, and ticking)."""
    counters = list(yield_hotp_counters_from_time())
    current = counters[len(counters) // 2]  # the window is centred on now
    return format_hotp_value(hotp_value(secret, current))


def totp_secret_of(user: User) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return decrypt(authenticator.data["secret"])


def has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}\n  {v['helpUrl']}")
        for node in v["nodes"][:10]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}: {node.get('failureSummary', '').replace(chr(10), ' ')}")
            lines.append(f"      {node['html'][:200]}")
    return "\n".join(lines)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """All axe-core violations on the page as it is now (WCAG 2.1 A/AA and best practice)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"resultTypes": ["violations"]})
    return results.response["violations"]


def assert_accessible(page: Page, where: str = "") -> None:
    violations = axe_violations(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, (
        f"axe-core found {len(blocking)} serious/critical problem(s) on {where or page.url}:\n"
        + format_violations(blocking)
    )


def focus_style(page: Page) -> dict[str, Any]:
    """How the focused element draws its focus: outline and box shadow, as computed."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return {element: null};
            const s = getComputedStyle(el);
            return {element: el.outerHTML.slice(0, 120), outlineStyle: s.outlineStyle,
                    outlineWidth: s.outlineWidth, boxShadow: s.boxShadow,
                    focusVisible: el.matches(":focus-visible"), focusWithin: el.matches(":focus-within"),
                    documentFocused: document.hasFocus()};
        }"""
    )


def focus_is_visible(style: dict[str, Any]) -> bool:
    """Whether the focused element draws a focus indicator (an outline or a box shadow)."""
    if not style.get("element"):
        return False
    outline = style["outlineStyle"] != "none" and float(style["outlineWidth"].rstrip("px") or 0) > 0
    shadow = style["boxShadow"] not in ("", "none") and not style["boxShadow"].startswith("rgba(0, 0, 0, 0)")
    return outline or shadow


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass
class Steps:
    """Records a journey: numbered screenshots and an accessibility scan per step."""

    page: Page
    base_url: str
    test_name: str
    viewport: str
    number: int = 0
    scanned: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.page.on("console", self._on_console)
        self.page.on("response", self._on_response)

    def _on_console(self, message: Any) -> None:
        # CSP refusals (an inline style or script) show up here: they must not happen. A page
        # answered with 400 or 404 on purpose is logged as "Failed to load resource"; broken
        # stylesheets, scripts and images are caught by _on_response instead.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.console_errors.append(message.text)

    def _on_response(self, response: Any) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.console_errors.append(f"{response.status} for {response.url}")

    @property
    def directory(self) -> Path:
        return ARTIFACTS / self.test_name / self.viewport

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def goto(self, path: str) -> Any:
        return self.page.goto(self.url(path))

    def shot(self, name: str, *, full_page: bool = True) -> Path:
        self.number += 1
        path = self.directory / f"{self.number:02d}-{slug(name)}.png"
        # Finish CSS transitions first: a box ticked a moment ago would otherwise be drawn
        # half-way between unchecked and checked.
        self.page.screenshot(path=str(path), full_page=full_page, animations="disabled")
        return path

    def check(self, name: str, *, scan: bool = True) -> Path:
        """Screenshot this step, then fail on serious accessibility problems or console errors."""
        self.page.wait_for_load_state("load")
        path = self.shot(name)
        if scan:
            assert_accessible(self.page, f"step {self.number:02d} '{name}' ({self.page.url})")
            self.scanned.append(self.page.url)
        assert not self.console_errors, f"console errors at step '{name}': {self.console_errors}"
        return path

    def focused_name(self) -> str:
        """A readable name for the focused element: its label, aria-label or text."""
        return self.page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return "";
                const label = el.getAttribute("aria-label")
                    || (el.labels && el.labels.length ? el.labels[0].innerText : "")
                    || el.innerText || el.value || "";
                return label.replace(/\\s+/g, " ").trim();
            }"""
        )

    def tab(self, key: str = "Tab") -> str:
        """Press Tab (or Shift+Tab); the newly focused element must show where focus is."""
        self.page.keyboard.press(key)
        name = self.focused_name()
        style = focus_style(self.page)
        if not focus_is_visible(style):
            # A date input hands focus to its inner month field a moment after the key press.
            self.page.wait_for_timeout(100)
            style = focus_style(self.page)
        if not focus_is_visible(style):
            self.shot("focus-not-visible", full_page=False)
        assert focus_is_visible(style), f"no visible focus indicator on {name!r} ({self.page.url}): {style}"
        return name

    def tab_to(self, name: str, *, limit: int = 60) -> int:
        """Tab forward until the focused element's name contains `name`; returns the presses."""
        seen = []
        for presses in range(1, limit + 1):
            seen.append(self.tab())
            if name in seen[-1]:
                return presses
        raise AssertionError(f"Tab never reached {name!r}; focus went through {seen}")

    def sign_in(self, user: User, *, password: str = PASSWORD, expect_mfa: bool | None = None) -> None:
        """Sign in through the real sign-in page; admins with an authenticator enter a code."""
        page = self.page
        self.goto("/accounts/login/")
        self.check("sign-in")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state("load")
        if expect_mfa is None:
            expect_mfa = has_totp(user)
        if expect_mfa:
            assert "/accounts/2fa/authenticate" in page.url, page.url
            self.check("two-step-code")
            page.get_by_label("Code").fill(totp_code(totp_secret_of(user)))
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_load_state("load")

    def sign_out(self) -> None:
        page = self.page
        menu = page.locator("details.account-menu > summary")
        menu.click()
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_load_state("load")


def back_to_a_saved_form(page: Page) -> Any:
    """Press Back to a form that was just saved, and answer what the browser shows.

    No page is cached (Cache-Control: no-store), so the browser fetches the form's address
    again; its key (`?k=`) is used, so the page is "Already saved", with no form to send
    twice. When the entry behind is the answer to a POST (a first try refused with its
    message), the browser cannot show it without sending the form again and stops on its
    own "Confirm form resubmission" page (net::ERR_CACHE_MISS), sending nothing; one more
    Back reaches the form's address: "Already saved". Returns the response of that page.
    """
    from playwright.sync_api import Error

    try:
        response = page.go_back()
    except Error as exc:
        if "ERR_CACHE_MISS" not in str(exc):
            raise
        # The browser's own page ("Confirm form resubmission"), nothing sent; then Back again.
        page.wait_for_url(re.compile(r"^chrome-error://"))
        response = page.go_back()
    page.wait_for_load_state("load")
    return response
