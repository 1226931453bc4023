"""The web editor (issue 19): real Chromium, the real decap-server, real git, real builds.

A temporary git repository holds tests/roots/editor/ (three LIEN posts, byte for byte); the site is
built from it with the editor on, served on loopback with /api/v1 forwarded to decap-server (as
`make edit` does), and a volunteer's steps are taken in the form.
"""
from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import threading
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from campaign.checks.site import check_site
from campaign.editor.local import SERVER_JS, forward_handler, proxy_env
from tests.conftest import ROOT, run_build

pytestmark = pytest.mark.browser

EDITOR_ROOT = ROOT / "tests" / "roots" / "editor"
SHOTS = Path("/work/notes")
MOTION = "content/posts/model-motions/2021-05-28-rule-change-fast-track.md"
EVENT = "content/posts/events/2021-07-06-picket-labour-hq.md"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


class Editor:
    """The repository, the built site and the served editor of one test module."""

    def __init__(self, base: Path):
        self.base, self.repo, self.output = base, base / "repo", base / "output"
        self.requests: list[str] = []
        self.refused: list[str] = []
        self.url = ""  # the served editor's address, once it serves

    def build(self):
        # Built as of today: the editor dates a new post today, as `make new` does.
        return run_build(self.repo / "content", self.output, today=date.today().isoformat(),
                         env={"CAMPAIGN_EDITOR_LOCAL": "1"})

    def file(self, rel: str, ref: str | None = None) -> bytes:
        if ref:
            return subprocess.run(["git", "-C", str(self.repo), "show", f"{ref}:{rel}"], check=True,
                                  capture_output=True).stdout
        return (self.repo / rel).read_bytes()


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """Repository, build, decap-server and a loopback server forwarding /api/v1 to it."""
    if not SERVER_JS.is_file():
        pytest.fail("decap-server is missing: run `npm ci --ignore-scripts`")
    ed = Editor(tmp_path_factory.mktemp("editor"))
    ed.repo.mkdir()
    shutil.copytree(EDITOR_ROOT / "content", ed.repo / "content")
    shutil.copy(ROOT / "pelicanconf.py", ed.repo / "pelicanconf.py")
    (ed.repo / ".gitignore").write_text("output/\n")
    _git(ed.repo, "init", "-q", "-b", "main")
    _git(ed.repo, "config", "user.email", "editor-test@example.org")
    _git(ed.repo, "config", "user.name", "Editor test")
    _git(ed.repo, "add", ".")
    _git(ed.repo, "commit", "-q", "-m", "A small site")
    result = ed.build()
    assert result.returncode == 0, result.stderr + result.stdout
    proxy_port, site_port = _free_port(), _free_port()
    log = (ed.base / "decap-server.log").open("w")
    proxy = subprocess.Popen(["node", str(SERVER_JS)], env=proxy_env(ed.repo, proxy_port), stdout=log,
                             stderr=subprocess.STDOUT)
    loop = asyncio.new_event_loop()

    def serve() -> None:
        from tornado import web

        asyncio.set_event_loop(loop)
        app = web.Application([forward_handler(proxy_port),
                               (r"/(.*)", web.StaticFileHandler, {"path": str(ed.output),
                                                                  "default_filename": "index.html"})])
        app.listen(site_port, "127.0.0.1")
        loop.run_forever()

    threading.Thread(target=serve, daemon=True).start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", proxy_port)) == 0:
                break
        time.sleep(0.2)
    ed.url = f"http://127.0.0.1:{site_port}"
    yield ed
    loop.call_soon_threadsafe(loop.stop)
    proxy.terminate()
    proxy.wait(timeout=10)
    log.close()


@pytest.fixture(scope="module")
def cms(browser, editor):
    """One logged-in editor tab for the module; every request and refused resource is recorded."""
    # A British volunteer's browser: the date and time pickers show day/month and a 24-hour clock.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.on("request", lambda r: editor.requests.append(r.url))
    page.on("console", lambda m: editor.refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("dialog", lambda d: d.accept())
    page.goto(editor.url + "/admin/")
    page.get_by_role("button", name="Login").click()
    page.get_by_text("Meeting or event", exact=True).first.click()
    page.get_by_text("Picket Labour HQ against the purge, 20 July 2021").wait_for()
    page.screenshot(path=str(SHOTS / "cms-1-collections.png"))
    yield page
    context.close()


def _go(page, editor, route: str) -> None:
    # A fresh load each time: a change of the #route alone would keep the last entry's draft.
    page.goto(f"{editor.url}/admin/?load={time.monotonic_ns()}#{route}")


def _open_new(page, editor, kind: str) -> None:
    _go(page, editor, f"/collections/{kind}/new")
    page.locator("[id^='title-field-']").wait_for()


def _pick(page, field: str, option: str) -> None:
    """Choose `option` in a Decap select (react-select) whose input is labelled by `field`'s id."""
    page.locator(f"[id^='{field}-field-']").first.click()
    page.get_by_text(option, exact=True).last.click()


def _publish(page) -> None:
    page.get_by_role("button", name="Status: Draft").click()
    page.get_by_role("menuitem", name="Ready").click()
    page.get_by_role("button", name="Status: Ready").wait_for()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_role("menuitem", name="Publish now").click()
    page.get_by_text("Entry published").first.wait_for(timeout=20000)


def _save(page) -> None:
    page.get_by_role("button", name="Save", exact=True).click()
    try:
        page.get_by_text("Entry saved").first.wait_for(timeout=20000)
    except Exception:
        page.screenshot(path=str(SHOTS / "cms-failed-save.png"))
        raise


def test_an_event_made_in_the_form_is_a_commit_in_the_post_format_and_builds(cms, editor):
    page = cms
    _open_new(page, editor, "event")
    page.fill("[id^='title-field-']", "Members' winter meeting")
    page.fill("[id^='date-field-']", date.today().isoformat())
    _pick(page, "category", "Campaigns")
    page.fill("[id^='start-field-']", "2026-12-05T19:00")
    page.fill("[id^='end-field-']", "2026-12-05T21:00")
    page.fill("[id^='location-field-']", "Conway Hall, 25 Red Lion Square, London WC1R 4RL")
    page.fill("[id^='register-field-']", "mailto:events@example.org")
    page.fill("[id^='tags-field-']", "meeting, winter")
    page.fill("[id^='summary-field-']", "Our winter meeting: reports from the working groups and plans for the spring.")
    page.locator("[data-slate-editor]").click()
    page.keyboard.type("Everyone is welcome. Bring a friend.")
    page.screenshot(path=str(SHOTS / "cms-2-new-event.png"))
    _save(page)
    today = date.today().isoformat()
    name = f"content/posts/events/{today}-members-winter-meeting.md"
    branch = "cms/event/" + Path(name).stem
    # Editorial workflow: the draft is a branch with its own commit until it is published.
    assert branch in _git(editor.repo, "branch", "--list", branch)
    assert name in _git(editor.repo, "ls-tree", "-r", "--name-only", branch)
    assert name not in _git(editor.repo, "ls-tree", "-r", "--name-only", "main")
    _publish(page)
    page.screenshot(path=str(SHOTS / "cms-3-published.png"))
    expected = (f"Title: Members' winter meeting\nDate: {today}\nCategory: Meetings/events, Campaigns\n"
                "Kind: event\nStart: 2026-12-05 19:00\nEnd: 2026-12-05 21:00\nTimezone: Europe/London\n"
                "Location: Conway Hall, 25 Red Lion Square, London WC1R 4RL\nRegister: mailto:events@example.org\n"
                "Tags: meeting, winter\n"
                "Summary: Our winter meeting: reports from the working groups and plans for the spring.\n\n"
                "Everyone is welcome. Bring a friend.\n")
    assert editor.file(name).decode() == expected
    assert _git(editor.repo, "status", "--porcelain") == ""
    assert _git(editor.repo, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    _count, problems = check_site(editor.repo)
    assert problems == [], problems
    result = editor.build()
    assert result.returncode == 0, result.stderr + result.stdout
    html = (editor.output / f"{today[:4]}/{today[5:7]}/members-winter-meeting/index.html").read_text()
    assert "Members’ winter meeting" in html or "Members' winter meeting" in html
    assert "Conway Hall" in html


def test_an_existing_post_changed_and_changed_back_comes_back_byte_for_byte(cms, editor):
    page = cms
    before = editor.file(MOTION)
    branch = "cms/motion/" + Path(MOTION).stem
    # Decap will not save an entry that has not changed: save a change, then save it undone.
    for title in ("Rule change: end fast-track disciplinary procedures now",
                  "Rule change: end fast-track disciplinary procedures"):
        _go(page, editor, f"/collections/motion/entries/{Path(MOTION).stem}")
        field = page.locator("[id^='title-field-']")
        field.wait_for()
        field.fill(title)
        _save(page)
    assert editor.file(MOTION, ref=branch) == before
    assert len(_git(editor.repo, "log", "--format=%s", f"main..{branch}").splitlines()) == 2
    _publish(page)
    assert editor.file(MOTION) == before


def test_the_format_reads_and_writes_every_real_post_unchanged(cms, editor):
    """The editor's reading of each LIEN post matches the site's, and writing it back changes no byte."""
    from campaign.content.header import parse_header

    for path in sorted((ROOT / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        result = cms.evaluate("""text => {
            const f = window.CampaignHeaderFormat, data = f.fromFile(text);
            return {back: f.toFile(data), data: data};
        }""", text)
        assert result["back"] == text, path
        header = parse_header(text)
        for name, field in header.fields.items():
            value = result["data"][name]
            shown = ", ".join(value) if isinstance(value, list) else value
            assert " ".join(shown.split()).lower() == " ".join(field.value.split()).lower().replace(" ,", ","), (path, name)


def test_editing_one_field_changes_only_that_line(cms, editor):
    page = cms
    before = editor.file(EVENT).decode()
    _go(page, editor, f"/collections/event/entries/{Path(EVENT).stem}")
    location = page.locator("[id^='location-field-']")
    location.wait_for()
    location.fill("Outside Labour Party HQ, 105 Victoria Street, London SW1")
    page.screenshot(path=str(SHOTS / "cms-4-edit-event.png"))
    _save(page)
    _publish(page)
    after = editor.file(EVENT).decode()
    old = next(line for line in before.splitlines() if line.startswith("Location: "))
    assert after == before.replace(old, "Location: Outside Labour Party HQ, 105 Victoria Street, London SW1")
    assert check_site(editor.repo)[1] == []


def test_a_picture_goes_to_content_images_with_its_description(cms, editor, tmp_path):
    from PIL import Image

    page = cms
    picture = tmp_path / "placards.png"
    Image.new("RGB", (64, 48), (180, 40, 40)).save(picture)
    _open_new(page, editor, "post")
    page.fill("[id^='title-field-']", "Pictures from the picket")
    page.fill("[id^='date-field-']", date.today().isoformat())
    page.fill("[id^='summary-field-']", "What the picket looked like.")
    page.get_by_text("Choose an image").click()
    with page.expect_file_chooser() as chooser:
        page.get_by_text("Upload", exact=True).click()
    chooser.value.set_files(str(picture))
    page.get_by_role("button", name="Choose selected").click()
    page.fill("[id^='image_alt-field-']", "Placards outside the party's headquarters")
    page.locator("[data-slate-editor]").click()
    page.keyboard.type("We were there.")
    _save(page)
    _publish(page)
    name = f"content/posts/campaigns/{date.today().isoformat()}-pictures-from-the-picket.md"
    text = editor.file(name).decode()
    assert "\nImage: /images/placards.png\nImage_alt: Placards outside the party's headquarters\n" in text
    assert editor.file("content/images/placards.png") == picture.read_bytes()
    assert check_site(editor.repo)[1] == []


def test_a_motion_and_a_press_release_made_in_the_form_build_like_hand_written_ones(cms, editor):
    page = cms
    today = date.today().isoformat()
    _open_new(page, editor, "motion")
    page.fill("[id^='title-field-']", "Restore the right to appeal")
    page.fill("[id^='date-field-']", today)
    _pick(page, "motion_type", "rule change")
    page.fill("[id^='body-field-']", "CLP, conference")
    page.fill("[id^='deadline-field-']", "2026-12-20")
    page.fill("[id^='submit_to-field-']", "Your CLP secretary")
    page.fill("[id^='summary-field-']", "A rule change that restores members' right to appeal.")
    page.locator("[data-slate-editor]").click()
    page.keyboard.type("This CLP resolves to restore the right to appeal.")
    page.screenshot(path=str(SHOTS / "cms-6-new-motion.png"))
    _save(page)
    _publish(page)
    _open_new(page, editor, "press-release")
    page.fill("[id^='title-field-']", "Network welcomes appeal ruling")
    page.fill("[id^='date-field-']", today)
    page.fill("[id^='summary-field-']", "The network welcomes today's ruling on appeals.")
    page.locator("[data-slate-editor]").click()
    page.keyboard.type("The network welcomes the ruling.")
    _save(page)
    _publish(page)
    motion = editor.file(f"content/posts/model-motions/{today}-restore-the-right-to-appeal.md").decode()
    assert motion.startswith(f"Title: Restore the right to appeal\nDate: {today}\nCategory: Model motions\n"
                             "Kind: motion\nMotion_type: rule change\nBody: CLP, conference\nDeadline: 2026-12-20\n"
                             "Submit_to: Your CLP secretary\n")
    release = editor.file(f"content/posts/press-releases/{today}-network-welcomes-appeal-ruling.md").decode()
    assert release.startswith(f"Title: Network welcomes appeal ruling\nDate: {today}\nCategory: Press releases\n"
                              "Kind: press-release\nSummary: ")
    assert check_site(editor.repo)[1] == []
    result = editor.build()
    assert result.returncode == 0, result.stderr + result.stdout
    month = f"{today[:4]}/{today[5:7]}"
    assert "Your CLP secretary" in (editor.output / month / "restore-the-right-to-appeal/index.html").read_text()
    assert (editor.output / month / "network-welcomes-appeal-ruling/index.html").is_file()


def test_a_missing_field_or_a_long_summary_is_refused_in_the_form(cms, editor):
    page = cms
    branches = _git(editor.repo, "branch", "--list")
    head = _git(editor.repo, "rev-parse", "HEAD")
    _open_new(page, editor, "event")
    page.fill("[id^='title-field-']", "Refused meeting")
    page.fill("[id^='date-field-']", date.today().isoformat())
    page.fill("[id^='start-field-']", "2026-12-05T19:00")
    page.fill("[id^='end-field-']", "2026-12-05T21:00")
    page.fill("[id^='summary-field-']", "x" * 301)
    page.locator("[data-slate-editor]").click()
    page.keyboard.type("Text.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Summary didn't match the pattern: At most 300 characters").wait_for()
    page.get_by_text("Location is required.", exact=False).first.wait_for()
    page.locator("[id^='location-field-']").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "cms-5-refused.png"))
    assert _git(editor.repo, "branch", "--list") == branches
    assert _git(editor.repo, "rev-parse", "HEAD") == head


def test_the_editor_loads_nothing_from_another_origin(cms, editor):
    assert len(editor.requests) > 10
    outside = [url for url in editor.requests
               if f"{urlsplit(url).scheme}://{urlsplit(url).netloc}" != editor.url and not url.startswith("data:")
               and not url.startswith("blob:")]
    assert outside == []
    assert any(url.endswith("/admin/decap/decap-cms.js") for url in editor.requests)
    assert any(url.endswith("/api/v1") for url in editor.requests)
    assert editor.refused == []
