"""The site and the Swagger UI work in a real Chromium under the Content-Security-Policy.

GIVEN the policy on every HTML page
WHEN a user logs in, submits a scenario through htmx, and opens the API docs and the admin
THEN nothing the pages need is blocked: no policy violation is reported, htmx swaps the status
card in without a reload, and Swagger UI lists the API's operations.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.e2e.test_browser import (
    JOB_TIMEOUT_MS,
    browser,  # noqa: F401  (the shared Chromium)
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# Runs in each page before its own scripts; the policy does not apply to it.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', event => {
  window.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""


@pytest.fixture
def page(
    browser,  # noqa: F811
    live_server,
    celery_workers,
    transactional_db,
    output_dir,
    request,
) -> Page:
    context = browser.new_context(base_url=live_server.url)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    page.screenshot(path=output_dir / f"{request.node.name}-last.png", full_page=True)
    context.close()


def _violations(page: Page) -> list[str]:
    return page.evaluate("window.cspViolations")


def test_pages_htmx_and_swagger_ui_work_under_the_policy(page: Page, alice):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Turn a scenario into a diagram")).to_be_visible()
    assert _violations(page) == []

    page.evaluate("window.plantwebTestMarker = 'same page'")
    page.get_by_label("Scenario").fill("A library lends books to its members.")
    page.get_by_role("button", name="Make diagram").click()
    expect(page.locator("#diagram-status")).to_be_visible()
    assert page.evaluate("window.plantwebTestMarker") == "same page"  # htmx swapped it in.
    # The polled card keeps working under the policy until the job ends, and the workers are
    # done with the job before the test's database is emptied.
    expect(page.locator("#diagram-status")).to_have_attribute(
        "data-status", re.compile("^(done|failed)$"), timeout=JOB_TIMEOUT_MS
    )
    assert _violations(page) == []

    page.goto("/api/docs/")
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.get_by_text("/api/v1/diagrams/", exact=True).first).to_be_visible()
    assert _violations(page) == []

    page.goto("/admin/login/")
    expect(page.locator("#id_username")).to_be_visible()
    assert _violations(page) == []
