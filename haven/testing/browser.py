"""Browser test harness: a real Haven server in a subprocess, driven by the system Chromium.

Django's live_server cannot be used: it empties the database between tests with DELETE or
TRUNCATE, and the audit table's triggers refuse both. So the harness builds a database of its
own (a fresh SQLite file, or a fresh PostgreSQL database when DATABASE_URL points at one),
migrates it, loads the demo data, and serves it with gunicorn exactly as production would.

    with haven_server() as server:           # migrate, seed_demo, gunicorn, wait for /healthz
        page = browser.new_context(base_url=server.base_url).new_page()
        watch = PageWatch(page)              # console errors, uncaught errors, CSP violations
        sign_in(page, server, persona.email, demo_password())
        violations = serious_axe_violations(page)
        save_screenshot(page, f"{persona.discipline}__home")   # var/screenshots/...png

Only the standard library is imported at module level (Playwright for type hints only), so
this module imports before Django is set up and where Playwright is not installed; the demo
personas are read lazily.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Error, Page, Response

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = REPO_ROOT / "var" / "screenshots"
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
VENDOR_DIR = REPO_ROOT / "haven" / "static" / "vendor"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT = 30.0
FAILING_IMPACTS = frozenset({"serious", "critical"})
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


DEMO_CASES = 400


class HarnessError(RuntimeError):
    """The harness could not set up what the browser tests need."""


# --- Chromium ----------------------------------------------------------------------------


def find_chromium() -> str | None:
    """The system Chromium: on PATH, or Debian's /usr/bin/chromium."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    fallback = Path("/usr/bin/chromium")
    return str(fallback) if fallback.is_file() and os.access(fallback, os.X_OK) else None


def missing_prerequisites() -> list[str]:
    """What, besides Chromium, the browser tests need and cannot find."""
    problems = []
    if not AXE_SCRIPT.is_file():
        problems.append(f"axe-core is missing at {AXE_SCRIPT}: run `npm ci`.")
    if not (VENDOR_DIR / "uswds" / "css" / "uswds.min.css").is_file():
        problems.append(
            f"Front-end assets are missing under {VENDOR_DIR}: run `node scripts/build_assets.mjs`."
        )
    return problems


# --- Demo personas -------------------------------------------------------------------------


@dataclass(frozen=True)
class Persona:
    discipline: str
    full_name: str
    email: str


def demo_personas() -> list[Persona]:
    """One persona per discipline, as `manage.py seed_demo` creates them."""
    from haven.demo.data import DEMO_USERS
    from haven.demo.seed import demo_email

    return [Persona(d, name, demo_email(d)) for d, name, _agency in DEMO_USERS]


def demo_password() -> str:
    from haven.demo.data import DEMO_PASSWORD

    return DEMO_PASSWORD


# --- The server ----------------------------------------------------------------------------


@dataclass
class HavenServer:
    base_url: str
    database_url: str
    var_dir: Path
    process: subprocess.Popen
    log_path: Path

    def url(self, path: str) -> str:
        return urljoin(self.base_url, path)

    def log_tail(self, limit: int = 6000) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        return text[-limit:]


def server_env(database_url: str, var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        HAVEN_ENV="test",
        HAVEN_DEBUG="0",
        DATABASE_URL=database_url,
        HAVEN_VAR_DIR=str(var_dir),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
        # The suite signs in from one address more often than allauth's 30 a minute (on
        # a quiet machine it did, and every later sign-in was refused).
        HAVEN_LOGIN_RATE="1000/m/ip",
    )
    # Paths derived from HAVEN_VAR_DIR unless set: keep them inside the temporary directory.
    for name in ("HAVEN_STATIC_ROOT", "HAVEN_MEDIA_ROOT", "HAVEN_SCREENSHOT_DIR"):
        env.pop(name, None)
    return env


def _manage(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        raise HarnessError(
            f"`manage.py {' '.join(args)}` failed with exit code {result.returncode}:\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
        )


def server_shell(server: HavenServer, code: str) -> str:
    """Run `code` in `manage.py shell` against the test server's own database and return
    what it printed: a browser test checks what was saved, not only what the page shows."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=REPO_ROOT,
        env=server_env(server.database_url, server.var_dir),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    if result.returncode != 0:
        raise HarnessError(f"`manage.py shell` failed:\n{result.stderr[-3000:]}")
    return result.stdout.strip()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_healthy(server: HavenServer, timeout: float = SERVER_START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    last_problem = "no answer yet"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise HarnessError(
                f"gunicorn exited with code {server.process.returncode} before answering "
                f"/healthz. Server output:\n{server.log_tail()}"
            )
        try:
            with urllib.request.urlopen(server.url("/healthz"), timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
                last_problem = f"HTTP {response.status}"
        except urllib.error.HTTPError as error:
            last_problem = f"HTTP {error.code}"
        except (urllib.error.URLError, OSError) as error:
            last_problem = str(error)
        time.sleep(0.2)
    raise HarnessError(
        f"Haven did not answer /healthz with 200 within {timeout:.0f} s ({last_problem}). "
        f"Server output:\n{server.log_tail()}"
    )


def _die_with_parent() -> None:
    """In the child, before exec: have Linux send SIGTERM if the test process dies first."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_pdeathsig = 1
    libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextmanager
def haven_server() -> Iterator[HavenServer]:
    """A migrated, seeded Haven behind gunicorn on a free local port, removed afterwards."""
    tmp = Path(tempfile.mkdtemp(prefix="haven-browser-"))
    postgres: _PostgresDatabase | None = None
    try:
        configured = os.environ.get("DATABASE_URL", "")
        if configured.startswith("postgres"):
            postgres = _PostgresDatabase.create(configured, f"haven_browser_{os.getpid()}")
            database_url = postgres.url
        else:
            database_url = f"sqlite:///{tmp / 'browser.sqlite3'}"
        env = server_env(database_url, tmp)
        # A few hundred cases, so that case lists, search and case pages have content.
        seed = ["seed_demo", "--cases", str(DEMO_CASES)]
        for command in (["migrate", "--noinput"], seed):
            _manage(command, env)

        port = free_port()
        log_path = tmp / "server.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(  # noqa: S603
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "haven.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--threads",
                    "4",
                    "--graceful-timeout",
                    "5",
                ],
                cwd=REPO_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                # A killed test run must not leave a server behind.
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )
        server = HavenServer(
            base_url=f"http://127.0.0.1:{port}/",
            database_url=database_url,
            var_dir=tmp,
            process=process,
            log_path=log_path,
        )
        try:
            _wait_until_healthy(server)
            yield server
        finally:
            _stop(process)
    finally:
        if postgres is not None:
            postgres.drop()
        shutil.rmtree(tmp, ignore_errors=True)


def _with_database(url: str, dbname: str, scheme: str | None = None) -> str:
    """The same server URL (user, host, options) naming another database."""
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return f"{scheme or parts.scheme}://{parts.netloc}/{dbname}{query}"


@dataclass
class _PostgresDatabase:
    """A throwaway database on the PostgreSQL server that DATABASE_URL names.

    Like Django, it works from the `postgres` maintenance database and falls back to the
    configured one only when that is refused; the configured database is never changed.
    """

    admin_conninfo: str
    name: str
    url: str

    @classmethod
    def create(cls, configured_url: str, name: str) -> _PostgresDatabase:
        import psycopg
        from psycopg import sql

        # libpq knows postgresql:// and postgres://; dj-database-url also accepts aliases.
        candidates = [
            _with_database(configured_url, "postgres", scheme="postgresql"),
            _with_database(configured_url, urlsplit(configured_url).path.lstrip("/"), "postgresql"),
        ]
        for admin in candidates:
            try:
                connection = psycopg.connect(admin, autocommit=True)
                break
            except psycopg.OperationalError as error:
                refusal = error
        else:
            raise HarnessError(f"Cannot reach PostgreSQL to create {name}: {refusal}")
        with connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return cls(admin_conninfo=admin, name=name, url=_with_database(configured_url, name))

    def drop(self) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.admin_conninfo, autocommit=True) as connection:
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.name],
            )
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(self.name))
            )


# --- Pages -----------------------------------------------------------------------------------


def sign_in(page: Page, server: HavenServer, email: str, password: str) -> Response | None:
    """Sign in through the real form; returns the response the form's submission lands on."""
    page.goto(server.url("/accounts/login/"))
    page.locator('input[name="login"]').fill(email)
    page.locator('input[name="password"]').fill(password)
    with page.expect_navigation() as navigation:
        page.locator("main form button[type=submit]").click()
    return navigation.value


def session_cookie(page: Page) -> dict | None:
    for cookie in page.context.cookies():
        if cookie["name"].endswith("haven_session"):
            return cookie
    return None


def route_shape(url: str) -> str:
    """The route a URL belongs to: path only, with every UUID replaced by {id}."""
    return _UUID.sub("{id}", urlsplit(url).path)


def page_slug(url: str) -> str:
    """A file-name-safe name for the page at a URL: '/' is 'home', ids become 'detail'."""
    path = route_shape(url).strip("/")
    if not path:
        return "home"
    return re.sub(r"[^a-z0-9]+", "-", path.replace("{id}", "detail").lower()).strip("-")


def save_screenshot(page: Page, name: str) -> Path:
    """A full-page PNG under var/screenshots/<name>.png; returns its path."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(3):
        try:
            page.screenshot(path=str(path), full_page=True, animations="disabled")
            return path
        except PlaywrightError as error:
            # Chromium sometimes answers "Unable to capture screenshot" on a busy machine
            # (seen on a tall phone page while other suites ran); a second try draws it.
            if "Unable to capture screenshot" not in str(error) or attempt == 2:
                raise
            time.sleep(1)
    return path


def clear_screenshots() -> None:
    """Forget the previous run's screenshots, so that every PNG left is from this run."""
    if SCREENSHOT_DIR.is_dir():
        for png in SCREENSHOT_DIR.glob("*.png"):
            png.unlink(missing_ok=True)


# --- axe-core --------------------------------------------------------------------------------

_AXE_SOURCE: str | None = None


def axe_violations(page: Page) -> list[dict]:
    """Every axe-core violation on the page as it is now.

    The script is injected with evaluate(), which Content-Security-Policy does not govern,
    so the page's CSP stays exactly as strict as in production.
    """
    global _AXE_SOURCE
    if _AXE_SOURCE is None:
        _AXE_SOURCE = AXE_SCRIPT.read_text()
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_AXE_SOURCE)
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, { resultTypes: ["violations"] });
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                    target: n.target.map(String).join(" "), summary: n.failureSummary || "",
                })),
            }));
        }"""
    )
    return list(result)


def serious_axe_violations(page: Page) -> list[dict]:
    return [v for v in axe_violations(page) if v["impact"] in FAILING_IMPACTS]


def format_violations(where: str, violations: list[dict], max_nodes: int = 5) -> str:
    """Readable report: page, rule id, impact, help, and the offending elements."""
    lines = [f"{where}:"]
    for v in violations:
        lines.append(f"  {v['id']} ({v['impact']}): {v['help']}  <{v['helpUrl']}>")
        for node in v["nodes"][:max_nodes]:
            lines.append(f"      at {node['target']}")
            for detail in node["summary"].splitlines()[1:3]:
                lines.append(f"         {detail.strip()}")
        if len(v["nodes"]) > max_nodes:
            lines.append(f"      ... and {len(v['nodes']) - max_nodes} more")
    return "\n".join(lines)


# --- Console and Content-Security-Policy -----------------------------------------------------


@dataclass
class ConsoleEntry:
    page_url: str
    text: str
    uncaught: bool = False  # an exception no script caught, rather than a console message

    @property
    def is_csp_violation(self) -> bool:
        return "Content Security Policy" in self.text or "Content-Security-Policy" in self.text

    def __str__(self) -> str:
        return f"{route_shape(self.page_url) or self.page_url}: {self.text}"


@dataclass
class PageWatch:
    """Collects console errors, uncaught exceptions and CSP violations on one page."""

    page: Page
    errors: list[ConsoleEntry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", self._on_console)
        self.page.on("pageerror", self._on_page_error)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(ConsoleEntry(self.page.url, message.text))

    def _on_page_error(self, error: Error) -> None:
        text = f"Uncaught {error.name}: {error.message}"
        self.errors.append(ConsoleEntry(self.page.url, text, uncaught=True))

    def take(self) -> list[ConsoleEntry]:
        """Everything collected since the last take(); the watch starts again empty."""
        taken, self.errors = self.errors, []
        return taken
