"""What each WordPress item becomes: a post, a page, a draft, or nothing (and why)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .wxr import Item

#: Item types WordPress keeps for itself: never posts of the new site.
NOT_POSTS = {
    "nav_menu_item": "a menu entry", "wp_navigation": "a navigation menu", "wp_template": "a theme template",
    "wp_template_part": "a theme template part", "wp_global_styles": "theme styles", "revision": "an old revision",
    "attachment": "an uploaded file (imported with the posts that use it)", "custom_css": "theme CSS",
    "customize_changeset": "a theme customisation", "oembed_cache": "an embed cache entry",
    "user_request": "a privacy request", "wp_block": "a reusable block", "wp_font_family": "a font",
    "wp_font_face": "a font",
}
#: WordPress statuses that mean "never shown": the new site keeps these as drafts.
_DRAFT_STATUSES = {"draft": "a draft on the old site", "pending": "pending review on the old site"}


@dataclass
class Plan:
    """One item's fate: `kind` is post, page or None (not imported); `draft` keeps it off the site."""

    item: Item
    kind: str | None
    draft: bool = False
    reasons: list[str] = field(default_factory=list)  # why it is a draft, or why it is skipped
    future: bool = False


def classify(item: Item) -> Plan:
    """Decide what `item` becomes; the reasons go into the report."""
    if item.post_type in NOT_POSTS:
        return Plan(item, None, reasons=[f"not a post: {NOT_POSTS[item.post_type]}"])
    if item.post_type not in ("post", "page"):
        return Plan(item, None, reasons=[f"custom post type '{item.post_type}': not imported, copy it by hand"])
    if item.status in ("trash", "auto-draft", "inherit"):
        return Plan(item, None, reasons=[f"status '{item.status}' on the old site: never content"])
    plan = Plan(item, item.post_type)
    if item.status in _DRAFT_STATUSES:
        plan.draft = True
        plan.reasons.append(_DRAFT_STATUSES[item.status])
    elif item.status == "private":
        plan.draft = True
        plan.reasons.append("private on the old site: kept as a draft, never public")
    elif item.status == "future":
        plan.future = True  # published with its date; the site's embargo holds it until then
    elif item.status != "publish":
        plan.draft = True
        plan.reasons.append(f"unknown status '{item.status}': kept as a draft")
    if item.password:
        plan.draft = True
        plan.reasons.append("password-protected on the old site: kept as a draft, never public")
    return plan
