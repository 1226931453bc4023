"""Redirect_from and content/redirects.toml: what is accepted, what is refused, what each host gets."""
from __future__ import annotations

import pytest

from campaign.content import redirects
from campaign.content.redirects import Redirect
from campaign.outputs import redirect_files


@pytest.mark.parametrize("value", ["/2020/01/15/x/", "/about-us", "/?p=12", "/?page_id=3", "/?cat=2", "/?feed=rss2",
                                   "/wp-content/uploads/2020/01/a.pdf", "/caf%C3%A9/"])
def test_site_paths_are_accepted(value):
    assert redirects.check_old(value, "f.md", 3) == []


@pytest.mark.parametrize("value, message", [
    ("https://old.example/x/", "the old address https://old.example/x/ is a full address with a site name"),
    ("2020/01/x/", "the old address '2020/01/x/' is not a path on this site"),
    ("/x?utm=1", "the old address '/x?utm=1' is not a path on this site"),
    ("//old.example/x", "the old address '//old.example/x' is not a path on this site"),
    ("/a/../b/", "the old address '/a/../b/' is not a path on this site"),
])
def test_other_values_are_refused_with_the_fix(value, message):
    [problem] = redirects.check_old(value, "f.md", 3)
    assert str(problem) == f"f.md:3: {message} — {redirects._FIX}"


def test_redirect_from_is_comma_separated():
    found, problems = redirects.parse_redirect_from("/a/, /?p=1,, /b", "/new/", "f.md", 4)
    assert [r.old for r in found] == ["/a/", "/?p=1", "/b"] and problems == []


def test_collisions_with_pages_and_other_redirects():
    rs = [Redirect("/a/", "/one/", "x.md", 5), Redirect("/a", "/two/", "y.md", 6), Redirect("/about/", "/one/", "x.md", 5),
          Redirect("/b/", "/one/", "x.md", 5), Redirect("/b/", "/one/", "content/redirects.toml", 9)]
    problems = [str(p) for p in redirects.collisions(rs, {"/about/"})]
    assert problems == [
        ("y.md:6: the old address /a already leads to /one/ (x.md:5) — give each old address one place to lead to: "
        "remove one of them"),
        ("x.md:5: the old address /about/ is the address of a page of this site — remove it here: the page itself "
        "answers there"),
    ]


def test_redirects_toml_is_read_with_lines(tmp_path):
    (tmp_path / "redirects.toml").write_text('[redirects]\n"/category/x/" = "/section/a/"\n"/bad" = "section/b/"\n')
    found, problems = redirects.read_file(tmp_path, "content/redirects.toml")
    assert [(r.old, r.new, r.line) for r in found] == [("/category/x/", "/section/a/", 2)]
    assert [str(p) for p in problems] == [("content/redirects.toml:3: the new address 'section/b/' for /bad is not a "
                                          "path on this site — write the address on this site, starting with /")]


def test_netlify_file_and_the_cloudflare_limit():
    text, warnings = redirect_files.netlify([Redirect("/a/", "/b/", "f", 1), Redirect("/?p=3", "/c/", "f", 1)])
    assert text.splitlines()[1:] == ["/a/ /b/ 301", "/ p=3 /c/ 301"]
    assert warnings == ["1 query-string redirects (/?p=...) work on Netlify and nginx, not on Cloudflare Pages"]
    many = [Redirect(f"/old/{i}/", "/b/", "f", 1) for i in range(2001)]
    _, warnings = redirect_files.netlify(many)
    assert warnings[0].startswith("_redirects has 2001 redirects; Cloudflare Pages reads at most 2000")


def test_nginx_maps_decode_paths_and_add_the_form_without_slash():
    maps = redirect_files.nginx_maps([Redirect("/caf%C3%A9/", "/new/", "f", 1), Redirect("/?page_id=7", "/p/", "f", 1)])
    assert maps["path"] == '"/café" "/new/";\n"/café/" "/new/";\n'
    assert maps["page_id"] == '"7" "/p/";\n' and maps["p"] == "\n"
