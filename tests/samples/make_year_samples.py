"""Write the year-cycle samples in tests/samples/year/: a candidate sheet, the deputies' tally sheets and a rating
sheet, as the people who run a year's 民生实事 票决 make them.

Run `python tests/samples/make_year_samples.py [OUT_DIR]`; the output is byte-for-byte reproducible (the XLSX
zip normalised as make_samples.py does), and a test checks the committed files against a fresh run.

- candidates_2025.xlsx: 13 blocks, 12 candidates for 10 places (the 13th repeats candidate 3 by name and is
  merged into it, a warning), several indicator rows per candidate with merged cells, 21.3万 as a target.
- tally_2025_gbk.csv (GBK, a title row): 60 deputies, 55 present; candidates 10 and 11 tie at 40 yes for the
  last place, so the result is `tie_revote` for both.
- tally_2025_revote.csv (UTF-8): the re-vote among 10 and 11: 10 has 33 (more than 30, half of 60), 11 has 22.
- rating_2025.xlsx: the year-end rating of the adopted tasks by 60 members (one at exactly half: 30 满意).
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_samples import workbook_bytes

OUT_DIR = Path(__file__).resolve().parent / "year"

HEAD = [
    "序号",
    "项目名称",
    "类别",
    "主要内容",
    "申报理由",
    "申报单位",
    "指标名称",
    "目标值",
    "计量单位",
    "估算投资（万元）",
]
# number, name, area, content, reason, proposer, investment (万元), [(indicator, target, unit)]
CANDIDATES = [
    (
        1,
        "老年助餐服务扩面",
        "养老服务",
        "新建改建助餐点",
        "老年人就餐难",
        "省民政厅",
        5200,
        [("新建改建助餐点", "1300", "个"), ("服务老年人", "21.3万", "人次")],
    ),
    (2, "普惠托育服务扩容", "教育", "新增普惠托位", "入托难", "省卫健委", 3000, [("新增普惠托位", "5000", "个")]),
    (
        3,
        "城镇老旧小区改造",
        "住房保障",
        "改造老旧小区",
        "设施老化",
        "省住建厅",
        120000,
        [("改造老旧小区", "600", "个"), ("惠及居民", "12万", "户")],
    ),
    (4, "儿童免费窝沟封闭", "医疗卫生", "适龄儿童窝沟封闭", "龋齿高发", "省卫健委", 800, [("窝沟封闭", "3万", "人")]),
    (5, "零工市场建设", "就业", "建设规范化零工市场", "灵活就业", "省人社厅", 1500, [("建成零工市场", "60", "个")]),
    (
        6,
        "农村公路安全提升",
        "交通出行",
        "农村公路安防工程",
        "群众出行安全",
        "李某某代表",
        30000,
        [("安防工程", "1500", "公里")],
    ),
    (
        7,
        "社区健身设施补短板",
        "文化体育",
        "配建健身路径",
        "健身场地少",
        "省体育局",
        2600,
        [("配建健身路径", "800", "条")],
    ),
    (
        8,
        "困难残疾人康复服务",
        "社会保障",
        "基本康复服务",
        "康复需求大",
        "省残联",
        4100,
        [("提供基本康复服务", "4万", "人")],
    ),
    (9, "瓶装液化气安全改造", "公共安全", "更换阀管", "燃气安全", "省住建厅", 9000, [("改造居民用户", "20万", "户")]),
    (10, "城乡学校午餐提质", "教育", "改善学生午餐", "家长呼声高", "市民王某", 6000, [("覆盖学校", "300", "所")]),
    (11, "法律援助联络点", "公共安全", "建立联络点", "维权不便", "省司法厅", 300, [("建立联络点", "500", "个")]),
    (12, "惠民购书卡发放", "文化体育", "发放购书卡", "全民阅读", "省委宣传部", 1000, [("发放购书卡", "10万", "张")]),
]
# The 13th block: candidate 3 proposed again by a deputy, with a new indicator (merged into 3).
REPEAT = (13, "城镇老旧小区 改造", "住房保障", "", "代表建议", "赵某某代表", None, [("加装电梯", "500", "部")])

# yes votes per candidate of the first round: 60 deputies, 55 present; 10 and 11 tie at 40 for place 10.
YES = {1: 52, 2: 50, 3: 49, 4: 48, 5: 47, 6: 46, 7: 45, 8: 44, 9: 43, 10: 40, 11: 40, 12: 28}
ABSTAIN = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3, 6: 4, 7: 5, 8: 5, 9: 6, 10: 7, 11: 6, 12: 10}
REVOTE = {10: (33, 18, 3), 11: (22, 28, 4)}  # 54 present at the re-vote

# The rating of the adopted tasks (task name → 满意, 基本满意, 不满意) by 60 members.
RATING = {
    "老年助餐服务扩面": (45, 10, 3),  # satisfied: 45 > 30
    "普惠托育服务扩容": (30, 20, 8),  # exactly half 满意: basically satisfied (50 > 30)
    "城镇老旧小区改造": (20, 10, 28),  # 30 is exactly half: dissatisfied
    "儿童免费窝沟封闭": (40, 15, 2),
}


def candidates_xlsx() -> bytes:
    def build(workbook: openpyxl.Workbook) -> None:
        sheet = workbook.active
        sheet.title = "候选项目"
        sheet.append(["2025年省级民生实事候选项目汇总表"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEAD))
        sheet.append(HEAD)
        for number, name, area, content, reason, proposer, money, indicators in [*CANDIDATES, REPEAT]:
            top = sheet.max_row + 1
            for k, (indicator, target, unit) in enumerate(indicators):
                first = k == 0
                sheet.append(
                    [
                        number if first else None,
                        name if first else None,
                        area if first else None,
                        content if first else None,
                        reason if first else None,
                        proposer if first else None,
                        indicator,
                        target,
                        unit,
                        money if first else None,
                    ]
                )
            if len(indicators) > 1:
                for column in (1, 2, 3, 4, 5, 6, 10):
                    sheet.merge_cells(start_row=top, start_column=column, end_row=sheet.max_row, end_column=column)
        sheet.append(["注：估算投资为初步测算。"])

    return workbook_bytes(build)


def tally_gbk() -> bytes:
    lines = ["2025年民生实事项目人大代表票决计票表,,,,", "序号,项目名称,赞成,反对,弃权"]
    for number, name, *_ in CANDIDATES:
        yes, abstain = YES[number], ABSTAIN[number]
        lines.append(f"{number},{name},{yes},{55 - yes - abstain},{abstain}")
    return ("\r\n".join(lines) + "\r\n").encode("gbk")


def revote_csv() -> bytes:
    names = {c[0]: c[1] for c in CANDIDATES}
    lines = ["项目名称,赞成,反对,弃权"] + [f"{names[n]},{y},{no},{a}" for n, (y, no, a) in REVOTE.items()]
    return ("\n".join(lines) + "\n").encode("utf-8")


def rating_xlsx() -> bytes:
    def build(workbook: openpyxl.Workbook) -> None:
        sheet = workbook.active
        sheet.title = "测评结果"
        sheet.append(["任务名称", "满意", "基本满意", "不满意"])
        for name, (s, b, d) in RATING.items():
            sheet.append([name, s, b, d])

    return workbook_bytes(build)


SAMPLES = {
    "candidates_2025.xlsx": candidates_xlsx,
    "tally_2025_gbk.csv": tally_gbk,
    "tally_2025_revote.csv": revote_csv,
    "rating_2025.xlsx": rating_xlsx,
}


def write_samples(out: Path = OUT_DIR) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in SAMPLES.items():
        path = out / name
        path.write_bytes(make())
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write_samples(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT_DIR):
        print(p)
