"""The regions page: ranking, laggards per task and the heat-map, in both languages."""

from __future__ import annotations

import pytest

from services.demo import build_demo


@pytest.fixture
def demo_app(app, store):
    build_demo(store, actor="test")
    return app


def texts(at) -> str:
    return "\n".join(
        [
            *(m.value for m in at.markdown),
            *(c.value for c in at.caption),
            *(t.value for t in at.title),
            *(s.value for s in at.subheader),
        ]
    )


@pytest.mark.parametrize(
    ("lang", "title", "sentence"),
    [
        ("zh", "地区晾晒（2024年9月底）", "进度相对较慢"),
        ("en", "Regions ranked (end of September 2024)", "progress is relatively slow in"),
    ],
)
def test_regions_page_ranks_and_names_the_laggards(demo_app, store, lang, title, sentence):
    from services.status import load_status

    demo_app.session_state["ui_lang"] = lang
    at = demo_app.run()
    at.switch_page("views/regions.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == title
    assert sentence in texts(at)
    ranking = load_status(store).ranking()
    table = at.table[0].value
    region_col = "地区" if lang == "zh" else "Region"
    expected_first = {"zh": "白山市", "en": "Baishan"}[lang]
    assert ranking.regions[0].region == "220600"
    assert table[region_col].iloc[0] == expected_first
    assert list(table.iloc[:, 0]) == list(range(1, 11))
    # key columns first: rank, region, score, the gap to the schedule (signed), the change
    gap_col = "与序时差距（百分点）" if lang == "zh" else "Gap to schedule (points)"
    assert list(table.columns)[2:4] == ["得分" if lang == "zh" else "Score", gap_col]
    assert table[gap_col].iloc[0].startswith(("+", "−"))
    heat = at.dataframe[0].value
    # one row per indicator, by name; one column per region (short names), never the province
    plan = load_status(store).plan
    names = {i.name.get(lang) for i in plan.indicators}
    indicator_col = "指标" if lang == "zh" else "Indicator"
    assert set(heat[indicator_col]) <= names and len(heat) == len(ranking_codes(store))
    assert len(heat.columns) == 11
    assert not any(str(c).startswith(("EMP-", "SOC-", "HEA-")) for c in heat.columns)
    per_indicator = at.table[-1].value
    actual_col = "累计完成" if lang == "zh" else "Actual"
    unit = plan.indicator("EMP-01-1").unit.get(lang)
    assert all(v.endswith(unit) and "," in v for v in per_indicator[actual_col])  # 124,597个（次）
    assert "None" not in texts(at)


def ranking_codes(store) -> list[str]:
    from services.status import load_status

    view = load_status(store)
    return [i.code for i in view.plan.indicators if i.code in view.breakdown()]


def test_regions_page_without_regional_targets_says_so(app, store):
    from services.uploads import commit_upload, preview_upload

    commit_upload(
        store,
        preview_upload(store, "指标编号,地区,月份,累计完成\nELD-02-1,长春,2024-05,100\n".encode(), "a.csv"),
        actor="t",
    )
    at = app.run()
    at.switch_page("views/regions.py").run()
    assert not at.exception
    assert any("No regional targets" in w.value or "尚未导入分解到地区的目标" in w.value for w in at.warning)
