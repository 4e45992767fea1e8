"""The shipped catalogue is faithful to the seed documents: every number traceable, nothing invented."""

from __future__ import annotations

import re

import pytest

from targets.catalogue import CatalogueError, load_bundled, load_catalogue
from targets.model import Kind
from targets.numbers import parse_number
from tests.conftest import SEEDS, SHARED_SEEDS

PLAN = load_bundled(2024)


def seed_text(name: str) -> str:
    """A seed with the newspaper's line breaks and spaces removed, as quotes are compared."""
    return re.sub(r"\s+", "", (SEEDS / name).read_text(encoding="utf-8"))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def all_sources():
    if PLAN.declaration:
        yield "declaration", PLAN.declaration
    for task in PLAN.tasks:
        yield task.code, task.source
        if task.lead_unit_source:
            yield f"{task.code} lead unit", task.lead_unit_source
    for ind in PLAN.indicators:
        if ind.last_year:
            yield f"{ind.code} last year", ind.last_year.source


@pytest.mark.parametrize(("what", "source"), list(all_sources()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_quote_appears_in_its_named_seed_file(what, source):
    assert (SEEDS / source.file).exists(), f"{what}: seed file {source.file} is missing"
    assert squash(source.quote) in seed_text(source.file), f"{what}: quote not found in {source.file}"


@pytest.mark.parametrize("ind", PLAN.indicators, ids=lambda i: i.code)
def test_every_target_number_appears_in_its_quoted_sentence(ind):
    assert ind.stated in squash(ind.source.quote)
    if ind.kind is Kind.STANDARD:
        assert ind.target == 1
    else:
        assert parse_number(ind.stated).value == ind.target


def test_last_year_figures_are_stated_in_their_sentences():
    with_last_year = {i.code: i.last_year for i in PLAN.indicators if i.last_year}
    assert {code: ly.value for code, ly in with_last_year.items()} == {"HEA-01-1": 7080, "HEA-02-1": 6015}
    for ly in with_last_year.values():
        assert ly.stated in squash(ly.source.quote)
        assert parse_number(ly.stated).value == ly.value


def test_plan_declares_fifty_tasks_in_ten_areas_and_catalogues_what_seed_000_names():
    assert (PLAN.year, PLAN.declared_tasks, PLAN.declared_areas) == (2024, 50, 10)
    assert "10个方面50项民生实事" in squash(PLAN.declaration.quote)
    assert [a.name.zh for a in PLAN.areas] == [
        "促进就业",
        "社会保障",
        "教育惠民",
        "医疗卫生",
        "养老助老",
        "文体生活",
        "公共服务",
    ]
    assert len(PLAN.tasks) == 25
    assert len(PLAN.indicators) == 31


def test_the_fitness_sentence_is_one_task_with_four_indicators():
    fitness = [i for i in PLAN.indicators if i.task_code == "CUL-03"]
    assert [(i.target, i.unit.zh) for i in fitness] == [(200, "套"), (26, "个"), (20, "个"), (5, "个")]


def test_every_number_of_the_2024_list_in_seed_000_is_catalogued():
    """Completeness: each number in the spokesman's 2024 list is the stated target of some indicator."""
    text = seed_text("000_da1ac5772770c456.txt")
    start = text.index("2024年，省发改委在促进就业方面")
    end = text.index("（下转A3版）", start)
    paragraph = text[start:end]
    # Every quoted task sentence lies inside the paragraph.
    spans = []
    for task in PLAN.tasks:
        if task.source.file.startswith("000_"):
            at = paragraph.find(squash(task.source.quote))
            assert at >= 0, task.code
            spans.append((at, at + len(squash(task.source.quote)), task.code))
    not_targets = {"2024年", "15分钟"}  # the year and the name of the "15-minute service circle"
    for m in re.finditer(r"\d+(\.\d+)?(万)?(年|分钟)?", paragraph):
        token = m.group(0)
        if token in not_targets:
            continue
        owners = [code for a, b, code in spans if a <= m.start() < b]
        assert owners, f"number {token} at {m.start()} is in no catalogued task sentence"
        stated = {i.stated for i in PLAN.indicators if i.task_code == owners[0]}
        assert token in stated, f"{token} in {owners[0]}'s sentence is not a stated target ({stated})"


def test_lead_units_are_only_those_the_sources_state():
    leads = {t.code: t.lead_unit for t in PLAN.tasks if t.lead_unit}
    assert leads == {"HEA-02": "省卫健委", "ELD-02": "省民政厅", "PUB-01": "省住建厅"}
    for task in PLAN.tasks:
        if not task.lead_unit:
            continue
        # The quote must stand in the part of the seed where that department's spokesman speaks.
        text = seed_text(task.lead_unit_source.file)
        at = text.index(squash(task.lead_unit_source.quote))
        speakers = list(re.finditer(r"据(省\w{2,4}?)相关负责人介绍", text[:at]))
        assert speakers, task.code
        assert speakers[-1].group(1) == task.lead_unit, task.code


def test_codes_are_unique_and_stable_in_shape():
    codes = [i.code for i in PLAN.indicators]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z]{3}-\d{2}-\d", c) for c in codes)


def test_a_stated_number_that_disagrees_with_the_target_is_refused(tmp_path):
    src = (load_bundled.__globals__["bundled_path"](2024)).read_text(encoding="utf-8")
    broken = src.replace("target: 1300\n", "target: 1400\n", 1)
    path = tmp_path / "2024.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(CatalogueError) as exc:
        load_catalogue(path)
    assert "ELD-02-1" in str(exc.value) and "1300" in str(exc.value)


def test_the_shipped_sources_are_exact_copies_of_the_shared_seeds():
    cited = {s.file for _, s in all_sources()}
    assert cited == {p.name for p in SEEDS.glob("*.txt")}
    if not SHARED_SEEDS.is_dir():
        pytest.skip(f"the shared seeds are not beside this checkout ({SHARED_SEEDS})")
    for name in cited:
        assert (SEEDS / name).read_bytes() == (SHARED_SEEDS / name).read_bytes(), name


def test_english_names_are_whole_and_nothing_unexpected_hides_in_the_yaml():
    for ind in PLAN.indicators:
        assert len(ind.name.en.split()) >= 2, ind.code
    for task in PLAN.tasks:
        assert len(task.name.en.split()) >= 2, task.code


def test_a_name_split_by_an_unquoted_comma_is_refused(tmp_path):
    src = (load_bundled.__globals__["bundled_path"](2024)).read_text(encoding="utf-8")
    broken = src.replace(
        'en: "Migrant, front-line and industrial workers funded for continuing degree education"',
        "en: Migrant, front-line workers",
    )
    assert broken != src
    path = tmp_path / "2024.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(CatalogueError, match="unexpected keys"):
        load_catalogue(path)
