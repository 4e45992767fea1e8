"""A known upload for the export tests: province figures for May and June 2024 and a few regions' June figures."""

from __future__ import annotations

KNOWN_CSV = """指标编号,地区,月份,累计完成
EMP-01-1,全省,2024-05,240000
EMP-01-1,全省,2024-06,300000
ELD-02-1,全省,2024-05,1100
ELD-02-1,全省,2024-06,1320
HEA-01-1,全省,2024-06,2000
CUL-02-1,全省,2024-06,880
EDU-01-1,全省,2024-06,153
SOC-01-1,全省,2024-06,1
ELD-02-1,长春市,2024-06,400
ELD-02-1,吉林市,2024-05,180
ELD-02-1,延边州,2024-06,150
""".encode()


def upload_known(store, actor: str = "alice") -> int:
    """Commit KNOWN_CSV through the same preview/commit path as the upload page; returns the batch id."""
    from services.uploads import commit_upload, preview_upload

    preview = preview_upload(store, KNOWN_CSV, "known.csv")
    assert not preview.rejected, [i.message_en for i in preview.issues]
    result = commit_upload(store, preview, actor=actor, confirm_warnings=True)
    assert result.committed, result.message_en
    return result.batch_id
