"""The header parser keeps line numbers, continuation lines, and ignores a byte-order mark."""
from campaign.content.header import parse_header


def test_fields_keep_their_lines_and_body_start():
    header = parse_header("Title: A post\nDate: 2021-01-01\nSummary: one\n    two\n\nBody text\n")
    assert header.get("title") == "A post" and header.line("date") == 2
    assert header.get("summary") == "one two" and header.line("summary") == 3
    assert header.body_line == 6


def test_byte_order_mark_does_not_hide_the_first_key():
    header = parse_header("\ufeffTitle: A post\nDate: 2021-01-01\n\nBody\n")
    assert header.get("title") == "A post"


def test_absent_key_points_at_line_one():
    assert parse_header("Title: x\n\nBody").line("category") == 1
