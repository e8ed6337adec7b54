"""Logging filters: what a log line must never carry.

A search for a child types the name into a form; a query string would carry it into
every access log, proxy log and log archive. Haven's own searches post their words, and
every request line logged here (the development server's, through `django.server`) loses
its query string as well. Gunicorn's access log format is in gunicorn.conf.py.
"""

import logging
import re

_PROTOCOL = re.compile(r" HTTP/\d(?:\.\d)?$")


def strip_query(line: str) -> str:
    """A request line without its query string: 'GET /a/?q=x HTTP/1.1' -> 'GET /a/ HTTP/1.1'.

    Everything from the '?' goes, up to the protocol when the line ends with one (an
    unencoded space in the query cannot leave part of it behind)."""
    if "?" not in line:
        return line
    head, _, rest = line.partition("?")
    protocol = _PROTOCOL.search(rest)
    return head + (protocol.group(0) if protocol else "")


class NoQueryString(logging.Filter):
    """Strips query strings from every text argument (and an argument-less message)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(strip_query(a) if isinstance(a, str) else a for a in record.args)
        elif not record.args and isinstance(record.msg, str):
            record.msg = strip_query(record.msg)
        return True
