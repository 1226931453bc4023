"""`make import-wordpress` on a WXR export written for the tests: dry run, map, import, re-run safety."""
from __future__ import annotations

import functools
import gzip
import http.server
import io
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from campaign.content.header import read_header
from tests.conftest import ROOT, BuiltSite, run_build
from tests.wordpress_helpers import (
    EXPORT,
    MAP,
    UPLOADS,
    make_project,
    run_import,
    snapshot,
)

POSTS = "content/posts"


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    """The project after a dry run without a map, then the import with the tests' map and uploads."""
    project = make_project(tmp_path_factory.mktemp("wp") / "project")
    shutil.copy(MAP, project / "wordpress-map.toml")
    result = run_import(project, "--apply", "--uploads", str(UPLOADS))
    assert result.returncode == 0, result.stdout + result.stderr
    project.joinpath("apply.out").write_text(result.stdout + result.stderr, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def built(imported, tmp_path_factory) -> BuiltSite:
    out = tmp_path_factory.mktemp("wp-out") / "output"
    result = run_build(imported / "content", out, settings=str(imported / "build_conf.py"))
    assert result.returncode == 0, result.stderr + result.stdout
    return BuiltSite(out)


def test_dry_run_without_a_map_writes_one_lists_the_export_and_fails(tmp_path):
    project = make_project(tmp_path / "project")
    before = snapshot(project / "content")
    result = run_import(project)
    assert result.returncode == 2
    assert snapshot(project / "content") == before, "a dry run wrote to content/"
    written = (project / "wordpress-map.toml").read_text(encoding="utf-8")
    for slug, count in [("news", "6 posts"), ("meetings", "2 posts"), ("leaflets", "1 post"), ("uncategorized", "2 posts")]:
        assert f'"{slug}" = ""' in written and count in written
    report = result.stdout
    assert "| nav_menu_item | publish | 2 | not imported |" in report
    assert "| post | future | 1 | post, scheduled |" in report
    assert "custom post type 'tribe_events'" in report
    assert "[contact-form-7] in 1 post" in report
    assert "the address /about/ is taken; imported as about-2" in report
    assert "- /about/ (“About us”)" in report  # its old address is the existing page's: no redirect
    assert "**not mapped**" in report
    assert "2 approved comments on 1 post were not imported" in report
    assert "wordpress-map.toml with the 4 categories" in result.stderr


def test_dry_run_with_the_map_reports_and_writes_nothing(tmp_path):
    project = make_project(tmp_path / "project")
    shutil.copy(MAP, project / "wordpress-map.toml")
    before = snapshot(project)
    result = run_import(project, "--uploads", str(UPLOADS))
    assert result.returncode == 0, result.stderr
    assert snapshot(project) == before
    assert "Dry run: nothing was written" in result.stderr
    assert "| meetings | Meetings | 2 | Meetings/events, Campaigns |" in result.stdout
    assert "banner.jpg: it is not in the uploads folder" in result.stdout


def test_an_unmapped_category_stops_the_import_naming_it(tmp_path):
    project = make_project(tmp_path / "project")
    (project / "wordpress-map.toml").write_text('[sections]\n"news" = "Campaigns"\n"leaflets" = "Leaflets"\n')
    before = snapshot(project / "content")
    result = run_import(project, "--apply", "--uploads", str(UPLOADS))
    assert result.returncode == 1
    assert "wordpress-map.toml:1: 2 categories have no section: meetings, uncategorized — " in result.stderr
    assert snapshot(project / "content") == before


def test_a_map_naming_an_unknown_section_points_at_its_line(tmp_path):
    project = make_project(tmp_path / "project")
    (project / "wordpress-map.toml").write_text('[sections]\n"news" = "Campaigns"\n"*" = "Campains"\n')
    result = run_import(project)
    assert result.returncode == 1
    assert "wordpress-map.toml:3: unknown section 'Campains' — did you mean 'Campaigns'?" in result.stderr


def test_a_file_that_is_not_an_export_is_refused(tmp_path):
    project = make_project(tmp_path / "project")
    bad = tmp_path / "export.xml"
    bad.write_text("<rss><channel><title>x</title>\n<item></channel></rss>")
    result = run_import(project, export=bad)
    assert result.returncode == 1 and f"{bad}:2: this is not well-formed XML" in result.stderr


def test_the_import_ends_with_a_clean_check(imported):
    out = imported.joinpath("apply.out").read_text()
    assert "Checked 14 posts and pages: no problems." in out
    assert (imported / "import-report.md").read_text().startswith("# WordPress import report: Old Branch Site")


@pytest.mark.parametrize("path, status, why", [
    (f"{POSTS}/campaigns/2020-01-15-rally-at-the-town-hall.md", None, None),
    (f"{POSTS}/leaflets/2020-02-03-leaflet-launch.md", None, None),
    (f"{POSTS}/campaigns/2027-05-01-conference-next-year.md", None, None),
    (f"{POSTS}/campaigns/2026-11-21-half-written-statement.md", "draft", "a draft on the old site"),
    (f"{POSTS}/campaigns/2020-03-01-waiting-for-the-secretary.md", "draft", "pending review"),
    (f"{POSTS}/campaigns/2020-03-02-officers-minutes.md", "draft", "private on the old site"),
    (f"{POSTS}/campaigns/2020-03-03-phone-tree.md", "draft", "password-protected"),
    (f"{POSTS}/campaigns/2020-04-01-lost-banner-photo.md", "draft", "banner.jpg could not be imported"),
    (f"{POSTS}/campaigns/2020-04-02-contact-the-branch.md", "draft", "unknown shortcode [contact-form-7]"),
    (f"{POSTS}/events/2020-03-20-the-march-in-pictures.md", "draft", "march.png has no alt text"),
    ("content/pages/about-2.md", None, None),
    ("content/pages/our-history.md", None, None),
])
def test_each_item_becomes_what_its_status_allows(imported, path, status, why):
    header = read_header(imported / path)
    assert header.get("status") == status
    report = (imported / "import-report.md").read_text()
    if why:
        line = next(ln for ln in report.splitlines() if path in ln)
        assert why in line


def test_not_posts_are_not_imported(imported):
    text = " ".join(p.read_text() for p in (imported / "content").rglob("*.md"))
    for title in ("Home", "Navigation", "single", "header", "Custom Styles", "Rally-revision", "Summer-fair"):
        assert f"Title: {title}\n" not in text


def test_headers_carry_sections_tags_summary_id_and_old_addresses(imported):
    header = read_header(imported / POSTS / "campaigns/2020-01-15-rally-at-the-town-hall.md")
    assert header.get("category") == "Campaigns, Meetings/events"
    assert header.get("tags") == "picket, Town Hall"
    # No excerpt: the text before <!--more-->, its forced line break gone.
    assert header.get("summary").startswith("Two hundred members came to the town hall to hear the suspended")
    assert header.get("wordpress_id") == "10"
    assert header.get("redirect_from") == "/2020/01/15/rally-at-the-town-hall/, /?p=10, /2020/01/15/rally-town-hall/"
    assert header.get("date") == "2020-01-15 18:30"
    future = read_header(imported / POSTS / "campaigns/2027-05-01-conference-next-year.md")
    assert future.get("date") == "2027-05-01 10:00" and future.get("status") is None
    leaflet = read_header(imported / POSTS / "leaflets/2020-02-03-leaflet-launch.md")
    assert leaflet.get("summary") == "Our new leaflet, ready to print, and pictures from the march."


def test_body_is_clean_markdown(imported):
    text = (imported / POSTS / "campaigns/2020-01-15-rally-at-the-town-hall.md").read_text()
    body = text.split("\n\n", 1)[1]
    for leftover in ("wp:", "class=", "style=", "<br", "[caption", "<!--", "youtube.com/embed"):
        assert leftover not in body
    assert '<img src="/images/wordpress/2020/01/placards.jpg" alt="Placards outside the town hall">' in body
    assert "<figcaption>The rally, <em>seen from the steps</em></figcaption>" in body
    assert "```video\nurl: https://www.youtube.com/watch?v=rally2020xy\ntitle: Speeches from the rally\n```" in body
    assert "[our new leaflet]({filename}/posts/leaflets/2020-02-03-leaflet-launch.md)" in body
    assert "[about us]({filename}/pages/about-2.md)" in body
    leaflet = (imported / POSTS / "leaflets/2020-02-03-leaflet-launch.md").read_text()
    assert "[the leaflet (PDF)](/files/wordpress/2020/02/leaflet.pdf)" in leaflet
    assert "url: https://vimeo.com/76979871\ntitle: The march in two minutes" in leaflet
    assert "\n\nDownload " in leaflet, "the classic editor's blank lines are paragraphs"
    assert "[all our meetings](/section/events/)" in leaflet
    table = (imported / "content/pages/our-history.md").read_text()
    assert '<table><tr><th scope="col">Year</th><th>Members</th></tr><tr><td>1952</td><td>40</td></tr></table>' in table


def test_files_are_copied_checked_and_stripped(imported):
    jpg = imported / "content/images/wordpress/2020/01/placards.jpg"
    with Image.open(UPLOADS / "2020/01/placards.jpg") as original:
        assert original.getexif(), "the fixture picture should carry EXIF"
    with Image.open(jpg) as im:
        assert not im.getexif() and im.size == (60, 40)
    with Image.open(imported / "content/images/wordpress/2020/03/march.png") as im:
        assert "Author" not in im.info and "Comment" not in im.info
    pdf = (imported / "content/files/wordpress/2020/02/leaflet.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and b"Branch Secretary" not in pdf
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert not (imported / "content/images/wordpress/2020/01/placards-300x200.jpg").exists()


def test_a_file_that_is_not_what_it_claims_keeps_its_post_a_draft(tmp_path):
    project = make_project(tmp_path / "project")
    shutil.copy(MAP, project / "wordpress-map.toml")
    uploads = tmp_path / "uploads"
    shutil.copytree(UPLOADS, uploads)
    (uploads / "2020/02/leaflet.pdf").write_text("<html>Not found</html>")
    result = run_import(project, "--apply", "--uploads", str(uploads))
    assert result.returncode == 0, result.stdout + result.stderr
    leaflet = project / POSTS / "leaflets/2020-02-03-leaflet-launch.md"
    assert read_header(leaflet).get("status") == "draft"
    assert "leaflet.pdf: its content is not a .pdf file" in (project / "import-report.md").read_text()


def test_the_imported_site_builds_with_scheduled_and_draft_posts_kept_off(built):
    assert built.path("2020/01/rally-at-the-town-hall/").exists()
    assert built.path("about-2/").exists() and built.path("about/").exists()
    assert not built.path("2027/05/conference-next-year/index.html").exists(), "the embargo holds"
    assert not built.path("2020/03/officers-minutes/index.html").exists()
    assert not list(built.root.rglob("phone-tree*"))
    soup = built.soup("2020/01/rally-at-the-town-hall/")
    figure = soup.select_one("figure img[alt='Placards outside the town hall']")
    assert figure is not None and figure["src"] == "/images/wordpress/2020/01/placards.jpg"
    assert soup.select_one("figure.video-card a")["href"] == "https://www.youtube.com/watch?v=rally2020xy"
    assert soup.select_one("a[href='/2020/02/leaflet-launch/']") is not None


def test_rerunning_changes_nothing_and_never_overwrites_an_edit(imported, tmp_path):
    project = tmp_path / "again"
    shutil.copytree(imported, project)
    before = snapshot(project / "content")
    result = run_import(project, "--apply", "--uploads", str(UPLOADS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert snapshot(project / "content") == {**before, "wordpress-import.json": before["wordpress-import.json"]}
    post = project / POSTS / "campaigns/2020-01-15-rally-at-the-town-hall.md"
    edited = post.read_text().replace("Two hundred members", "Three hundred members")
    post.write_text(edited)
    picture = project / "content/images/wordpress/2020/01/placards.jpg"
    picture.write_bytes(b"a volunteer's own file")
    result = run_import(project, "--apply", "--uploads", str(UPLOADS))
    assert post.read_text() == edited
    assert picture.read_bytes() == b"a volunteer's own file"
    report = (project / "import-report.md").read_text()
    assert "2020-01-15-rally-at-the-town-hall.md was edited since the last import: left as it is" in report
    assert "placards.jpg was not written by the import, or was changed since: left as it is" in report


def test_a_file_the_import_did_not_write_is_left_alone(tmp_path):
    project = make_project(tmp_path / "project")
    shutil.copy(MAP, project / "wordpress-map.toml")
    mine = project / "content/files/wordpress/2020/02/leaflet.pdf"
    mine.parent.mkdir(parents=True)
    mine.write_bytes(b"%PDF-1.4 the group's own newer leaflet")
    result = run_import(project, "--apply", "--uploads", str(UPLOADS))
    assert mine.read_bytes() == b"%PDF-1.4 the group's own newer leaflet"
    assert "leaflet.pdf was not written by the import" in result.stdout


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_files_come_from_the_old_sites_address_when_there_is_no_uploads_folder(tmp_path):
    served = tmp_path / "old-site"
    shutil.copytree(UPLOADS, served / "wp-content" / "uploads")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(served)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        export = tmp_path / "export.xml"
        export.write_text(EXPORT.read_text().replace("http://old.example.test", f"http://127.0.0.1:{server.server_port}"))
        project = make_project(tmp_path / "project")
        shutil.copy(MAP, project / "wordpress-map.toml")
        result = run_import(project, "--apply", export=export)
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
    assert result.returncode == 0, result.stdout + result.stderr
    with Image.open(project / "content/images/wordpress/2020/01/placards.jpg") as im:
        assert not im.getexif()
    assert "banner.jpg: the old site answered 404" in (project / "import-report.md").read_text()
    assert "[the rally]({filename}/posts/campaigns/2020-01-15-rally-at-the-town-hall.md)" in \
        (project / POSTS / "leaflets/2020-02-03-leaflet-launch.md").read_text()


def test_make_target_dry_run_writes_the_map_where_map_says(tmp_path):
    map_path = tmp_path / "my-map.toml"
    result = subprocess.run(["make", "--no-print-directory", "import-wordpress", f"WXR={EXPORT}", f"MAP={map_path}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode != 0
    assert '"meetings" = ""' in map_path.read_text()
    assert "Dry run: nothing was written to content/." in result.stdout


def test_make_target_passes_apply_uploads_and_map_on(tmp_path):
    result = subprocess.run(["make", "-n", "--no-print-directory", "import-wordpress", "WXR=export.xml", "APPLY=1",
                             "UPLOADS=old/wp-content/uploads", f"MAP={tmp_path}/m.toml"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert (f'import-wordpress --wxr "{ROOT}/export.xml" --apply --uploads "{ROOT}/old/wp-content/uploads" '
            f'--map "{tmp_path}/m.toml"') in " ".join(result.stdout.replace("\\\n", " ").split())


def _words(path: Path) -> bytes:
    """The file's bytes, un-gzipped however often (Pagefind's index files are gzip too)."""
    data = path.read_bytes()
    while data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.lower()


@pytest.mark.parametrize("words", [b"private minutes", b"numbers to call", b"pending review", b"not finished",
                                   b"our conference opens", b"write to us"])
def test_what_was_not_public_on_the_old_site_leaves_no_trace(built, words):
    # Control: the words of a published post are found the same way (page, gzip copy, search index).
    found = [p for p in built.root.rglob("*") if p.is_file() and b"two hundred members" in _words(p)]
    assert any("pagefind" in str(p) for p in found) and any(p.name == "index.html.gz" for p in found)
    assert [p for p in built.root.rglob("*") if p.is_file() and words in _words(p)] == []
