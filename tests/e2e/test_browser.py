"""The main flow in a real Chromium against a live server, real workers and a real model.

GIVEN a new visitor
WHEN they sign up, submit a scenario, wait, open the diagram, edit its code and re-render it
THEN they see each status without reloading, the image, the history entry, a live preview of
their edit with its error line marked, the new image and an SVG download that contains their
edit; the page fits a phone's width.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.conftest import PASSWORD
from tests.tiny_model import DEFAULT_EXAMPLES

CHROMIUM = Path(os.environ.get("PLANTWEB_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# One of the scenarios the tiny model was taught, so it writes a diagram that renders.
SCENARIO, DIAGRAM_TYPE, _ = next(example for example in DEFAULT_EXAMPLES if example[1] == "class")
JOB_TIMEOUT_MS = 90_000

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def browser() -> Browser:
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (make test does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(
    browser, live_server, celery_workers, plantuml_settings, transactional_db, output_dir, request
) -> Page:
    # plantuml_settings: the live server draws the editor's previews itself.
    context = browser.new_context(
        base_url=live_server.url, accept_downloads=True, viewport={"width": 1280, "height": 900}
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    # A picture of where the test ended, pass or fail.
    page.screenshot(path=output_dir / f"{request.node.name}-last.png", full_page=True)
    context.close()


def wait_for_image(page: Page, selector: str) -> None:
    """Waits until the image has loaded and decoded to a picture with a size."""
    page.wait_for_function(
        "selector => { const img = document.querySelector(selector);"
        " return img !== null && img.complete && img.naturalWidth > 0; }",
        arg=selector,
    )


def fits_the_width(page: Page) -> bool:
    """True when nothing makes the page scroll sideways."""
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_a_new_user_turns_a_scenario_into_a_diagram_and_edits_it(page: Page, output_dir: Path):
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill("carol")
    page.get_by_label("Password", exact=True).fill("a-long-and-unusual-passphrase")
    page.get_by_label("Password confirmation").fill("a-long-and-unusual-passphrase")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Turn a scenario into a diagram")).to_be_visible()

    # A paste over the limit is kept whole, said to be over beside the box, and refused with
    # the server's message, still whole.
    scenario_box = page.get_by_label("Scenario")
    scenario_box.focus()
    page.keyboard.insert_text("x" * 20_050)
    expect(page.locator(".counter.over-limit")).to_contain_text("50 characters over the limit")
    page.get_by_role("button", name="Make diagram").click()
    expect(page.locator("#submit-panel .errors")).to_contain_text("the limit is 20,000")
    assert len(scenario_box.input_value()) == 20_050

    scenario_box.fill(SCENARIO)
    page.get_by_label("Diagram type").select_option(DIAGRAM_TYPE)
    # A full page load would drop this; htmx swaps keep it.
    page.evaluate("window.plantwebTestMarker = 'same page'")
    page.get_by_role("button", name="Make diagram").click()

    card = page.locator("#diagram-status")
    expect(card).to_be_visible()
    expect(card).to_have_attribute("data-status", "done", timeout=JOB_TIMEOUT_MS)
    assert page.evaluate("window.plantwebTestMarker") == "same page"
    expect(card.get_by_test_id("status")).to_have_text("Done")
    expect(page.locator("#status-announcer")).to_have_text("Diagram status: Done.")
    image = "#diagram-status figure img"
    wait_for_image(page, image)
    expect(card.locator("code")).to_contain_text("class Member")
    page.screenshot(path=output_dir / "e2e-1-done.png", full_page=True)

    page.get_by_role("navigation").get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", name="Your diagrams")).to_be_visible()
    entries = page.locator("li.history-item")
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text("Done")
    wait_for_image(page, "li.history-item img")
    page.screenshot(path=output_dir / "e2e-2-history.png", full_page=True)

    entries.first.locator(".history-text a").click()
    expect(page).to_have_url(re.compile(r"/diagrams/\d+/$"))
    old_src = page.locator(image).get_attribute("src")
    versions_before = page.locator("#diagram-versions tbody tr").count()
    code = page.get_by_label("PlantUML code")
    expect(code).to_have_value(re.compile("class Member"))
    expect(page.locator(".gutter span").first).to_have_text("1")

    # Live preview: a pause in typing draws the code, or marks the line PlantUML cannot read.
    broken = code.input_value().replace(
        "@enduml", "class LibraryCard\nthis is not plantuml\n@enduml"
    )
    bad_line = broken.splitlines().index("this is not plantuml") + 1
    code.fill(broken)
    expect(page.get_by_test_id("code-preview-error")).to_contain_text(f"Line {bad_line}:")
    expect(page.locator(".gutter .error-line")).to_have_text(str(bad_line))
    expect(page.get_by_test_id("editor-error")).to_contain_text(f"Line {bad_line}:")
    page.screenshot(path=output_dir / "e2e-3-preview-error.png", full_page=True)
    edited = broken.replace("this is not plantuml\n", "")
    code.fill(edited)
    preview = page.get_by_test_id("code-preview-image").locator("img")
    expect(preview).to_be_visible()
    wait_for_image(page, "#code-preview img")
    expect(page.locator(".gutter .error-line")).to_have_count(0)
    # Nothing was saved: the image and the versions are as they were.
    expect(page.locator(image)).to_have_attribute("src", old_src or "")
    expect(page.locator("#diagram-versions tbody tr")).to_have_count(versions_before)
    page.screenshot(path=output_dir / "e2e-3-preview.png", full_page=True)

    page.get_by_role("button", name="Re-render").click()

    expect(card).to_have_attribute("data-status", "done", timeout=JOB_TIMEOUT_MS)
    expect(page.locator(image)).not_to_have_attribute("src", old_src or "")
    wait_for_image(page, image)
    expect(page.locator("#diagram-versions tbody tr")).to_have_count(versions_before + 1)
    page.screenshot(path=output_dir / "e2e-3-rerendered.png", full_page=True)

    # The share link has a button that copies it.
    page.get_by_role("button", name="Create a share link").click()
    share_link = page.get_by_test_id("share-link").input_value()
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator("#diagram-share [role=status]")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()") == share_link

    # The same page on a phone: nothing scrolls sideways.
    page.screenshot(path=output_dir / "e2e-4-detail-1280.png", full_page=True)
    assert fits_the_width(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    wait_for_image(page, image)
    page.screenshot(path=output_dir / "e2e-4-detail-390.png", full_page=True)
    assert fits_the_width(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    with page.expect_download() as download_info:
        card.get_by_role("link", name="SVG", exact=True).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".svg")
    svg = Path(download.path()).read_text()
    assert "<svg" in svg[:500]
    assert "LibraryCard" in svg
    assert "Member" in svg


REFINE_CHANGE = "add a warehouse between the shop and the bank"


def test_a_user_refines_a_diagram_compares_versions_and_restores_one(
    page: Page, alice, output_dir: Path
):
    """
    GIVEN a user with a finished diagram
    WHEN they describe a change, then compare the two versions and restore the first
    THEN the status card follows the new generation without a reload, the new version is
    listed, the diff shows the two versions' code, and the restored version is drawn again
    """
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Scenario").fill(SCENARIO)
    page.get_by_label("Diagram type").select_option(DIAGRAM_TYPE)
    page.get_by_role("button", name="Make diagram").click()
    card = page.locator("#diagram-status")
    expect(card).to_have_attribute("data-status", "done", timeout=JOB_TIMEOUT_MS)
    card.get_by_role("link", name=re.compile("Open, edit and download")).click()
    expect(page).to_have_url(re.compile(r"/diagrams/\d+/$"))

    page.evaluate("window.plantwebTestMarker = 'same page'")
    # Records whether the last image stayed on show, however quickly the job runs.
    page.evaluate(
        "window.sawPreviousImage = false; new MutationObserver(() => {"
        " if (document.querySelector('[data-testid=previous-image] img')"
        "     && document.querySelector('[data-testid=current-code]'))"
        "   window.sawPreviousImage = true;"
        "}).observe(document.body, {childList: true, subtree: true})"
    )
    page.get_by_label("Describe a change").fill(REFINE_CHANGE)
    page.get_by_role("button", name="Refine").click()
    versions = page.locator("#diagram-versions")
    expect(versions).to_contain_text("Refined by the model", timeout=JOB_TIMEOUT_MS)
    expect(card).to_have_attribute("data-status", "done")
    assert page.evaluate("window.plantwebTestMarker") == "same page"
    wait_for_image(page, "#diagram-status figure img")
    expect(page.get_by_label("Describe a change")).to_have_value("")
    assert page.evaluate("window.sawPreviousImage")
    page.screenshot(path=output_dir / "e2e-refine-1-refined.png", full_page=True)

    page.get_by_role("button", name="Try again").click()
    expect(versions).to_contain_text("Generated again with a new seed", timeout=JOB_TIMEOUT_MS)
    expect(card).to_have_attribute("data-status", "done")
    wait_for_image(page, "#diagram-status figure img")

    page.get_by_label("From version").select_option("1")
    page.get_by_label("To version").select_option("2")
    page.get_by_role("button", name="Compare code").click()
    expect(page.get_by_role("heading", name="Compare versions")).to_be_visible()
    expect(page.get_by_test_id("diff")).to_be_visible()
    page.screenshot(path=output_dir / "e2e-refine-2-diff.png", full_page=True)

    page.go_back()
    page.locator('[data-testid="version-1"] a').click()
    wait_for_image(page, '[data-testid="version-image"] img')
    page.get_by_role("button", name="Restore this version").click()
    expect(page).to_have_url(re.compile(r"/diagrams/\d+/$"))
    expect(card).to_have_attribute("data-status", "done", timeout=JOB_TIMEOUT_MS)
    expect(page.locator("#diagram-versions")).to_contain_text("Restored from an earlier version")
    page.screenshot(path=output_dir / "e2e-refine-3-restored.png", full_page=True)


# What each type's diagram must name, read from tests/worker/test_planner.py's scenarios.
EXPECTED_NAMES = {
    "class": ("Customer", "Product"),
    "sequence": ("Customer", "Bank Server"),
    "usecase": ("Librarian", "Borrow Books"),
    "state": ("Red", "Green"),
    "component": ("Git Server", "Build Scheduler"),
    "object": ("Ann Lee", "Ward B"),
    "activity": ("grinds the beans", "milk is steamed"),
}


def test_each_type_is_drawn_with_the_names_its_scenario_uses(
    page: Page, gpu_worker_with, output_dir: Path
):
    """
    GIVEN the shipped planner in the generation worker
    WHEN a user submits one ordinary scenario of each type in the browser
    THEN each ends done, and its code names what the scenario names
    """
    from tests.worker.test_planner import SCENARIOS

    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password", exact=True).fill("a-long-and-unusual-passphrase")
    page.get_by_label("Password confirmation").fill("a-long-and-unusual-passphrase")
    page.get_by_role("button", name="Sign up").click()
    planner = str(Path(__file__).resolve().parents[2] / "models" / "plantweb-plan")
    with gpu_worker_with(PLANTWEB_MODEL=planner):
        for diagram_type, names in EXPECTED_NAMES.items():
            page.goto("/")
            page.get_by_label("Scenario").fill(SCENARIOS[diagram_type])
            page.get_by_label("Diagram type").select_option(diagram_type)
            page.get_by_role("button", name="Make diagram").click()
            card = page.locator("#diagram-status")
            expect(card).to_have_attribute("data-status", "done", timeout=JOB_TIMEOUT_MS)
            wait_for_image(page, "#diagram-status figure img")
            code = card.locator("code")
            for name in names:
                expect(code).to_contain_text(re.compile(re.escape(name), re.IGNORECASE))
            page.screenshot(path=output_dir / f"e2e-plan-{diagram_type}.png", full_page=True)
