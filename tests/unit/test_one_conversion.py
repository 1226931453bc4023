"""Issue 18 (cold build CPU): each post's Markdown is converted once, by the build's reader inside
the check pass; the check judges that conversion and the build reads the kept result. Counted
here, conversion by conversion, and the judgement is the same as when the check converts alone."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown import Markdown
from pelican.settings import read_settings

from campaign import plugin
from campaign import settings as campaign_settings
from campaign.checks import per_file
from campaign.checks import site as checks
from campaign.content.header import parse_header
from campaign.markdown.reader import CampaignMarkdownReader, reader_for
from tests.conftest import ROOTS
from tests.unit.test_check_verdicts import DAY, make_project, same


def _conf(project: Path, **overrides: object) -> dict:
    return read_settings(str(project / "pelicanconf.py"),
                         override={"CAMPAIGN_TODAY": DAY, "CAMPAIGN_READ_WORKERS": 1, **overrides})


def _sources(project: Path) -> dict[str, str]:
    """Each post's and page's text, by path (as the reader and the check read it)."""
    return {str(p): p.read_bytes().decode("utf-8-sig")
            for folder in ("posts", "pages") for p in sorted((project / "content" / folder).rglob("*.md"))}


@pytest.fixture
def conversions(monkeypatch) -> list[str]:
    """Every text Python-Markdown converts from now on, in order."""
    seen: list[str] = []
    convert = Markdown.convert

    def counted(self, source: str) -> str:
        seen.append(source)
        return convert(self, source)

    monkeypatch.setattr(Markdown, "convert", counted)
    return seen


def test_each_file_is_converted_once_and_the_build_reads_what_the_check_converted(tmp_path, conversions):
    project = make_project(tmp_path, "kinds")
    texts = _sources(project)
    conf = _conf(project)
    report = checks.check_content(conf, campaign_settings.load(conf), project)
    assert report.count == len(texts) and not report.problems
    bodies = [source for source in conversions if source in texts.values()]
    assert sorted(bodies) == sorted(texts.values())  # every file's text converted, each once

    # The build's reader, made as Pelican and the plugin's start-up make it, converts nothing:
    # every file is in the content cache, under the key the check pass gave it.
    build = _conf(project)
    plugin.on_initialized(SimpleNamespace(settings=build))  # (it converts the sections' intros)
    reader = CampaignMarkdownReader(build)
    conversions.clear()
    kept = {path: reader.read(path) for path in texts}
    assert conversions == [] and reader._cache is not None and reader._cache.hits == len(texts)

    # ... and what it reads is what it makes when it converts the file itself.
    fresh = _conf(project, CAMPAIGN_CONTENT_CACHE=False)
    plugin.on_initialized(SimpleNamespace(settings=fresh))
    alone = CampaignMarkdownReader(fresh)
    for path, (content, metadata) in kept.items():
        own_content, own_metadata = alone.read(path)
        assert content == own_content
        assert {k: str(v) for k, v in metadata.items()} == {k: str(v) for k, v in own_metadata.items()}


@pytest.mark.parametrize("root", ["mistakes", "hostile-bodies", "hostile-headers", "kinds"])
def test_judging_the_readers_conversion_says_what_converting_alone_says(tmp_path, root):
    """With the content cache off the check converts every file itself (the reader's result would
    be thrown away): the same problems, in the same order, as judging the reader's conversion."""
    with_reader = make_project(tmp_path / "a", root)
    alone = make_project(tmp_path / "b", root)
    a, b = _conf(with_reader), _conf(alone, CAMPAIGN_CONTENT_CACHE=False)
    first = checks.check_content(a, campaign_settings.load(a), with_reader)
    second = checks.check_content(b, campaign_settings.load(b), alone)
    assert [str(p).replace(str(with_reader), "") for p in first.problems] == \
        [str(p).replace(str(alone), "") for p in second.problems]
    assert first.count == second.count and first.images == second.images
    assert first.reused == second.reused == 0
    if root != "kinds":
        assert first.problems  # a tree of mistakes: something to agree on


def test_kept_verdicts_and_fresh_ones_agree_after_the_reader_judged(tmp_path):
    """A second pass reuses every verdict the reader-judged pass kept, and says the same."""
    project = make_project(tmp_path, "hostile-bodies")
    conf = _conf(project)
    first = checks.check_content(conf, campaign_settings.load(conf), project)
    again = checks.check_content(conf, campaign_settings.load(conf), project)
    assert again.reused == again.count
    same(first, again)


SUMMARY = st.text(alphabet=st.sampled_from(list("ab Z:-._*`~<>&\"'\t#[]()!1")), min_size=0, max_size=30)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(summary=SUMMARY, second=st.sampled_from(["", "    more words", "Summary: again"]),
       body=st.sampled_from(["Body *text*.", '<script>x</script> and <b onclick="y">b</b>', "<iframe src=x>"]))
def test_pelicans_summary_conversion_is_used_only_when_it_is_the_checks(tmp_path, summary, second, body):
    """When body_problems takes Pelican's converted Summary (_summary_serves), it is exactly the
    HTML the check's own Markdown makes of the header's Summary; and the problems (the reader's
    own findings, when it sanitised the same body and summary) never differ."""
    post = tmp_path / "post.md"
    post.write_text(f"Title: T\nSummary: {summary}\n{second + chr(10) if second else ''}\n{body}\n",
                    encoding="utf-8")
    text = post.read_bytes().decode("utf-8-sig")
    conf = read_settings(str(ROOTS / "rootconf.py"), override={"PATH": str(tmp_path), "CAMPAIGN_CONTENT_CACHE": False})
    reader = reader_for(conf)
    try:
        reader.read(str(post))
    except ValueError:
        return  # Pelican refuses the header: the check converts alone (verdicts._converted)
    conversion = reader.conversion
    source = per_file.Source(post, "post.md", text, parse_header(text), False)
    header_summary = source.header.get("summary")
    if conversion is not None and header_summary and per_file._summary_serves(conversion, header_summary):
        md, _blocks = per_file._check_markdown(conf["MARKDOWN"], "post.md", tmp_path / "data")
        assert conversion.summary == md.convert(header_summary)
    data = tmp_path / "data"
    assert per_file.body_problems(source, conf["MARKDOWN"], data, conversion) == \
        per_file.body_problems(source, conf["MARKDOWN"], data, None)


@pytest.mark.parametrize("root", ["kinds", "hostile-bodies", "mistakes"])
def test_one_kept_markdown_reads_every_file_as_a_fresh_one_does(tmp_path, root):
    """The reader keeps one Markdown (reset per file): every file, read in any order after any
    other (one with a bad date too), reads as a reader made for it alone reads it."""
    project = make_project(tmp_path, root)
    conf = _conf(project, CAMPAIGN_CONTENT_CACHE=False)
    plugin.on_initialized(SimpleNamespace(settings=conf))
    kept = CampaignMarkdownReader(conf)
    paths = list(_sources(project))

    def read(reader: CampaignMarkdownReader, path: str) -> object:
        try:
            content, metadata = reader.read(path)
        except ValueError as err:  # Pelican's date parser: the build reports it
            return repr(err)
        return content, {key: str(value) for key, value in metadata.items()}

    for path in [*paths, *reversed(paths)]:
        assert read(kept, path) == read(CampaignMarkdownReader(conf), path), path
