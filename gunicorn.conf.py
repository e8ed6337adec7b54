"""Gunicorn settings Haven relies on; gunicorn reads this file when started from the
repository (`gunicorn haven.wsgi:application`), or name it with `--config`.

The access log names the path, never the query string: %(r)s (the request line) and
%(q)s would carry whatever a form sent in the address, and %(f)s (the referring page's
address, sent in full by Haven's same-origin pages) the query of the page before.
haven/core/tests/test_logging.py holds this to that.
"""

# address, -, user, [time], "METHOD /path PROTOCOL", status, bytes, seconds, user agent
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s "%(a)s"'
