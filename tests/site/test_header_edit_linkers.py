"""Issue 18: a header edit that moves a post, when other posts link to it. Their pages show the
new address, so the preview makes them again; a file made outside the writer from a linker's
text (a leaflet's PDF) shows it too, so it is printed again after the pages (print_again; more in
test_reprint_after_move.py). A calendar is made from an event's plain-text summary, which shows
no address: an event linking to the moved post does not stop the header path. Either way the
output is a clean build's. Real Pelican builds, in this process, on the small preview tree
(tests/roots/preview-small).
"""
from __future__ import annotations

import pytest

from tests.site.test_live_preview import Tree, _clean, _header_line, differences

EVENT = """\
Title: A meeting about post five
Date: 2025-05-01
Category: Meetings
Kind: event
Start: 2025-06-20 18:00
End: 2025-06-20 20:00
Location: The community hall
Summary: A meeting to talk about what the fifth post said.

Read [the post first]({filename}/posts/post-05.md) and come along.
"""

LEAFLET = """\
Title: A leaflet about post five
Date: 2025-05-02
Category: Leaflets
Kind: leaflet
Paper: A5
Summary: A short leaflet that sends readers to the fifth post.

**Read it online:** [the fifth post]({filename}/posts/post-05.md).
"""


@pytest.mark.parametrize("linker, printed", [(EVENT, 0), (LEAFLET, 1)])
def test_a_moved_post_linked_from_an_event_or_a_leaflet(tmp_path, linker, printed):
    tree = Tree(tmp_path)
    (tree.content / "posts" / "linker.md").write_text(linker, encoding="utf-8")
    live = tree.built_site()
    post = tree.content / "posts" / "post-05.md"
    update = live.changed({_header_line(post, "Date", "2024-03-09")})
    assert update.how == "header" and len(update.printing) == printed
    assert live.print_again().how == ("print" if printed else "none")
    linker_page = next((tmp_path / "live" / "2025" / "05").glob("a-*-about-post-five/index.html"))
    assert "2024/03/post-number-5/" in linker_page.read_text(encoding="utf-8")
    assert differences(tmp_path / "live", _clean(tree, tmp_path)) == []
