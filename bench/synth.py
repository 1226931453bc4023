"""Synthetic content for the build benchmark: N posts in our format, and the same posts for Hugo.

    python bench/synth.py --posts 1000 --dest /tmp/synth [--today 2026-11-21]

writes /tmp/synth/content/ (N posts, plus copies of the site's own posts, pages, sections, data,
images and extra: its pages link to its posts)
and /tmp/synth/hugo-content/ (the same Markdown with YAML front matter). The same seed gives
the same files. Every post is valid per docs/content-format.md and dated before the build day.
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SECTIONS = {  # slug -> title, as in pelicanconf.SECTIONS
    "campaigns": "Campaigns", "model-motions": "Model motions",
    "why-we-are-fighting-back": "Why we are fighting back", "press-releases": "Press releases",
    "leaflets": "Leaflets", "how-we-work": "How we work", "events": "Meetings/events",
}
# kind -> (share of posts, main section, sections a second one is drawn from)
KIND_MIX = {
    "post": (0.55, "campaigns", ["how-we-work", "why-we-are-fighting-back", "events"]),
    "press-release": (0.09, "press-releases", ["campaigns"]),
    "testimony": (0.09, "why-we-are-fighting-back", ["campaigns"]),
    "event": (0.10, "events", ["campaigns", "how-we-work"]),
    "motion": (0.08, "model-motions", ["campaigns"]),
    "leaflet": (0.05, "leaflets", ["campaigns"]),
    "report": (0.04, "campaigns", ["how-we-work"]),
}
TWO_SECTION_SHARE = 0.2
CHART_IN_POST_SHARE = 0.05  # plain posts that also carry a chart; reports always do

WORDS = """member members party branch constituency labour suspension expulsion hearing rule book
evidence complaint investigation democracy meeting motion conference delegate secretary chair
leadership socialist trade union campaign picket protest solidarity network organise organising
vote votes ballot policy procedure appeal natural justice fair process speech debate right reply
left purge witch-hunt unity comrades activists volunteers leaflet street stall petition housing
wages health service schools council workers community justice freedom members' local national
executive committee general secretary officers region report survey figures numbers evidence
""".split()
FIRST = ["Branch", "Members", "Delegates", "Workers", "Activists", "Comrades", "Secretaries", "Volunteers"]
VERBS = ["rally against", "demand an end to", "challenge", "organise against", "speak out on",
         "report on", "vote down", "campaign over", "call for a review of", "answer"]
OBJECTS = ["suspensions", "expulsions", "the rule book", "fast-track procedures", "bans on debate",
           "the disciplinary process", "proscriptions", "secret hearings",
           "the general secretary's report", "closed meetings"]
PLACES = ["Bristol", "Leeds", "Brighton", "Liverpool", "Glasgow", "Norwich", "Cardiff", "Hastings",
          "Sheffield", "Plymouth", "Camden", "Hackney", "Oxford", "Nottingham"]
TAGS = ["witch-hunt", "suspensions", "expulsions", "due process", "conference", "rule change",
        "free speech", "picket", "NEC", "CLP", "branch", "survey", "solidarity", "trade unions",
        "democracy", "leaflet", "press", "meeting", "online", "London", "Scotland", "Wales",
        "appeal", "hearing", "proscription", "Palestine", "IHRA", "testimony", "model motion",
        "petition", "health", "housing", "youth", "women", "disability", "BAME", "pensioners",
        "councillors", "MPs", "organising"]


@dataclass
class Post:
    """One synthetic post: enough to write it for our build and for Hugo."""

    number: int
    kind: str
    title: str
    slug: str
    day: date
    sections: list[str]
    tags: list[str]
    summary: str
    extra: dict[str, str] = field(default_factory=dict)
    body: str = ""

    @property
    def rel_path(self) -> str:
        return f"posts/{self.sections[0]}/{self.day:%Y-%m-%d}-{self.slug}.md"


def _sentence(rng: random.Random, lo: int = 8, hi: int = 18) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    # Quotes, apostrophes and dashes give Typogrify's filters real work, as real posts do.
    if rng.random() < 0.2:
        i = rng.randrange(len(words) - 1)
        words[i] = f'"{words[i]}'
        words[i + 1] = f'{words[i + 1]}"'
    if rng.random() < 0.15:
        words.insert(rng.randrange(1, len(words)), "--")
    if rng.random() < 0.1:
        words.insert(rng.randrange(1, len(words)), "NEC")
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice([".", ".", ".", "?", "!"])


def _paragraph(rng: random.Random, links: list[str], hi: int = 70) -> str:
    sentences: list[str] = []
    while sum(len(s.split()) for s in sentences) < rng.randint(40, hi):
        sentences.append(_sentence(rng))
    if rng.random() < 0.35:
        i = rng.randrange(len(sentences))
        sentences[i] = sentences[i].rstrip(".?!") + f" (see [{rng.choice(WORDS)} {rng.choice(WORDS)}]({rng.choice(links)}))."
    if rng.random() < 0.3:
        i = rng.randrange(len(sentences))
        sentences[i] = f"**{sentences[i]}**"
    return " ".join(sentences)


def _chart(rng: random.Random) -> str:
    count = rng.randint(2, 6)
    labels = rng.sample(PLACES, count)
    values = [rng.randint(1, 60) for _ in labels]
    return "\n".join(["```chart", "kind: bar", f"title: {rng.choice(FIRST)} by {rng.choice(['region', 'branch', 'city'])}",
                      f"labels: [{', '.join(labels)}]", f"values: [{', '.join(map(str, values))}]",
                      f"note: {sum(values)} replies", "```"])


def _body(rng: random.Random, post: Post, links: list[str]) -> str:
    """600-900 words: paragraphs under headings, a list, links, a chart where the kind has one."""
    target = rng.randint(600, 900)
    parts: list[str] = []
    words = 0
    headings = ["Why it matters", "What happened", "What we are asking for", "What you can do",
                "The background", "Next steps", "In their own words", "How to get involved"]
    rng.shuffle(headings)
    if post.kind == "motion":
        parts.append("## This branch notes")
        items = [f"{i}. {_sentence(rng, 12, 24)}" for i in range(1, rng.randint(4, 7))]
        parts.append("\n".join(items))
        words += sum(len(i.split()) for i in items)
    charts = rng.randint(1, 3) if post.kind == "report" else (1 if rng.random() < CHART_IN_POST_SHARE else 0)
    while words < target:
        if parts and rng.random() < 0.25 and headings:
            parts.append(f"## {headings.pop()}")
        if rng.random() < 0.2:
            items = [f"- {_sentence(rng, 5, 12)}" for _ in range(rng.randint(3, 6))]
            parts.append("\n".join(items))
            words += sum(len(i.split()) for i in items)
        if charts and rng.random() < 0.3:
            parts.append(_chart(rng))
            charts -= 1
        paragraph = _paragraph(rng, links)
        parts.append(paragraph)
        words += len(paragraph.split())
    parts.extend(_chart(rng) for _ in range(charts))
    return "\n\n".join(parts) + "\n"


def _extra(rng: random.Random, kind: str, day: date, today: date) -> dict[str, str]:
    if kind == "event":
        upcoming = rng.random() < 0.3
        start_day = today + timedelta(days=rng.randint(1, 60)) if upcoming else day + timedelta(days=rng.randint(3, 20))
        start = datetime(start_day.year, start_day.month, start_day.day, rng.choice([10, 14, 18, 19]), rng.choice([0, 30]))
        end = start + timedelta(hours=rng.choice([1, 2, 3]))
        where = "Online" if rng.random() < 0.4 else f"{rng.choice(PLACES)} Trades Hall, 1 High Street"
        return {"Start": f"{start:%Y-%m-%d %H:%M}", "End": f"{end:%Y-%m-%d %H:%M}", "Location": where}
    if kind == "motion":
        motion_type = rng.choice(["contemporary motion", "rule change", "motion"])
        extra = {"Motion_type": motion_type, "Body": rng.choice(["branch", "CLP", "CLP, conference"]),
                 "Submit_to": "Your CLP secretary, at least two weeks before the meeting"}
        if motion_type != "motion":
            extra["Deadline"] = f"{day + timedelta(days=rng.randint(7, 30)):%Y-%m-%d}"
        return extra
    if kind == "leaflet":
        return {"Paper": rng.choice(["A4", "A5"])}
    return {}


def make_posts(count: int, today: date, seed: int = 1) -> list[Post]:
    """`count` posts dated over the five years before `today` (oldest first)."""
    rng = random.Random(seed)
    kinds = list(KIND_MIX)
    weights = [KIND_MIX[k][0] for k in kinds]
    posts: list[Post] = []
    span = 5 * 365
    for number in range(count):
        kind = rng.choices(kinds, weights)[0]
        _, main, others = KIND_MIX[kind]
        sections = [main]
        if rng.random() < TWO_SECTION_SHARE:
            sections.append(rng.choice([s for s in others if s != main]))
        day = today - timedelta(days=span - (span * number) // max(count, 1) + 1)
        title = f"{rng.choice(FIRST)} in {rng.choice(PLACES)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} ({number + 1})"
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        summary = " ".join(_sentence(rng, 10, 16) for _ in range(2))[:280].rsplit(" ", 1)[0] + "."
        posts.append(Post(number, kind, title, slug, day, sections, rng.sample(TAGS, rng.randint(1, 4)),
                          summary.replace('"', ""), _extra(rng, kind, day, today)))
    for post in posts:
        # Links: outside the site, and {filename} links to earlier posts (so Pelican resolves them).
        earlier = [f"{{filename}}/{p.rel_path}" for p in posts[max(0, post.number - 50):post.number]]
        links = ["https://www.example.org/news", "https://labour.org.uk/rule-book/", *earlier[-5:]]
        post.body = _body(rng, post, links)
    return posts


def our_markdown(post: Post) -> str:
    """The post in our format: `Key: value` header, blank line, Markdown."""
    header = {"Title": post.title, "Date": f"{post.day:%Y-%m-%d}",
              "Category": ", ".join(SECTIONS[s] for s in post.sections), "Kind": post.kind,
              **post.extra, "Tags": ", ".join(post.tags), "Summary": post.summary}
    return "".join(f"{k}: {v}\n" for k, v in header.items()) + "\n" + post.body


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hugo_markdown(post: Post) -> str:
    """The same post for Hugo: YAML front matter; {filename} links become plain site paths."""
    lines = ["---", f"title: {_yaml_text(post.title)}", f"date: {post.day:%Y-%m-%d}",
             "categories: [" + ", ".join(_yaml_text(SECTIONS[s]) for s in post.sections) + "]",
             "tags: [" + ", ".join(_yaml_text(t) for t in post.tags) + "]",
             f"summary: {_yaml_text(post.summary)}", f"kind: {post.kind}"]
    lines += [f"{k.lower()}: {_yaml_text(v)}" for k, v in post.extra.items()]
    body = re.sub(r"\{filename\}/posts/[^/]+/\d{4}-\d\d-\d\d-([^)]+)\.md", r"/posts/\1/", post.body)
    return "\n".join([*lines, "---", "", body])


def _hugo_from_ours(path: Path) -> str:
    """One of the site's own files with its `Key: value` header turned into YAML front matter."""
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    fields = {k.strip().lower(): v.strip() for k, v in
              (line.split(":", 1) for line in head.splitlines() if ":" in line)}
    lines = ["---", f"title: {_yaml_text(fields.get('title', path.stem))}"]
    if "date" in fields:
        lines.append(f"date: {fields['date'][:10]}")
    if "category" in fields:
        lines.append("categories: [" + ", ".join(_yaml_text(c.strip()) for c in fields["category"].split(",")) + "]")
    if "summary" in fields:
        lines.append(f"summary: {_yaml_text(fields['summary'])}")
    body = re.sub(r"\{filename\}/[^)]*/(?:\d{4}-\d\d-\d\d-)?([^/)]+)\.md", r"/posts/\1/", body)
    return "\n".join([*lines, "---", "", body])


def write(count: int, dest: Path, today: date, seed: int = 1) -> list[Post]:
    """Write both content trees under `dest`; return the posts (for the edit-one-post run)."""
    posts = make_posts(count, today, seed)
    content = dest / "content"
    hugo = dest / "hugo-content"
    for folder in (content, hugo):
        shutil.rmtree(folder, ignore_errors=True)
    # The site's own posts come too: its pages link to them, and a broken link fails our build.
    for name in ("posts", "pages", "sections", "data", "images", "extra"):
        if (ROOT / "content" / name).is_dir():
            shutil.copytree(ROOT / "content" / name, content / name)
    (hugo / "posts").mkdir(parents=True)
    (hugo / "pages").mkdir(parents=True)
    for post in posts:
        target = content / post.rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(our_markdown(post), encoding="utf-8")
        (hugo / "posts" / f"{post.slug}.md").write_text(hugo_markdown(post), encoding="utf-8")
    for page in sorted((ROOT / "content" / "pages").glob("*.md")):
        (hugo / "pages" / page.name).write_text(_hugo_from_ours(page), encoding="utf-8")
    for own in sorted((ROOT / "content" / "posts").rglob("*.md")):
        (hugo / "posts" / f"site-{own.name}").write_text(_hugo_from_ours(own), encoding="utf-8")
    return posts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--dest", type=Path, required=True)
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    posts = write(args.posts, args.dest, args.today, args.seed)
    words = sum(len(p.body.split()) for p in posts)
    print(f"wrote {len(posts)} posts ({words // max(len(posts), 1)} words each on average) under {args.dest}")


if __name__ == "__main__":
    main()
