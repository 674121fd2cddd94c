"""A generated HTML report opened in headless Chromium: the figures load and are visible, and
the page logs no errors (no failed resource, no script error, no console message).

Chromium runs with ``--dump-dom``. A copy of the report gets two small scripts: one at the
top of ``<head>`` that records errors (resource load failures, script errors, console.error
calls), one that on ``load`` writes what it measured into a ``<pre id="probe">`` element,
which the dumped DOM then carries back. Chromium's own console log (``--enable-logging``)
is checked too. Skipped only when Chromium is missing outside CI (``CI`` unset).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from report_fixtures import write_processed_fixture

from analysis import reports

pytestmark = pytest.mark.slow

CHROMIUM = next(
    (path for name in ("chromium", "chromium-browser") if (path := shutil.which(name))), None
)
if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("chromium is not installed (CI installs it)", allow_module_level=True)

PROBE_HEAD = """<script>
window.__errors = [];
window.addEventListener("error", function (event) {
  var target = event.target;
  window.__errors.push(target && target !== window
    ? "resource failed: " + (target.src || target.href || target.tagName)
    : "script error: " + event.message);
}, true);
["error", "warn"].forEach(function (level) {
  var original = console[level];
  console[level] = function () {
    window.__errors.push("console." + level + ": " + Array.prototype.join.call(arguments, " "));
    original.apply(console, arguments);
  };
});
</script>"""

PROBE_TAIL = """<script>
window.addEventListener("load", function () {
  var images = Array.prototype.map.call(document.images, function (img) {
    var box = img.getBoundingClientRect();
    var style = getComputedStyle(img);
    return {
      alt: img.alt, complete: img.complete,
      naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight,
      width: box.width, height: box.height, left: box.left, top: box.top + window.scrollY,
      visible: style.visibility !== "hidden" && style.display !== "none" && style.opacity !== "0"
    };
  });
  var probe = document.createElement("pre");
  probe.id = "probe";
  probe.textContent = JSON.stringify({
    title: document.title, images: images, errors: window.__errors,
    pageWidth: document.documentElement.scrollWidth
  });
  document.body.appendChild(probe);
});
</script>"""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("browser")
    processed = write_processed_fixture(root / "processed")
    (result,) = reports.run_reports(
        ["speaker_share"],
        parameters={"sources": ["harbour-gazette"], "n_boot": 20, "top_n": 3},
        data_dir=processed,
        out=root / "reports",
    )
    assert result["status"] == "ok", result["error"]
    return result


def open_in_chromium(page: Path, tmp_path: Path) -> tuple[dict, str]:
    """Load ``page`` (with the probe scripts added) in headless Chromium.

    Returns:
        The probe's measurements and Chromium's stderr.
    """
    text = page.read_text(encoding="utf-8")
    assert text.count("<head>") == 1 and text.count("</body>") == 1
    probed = tmp_path / page.name
    probed.write_text(
        text.replace("<head>", "<head>" + PROBE_HEAD).replace("</body>", PROBE_TAIL + "</body>"),
        encoding="utf-8",
    )
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--enable-logging=stderr",
        "--v=0",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1280,1024",
        "--virtual-time-budget=10000",
        "--dump-dom",
        probed.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    match = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.DOTALL)
    assert match, f"chromium exited {done.returncode} without the probe:\n{done.stderr[-3000:]}"
    return json.loads(html.unescape(match.group(1))), done.stderr


def test_chromium_is_there_under_ci() -> None:
    assert CHROMIUM is not None, "CI must install chromium (.ci/run does)"


def test_report_figures_load_visible_and_the_page_logs_no_errors(
    report: dict, tmp_path: Path
) -> None:
    probe, stderr = open_in_chromium(Path(report["html"]), tmp_path)
    assert probe["title"] == "Speaker share"
    assert probe["errors"] == []
    console = [line for line in stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], console
    assert len(probe["images"]) == len(report["figures"]) >= 4
    for image in probe["images"]:
        assert image["complete"] and image["naturalWidth"] > 0 and image["naturalHeight"] > 0
        assert image["visible"] and image["width"] > 100 and image["height"] > 100, image
        assert image["left"] >= 0 and image["left"] + image["width"] <= probe["pageWidth"] + 1
        assert image["alt"].startswith("Figure: ")


def test_the_probe_catches_broken_images_and_console_errors(tmp_path: Path) -> None:
    """The check itself can fail: a page with a missing image and a console error."""
    page = tmp_path / "broken" / "page.html"
    page.parent.mkdir()
    page.write_text(
        "<!DOCTYPE html><html><head><title>t</title></head><body>"
        '<img src="missing.png" alt="x"><script>console.error("boom")</script></body></html>',
        encoding="utf-8",
    )
    probe, _ = open_in_chromium(page, tmp_path)
    assert probe["images"][0]["naturalWidth"] == 0
    assert any("missing.png" in error for error in probe["errors"])
    assert "console.error: boom" in probe["errors"]
