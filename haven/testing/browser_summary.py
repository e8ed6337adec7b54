"""One line at the end of `make test` saying how many browser tests ran or were skipped, and
why: a run on a machine without Chromium is green, and this line is where that shows.

haven/conftest.py imports the two hooks below, so pytest calls them.
"""

from collections import Counter
from dataclasses import dataclass, field

MARKER = "browser"


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    return reason.removeprefix("Skipped: ")


@dataclass
class BrowserTally:
    ran: int = 0
    failed_to_start: int = 0
    skipped: Counter = field(default_factory=Counter)
    modules_skipped: Counter = field(default_factory=Counter)
    deselected: int = 0

    def record(self, report) -> None:
        """A test's setup/call/teardown report; only browser tests count."""
        if MARKER not in report.keywords:
            return
        if report.skipped and report.when in ("setup", "call"):
            self.skipped[_skip_reason(report)] += 1
        elif report.when == "setup" and report.failed:
            self.failed_to_start += 1
        elif report.when == "call":
            self.ran += 1

    def record_collection(self, report) -> None:
        """A browser test module that skipped itself while being imported (no playwright)."""
        if report.skipped and "test_browser" in report.nodeid:
            self.modules_skipped[_skip_reason(report)] += 1

    def record_deselected(self, items) -> None:
        """Browser tests left out on purpose (-m "not browser", -k)."""
        self.deselected += sum(1 for item in items if item.get_closest_marker(MARKER))

    def line(self) -> str:
        total_skipped = sum(self.skipped.values())
        text = f"browser tests: {self.ran} ran, {total_skipped} skipped"
        if self.deselected:
            text += f", {self.deselected} deselected"
        if self.failed_to_start:
            text += f", {self.failed_to_start} could not start (see the errors above)"
        reasons = [f"{reason} ({count})" for reason, count in self.skipped.most_common()]
        reasons += [
            f"{count} module(s) not collected: {reason}"
            for reason, count in self.modules_skipped.most_common()
        ]
        if reasons:
            text += ": " + "; ".join(reasons)
        return text


_TALLY = BrowserTally()


def pytest_runtest_logreport(report):
    _TALLY.record(report)


def pytest_collectreport(report):
    _TALLY.record_collection(report)


def pytest_deselected(items):
    _TALLY.record_deselected(items)


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_sep("-", _TALLY.line())
