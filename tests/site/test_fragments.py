"""Issue 18: a post's line in the archives is rendered once per post object (outputs/fragments.py),
and a page that reuses it records the same names as one that rendered it, so the render memo
and the preview's judge know the same of it either way. Real Jinja renders; real Pelican builds
of the small preview tree (tests/roots/preview-small) for the preview's side.
"""
from __future__ import annotations

from types import SimpleNamespace

from jinja2 import DictLoader, Environment

from campaign.outputs import fragments, render_memo
from tests.site.test_live_preview import Tree, _clean, _header_line, differences

TEMPLATES = {
    "macros.html": '{% macro item(post) -%}<li><a href="{{ SITEURL }}/{{ post.url }}">{{ post.title }}</a></li>'
                   "{%- endmacro %}",
    "page.html": '{% import "macros.html" as ui with context %}<h1>{{ SITENAME }}</h1>'
                 '{% for post in posts %}{{ post_fragment("test_item", post, ui.item) }}{% endfor %}',
}


def _render(env: Environment, posts: list) -> tuple[str, set[str]]:
    render_memo.install()
    render_memo._recording.append(set())
    try:
        text = env.get_template("page.html").render(posts=posts, SITEURL="/x", SITENAME="Site")
    finally:
        names = render_memo._recording.pop()
    return text, names


def test_a_fragment_is_rendered_once_and_a_reuse_records_the_same_names():
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=True)
    env.globals["post_fragment"] = fragments.post_fragment
    posts = [SimpleNamespace(url=f"p{n}/", title=f"Post <{n}>") for n in range(3)]
    fragments.forget_all()
    first, first_names = _render(env, posts)
    assert '<li><a href="/x/p1/">Post &lt;1&gt;</a></li>' in first
    assert "SITEURL" in first_names  # looked up inside the macro only
    posts[1].title = "Changed in place"  # never done to a post; shows the text is reused
    again, again_names = _render(env, posts)
    assert again == first and again_names == first_names
    fragments.forget(posts[1])
    assert "Changed in place" in _render(env, posts)[0]
    fragments.forget_all()


def test_a_build_starts_with_no_fragments_but_its_own_posts(tmp_path):
    tree = Tree(tmp_path)
    stale = SimpleNamespace(url="gone/", title="Gone")
    fragments._cache[("archive_item", id(stale))] = (stale, "<li>gone</li>", frozenset(), ())
    live = tree.built_site()
    posts = {id(a) for g in live.kept.generators for a in getattr(g, "articles", [])}
    assert fragments._cache  # the archive was rendered with them
    assert all(key[1] in posts for key in fragments._cache)


def test_a_title_edit_shows_the_new_title_in_the_archives(tmp_path):
    tree = Tree(tmp_path)
    live = tree.built_site()
    update = live.changed({_header_line(tree.content / "posts" / "post-05.md", "Title", "A renamed post")})
    assert update.how == "header"
    assert "archive/index.html" in update.written
    archive = (tmp_path / "live" / "archive" / "index.html").read_text(encoding="utf-8")
    assert "A renamed post" in archive and "Post number 5<" not in archive
    update = live.changed({_header_line(tree.content / "posts" / "post-06.md", "Date", "2024-01-02")})
    assert update.how == "header"
    assert differences(tmp_path / "live", _clean(tree, tmp_path)) == []


def test_a_reused_card_still_tells_the_preview_which_pages_show_its_text(tmp_path):
    tree = Tree(tmp_path)
    post = tree.content / "posts" / "post-03.md"
    # No Summary line: the card shows the start of the text, so a text edit changes every card.
    post.write_text("".join(line for line in post.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not line.startswith("Summary:")), encoding="utf-8")
    live = tree.built_site()
    update = live.changed({_header_line(tree.content / "posts" / "post-05.md", "Title", "A renamed post")})
    assert update.how == "header"
    source = live.sources[post.resolve()]
    live_dir = tmp_path / "live"
    showing = {str(p.relative_to(live_dir)) for p in live_dir.rglob("*.html")
               if "Appeal right branch report debate" in p.read_text(encoding="utf-8")}
    rerendered = showing & set(update.written)
    assert rerendered  # listings rendered again, post-03's card reused from the cache in them
    assert showing <= live.deps.outputs_of(source)  # its reads were noted again on those pages
    post.write_text(post.read_text(encoding="utf-8").replace("Appeal right branch", "Appeal left branch"),
                    encoding="utf-8")
    update = live.changed({post})
    assert update.how == "text"
    assert rerendered <= set(update.written)
    assert differences(live_dir, _clean(tree, tmp_path)) == []
