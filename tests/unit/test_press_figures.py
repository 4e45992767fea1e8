"""Figures as newspapers print them (targets.numbers.press_figure): 万/亿 in Chinese, million in English."""

from __future__ import annotations

import pytest

from targets.numbers import parse_number, press_figure


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (7080, "名", "7080名"),  # four digits stay as they are, no separator
        (9999, "名", "9999名"),
        (10000, "名", "1万名"),  # from 万 on: compact
        (12345, "户", "1.23万户"),  # three significant digits below 10万
        (16487, "张", "1.65万张"),
        (405978, "个（次）", "40.6万个（次）"),  # never 405,978
        (6134000, "份", "613.4万份"),
        (99_999_999, "元", "1亿元"),  # rounds up into the next magnitude
        (100_000_000, "元", "1亿元"),
        (123_456_789, "元", "1.23亿元"),
        (1_500_000_000, "元", "15亿元"),
        (12.5, "公里", "12.5公里"),
        (3000, "元/人", "3000元/人"),
        (0, "个", "0个"),
    ],
)
def test_chinese_figures_use_wan_and_yi_with_their_unit(value, unit, expected):
    assert press_figure(value, unit, "zh") == expected


def test_rounding_is_half_up_as_printed_not_half_even():
    assert press_figure(12_350, "户") == "1.24万户" and press_figure(12_450, "户") == "1.25万户"
    assert press_figure(405_950, "个") == "40.6万个"


def test_a_figure_below_its_target_never_rounds_onto_it():
    assert press_figure(99_950, "个") == "10万个"  # no target: ordinary rounding
    assert press_figure(99_950, "个", target=100_000) == "9.99万个"  # 10万 would claim the target
    assert press_figure(399_960, "个（次）", target=400_000) == "39.9万个（次）"
    assert press_figure(97.996, kind="rate", target=98) == "97.99%"
    assert press_figure(999_600, "户", "en", target=1_000_000) != "1 million households"


def test_a_figure_above_its_target_that_rounds_to_it_says_yi_shang():
    assert press_figure(400_300, "个（次）", target=400_000) == "40万个（次）以上"
    assert press_figure(400_000, "个（次）", target=400_000) == "40万个（次）"  # exactly met: no 以上
    assert press_figure(405_978, "个（次）", target=400_000) == "40.6万个（次）"  # the excess shows already
    assert press_figure(1_000_300, "households", "en", target=1_000_000) == "over 1 million households"


def test_english_figures_in_full_below_a_million_then_in_millions():
    assert press_figure(405_978, "postings", "en") == "405,978 postings"
    assert press_figure(9999, "", "en") == "9,999"
    assert press_figure(999_999, "households", "en") == "999,999 households"
    assert press_figure(6_134_000, "households", "en") == "6.13 million households"
    assert press_figure(123_456_789, "yuan", "en") == "123.5 million yuan"
    assert press_figure(1_500_000_000, "yuan", "en") == "1.5 billion yuan"


def test_rates_standards_and_missing_figures():
    assert press_figure(98.5, kind="rate") == press_figure(98.5, "%", "en", kind="rate") == "98.5%"
    assert press_figure(98.48, kind="rate") == "98.48%" and press_figure(70, kind="rate") == "70%"
    assert press_figure(250_000, kind="rate") == "250000%"  # a rate is never written in 万
    assert press_figure(1, "是否达标", kind="standard") == "已达标"
    assert press_figure(0, "是否达标", kind="standard") == "未达标"
    assert press_figure(1, "met or not", "en", kind="standard") == "met"
    assert press_figure(None, "名") == press_figure(float("nan"), "名") == "—"


@pytest.mark.parametrize("value", [7080, 10000, 16487, 405978, 6134000, 123456789])
def test_what_is_printed_reads_back_within_the_printed_precision(value):
    """The department-side parser reads the press figure back to the same value, to three significant digits."""
    text = press_figure(value, "", "zh")
    assert parse_number(text).value == pytest.approx(value, rel=5e-3)
