"""The published disclosure site in a real browser, from a plain file server: the Chinese and the English index show
the counts `status --json --approved-only` gives for the same month, the chart is drawn, the language switch and a
task page work, and the page fits a phone."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.supervision_data import FIXTURE_CSV
from tests.unit.test_disclosure_served import serving

UNAPPROVED = "指标编号,月份,累计完成\nPUB-01-1,2024-06,123457\n".encode()
LABELS = {
    "zh": {"lagging": "进度滞后", "no_data": "暂无已审核数据"},
    "en": {"lagging": "Behind schedule", "no_data": "No approved figures yet"},
}


def test_the_published_site_shows_the_approved_counts_and_draws_the_chart(cli, tmp_path, page: Page):
    assert cli("init").code == 0
    for name, data in (("fixture.csv", FIXTURE_CSV), ("unapproved.csv", UNAPPROVED)):
        (tmp_path / name).write_bytes(data)
    assert cli("import", str(tmp_path / "fixture.csv"), "--yes").code == 0
    for dept in ("省民政厅", "省卫健委"):
        assert cli("period", "lock", "2024-06", "--department", dept).code == 0
    assert cli("import", str(tmp_path / "unapproved.csv"), "--yes").code == 0
    out = tmp_path / "public"
    published = cli("--json", "publish", "--out", str(out), "--as", "setup", "--phone", "0431-5286660")
    assert published.code == 0, published.stderr
    status = cli("--json", "status", "--as-of", published.json["edition"]["as_of"], "--approved-only").json
    summary = status["summary"]
    with serving(out) as base:
        for lang, path in (("zh", "index.html"), ("en", "en/index.html")):
            page.goto(base + path)
            expect(page.locator("h1")).to_be_visible()
            for key in ("done", "ahead", "on_pace", "lagging", "no_data"):
                row = page.locator(f'table.groups tr[data-group="{key}"]')
                expect(row.locator("td.count")).to_have_text(str(summary[key]))
            expect(page.locator('table.groups tr[data-group="total"] td.count')).to_have_text(
                str(summary["total_catalogued"])
            )
            for key, label in LABELS[lang].items():
                expect(page.locator(f'table.groups tr[data-group="{key}"] td').first).to_have_text(label)
            # the chart: an SVG bar per group, the longest for the largest count, labels drawn
            bars = page.locator("#group-chart svg g.bar rect")
            expect(bars).to_have_count(5)
            widths = {
                key: page.locator(f'#group-chart g.bar[data-group="{key}"] rect').bounding_box()["width"]
                for key in ("lagging", "no_data")
            }
            assert widths["no_data"] > widths["lagging"] > 0
            assert page.locator("#area-chart svg rect").count() >= len(status["areas"])
            expect(page.locator("#group-chart svg")).to_contain_text(LABELS[lang]["lagging"])
            assert "123,457" not in page.content() and "123457" not in page.content()
        # the language switch and a task page, by their relative links
        page.goto(base + "index.html")
        page.get_by_role("link", name="English").click()
        expect(page).to_have_url(re.compile(r"/en/index\.html$"))
        page.locator('table.list tr[data-task="ELD-02"] a').click()
        expect(page).to_have_url(re.compile(r"/en/tasks/ELD-02\.html$"))
        expect(page.locator('tr[data-indicator="ELD-02-1"]')).to_contain_text("30.8%")
        # a phone: nothing wider than the screen
        page.set_viewport_size({"width": 390, "height": 844})
        for path in ("index.html", "en/index.html"):
            page.goto(base + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
