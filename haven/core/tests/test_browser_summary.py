"""The last lines of `make test` say how many browser tests ran or were skipped, and why."""

from _pytest.reports import CollectReport, TestReport

from haven.testing.browser_summary import BrowserTally

NO_CHROMIUM = "Browser tests skipped: no Chromium found (install it: apt-get install chromium)"


def _report(when, outcome, *, browser=True, reason=""):
    longrepr = ("haven/x.py", 1, f"Skipped: {reason}") if outcome == "skipped" else None
    keywords = {"browser": 1} if browser else {}
    return TestReport("haven/x.py::t", ("haven/x.py", 1, "t"), keywords, outcome, longrepr, when)


def test_the_summary_counts_browser_tests_that_ran():
    tally = BrowserTally()
    for _ in range(3):
        for when in ("setup", "call", "teardown"):
            tally.record(_report(when, "passed"))
    tally.record(_report("call", "passed", browser=False))
    assert tally.line() == "browser tests: 3 ran, 0 skipped"


def test_the_summary_says_why_browser_tests_were_skipped():
    tally = BrowserTally()
    tally.record(_report("setup", "skipped", reason=NO_CHROMIUM))
    tally.record(_report("setup", "skipped", reason=NO_CHROMIUM))
    tally.record(_report("setup", "failed"))
    tally.record_collection(
        CollectReport(
            "haven/cases/tests/test_browser.py",
            "skipped",
            ("x", 1, "Skipped: Browser tests skipped: playwright is not installed"),
            [],
        )
    )
    assert tally.line() == (
        "browser tests: 0 ran, 2 skipped, 1 could not start (see the errors above): "
        f"{NO_CHROMIUM} (2); 1 module(s) not collected: "
        "Browser tests skipped: playwright is not installed"
    )


def test_the_summary_counts_browser_tests_left_out_on_purpose():
    class Item:
        def __init__(self, browser):
            self.browser = browser

        def get_closest_marker(self, name):
            return object() if self.browser and name == "browser" else None

    tally = BrowserTally()
    tally.record_deselected([Item(True), Item(True), Item(False)])
    assert tally.line() == "browser tests: 0 ran, 0 skipped, 2 deselected"
