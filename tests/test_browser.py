"""The preview in a real headless Chromium (Debian's, driven by Playwright): what an editor sees and does.

Each test starts its own preview server on 127.0.0.1, port 0, over a temporary workspace holding
copies of templates/ and prompts/ and two real records; the watcher runs for real, so edits reach
the open page the way they reach an editor's. Every wait is bounded. Screenshots go to
test-artifacts/ for a person to look at.
"""
import os
import re
import shutil
import textwrap
from pathlib import Path

import pytest

from summarizer.config import load_settings
from summarizer.preview import PreviewServer, config_files, watched_paths

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_FLAGS = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-sandbox"]
WAIT_MS = 10_000  # the longest any step may take: a rebuild is about a second
PAGE_ID = "NCT03630471"  # v2 JSON record, last updated 2019-05-21
TITLE = "Effectiveness of a Problem-solving Intervention for Common Adolescent Mental Health Problems in India"
HARD_SUMMARY = (
    "This investigation evaluates the comparative effectiveness of a psychological intervention administered "
    "by lay counsellors within secondary educational institutions, where participants demonstrating "
    "clinically significant symptomatology receive structured problem-solving sessions subsequently "
    "evaluated through standardised psychometric instrumentation. Investigators additionally characterise "
    "implementation determinants influencing organisational sustainability and acceptability considerations."
)


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium for the module (a fresh profile each launch); skipped loudly where absent."""
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        executable = None
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium or Playwright is missing in CI: .ci/run must install them")
        pytest.skip("Chromium (Debian's chromium package) or the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def preview(preview_workspace, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    workspace = preview_workspace
    inputs = [workspace / "inputs"]
    server = PreviewServer(inputs, workspace, lambda: load_settings(folder=workspace),
                           watched_paths(inputs, workspace, config_files(None, workspace)), port=0)
    server.start()
    yield server
    server.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(WAIT_MS)
    yield tab
    context.close()


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def screenshot(tab, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / name), full_page=True)


def write_override(workspace: Path, text: str) -> None:
    folder = workspace / "overrides"
    folder.mkdir(exist_ok=True)
    (folder / f"{PAGE_ID}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")


def test_index_lists_every_page_for_review(preview, page):
    page.goto(preview.url)
    rows = page.locator("table.review tbody tr")
    expect(rows).to_have_count(2)
    expect(page.get_by_role("link", name=TITLE)).to_have_attribute("href", f"trials/{PAGE_ID}.html")
    expect(page.get_by_role("link", name="Clinical Study Of Migraine Evolution")).to_be_visible()
    expect(rows.first.locator(".verdict")).to_have_text("Passes")
    screenshot(page, "preview-index.png")
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_have_text(TITLE)


def test_page_shows_its_sections_disclaimers_and_the_record_beside_them(preview, page):
    page.goto(preview.url + f"trials/{PAGE_ID}.html")
    sections = page.locator("article > section[id]:not(#disclaimers)")
    expect(sections).to_have_count(8)
    assert sections.evaluate_all("nodes => nodes.map(n => n.id)") == [
        "summary", "what_it_could_mean", "what_could_go_wrong", "who_can_join", "what_happens", "where",
        "who_runs", "at_a_glance"]
    for disclaimer in ("not_medical_advice", "may_miss_details", "talk_to_doctor", "automated"):
        expect(page.locator(f"#disclaimer-{disclaimer}")).to_be_visible()
    expect(page.locator("#diag-page .verdict")).to_have_text("Passes")
    expect(page.locator("#summary .diag-scores")).to_contain_text("Grade")
    screenshot(page, "preview-page.png")

    source = page.locator("#summary .diag-source")
    expect(source).to_be_hidden()
    page.get_by_role("button", name="Show the record beside each section").click()
    expect(source).to_be_visible()
    expect(source).to_contain_text("enrollment")
    expect(source).to_contain_text("protocolSection.designModule.enrollmentInfo")
    expect(page.get_by_role("button", name="Hide the record")).to_have_attribute("aria-pressed", "true")
    screenshot(page, "preview-page-with-record.png")


def test_a_section_above_the_target_grade_is_marked_with_its_hard_words(preview, page):
    page.goto(preview.url + f"trials/{PAGE_ID}.html")
    summary = page.locator("#summary .diag-text")
    expect(summary).to_have_class("diag-text")
    write_override(preview.site.workspace, f"""\
        record_last_update: 2019-05-21
        sections:
          summary: "{HARD_SUMMARY}"
        """)
    expect(summary).to_have_class("diag-text fails-target")
    expect(summary.locator(".verdict")).to_have_text("Above the target grade")
    expect(summary.locator(".diag-scores .miss").first).to_contain_text("Grade")
    expect(summary.locator("mark.long-sentence").first).to_have_accessible_description(
        re.compile(r"^Long sentence: \d+ words \(at most 25\)\. Split it"))
    expect(summary.locator("mark.jargon").first).to_have_accessible_description(re.compile(r"may be new to readers"))
    expect(summary.locator("mark.plainer", has_text="administered")).to_have_accessible_description("Plainer: given.")
    expect(summary.locator(".edited")).to_have_text("Edited by hand")
    expect(page.locator("#what_it_could_mean .diag-text")).not_to_have_class("diag-text fails-target")
    expect(page.locator("#diag-page .verdict")).to_have_text("Needs work")
    screenshot(page, "preview-page-failing-section.png")

    page.goto(preview.url)
    first = page.locator("table.review tbody tr").first
    expect(first.get_by_role("link")).to_have_text(TITLE)
    expect(first.locator(".verdict")).to_have_text("Fails")
    screenshot(page, "preview-index-with-a-failing-draft.png")


def test_a_highlight_is_reached_with_tab_and_its_explanation_shown_and_announced(preview, page):
    page.goto(preview.url + f"trials/{PAGE_ID}.html")
    write_override(preview.site.workspace, f"""\
        record_last_update: 2019-05-21
        sections:
          summary: "{HARD_SUMMARY}"
        """)
    marks = page.locator("main mark")
    expect(page.locator("#summary mark").first).to_be_attached()  # the rebuilt page has loaded
    first, second = marks.nth(0), marks.nth(1)
    first_tip, second_tip = first.locator(":scope > .diag-tip"), second.locator(":scope > .diag-tip")
    expect(first_tip).to_be_hidden()
    for _ in range(50):  # from the top of the page, past the links and buttons before the text
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "MARK":
            break
    expect(first).to_be_focused()
    expect(first_tip).to_be_visible()
    expect(first).to_have_accessible_description(first_tip.text_content())
    screenshot(page, "preview-highlight-focused.png")
    page.keyboard.press("Escape")  # dismissed where it stands, focus kept
    expect(first_tip).to_be_hidden()
    expect(first).to_be_focused()
    page.keyboard.press("Tab")
    expect(second).to_be_focused()
    expect(second_tip).to_be_visible()
    expect(first_tip).to_be_hidden()
    # With the mouse, a word marked inside a long sentence shows its own explanation, not the sentence's.
    inner = page.locator("#summary mark.long-sentence mark").first
    page.locator("h1").click()  # focus leaves the marks
    inner.hover(position={"x": 2, "y": 2})
    expect(inner.locator(":scope > .diag-tip")).to_be_visible()
    expect(page.locator("#summary mark.long-sentence:has(mark:hover) > .diag-tip")).to_be_hidden()


def test_editing_a_template_or_an_input_reloads_the_open_page(preview, page):
    page.goto(preview.url + f"trials/{PAGE_ID}.html")
    page.evaluate("window.beforeReload = true")
    template = preview.site.workspace / "templates" / "page.html.j2"
    template.write_text(template.read_text().replace("<footer>", "<footer><p id='edited'>Template edited</p>"))
    expect(page.locator("#edited")).to_have_text("Template edited")
    assert page.evaluate("window.beforeReload") is None

    record = preview.site.workspace / "inputs" / f"{PAGE_ID}.json"
    record.write_text(record.read_text().replace(TITLE, "Problem-solving sessions for teenagers in India"))
    expect(page.locator("h1")).to_have_text("Problem-solving sessions for teenagers in India")


def test_a_broken_template_shows_the_error_over_the_last_good_page(preview, page):
    page.goto(preview.url + f"trials/{PAGE_ID}.html")
    template = preview.site.workspace / "templates" / "page.html.j2"
    good = template.read_text()
    template.write_text(good.replace("{% for section in page.sections %}", "{% for section in page.sections %"))
    error = page.locator("#preview-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("The last rebuild failed")
    expect(error.locator("pre")).to_contain_text("TemplateError")
    expect(error.locator("pre")).to_contain_text(re.compile(r"in .*page\.html\.j2, line \d+"))
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("#summary h2")).to_be_visible()
    screenshot(page, "preview-broken-template.png")

    template.write_text(good)
    expect(error).to_have_count(0)
    expect(page.locator("h1")).to_have_text(TITLE)


def test_an_override_changes_the_page_and_a_stale_one_is_flagged(preview, page):
    page.goto(preview.url + f"trials/{PAGE_ID}.html")
    expect(page.locator("#diag-override")).to_have_count(0)
    write_override(preview.site.workspace, """\
        record_last_update: 2018-01-01
        sections:
          summary: This study tests a talking therapy for teenagers. A counsellor meets them at school.
        hide:
          where: The school names are private.
        """)
    expect(page.locator("#summary .diag-text > p:not(.diag-scores)").first).to_have_text(
        "This study tests a talking therapy for teenagers. A counsellor meets them at school.")
    expect(page.locator("#where")).to_have_count(0)
    notice = page.locator("#diag-override")
    expect(notice).to_have_class("diag-panel override-stale")
    expect(notice.locator(".verdict")).to_have_text("Stale")
    expect(notice).to_contain_text("written for the record as updated on 2018-01-01")
    expect(notice).to_contain_text("Hidden: where. The school names are private.")
    screenshot(page, "preview-stale-override.png")

    write_override(preview.site.workspace, """\
        record_last_update: 2019-05-21
        sections:
          summary: This study tests a talking therapy for teenagers. A counsellor meets them at school.
        """)
    expect(notice).to_have_class("diag-panel override-note")
    expect(page.locator("#where")).to_have_count(1)
