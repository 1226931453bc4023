"""Where a TOML file is broken, from tomllib's error, on every Python the site supports."""
from __future__ import annotations

import re
import tomllib

# Python 3.11 and 3.12 put the place in the message only ("Invalid value (at line 3, column 7)");
# `lineno` and `msg` attributes came in 3.14.
_AT = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)$")


def toml_error(err: tomllib.TOMLDecodeError, text: str) -> tuple[int, str]:
    """The line (1-based) and the message without its position, for a `path:line: what — fix` line."""
    message = str(err)
    match = _AT.search(message)
    if match is None:
        return 1, message
    line = int(match[1]) if match[1] else max(1, len(text.splitlines()))
    return line, message[: match.start()]
