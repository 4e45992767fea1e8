"""The public disclosure's content and site, from a hand-made status: the groups' counts and shares worked out by
hand, the slow items and the regions holding them back, the notice in the words published notices use, relative
links that resolve, escaped text, and the same bytes for the same content."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from html.parser import HTMLParser
from posixpath import dirname, join, normpath

import pytest

from targets.catalogue import load_bundled
from targets.disclosure.content import Particulars, Reply, Sources, build_content, share_text
from targets.disclosure.site import render_site, task_pages, unzip_files, zip_files
from targets.ranking import rank_regions
from targets.status import compute_status

PLAN = load_bundled(2024)
# As of June (expected 50%): ELD-02-1 400 of 1,300 = 30.8% (behind), HEA-02-1 2,700 of 6,000 = 45.0% (behind),
# EMP-01-1 250,000 of 400,000 = 62.5% (ahead, 12.5 points above); the other 22 of the 25 tasks have no figure.
# Groups: ahead 1 of 25 = 4%, behind 2 = 8%, no figures 22 = 88%.
PROVINCE = {("ELD-02-1", 6): 400.0, ("HEA-02-1", 6): 2700.0, ("EMP-01-1", 6): 250000.0}
# Regions for ELD-02-1 (own targets): 白城 10 of 130 = 7.7% (behind), 长春 100 of 200 = 50% (on schedule).
REGIONAL = {("ELD-02-1", "220800", 6): 10.0, ("ELD-02-1", "220100", 6): 100.0}
REGION_TARGETS = {("ELD-02-1", "220800"): 130.0, ("ELD-02-1", "220100"): 200.0}

PARTICULARS = Particulars(
    issuer_zh="吉林省民生实事工作办公室",
    issuer_en="Jilin Provincial Office for Livelihood Projects",
    window_from=date(2024, 7, 10),
    window_to=date(2024, 7, 16),
    published_on=date(2024, 7, 10),
    address="长春市人民大街1号517室",
    contact="赵海",
    phone="0431-5286660",
    objections_url="https://yiyi.example.gov.cn/form",
)


def sources(replies=()) -> Sources:
    ps = compute_status(PLAN, PROVINCE, 6)
    figures = {(c, "province", m): v for (c, m), v in PROVINCE.items()} | REGIONAL
    ranking = rank_regions(PLAN, figures, REGION_TARGETS, 6)
    return Sources(PLAN, ps, ranking, tuple(replies))


@pytest.fixture(scope="module")
def content():
    return build_content(sources(), PARTICULARS)


@pytest.mark.parametrize(
    ("count", "total", "text"), [(2, 25, "8%"), (1, 3, "33.3%"), (2, 3, "66.7%"), (0, 25, "0%"), (0, 0, "0%")]
)
def test_shares_read_as_notices_print_them(count, total, text):
    assert share_text(count, total) == text


def test_the_groups_are_the_status_counts_in_public_words_with_hand_computed_shares(content):
    got = [(g["key"], g["label"]["zh"], g["count"], g["share_text"]) for g in content["groups"]]
    assert got == [
        ("done", "已完成全年任务", 0, "0%"),
        ("ahead", "快于时序进度", 1, "4%"),
        ("on_pace", "按时序推进", 0, "0%"),
        ("lagging", "进度滞后", 2, "8%"),
        ("no_data", "暂无已审核数据", 22, "88%"),
    ]
    assert content["total"] == 25 and sum(g["count"] for g in content["groups"]) == 25
    assert [g["label"]["en"] for g in content["groups"]][3] == "Behind schedule"


def test_the_slow_items_name_the_regions_holding_them_back(content):
    assert content["slow"] == ["HEA-02", "ELD-02"]  # plan order
    eld = next(t for t in content["tasks"] if t["code"] == "ELD-02")
    assert [r["code"] for r in eld["slow_regions"]] == ["220800"]
    assert content["slow_by_region"][0]["text"]["zh"] == "白城市有1项（合作助老餐厅和助餐点）进度相对较慢"
    ind = eld["indicators"][0]
    assert (ind["actual"], ind["target"], ind["progress"], ind["expected"]) == (400.0, 1300.0, 0.3077, 0.5)
    assert ind["shown"]["zh"]["progress"] == "30.8%" and ind["shown"]["zh"]["expected"] == "50%"


def test_the_generated_notice_reads_like_a_published_one(content):
    zh = content["notice"]["zh"]
    assert "现将2024年民生实事1—6月进展情况公示如下。" in zh
    assert (
        "截至6月底，快于时序进度的有1项，占4%；进度滞后的有2项（重点地区新生儿免费遗传代谢病筛查、合作助老餐厅和助餐点），"
        "占8%；暂无已审核数据的有22项，占88%。"
    ) in zh
    assert "其中：白城市有1项（合作助老餐厅和助餐点）进度相对较慢。" in zh
    assert "慢序时" not in zh and "超序时" not in zh
    en = content["notice"]["en"]
    assert "By the end of June, Ahead of schedule: 1 (4%)" in en


def test_a_notice_given_replaces_the_generated_one():
    given = build_content(sources(), Particulars(**{**PARTICULARS.__dict__, "notice_zh": "自定义说明"}))
    assert given["notice"]["zh"] == "自定义说明" and given["notice_generated"] is False


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def test_every_link_of_the_site_resolves_to_one_of_its_files(content):
    files = render_site(content)
    assert {"index.html", "en/index.html", "style.css", "data/list.csv", "en/data/progress.csv"} <= set(files)
    assert {f"tasks/{p}" for p in task_pages(content).values()} <= set(files)
    for name, data in files.items():
        if not name.endswith(".html"):
            continue
        parser = Links()
        parser.feed(data.decode("utf-8"))
        for link in parser.links:
            if link == PARTICULARS.objections_url:
                continue
            assert not re.match(r"^[a-z]+:|^/", link), (name, link)
            assert normpath(join(dirname(name), link)) in files, (name, link)


def test_text_is_escaped_and_published_replies_are_shown():
    replies = [Reply("<script>alert(1)</script>数据有误？", "已核实，数据无误。", "2024-07-12")]
    doc = build_content(sources(replies), Particulars(**{**PARTICULARS.__dict__, "notice_zh": "<b>说明</b>"}))
    html = render_site(doc)["index.html"].decode("utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;数据有误？" in html
    assert "&lt;b&gt;说明&lt;/b&gt;" in html
    replies_part = html[html.index('id="replies"') :]
    assert "已核实，数据无误。" in replies_part and "2024-07-12" in replies_part


def test_csv_downloads_are_utf8_with_a_bom_and_carry_the_numbers(content):
    files = render_site(content)
    raw = files["data/progress.csv"]
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["进展", "项数", "占比"]
    assert rows[4][:3] == ["进度滞后", "2", "8%"]
    listed = list(csv.DictReader(io.StringIO(files["en/data/list.csv"].decode("utf-8-sig"))))
    eld = next(r for r in listed if r["code"] == "ELD-02-1")
    assert (eld["actual_value"], eld["target_value"], eld["status"]) == ("400.0", "1300.0", "lagging")


def test_the_same_content_gives_the_same_bytes_and_the_archive_round_trips(content):
    first, second = render_site(content), render_site(build_content(sources(), PARTICULARS))
    assert first == second
    assert zip_files(first) == zip_files(second)
    assert unzip_files(zip_files(first)) == first


def test_the_chart_draws_a_bar_per_group_sized_by_its_count(content):
    html = render_site(content)["index.html"].decode("utf-8")
    bars = dict(
        re.findall(r'data-group="(\w+)" data-count="\d+"><text[^>]*>[^<]*</text><rect [^>]*width="([\d.]+)"', html)
    )
    assert float(bars["no_data"]) > float(bars["lagging"]) > float(bars["ahead"]) > 0 == float(bars["done"])
    assert float(bars["lagging"]) == pytest.approx(2 * float(bars["ahead"]), abs=0.2)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"window_to": date(2024, 7, 9)}, "bad_window"),
        ({"issuer_zh": " "}, "no_issuer"),
        ({"objections_url": "javascript:alert(1)"}, "bad_objections_url"),
    ],
)
def test_bad_particulars_are_refused_naming_what_is_wrong(change, code):
    assert [p[0] for p in Particulars(**{**PARTICULARS.__dict__, **change}).problems()] == [code]
