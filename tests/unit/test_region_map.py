"""The map on 地区晾晒: tile positions and their fallback, colours by status and by progress, the figure's click
targets, and the checks on a deployment's GeoJSON (synthetic squares made here; no boundary data ships)."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import pytest

from targets import region_map as rm
from targets.catalogue import load_bundled
from targets.model import Text
from targets.ranking import rank_regions
from targets.regions import Region, prefectures
from targets.status import STATUS_COLORS


def region(code: str, tile: object = None, zh: str | None = None, en: str | None = None) -> Region:
    return Region(code, Text(zh or f"{code}市", en or f"City {code}"), "prefecture", (), 0, tile)


# --- tile positions ----------------------------------------------------------------------------------


def test_the_shipped_regions_sit_where_they_lie_in_jilin():
    layout = rm.tile_layout(prefectures())
    assert not layout.fallback and layout.problems == ()
    at = {t.code: (t.row, t.col) for t in layout.tiles}
    assert len(set(at.values())) == len(at) == 10  # one tile each, none shared
    assert min(r for r, _ in at.values()) == 0 and min(c for _, c in at.values()) == 0
    changchun, jilin, yanbian = at["220100"], at["220200"], at["222400"]
    baicheng, songyuan, siping, tonghua, baishan, cbs = (
        at[c] for c in ("220800", "220700", "220300", "220500", "220600", "CBS")
    )
    assert baicheng[0] < changchun[0] and baicheng[1] < changchun[1]  # 白城: north-west
    assert songyuan[0] < changchun[0]  # 松原: north of 长春
    assert siping[1] < changchun[1]  # 四平: west of 长春
    assert changchun[1] < jilin[1] < yanbian[1]  # 长春 - 吉林 - 延边 from west to east
    assert tonghua[0] > changchun[0] and tonghua[0] >= baishan[0]  # 通化: the south
    assert cbs[1] >= baishan[1] and cbs[0] > yanbian[0]  # 长白山: south of 延边, east of 白山


def test_positions_given_are_used_and_moved_to_the_top_left():
    layout = rm.tile_layout([region("A", [2, 3]), region("B", [3, 5])])
    assert not layout.fallback
    assert [(t.code, t.row, t.col) for t in layout.tiles] == [("A", 0, 0), ("B", 1, 2)]


def test_without_positions_the_tiles_follow_the_list_in_a_compact_grid():
    regions = [region(str(n)) for n in range(10)]
    layout = rm.tile_layout(regions)
    assert layout.fallback and layout.problems == ()
    # ten regions: four columns (the ceiling of the square root), three rows, in the list's order
    assert [(t.row, t.col) for t in layout.tiles] == [(n // 4, n % 4) for n in range(10)]
    assert [t.code for t in layout.tiles] == [str(n) for n in range(10)]


@pytest.mark.parametrize(
    ("tiles", "zh", "en"),
    [
        ([[0, 0], None], "B市没有位置", "City B has no position"),
        ([[0, 0], [0, 0]], "B市与A市位置相同（第0行第0列）", "City B and City A share row 0, column 0"),
        ([[0, 0], ["一", 1]], "B市的位置 ['一', 1] 不是 [行, 列]", "City B's position ['一', 1] is not [row, column]"),
        ([[0, 0], [-1, 1]], "B市的位置 [-1, 1]", "City B's position [-1, 1] is not"),
        ([[0, 0], [True, 1]], "B市的位置 [True, 1]", "City B's position [True, 1]"),
        ([[0, 0], [1]], "B市的位置 [1]", "City B's position [1]"),
    ],
)
def test_unusable_positions_fall_back_to_the_list_and_say_why(tiles, zh, en):
    regions = [region(code, tuple(t) if isinstance(t, list) else t) for code, t in zip("AB", tiles, strict=True)]
    for lang, text in (("zh", zh), ("en", en)):
        layout = rm.tile_layout(regions, lang)
        assert layout.fallback
        assert [(t.row, t.col) for t in layout.tiles] == [(0, 0), (0, 1)]
        assert len(layout.problems) == 1 and text in layout.problems[0]


def test_tiles_are_squares_with_a_gap_and_row_zero_at_the_top():
    shapes = rm.tile_shapes(rm.TileLayout((rm.Tile("A", 0, 0), rm.Tile("B", 1, 1)), False))
    (a,) = shapes["A"]
    xs, ys = [p[0] for p in a[0]], [p[1] for p in a[0]]
    assert max(xs) - min(xs) == pytest.approx(max(ys) - min(ys)) == pytest.approx(1 - rm.TILE_GAP)
    assert rm.label_point(shapes["A"]) == pytest.approx((0.5, -0.5))
    assert rm.label_point(shapes["B"]) == pytest.approx((1.5, -1.5))  # lower and to the right


# --- colours ------------------------------------------------------------------------------------------


def _contrast(a: str, b: str) -> float:
    la, lb = rm._luminance(a), rm._luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def test_status_colours_are_the_pages_own_and_a_region_without_a_target_is_grey():
    for style, colour in STATUS_COLORS.items():
        assert rm.status_fill(style) == colour
    assert rm.status_fill(rm.NO_TARGET) == STATUS_COLORS["no_data"]


def test_progress_runs_along_a_sequential_scale_capped_at_full():
    assert rm.progress_fill(0.0) == "#00224E"  # cividis: dark blue …
    assert rm.progress_fill(1.0) == "#FEE838"  # … to yellow
    assert rm.progress_fill(1.7) == rm.progress_fill(1.0)
    assert rm.progress_fill(-0.2) == rm.progress_fill(0.0)
    assert rm.progress_fill(None) == STATUS_COLORS["no_data"]
    lums = [rm._luminance(rm.progress_fill(p / 10)) for p in range(11)]
    assert lums == sorted(lums) and len(set(lums)) == 11  # lighter with every step: readable without hue


def test_the_text_on_every_fill_contrasts_enough_to_read():
    fills = [*STATUS_COLORS.values(), *(rm.progress_fill(p / 20) for p in range(21))]
    for fill in fills:
        assert _contrast(rm.text_colour(fill), fill) >= 4.5, fill
    assert rm.text_colour("#0072B2") == "#FFFFFF" and rm.text_colour("#E69F00") == "#000000"


def value(code: str, style: str, progress: float | None) -> rm.RegionValue:
    return rm.RegionValue(code, f"{code}短", f"{code}全称", style, progress, "说明")


def test_a_tile_says_its_name_its_percentage_and_its_status_in_words():
    assert rm.tile_text(value("A", "lagging_red", 0.421), "status") == "<b>A短</b><br>42%<br>慢序时（红灯）"
    assert rm.tile_text(value("A", "lagging_amber", 0.9), "status", "en") == "<b>A短</b><br>90%<br>Lagging (Amber)"
    assert rm.tile_text(value("A", "done", 1.04), "progress") == "<b>A短</b><br>104%"
    assert rm.tile_text(value("A", rm.NO_TARGET, None), "progress", "en") == "<b>A短</b><br>—<br>No target"


def test_the_map_reads_in_words_for_a_screen_reader():
    values = [value("A", "done", 1.04), value("B", rm.NO_TARGET, None)]
    assert rm.map_summary(values) == "A全称：已完成，104%；B全称：无分解目标，—"
    assert rm.map_summary(values, "en") == "A全称: Done, 104%; B全称: No target, —"


# --- the figure ---------------------------------------------------------------------------------------


def tiles() -> dict:
    return rm.tile_shapes(rm.tile_layout([region("A", [0, 0]), region("B", [0, 1]), region("C", [1, 0])]))


VALUES = [value("A", "done", 1.0), value("B", "lagging_red", 0.3), value("C", rm.NO_TARGET, None)]


def test_the_status_map_fills_each_tile_by_its_status_with_a_legend_in_words():
    fig = rm.map_figure(tiles(), VALUES, "status", "en", selected="B")
    fills = [s.fillcolor for s in fig.layout.shapes]
    assert fills == [STATUS_COLORS["done"], STATUS_COLORS["lagging_red"], STATUS_COLORS["no_data"]]
    widths = [s.line.width for s in fig.layout.shapes]
    assert widths == [1, 3, 1]  # the open region is outlined
    texts = [a.text for a in fig.layout.annotations]
    assert texts[1] == "<b>B短</b><br>30%<br>Lagging (Red)"
    assert [a.font.color for a in fig.layout.annotations] == [
        rm.text_colour(STATUS_COLORS[s]) for s in ("done", "lagging_red", "no_data")
    ]
    click = fig.data[0]
    assert list(click.customdata) == ["A", "B", "C"]
    assert list(click.x) == pytest.approx([0.5, 1.5, 0.5]) and list(click.y) == pytest.approx([-0.5, -0.5, -1.5])
    legend = [tr.name for tr in fig.data[1:] if tr.showlegend]
    assert legend == [
        "Done",
        "Ahead of schedule",
        "On pace",
        "No data",
        "Lagging (Amber)",
        "Lagging (Red)",
        "No target",
    ]


def test_the_progress_map_fills_each_tile_along_the_scale_with_a_colour_bar():
    fig = rm.map_figure(tiles(), VALUES, "progress", "zh")
    assert [s.fillcolor for s in fig.layout.shapes] == ["#FEE838", rm.progress_fill(0.3), STATUS_COLORS["no_data"]]
    bars = [tr for tr in fig.data if tr.marker.showscale]
    assert len(bars) == 1 and bars[0].marker.colorscale and bars[0].marker.colorbar.title.text == "完成率"
    assert bars[0].marker.cmin == 0 and bars[0].marker.cmax == 1
    assert not any(tr.showlegend for tr in fig.data)


def test_a_colouring_other_than_status_or_progress_is_a_bug():
    with pytest.raises(ValueError, match="colouring"):
        rm.map_figure(tiles(), VALUES, "rainbow")


def test_a_click_opens_the_region_named_by_the_point():
    codes = ["A", "B"]
    assert rm.picked_region({"points": [{"customdata": "B", "point_index": 1}]}, codes) == "B"
    assert rm.picked_region({"points": [{"customdata": ["A"]}]}, codes) == "A"
    assert rm.picked_region({"points": [{"customdata": "Z"}]}, codes) is None  # a legend swatch, say
    assert rm.picked_region({"points": []}, codes) is None
    assert rm.picked_region(None, codes) is None


# --- what each region shows, from the ranking's statuses ------------------------------------------------


def test_each_region_shows_its_status_against_its_own_target():
    plan = load_bundled(2024)
    ind = plan.indicators[0]
    regions = [r for r in prefectures() if r.code in ("220100", "220200", "220300")]
    targets = {(ind.code, "220100"): 1000.0, (ind.code, "220200"): 1000.0}
    figures = {(ind.code, "220100", 9): 1000.0, (ind.code, "220200", 9): 100.0}
    ranking = rank_regions(plan, figures, targets, 9, regions=regions)
    names = {r.code: r.name.zh[:2] for r in regions}
    values = rm.subject_values(plan, ranking.statuses, targets, rm.Subject("indicator", ind.code), regions, names)
    by = {v.code: v for v in values}
    assert by["220100"].style == "done" and by["220100"].progress == pytest.approx(1.0)
    assert by["220200"].style == "lagging_red" and by["220200"].progress == pytest.approx(0.1)
    assert by["220300"].style == rm.NO_TARGET and by["220300"].progress is None
    assert by["220300"].detail == "该地区没有本项的分解目标，不评价。"
    assert by["220100"].name == "长春" and by["220100"].full_name == "长春市"
    assert by["220200"].detail == ranking.statuses["220200"].indicator(ind.code).explanation("zh")


def test_a_task_shows_its_worst_indicator_among_those_the_region_has_a_target_for():
    plan = load_bundled(2024)
    first, second, third, fourth = (i.code for i in plan.indicators_of("CUL-03"))
    regions = [r for r in prefectures() if r.code in ("220100", "220200")]
    targets = {
        (first, "220100"): 100.0,  # 长春: one indicator broken down, done; the others not judged for it
        (first, "220200"): 100.0,  # 吉林: done, 74% (amber at September), 30% (red)
        (second, "220200"): 100.0,
        (third, "220200"): 100.0,
    }
    figures = {
        (first, "220100", 9): 100.0,
        (first, "220200", 9): 100.0,
        (second, "220200", 9): 70.0,
        (third, "220200", 9): 30.0,
        (fourth, "220200", 9): 0.0,  # no target of its own: not judged
    }
    ranking = rank_regions(plan, figures, targets, 9, regions=regions)
    names = {r.code: r.name.en for r in regions}
    by = {
        v.code: v
        for v in rm.subject_values(plan, ranking.statuses, targets, rm.Subject("task", "CUL-03"), regions, names, "en")
    }
    assert by["220100"].style == "done" and by["220100"].progress == pytest.approx(1.0)
    assert by["220200"].style == "lagging_red" and by["220200"].progress == pytest.approx(0.3)
    third_status = ranking.statuses["220200"].indicator(third)
    assert by["220200"].detail == f"{plan.indicator(third).name.en}: {third_status.explanation('en')}"


# --- a deployment's boundaries --------------------------------------------------------------------------


def square(lon: float, lat: float, size: float = 1.0) -> list:
    return [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]


def geojson(tmp_path, features: list, name: str = "regions.geojson"):
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False), "utf-8")
    return path


def feature(key_value: object, ring: list, key: str = "code", kind: str = "Polygon") -> dict:
    coords = [ring] if kind == "Polygon" else [[ring]]
    return {"type": "Feature", "properties": {key: key_value}, "geometry": {"type": kind, "coordinates": coords}}


def every_region(key: str = "code", by_name: bool = False) -> list:
    out = []
    for n, r in enumerate(prefectures()):
        value = r.name.zh if by_name else r.code
        out.append(feature(value, square(122 + n, 42 + (n % 3)), key, "MultiPolygon" if n % 2 else "Polygon"))
    return out


def test_a_complete_geojson_draws_every_region_in_proportion(tmp_path):
    found = rm.read_boundaries(geojson(tmp_path, every_region()), "code", prefectures())
    assert found.usable and found.issues == ()
    assert set(found.shapes) == {r.code for r in prefectures()}
    k = math.cos(math.radians(43.5))  # the middle latitude of 42 … 45
    (polygon,) = found.shapes["220100"]
    xs = [p[0] for p in polygon[0]]
    assert min(xs) == pytest.approx(122 * k) and max(xs) - min(xs) == pytest.approx(k)
    fig = rm.map_figure(found.shapes, [value(r.code, "on_pace", 0.5) for r in prefectures()], "status")
    assert len(fig.layout.shapes) == 10 and fig.layout.shapes[0].path.startswith("M")
    assert list(fig.data[0].customdata) == [r.code for r in prefectures()]


def test_regions_are_matched_by_name_as_people_write_them(tmp_path):
    features = every_region("NAME", by_name=True)
    features[0]["properties"]["NAME"] = "长春"  # without 市
    found = rm.read_boundaries(geojson(tmp_path, features), "NAME", prefectures())
    assert found.usable


def test_a_missing_region_and_an_unknown_one_are_named(tmp_path):
    features = [f for f in every_region() if f["properties"]["code"] not in ("220500", "CBS")]
    features.append(feature("229900", square(130, 40)))
    found = rm.read_boundaries(geojson(tmp_path, features), "code", prefectures())
    assert not found.usable and found.shapes == {}
    messages = [i.message("zh") for i in found.issues]
    assert "未知地区（属性“code”）：229900" in messages
    assert "缺少地区（属性“code”）：通化市、长白山保护开发区" in messages
    english = [i.message("en") for i in found.issues]
    assert "regions missing (property “code”): Tonghua, Changbai Mountain Protection and Development Zone" in english


@pytest.mark.parametrize(
    ("change", "zh"),
    [
        (lambda fs: fs[3]["properties"].pop("code"), "第4个要素没有属性“code”"),
        (lambda fs: fs.append(feature("长春市", square(140, 40))), "第11个要素重复了长春市"),
        (lambda fs: fs[0]["geometry"].update(type="Point", coordinates=[125, 43]), "第1个要素（220100）不是经纬度"),
        (lambda fs: fs[0]["geometry"].update(coordinates=[square(500000, 4800000)]), "第1个要素（220100）不是经纬度"),
        (lambda fs: fs[0]["geometry"].update(coordinates=[[[125, 43], [126, 43]]]), "第1个要素（220100）不是经纬度"),
    ],
)
def test_a_bad_feature_is_named_and_the_file_is_not_used(tmp_path, change, zh):
    features = every_region()
    change(features)
    found = rm.read_boundaries(geojson(tmp_path, features), "code", prefectures())
    assert not found.usable
    assert any(zh in i.message("zh") for i in found.issues), [i.message("zh") for i in found.issues]


def test_a_file_that_is_no_feature_collection_or_unreadable_is_named(tmp_path):
    path = tmp_path / "x.geojson"
    path.write_text('{"type": "Feature"}', "utf-8")
    found = rm.read_boundaries(path, "code", prefectures())
    assert [i.message("en") for i in found.issues] == [f"{path} is not a GeoJSON FeatureCollection"]
    path.write_text("{not json", "utf-8")
    assert rm.read_boundaries(path, "code", prefectures()).issues[0].message("zh").startswith(f"无法读取 {path}：")
    gone = rm.read_boundaries(tmp_path / "none.geojson", "code", prefectures())
    assert gone.issues[0].key == "unreadable" and not gone.usable


def test_a_dense_boundary_is_thinned_to_what_the_screen_shows(tmp_path):
    features = every_region()
    # 长春's square with 4,000 points along its bottom edge, 0.00025° apart: far below a pixel
    dense = [[122 + n / 4000, 42] for n in range(4000)] + [[123, 42], [123, 43], [122, 43], [122, 42]]
    features[0]["geometry"] = {"type": "Polygon", "coordinates": [dense]}
    found = rm.read_boundaries(geojson(tmp_path, features), "code", prefectures())
    (polygon,) = found.shapes["220100"]
    ring = polygon[0]
    assert ring[0] == ring[-1] and 5 <= len(ring) <= 2 * 2000 / 10 + 5
    k = math.cos(math.radians(43.5))
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    assert (min(xs), max(xs), min(ys), max(ys)) == pytest.approx((122 * k, 123 * k, 42, 43))  # the outline kept
    (small,) = found.shapes["220200"]
    assert len(small[0]) == 5  # a plain square keeps its corners


def test_a_hole_stays_a_hole_and_the_label_sits_in_the_largest_part(tmp_path):
    outer, hole = square(0, 0, 10), square(4, 4, 2)[::-1]
    small = square(20, 0, 1)
    polygons = ((tuple(map(tuple, outer)), tuple(map(tuple, hole))), (tuple(map(tuple, small)),))
    path = rm.svg_path(polygons)
    assert path.count("M") == 3 and path.count("Z") == 3
    assert rm.label_point(polygons) == pytest.approx((5.0, 5.0))


def test_region_tile_positions_are_read_from_the_file(tmp_path):
    from targets.regions import load_regions

    path = tmp_path / "regions.yaml"
    path.write_text(
        "regions:\n"
        "  - {code: province, kind: province, name: {zh: 全省, en: Province}}\n"
        "  - {code: A, kind: prefecture, tile: [0, 1], name: {zh: 甲市, en: A}}\n"
        "  - {code: B, kind: prefecture, name: {zh: 乙市, en: B}}\n",
        "utf-8",
    )
    loaded = load_regions(path)
    assert [r.tile for r in loaded] == [None, (0, 1), None]
    layout = rm.tile_layout([r for r in loaded if r.kind != "province"], "en")
    assert layout.fallback and layout.problems == ("B has no position",)
    assert replace(loaded[2], tile=(0, 0)).tile == (0, 0)
