"""Logs: a child's name typed into a search must never reach an access log."""

import datetime
import logging
import re
import types
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
NAME = "Rosa+Child"


def _gunicorn_logger():
    """Gunicorn's own logger, configured from the repo's gunicorn.conf.py as gunicorn
    loads it when started from the repository."""
    from gunicorn.app.base import Application
    from gunicorn.glogging import Logger

    class App(Application):
        def init(self, parser, opts, args):
            return None

        def load(self):
            return None

    app = App.__new__(App)
    app.usage, app.callable, app.prog = None, None, None
    app.cfg = None
    app.load_default_config()
    app.load_config_from_file(str(REPO_ROOT / "gunicorn.conf.py"))
    return Logger(app.cfg), app.cfg


def test_the_gunicorn_access_log_format_has_no_query_string_or_referrer():
    _logger, cfg = _gunicorn_logger()
    atoms = set(re.findall(r"%\((.*?)\)s", cfg.access_log_format))
    assert atoms, "the repo's gunicorn.conf.py must set access_log_format"
    # r: the request line with its query; q: the query; f: the referring page's address
    # (same-origin referrers carry their query); {...}i/e: headers and environ verbatim.
    assert not atoms & {"r", "q", "f"}
    assert not [a for a in atoms if a.startswith("{")]


def test_a_search_request_is_logged_by_gunicorn_without_its_query():
    logger, cfg = _gunicorn_logger()
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/cases/search/?q={NAME}",
        "PATH_INFO": "/cases/search/",
        "QUERY_STRING": f"q={NAME}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.7",
        "HTTP_REFERER": f"https://haven.example/cases/search/?q={NAME}",
        "HTTP_USER_AGENT": "Firefox",
    }
    response = types.SimpleNamespace(status="200 OK", sent=1234, headers=[])
    request = types.SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    atoms = logger.atoms_wrapper_class(
        logger.atoms(response, request, environ, datetime.timedelta(milliseconds=12))
    )
    line = cfg.access_log_format % atoms
    assert "/cases/search/" in line and "200" in line
    assert "Rosa" not in line and "?" not in line


def test_the_development_server_logs_requests_without_their_query(caplog):
    server_log = logging.getLogger("django.server")
    caplog.set_level(logging.INFO, logger="django.server")
    handler = caplog.handler
    server_log.addHandler(handler)
    try:
        server_log.info(
            '"%s" %s %s',
            f"GET /cases/search/?q={NAME} HTTP/1.1",
            "200",
            "1234",
            extra={"status_code": 200},
        )
    finally:
        server_log.removeHandler(handler)
    messages = [r.getMessage() for r in caplog.records if r.name == "django.server"]
    assert messages and all("Rosa" not in m and "?" not in m for m in messages)
    assert "/cases/search/" in messages[-1]


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("GET /x/?q=Rosa HTTP/1.1", "GET /x/ HTTP/1.1"),
        ("POST /x/ HTTP/1.1", "POST /x/ HTTP/1.1"),
        ("GET /x/?q=Rosa%20Child", "GET /x/"),
        ("not a request line ?q=Rosa", "not a request line "),
    ],
)
def test_the_query_filter_keeps_method_path_and_protocol(line, kept):
    from haven.core.logs import strip_query

    assert strip_query(line) == kept
