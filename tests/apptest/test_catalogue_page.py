"""The catalogue browser through Streamlit's AppTest, in both languages."""

from __future__ import annotations


def open_catalogue(app):
    """The overview is the default page: run once, then switch to the catalogue."""
    app.run()
    return app.switch_page("views/catalogue.py").run()


def texts(at) -> str:
    return "\n".join([*(m.value for m in at.markdown), *(c.value for c in at.caption), *(t.value for t in at.title)])


def test_catalogue_page_shows_coverage_and_sources_in_chinese(app):
    at = open_catalogue(app)
    assert not at.exception
    assert at.title[0].value == "2024年民生实事任务目录"
    page = texts(at)
    assert "已收录 25 / 50 项任务（7 / 10 个方面），共 31 个量化指标。" in page
    assert "> 为7000名适龄儿童开展免费牙齿窝沟封闭服务" in page
    table = at.table[0].value
    assert len(table) == 31 and "EMP-01-1" in set(table["编号"])


def test_filters_narrow_the_table_and_the_sources(app):
    at = open_catalogue(app)
    at.text_input(key="catalogue_query").set_value("窝沟").run()
    assert list(at.table[0].value["编号"]) == ["HEA-01-1"]
    at.text_input(key="catalogue_query").set_value("").run()
    at.selectbox(key="catalogue_lead_zh").set_value("省民政厅").run()
    assert list(at.table[0].value["编号"]) == ["ELD-02-1"]
    at.selectbox(key="catalogue_lead_zh").set_value(None).run()
    at.selectbox(key="catalogue_area_zh").set_value("CUL").run()
    assert list(at.table[0].value["编号"]) == [
        "CUL-01-1",
        "CUL-01-2",
        "CUL-02-1",
        "CUL-03-1",
        "CUL-03-2",
        "CUL-03-3",
        "CUL-03-4",
    ]


def test_english_switch_translates_the_page(app):
    at = app.run()
    at.sidebar.radio(key="lang").set_value("en").run()
    at.switch_page("views/catalogue.py").run()
    assert not at.exception
    assert at.session_state["ui_lang"] == "en"
    assert at.title[0].value == "2024 livelihood projects catalogue"
    assert "25 of 50 tasks catalogued (7 of 10 areas), 31 quantitative indicators." in texts(at)
    assert "Job postings collected and pushed" in set(at.table[0].value["Indicator"])


def test_language_and_year_survive_reruns(app):
    app.session_state["ui_lang"] = "en"
    at = open_catalogue(app)
    at.text_input(key="catalogue_query").set_value("meal").run()
    at.text_input(key="catalogue_query").set_value("").run()
    assert at.title[0].value == "2024 livelihood projects catalogue"
    assert len(at.table[0].value) == 31


def test_the_table_reads_names_first_and_cites_documents_not_files(app):
    """Issue 19: names before codes, departments in the UI's language, sources as the document names itself."""
    at = open_catalogue(app)
    table = at.table[0].value
    columns = list(table.columns)
    assert columns[0] == "指标" and columns[-1] == "编号"
    page = texts(at)
    assert "《用心用情用力保障和改善民生——全省两会第一场新闻发布会举行》" in page
    assert not any(line.startswith("HEA-01-1 来源") for line in page.splitlines())
    app.session_state["ui_lang"] = "en"
    at = open_catalogue(app)
    leads = set(at.table[0].value["Lead department"])
    assert "Department of Civil Affairs of Jilin Province" in leads and not any("省" in x for x in leads)
