"""UI strings: the map on 地区晾晒 (tile grid or a deployment's boundaries)."""

STRINGS: dict[str, dict[str, str]] = {
    "region_map.title": {"zh": "地图", "en": "Map"},
    "region_map.subject": {"zh": "地图显示", "en": "Map shows"},
    "region_map.subject.task": {"zh": "任务：{name}", "en": "Task: {name}"},
    "region_map.subject.indicator": {"zh": "指标：{name}", "en": "Indicator: {name}"},
    "region_map.alt": {"zh": "地区地图，{subject}。{regions}", "en": "Map of the regions, {subject}. {regions}"},
    "region_map.colouring": {"zh": "着色", "en": "Colour by"},
    "region_map.colouring.status": {"zh": "状态", "en": "Status"},
    "region_map.colouring.progress": {"zh": "完成率", "en": "Progress"},
    "region_map.scale": {"zh": "完成率", "en": "Progress"},
    "region_map.no_target": {
        "zh": "该地区没有本项的分解目标，不评价。",
        "en": "No regional target for this region: not judged.",
    },
    "region_map.no_target_short": {"zh": "无分解目标", "en": "No target"},
    "region_map.none": {
        "zh": "尚无分解到地区的目标，地图无可显示。",
        "en": "No regional targets yet: the map has nothing to show.",
    },
    "region_map.help": {
        "zh": "每个方块是一个地区，按本省地理位置大致排列；颜色表示所选任务或指标在所选月份的状态（图例）或完成率（色标，超过100%按100%着色），"
        "方块上写有地区名、完成率和状态，不单靠颜色。任务按其进度最差的指标评价。点击地区查看该地区详情。"
        "本软件不附带任何边界数据：正式使用的地图须来自经审核的标准地图来源；部署方可在配置中指定本省的边界文件，显示真实边界（见说明文档）。",
        "en": "Each square is a region, placed roughly as in the province; the colour is the chosen task's or "
        "indicator's status at the chosen month (legend) or its progress (scale, above 100% coloured as 100%), "
        "and every square carries the region's name, the percentage and the status in words, never colour alone. "
        "A task is judged by its worst indicator. Click a region to open its view. No boundary data ships with the "
        "tracker, as official maps must come from an approved source; a deployment may configure its province's "
        "boundary file to show real boundaries (see the README).",
    },
    "region_map.help.boundaries": {
        "zh": "边界来自部署方配置的文件 {file}（按属性“{prop}”对应地区）。颜色表示所选任务或指标在所选月份的状态或完成率；"
        "地区名、完成率和状态写在地区上。点击地区名查看该地区详情。",
        "en": "Boundaries from the deployment's file {file} (regions matched by the property “{prop}”). The colour is "
        "the chosen task's or indicator's status or progress at the chosen month; names, percentages and statuses "
        "are written on the map. Click a region's name to open its view.",
    },
    "region_map.fallback": {
        "zh": "地区文件未给出方块位置（tile），地图按地区顺序紧凑排列，并不反映地理位置。",
        "en": "The regions file gives no tile positions: the squares are laid out in the list's order, not by geography.",
    },
    "region_map.fallback.problems": {
        "zh": "地区文件中的方块位置无法使用，地图按地区顺序紧凑排列：{problems}",
        "en": "The tile positions in the regions file cannot be used, so the squares follow the list's order: {problems}",
    },
    "region_map.tile.missing": {"zh": "{region}没有位置", "en": "{region} has no position"},
    "region_map.tile.bad": {
        "zh": "{region}的位置 {tile} 不是 [行, 列]（非负整数）",
        "en": "{region}'s position {tile} is not [row, column] (whole numbers from 0)",
    },
    "region_map.tile.clash": {
        "zh": "{region}与{other}位置相同（第{row}行第{col}列）",
        "en": "{region} and {other} share row {row}, column {col}",
    },
    "region_map.geo.fallback": {
        "zh": "边界文件（LIVELIHOOD_REGION_GEOJSON）无法使用，改用方块地图：{problems}",
        "en": "The boundary file (LIVELIHOOD_REGION_GEOJSON) cannot be used; showing the tile grid instead: {problems}",
    },
    "region_map.geo.unreadable": {"zh": "无法读取 {path}：{reason}", "en": "cannot read {path}: {reason}"},
    "region_map.geo.not_collection": {
        "zh": "{path} 不是 GeoJSON 要素集合（FeatureCollection）",
        "en": "{path} is not a GeoJSON FeatureCollection",
    },
    "region_map.geo.no_key": {
        "zh": "第{feature}个要素没有属性“{prop}”",
        "en": "feature {feature} has no property “{prop}”",
    },
    "region_map.geo.duplicate": {
        "zh": "第{feature}个要素重复了{regions}",
        "en": "feature {feature} repeats {regions}",
    },
    "region_map.geo.bad_geometry": {
        "zh": "第{feature}个要素（{value}）不是经纬度（WGS84）的面（Polygon/MultiPolygon）",
        "en": "feature {feature} ({value}) is not a Polygon or MultiPolygon in longitude/latitude (WGS84)",
    },
    "region_map.geo.unknown": {
        "zh": "未知地区（属性“{prop}”）：{values}",
        "en": "unknown regions (property “{prop}”): {values}",
    },
    "region_map.geo.missing": {
        "zh": "缺少地区（属性“{prop}”）：{regions}",
        "en": "regions missing (property “{prop}”): {regions}",
    },
    "region_map.region": {"zh": "地区详情", "en": "Region"},
    "region_map.pick_region": {"zh": "选择地区", "en": "Choose a region"},
    "region_map.region.summary": {
        "zh": "第{rank}名 · 得分 {score} · 已完成 {done}、超序时 {ahead}、按序时 {on_pace}、慢序时 {lagging}、未填报 {no_data}（共{indicators}项有分解目标的指标）",
        "en": "Rank {rank} · score {score} · done {done}, ahead {ahead}, on pace {on_pace}, lagging {lagging}, no data {no_data} (of {indicators} indicators with a regional target)",
    },
    "region_map.region.none": {
        "zh": "该地区没有分解目标的指标。",
        "en": "This region has no indicator with a regional target.",
    },
    "region_map.col.explanation": {"zh": "说明", "en": "Explanation"},
}
