"""Every address an item had on the old site, as site-relative paths (or `/?p=ID` forms)."""
from __future__ import annotations

from urllib.parse import urlparse

from .wxr import Item


def site_path(url: str, base_url: str) -> str | None:
    """`https://old.example/2020/01/x/` -> `/2020/01/x/`; None for another site's address."""
    parsed, base = urlparse(url), urlparse(base_url)
    if parsed.netloc and parsed.netloc.lower().removeprefix("www.") != base.netloc.lower().removeprefix("www."):
        return None
    path = parsed.path or "/"
    if not path.startswith("/"):
        return None
    return f"{path}?{parsed.query}" if parsed.query else path


def _day_path(item: Item, slug: str, day: str = "", prefix: str = "") -> str | None:
    day = (day or item.date)[:10]
    if len(day) != len("2020-01-15") or day.startswith("0000"):
        return None
    y, m, d = day.split("-")
    return f"{prefix}/{y}/{m}/{d}/{slug}/"


def old_paths(item: Item, base_url: str) -> list[str]:
    """Permalink, ?p= / ?page_id= form, /YYYY/MM/DD/slug/, and the same for each old slug and date."""
    found = []
    prefix = urlparse(base_url).path.rstrip("/")  # a blog in a folder: /blog/2020/01/15/slug/
    permalink = site_path(item.link, base_url) if item.link else None
    if permalink:
        found.append(permalink)
    found.append(f"/?{'page_id' if item.post_type == 'page' else 'p'}={item.post_id}")
    if item.post_type == "post":
        # WordPress remembers earlier slugs and earlier dates (`_wp_old_date`), and answers at each.
        for slug in [item.slug, *item.meta.get("_wp_old_slug", [])]:
            for when in ["", *item.meta.get("_wp_old_date", [])]:
                if slug and (day := _day_path(item, slug, when, prefix)):
                    found.append(day)
        for old in item.meta.get("_wp_old_slug", []):
            if permalink and item.slug and f"/{item.slug}/" in permalink and old:
                found.append(permalink.replace(f"/{item.slug}/", f"/{old}/"))
    elif permalink and item.slug:
        for old in item.meta.get("_wp_old_slug", []):
            found.append(permalink.replace(f"/{item.slug}/", f"/{old}/"))
    return list(dict.fromkeys(p for p in found if p != "/"))
