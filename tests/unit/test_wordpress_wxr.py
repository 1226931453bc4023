"""Reading exports of older WordPress versions and of a blog that lives in a folder."""
from __future__ import annotations

from pathlib import Path

import pytest

from campaign.errors import CampaignError
from campaign.tools.wordpress.media import MediaStore
from campaign.tools.wordpress.oldurls import old_paths
from campaign.tools.wordpress.wxr import read_wxr

WXR_1_1 = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.1/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.1/">
<channel><title>Branch &amp; friends</title><link>https://www.example.test/blog</link>
<wp:wxr_version>1.1</wp:wxr_version>
<wp:base_site_url>https://www.example.test</wp:base_site_url>
<wp:base_blog_url>https://www.example.test/blog</wp:base_blog_url>
<wp:category><wp:term_id>9</wp:term_id><wp:category_nicename>news</wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[News &amp; views]]></wp:cat_name></wp:category>
<item><title>Caf&#233; meeting</title><link>https://www.example.test/blog/2012/05/caf%c3%a9-meeting/</link>
<content:encoded><![CDATA[<p>Hi</p>]]></content:encoded><excerpt:encoded><![CDATA[Short]]></excerpt:encoded>
<wp:post_id>7</wp:post_id><wp:post_date>2012-05-04 19:00:00</wp:post_date><wp:post_name>caf%c3%a9-meeting</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>
<category domain="category" nicename="news"><![CDATA[News &amp; views]]></category>
<wp:postmeta><wp:meta_key>_wp_old_slug</wp:meta_key><wp:meta_value>cafe</wp:meta_value></wp:postmeta>
</item></channel></rss>
"""


def test_an_older_export_of_a_blog_in_a_folder(tmp_path):
    path = tmp_path / "old.xml"
    path.write_text(WXR_1_1, encoding="utf-8")
    export = read_wxr(path)
    assert (export.title, export.base_url, export.site_url) == ("Branch & friends", "https://www.example.test/blog",
                                                                "https://www.example.test")
    assert export.categories[0].name == "News & views"
    [item] = export.items
    assert (item.title, item.excerpt, item.categories[0].slug) == ("Café meeting", "Short", "news")
    assert old_paths(item, export.base_url) == ["/blog/2012/05/caf%c3%a9-meeting/", "/?p=7",
                                                "/blog/2012/05/04/caf%c3%a9-meeting/", "/blog/2012/05/04/cafe/",
                                                "/blog/2012/05/cafe/"]
    media = MediaStore(export.site_url, tmp_path / "content", None, fetch=False)
    assert media.relative("http://example.test/wp-content/uploads/2012/05/a.jpg") == "2012/05/a.jpg"
    assert media.relative("https://cdn.other.test/wp-content/uploads/2012/05/a.jpg") is None
    assert media.relative("/wp-content/uploads/../../etc/passwd") is None


def test_an_rss_feed_is_not_an_export(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text("<rss><channel><title>x</title></channel></rss>")
    with pytest.raises(CampaignError) as err:
        read_wxr(path)
    assert str(err.value).startswith(f"{path}:1: this is not a WordPress export")


def test_a_missing_file_says_which(tmp_path):
    with pytest.raises(CampaignError) as err:
        read_wxr(Path(tmp_path / "nope.xml"))
    assert "cannot read the export" in str(err.value)
