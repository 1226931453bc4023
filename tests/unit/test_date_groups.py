"""Issue 18: the archives group posts by year and month with content.listing.date_groups, which
must give exactly what Jinja's own `groupby(attribute="date.year")` gave (real Jinja renders of
both, on random dates, duplicates and all)."""
from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Environment

from campaign.content.listing import date_groups

JINJA = ('{% for y, ys in posts|groupby(attribute="date.year")|reverse %}[{{ y }}'
         '{% for m, ms in ys|groupby(attribute="date.month")|reverse %}({{ m }}:{% for p in ms %}{{ p.n }},{% endfor %})'
         '{% endfor %}]{% endfor %}')
OURS = ('{% for y, ys in posts|date_groups("year")|reverse %}[{{ y }}'
        '{% for m, ms in ys|date_groups("month")|reverse %}({{ m }}:{% for p in ms %}{{ p.n }},{% endfor %})'
        '{% endfor %}]{% endfor %}')


@given(st.lists(st.datetimes(min_value=datetime(2019, 1, 1), max_value=datetime(2027, 12, 31)), max_size=40))
def test_date_groups_is_jinjas_groupby(days):
    env = Environment(autoescape=True)
    env.filters["date_groups"] = date_groups
    posts = [SimpleNamespace(n=n, date=day) for n, day in enumerate(days)]
    assert env.from_string(OURS).render(posts=posts) == env.from_string(JINJA).render(posts=posts)
