"""A known fixture for the reporting cycle and the supervision ledger: province figures whose status as
of June 2024 was worked out by hand (see EXPECTED), uploaded through the same path as the upload page.

    ELD-02-1 (省民政厅) 400 of 1,300 = 30.8% against 50.0%: red, 19.2 points behind; pace 400/6 a month
             gives 800 by December, short of the target: listed (挂牌督办)
    PUB-01-1 (省住建厅) 150,000 of 500,000, reported for March only = 30.0%: red, 20.0 points behind (the
             worst); pace 50,000 a month gives 600,000: no miss: supervision (督办)
    HEA-02-1 (省卫健委) 2,700 of 6,000 = 45.0%: amber, 5.0 behind; pace 450 gives 5,400, short: reminder (提醒)
    CUL-02-1 (no lead named) 900 of 1,820 = 49.5%: amber, but the recent pace (900-400)/3 gives 1,900: none
    EMP-01-1 (no lead named) 250,000 of 400,000 = 62.5%: ahead
    省住建厅 reported nothing for May or June (last: March): reminder
"""

from __future__ import annotations

FIXTURE_CSV = """指标编号,月份,累计完成
ELD-02-1,2024-04,200
ELD-02-1,2024-05,300
ELD-02-1,2024-06,400
HEA-02-1,2024-06,2700
PUB-01-1,2024-01,50000
PUB-01-1,2024-02,100000
PUB-01-1,2024-03,150000
EMP-01-1,2024-06,250000
CUL-02-1,2024-03,400
CUL-02-1,2024-04,560
CUL-02-1,2024-05,730
CUL-02-1,2024-06,900
""".encode()

# A correction of 省民政厅's June figure (touches 2024-06 of 省民政厅 only).
ELD_JUNE_FIX = "指标编号,月份,累计完成\nELD-02-1,2024-06,450\n".encode()
# July: ELD-02-1 back on pace (800 of 1,300 = 61.5% against 58.3%).
ELD_JULY = "指标编号,月份,累计完成\nELD-02-1,2024-07,800\n".encode()

# (key, level, department, reason zh, reason en), in the order suggested.
EXPECTED = [
    (
        "red:PUB-01",
        "supervision",
        "省住建厅",
        "按序时应完成50.0%（截至6月底），实际完成30.0%，落后20.0个百分点；沿用3月数据（6月底未填报）",
        "Expected 50.0% by end of June, actual 30.0%, 20.0 points behind; March figures carried forward "
        "(none reported for end of June)",
    ),
    (
        "red:ELD-02",
        "listed",
        "省民政厅",
        "按序时应完成50.0%（截至6月底），实际完成30.8%，落后19.2个百分点；按近期进度预计年底完成800个，低于目标1,300个",
        "Expected 50.0% by end of June, actual 30.8%, 19.2 points behind; projected 800 points by end of December, "
        "short of 1,300 points",
    ),
    (
        "projection:HEA-02",
        "reminder",
        "省卫健委",
        "按序时应完成50.0%（截至6月底），实际完成45.0%，落后5.0个百分点；按近期进度预计年底完成5,400名，低于目标6,000名",
        "Expected 50.0% by end of June, actual 45.0%, 5.0 points behind; projected 5,400 newborns by end of December, "
        "short of 6,000 newborns",
    ),
    (
        "silent:省住建厅",
        "reminder",
        "省住建厅",
        "省住建厅5月、6月均未报送数据（最近一次报送为3月）",
        "Department of Housing and Urban-Rural Development of Jilin Province reported no figures for May or June (last reported for March)",
    ),
]

PW = "correct horse battery"


def upload(store, data: bytes = FIXTURE_CSV, name: str = "fixture.csv", actor: str = "boss"):
    """Preview and commit a file as the upload page does; returns the CommitResult."""
    from services.uploads import commit_upload, preview_upload

    preview = preview_upload(store, data, name)
    assert not preview.rejected, [i.message_en for i in preview.issues]
    return commit_upload(store, preview, actor=actor, confirm_warnings=True)


def accounts(store) -> None:
    """An admin, reporters of 省民政厅 and 省住建厅, and a viewer."""
    from services import accounts as users
    from targets.access import Role

    users.add_user(store, "boss", Role.ADMIN, PW, actor=None)
    users.add_user(store, "mz", Role.REPORTER, PW, department="省民政厅", actor="boss")
    users.add_user(store, "jz", Role.REPORTER, PW, department="省住建厅", actor="boss")
    users.add_user(store, "official", Role.VIEWER, PW, actor="boss")
