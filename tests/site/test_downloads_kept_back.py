"""A download in content/files/ (a PDF leaflet, say) is published only when published content
links to it: one that only a draft links to stays out of the site, like a draft's picture."""
from __future__ import annotations

from tests.conftest import copy_root, run_build, settings_with

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_file_only_a_draft_links_to_is_not_published(tmp_path):
    content = copy_root("minimal", tmp_path)
    (content / "files").mkdir()
    (content / "files" / "public-flyer.pdf").write_bytes(PDF)
    (content / "files" / "draft-flyer.pdf").write_bytes(PDF)
    posts = content / "posts" / "campaigns"
    (posts / "2021-05-02-with-flyer.md").write_text(
        "Title: With a flyer\nDate: 2021-05-02\nCategory: Campaigns\nSummary: A post with a flyer.\n\n"
        "[Print the flyer](/files/public-flyer.pdf).\n", encoding="utf-8")
    (posts / "2021-05-03-draft.md").write_text(
        "Title: Not yet\nDate: 2021-05-03\nCategory: Campaigns\nSummary: A draft.\nStatus: draft\n\n"
        "[Its flyer](/files/draft-flyer.pdf).\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_build(content, out, settings=settings_with(tmp_path, base="rootconf"))
    assert result.returncode == 0, result.stderr
    assert (out / "files" / "public-flyer.pdf").read_bytes() == PDF
    assert not (out / "files" / "draft-flyer.pdf").exists()
