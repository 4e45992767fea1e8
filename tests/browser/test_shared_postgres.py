"""Two app servers on one PostgreSQL database, as behind a load balancer: a figure uploaded through one
shows in a browser on the other at its next rerun (its cached reads are keyed on the data-version stamp)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from .helpers import init_db, open_app, screenshot, wait_for_app

pytestmark = pytest.mark.postgres

MAY = "指标编号,月份,累计完成\nEMP-01-1,2024-05,21.3万\nELD-02-1,2024-05,1300\n"
NO_FIGURES = re.compile(r"No figures yet\. Upload some on the Upload page")
BULLETIN = re.compile(r"of the \d+ catalogued tasks, \d+ were done")


@pytest.fixture
def shared_db(postgres_cluster) -> Iterator[str]:
    """A PostgreSQL database initialised with the CLI (asked for before the servers, so dropped after them)."""
    url = postgres_cluster.new_database()
    init_db(url)
    yield url
    postgres_cluster.drop_database(url)


def test_an_upload_through_one_server_shows_on_the_other_at_its_next_rerun(shared_db, start_app, new_page, tmp_path):
    one, other = start_app(shared_db), start_app(shared_db)
    assert one.port != other.port

    # The overview is the default page (a fresh server resolves page paths only once app.py has run).
    watching = open_app(new_page(), other.page_url(lang="en"))
    expect(watching.get_by_text(NO_FIGURES)).to_be_visible()
    expect(watching.get_by_text(BULLETIN)).to_have_count(0)

    uploading = open_app(new_page(), one.page_url(lang="en"))
    uploading.get_by_test_id("stSidebarNav").get_by_role("link", name="Upload figures", exact=True).click()
    wait_for_app(uploading)
    sheet = tmp_path / "may.csv"
    sheet.write_text(MAY, encoding="utf-8")
    uploading.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(sheet)
    wait_for_app(uploading)
    uploading.locator(".st-key-upload_commit button").click()
    wait_for_app(uploading)
    expect(uploading.get_by_text("Committed batch 1: 2 new, 0 changed, 0 unchanged.")).to_be_visible()

    watching.reload()
    wait_for_app(watching)
    expect(watching.get_by_text(BULLETIN)).to_be_visible()
    expect(watching.get_by_text(NO_FIGURES)).to_have_count(0)
    screenshot(watching, "two-servers-postgres-other")
