"""The import report: the same text for the dry run (printed) and the import (import-report.md)."""
from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from .classify import Plan
from .plan import Entry, Import


def _rel(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def render(imp: Import, root: Path, mapping: dict, *, applied: bool, today: date) -> str:
    """Markdown: what there was, what became of it and why, and what a person must look at."""
    ex, out = imp.export, []
    out += [f"# WordPress import report: {ex.title or ex.base_url}", "",
            f"Export of {ex.base_url}: {len(ex.items)} items. "
            + ("Imported into content/." if applied else "Dry run: nothing was written to content/."), ""]
    out += ["## Items by type and status", "", "| type | status | items | becomes |", "|---|---|---:|---|"]
    fate = Counter((p.item.post_type, p.item.status, _fate(p)) for p in imp.plans)
    for (kind, status, becomes), n in sorted(fate.items()):
        out.append(f"| {kind} | {status} | {n} | {becomes} |")
    entries = imp.entries
    posts = [e for e in entries if e.plan.kind == "post"]
    pages = [e for e in entries if e.plan.kind == "page"]
    live = [e for e in entries if e.live(today)]
    future = [e for e in posts if not e.draft and e.when and e.when.date() > today]
    drafts = [e for e in entries if e.draft]
    out += ["", "## What will be imported" if not applied else "## What was imported", "",
            (f"- {_count(len(posts), 'post')} and {_count(len(pages), 'page')}: {len(live)} published, {len(future)} scheduled "
            f"(they keep their date; the site shows them from that day), {len(drafts)} kept as drafts."), ""]
    if drafts:
        out += ["## Kept as drafts, and why", ""]
        for e in drafts:
            why = "; ".join(dict.fromkeys(e.plan.reasons + e.held))
            out.append(f"- {_title(e)} ({e.plan.item.link or 'no address'}) → {_rel(e.path, root)}: {why}")
        out.append("")
    skipped = [p for p in imp.plans if p.kind is None]
    if skipped:
        out += ["## Not imported", ""]
        for (kind, why), n in sorted(Counter((p.item.post_type, p.reasons[0]) for p in skipped).items()):
            out.append(f"- {n} × {kind}: {why}")
        out.append("")
    out += ["## Categories → sections", "", "| category | name | posts | section(s) |", "|---|---|---:|---|"]
    for term in imp.categories:
        sections = mapping.get(term.slug) or mapping.get("*")
        shown = ", ".join(s.title for s in sections) if sections else "**not mapped**"
        out.append(f"| {term.slug} | {term.name} | {imp.category_counts.get(term.slug, 0)} | {shown} |")
    out += ["", "Tags stay tags.", ""]
    shortcodes = Counter(h.split("[", 1)[1].split("]", 1)[0] for e in entries for h in e.held
                         if h.startswith("unknown shortcode"))
    out += ["## Unknown shortcodes", ""]
    out += [f"- [{name}] in {n} post{'s' if n != 1 else ''} (kept as text; those posts stay drafts)"
            for name, n in sorted(shortcodes.items())] or ["None."]
    failures = imp.media.failures()
    files = list({f.new: f for f in imp.media.found.values() if f.new}.values())
    out += ["", "## Pictures and files", "",
            (f"{len(files)} found{' and copied without their metadata' if applied else ''}: "
            f"{', '.join(sorted({f.new for f in files if f.new}))}.") if files else "None found."]
    out += [f"- {f.new}: {f.note}" for f in files if f.note]
    if failures:
        out += ["", "Could not be had (posts using them stay drafts):"]
        out += [f"- {f.old}: {f.reason}" for f in failures]
    alt = [(e, src) for e in entries for src in e.missing_alt]
    out += ["", "## Pictures without alt text", ""]
    out += [f"- {src} in {_rel(e.path, root)}: write what it shows in place of `REPLACE THIS`, "
            "then remove `Status: draft`" for e, src in alt] or ["None."]
    clashes = [e for e in entries if e.clash]
    out += ["", "## Slug clashes with existing content", ""]
    out += [f"- {_title(e)}: {e.clash}" for e in clashes] or ["None."]
    lost = [(e, old) for e in entries for old in e.lost]
    if lost:
        out += ["", "Old addresses that are now pages of this site (they show the new page, not a redirect):", ""]
        out += [f"- {old} ({_title(e)})" for e, old in lost]
    kept = [e for e in entries if e.kept]
    if kept:
        out += ["", "## Left alone (edited since the last import)", ""]
        out += [f"- {_rel(e.path, root)}: {e.kept}" for e in kept]
    approved = [(p.item, sum(c.approved and c.kind in ("", "comment") for c in p.item.comments))
                for p in imp.plans if p.kind]
    total, on = sum(n for _, n in approved), sum(1 for _, n in approved if n)
    out += ["", "## Comments", "",
            (f"{_count(total, 'approved comment')} on {_count(on, 'post')} "
            f"{'was' if total == 1 else 'were'} not imported: the new site has no comments. They stay in the export file; quote any "
            "worth keeping in the post's text.")]
    redirects = sum(len(e.redirects) for e in entries if e.live(today))
    out += ["", "## Old addresses", "",
            (f"{redirects} old addresses of published posts and pages lead to their new ones "
            "(their `Redirect_from:` lines), and "
            f"{len(imp.toml_redirects)} addresses of categories, tags, date and author archives, feeds and uploaded files do "
            "(content/redirects.toml). Drafts get theirs when they are published."), ""]
    return "\n".join(out)


def _count(n: int, word: str) -> str:
    """`1 post`, `2 posts`."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def _title(entry: Entry) -> str:
    return f"“{' '.join(entry.plan.item.title.split()) or entry.plan.item.post_id}”"


def _fate(plan: Plan) -> str:
    if plan.kind is None:
        return "not imported"
    if plan.draft:
        return f"{plan.kind}, draft"
    return f"{plan.kind}, scheduled" if plan.future else plan.kind
