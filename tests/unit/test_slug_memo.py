"""Tags', authors' and categories' slugs, remembered (content/slugs.py `remembering`), are Pelican's."""
from __future__ import annotations


def test_remembered_slugs_are_pelicans_for_any_name_and_settings():
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from markupsafe import Markup
    from pelican.utils import slugify

    from campaign.content.slugs import remembering

    remembered = remembering(slugify)
    subs = st.lists(st.tuples(st.sampled_from([r"[^\w\s-]", r"(?u)\A\s*", r"[-\s]+", "a"]),
                              st.sampled_from(["", "-", "b"])), max_size=3)

    @settings(max_examples=200, deadline=None)
    @given(st.text(max_size=30), subs, st.booleans(), st.booleans())
    def same(name, regex_subs, preserve_case, use_unicode):
        for value in (name, Markup(name)):
            for _ in range(2):  # the second time from memory
                assert (remembered(value, regex_subs=regex_subs, preserve_case=preserve_case, use_unicode=use_unicode)
                        == slugify(value, regex_subs=regex_subs, preserve_case=preserve_case, use_unicode=use_unicode))
        assert remembered(name, iter(regex_subs)) == slugify(name, regex_subs)  # any iterable of pairs

    same()
