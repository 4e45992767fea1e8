"""Screenshots of the progress pages for docs/ (1440 px wide, Chinese, the demo database, whole pages).

    .venv/bin/python scripts/screenshots.py            # docs/overview.png, docs/task.png, docs/regions.png

Builds a fresh demo database in a temporary folder, starts the app on it (tests/browser/helpers), signs in
as the demo viewer and saves each page at the height of its content.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, _cli, open_app, running_app  # noqa: E402

PAGES = {"overview": "", "task": "task", "regions": "regions"}
WIDTH = 1440


def main(out: Path = ROOT / "docs") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.duckdb"
        _cli(db, "demo")
        with running_app(db) as app, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
            context = browser.new_context(locale="zh-CN", viewport={"width": WIDTH, "height": 1000})
            page = context.new_page()
            for name, path in PAGES.items():
                open_app(page, app.page_url(path, lang="zh"), as_user=("demo", "demo-viewer-2024"))
                page.wait_for_timeout(1500)  # the charts draw after the script has run
                height = page.evaluate(
                    "() => document.querySelector('[data-testid=\"stMainBlockContainer\"]').scrollHeight"
                )
                page.set_viewport_size({"width": WIDTH, "height": int(height) + 120})
                page.wait_for_timeout(800)
                page.screenshot(path=out / f"{name}.png", full_page=True)
                page.set_viewport_size({"width": WIDTH, "height": 1000})
                print(f"saved {out / name}.png")
            browser.close()


if __name__ == "__main__":
    main()
