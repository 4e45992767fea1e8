"""The map on 地区晾晒: shown in both languages, a click on a region opens its view, ?region= opens one, and a
deployment's GeoJSON draws the boundaries or, when it is wrong, falls back to the tiles naming the problem."""

from __future__ import annotations

import json

import pytest

from services.demo import build_demo
from targets.regions import prefectures


@pytest.fixture
def demo_app(app, store):
    build_demo(store, actor="test")
    return app


def regions_page(at, lang: str = "zh"):
    at.session_state["ui_lang"] = lang
    at.run()
    at.switch_page("views/regions.py").run()
    assert not at.exception, at.exception
    return at


def the_map(at) -> tuple[object, dict]:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    return charts[0], json.loads(charts[0].proto.spec)


def click(at, chart, code: str) -> None:
    """What the browser sends when a region is clicked: the chart's selection state, with the point's customdata."""
    states = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id = chart.proto.id
    state.string_value = json.dumps(
        {
            "selection": {
                "points": [{"customdata": code, "point_index": 0}],
                "point_indices": [0],
                "box": [],
                "lasso": [],
            }
        }
    )
    at._run(states)
    assert not at.exception, at.exception


@pytest.mark.parametrize(
    ("lang", "heading", "tonghua", "tonghua_full", "legend"),
    [("zh", "地图", "通化", "通化市", "按序时"), ("en", "Map", "Tonghua", "Tonghua", "On pace")],
)
def test_the_map_shows_every_region_and_a_click_opens_that_region(
    demo_app, lang, heading, tonghua, tonghua_full, legend
):
    at = regions_page(demo_app, lang)
    assert heading in [s.value for s in at.subheader]
    chart, spec = the_map(at)
    labels = [a["text"] for a in spec["layout"]["annotations"]]
    assert len(labels) == len(prefectures()) and any(f"<b>{tonghua}</b>" in t for t in labels)
    assert all("%" in t or "—" in t for t in labels)  # the percentage on every tile
    assert sorted(spec["data"][0]["customdata"]) == sorted(r.code for r in prefectures())
    assert legend in [d.get("name") for d in spec["data"]]
    assert tonghua_full in chart.proto.alt and legend in chart.proto.alt  # the map in words for screen readers
    picker = at.selectbox(key="regions_region_pick")
    assert picker.value == "220600"  # first opens on the first-ranked region (白山 in the demo)
    click(at, chart, "220500")
    assert at.selectbox(key="regions_region_pick").value == "220500"
    assert tonghua_full in at.selectbox(key="regions_region_pick").format_func("220500")
    assert at.query_params["region"] == "220500"
    _, spec = the_map(at)
    widths = {d["line"]["width"] for d in spec["layout"]["shapes"]}
    assert widths == {1, 3}  # the open region is outlined
    region_table = at.table[1].value
    assert len(region_table) > 0 and not any("None" in str(v) for v in region_table.to_numpy().ravel())
    # the same selection on the next run (it stays on the chart) does not take the picker back
    at.selectbox(key="regions_region_pick").set_value("220100").run()
    assert at.selectbox(key="regions_region_pick").value == "220100"


def test_a_link_with_region_opens_that_region_and_progress_colours_show_a_colour_bar(demo_app):
    demo_app.query_params["region"] = "222400"
    at = regions_page(demo_app, "en")
    assert at.selectbox(key="regions_region_pick").value == "222400"
    at.radio(key="region_map_colouring").set_value("progress").run()
    _, spec = the_map(at)
    bars = [d for d in spec["data"] if d.get("marker", {}).get("showscale")]
    assert len(bars) == 1 and bars[0]["marker"]["colorbar"]["title"]["text"] == "Progress"
    assert at.selectbox(key="regions_region_pick").value == "222400"


def squares(tmp_path, drop: str | None = None):
    features = [
        {
            "type": "Feature",
            "properties": {"adcode": r.code},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[122 + n, 42], [123 + n, 42], [123 + n, 43], [122 + n, 43], [122 + n, 42]]],
            },
        }
        for n, r in enumerate(prefectures())
        if r.code != drop
    ]
    path = tmp_path / "jilin.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return path


def test_a_configured_geojson_draws_the_boundaries(demo_app, tmp_path, monkeypatch):
    monkeypatch.setenv("LIVELIHOOD_REGION_GEOJSON", str(squares(tmp_path)))
    monkeypatch.setenv("LIVELIHOOD_REGION_GEOJSON_KEY", "adcode")
    at = regions_page(demo_app)
    _, spec = the_map(at)
    assert not at.warning or not any("边界文件" in w.value for w in at.warning)
    assert any("jilin.geojson" in c.value and "adcode" in c.value for c in at.caption)
    xs = [float(p.split(",")[0]) for s in spec["layout"]["shapes"] for p in s["path"][1:-1].split("L")]
    assert min(xs) > 80  # longitudes (shrunk by the latitude's cosine), not tile columns


def test_a_geojson_missing_a_region_falls_back_to_the_tiles_and_names_it(demo_app, tmp_path, monkeypatch):
    monkeypatch.setenv("LIVELIHOOD_REGION_GEOJSON", str(squares(tmp_path, drop="220400")))
    monkeypatch.setenv("LIVELIHOOD_REGION_GEOJSON_KEY", "adcode")
    at = regions_page(demo_app)
    assert any("边界文件" in w.value and "缺少地区" in w.value and "辽源市" in w.value for w in at.warning)
    _, spec = the_map(at)
    assert len(spec["layout"]["shapes"]) == len(prefectures())  # the tile grid


def test_the_print_view_draws_the_map_still(demo_app):
    demo_app.session_state["print_view"] = True  # ui.widgets.PRINT_KEY
    at = regions_page(demo_app)
    chart, spec = the_map(at)
    assert json.loads(chart.proto.config)["staticPlot"] is True
    assert len(spec["layout"]["shapes"]) == len(prefectures())
