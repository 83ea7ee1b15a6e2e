"""report.html opened in headless Chromium, as a person would open it; plus its structure without a browser."""

import json
import os
import re

import pytest

from .browser import chromium, dump_dom, screenshot
from .conftest import SEEDS, run_cli

needs_browser = pytest.mark.skipif(
    chromium() is None and not os.environ.get("VI2EN_REQUIRE_BROWSER"),
    reason="chromium is not installed (.ci/run installs it)",
)


@pytest.fixture(scope="module")
def runs(tmp_path_factory, tiny_models):
    root = tmp_path_factory.mktemp("report")
    assert run_cli("clean", SEEDS, "-o", root / "clean", "-q").returncode == 0
    result = run_cli("translate", SEEDS, "-o", root / "translated", "--model", tiny_models("marian"), "-q")
    assert result.returncode == 0, result.stderr
    return root


def embedded(page):
    html = page.read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" id="data">(.*?)</script>', html, re.S).group(1)
    return html, json.loads(data)


@pytest.mark.parametrize("run", ["clean", "translated"])
def test_report_is_self_contained(runs, run):
    html, data = embedded(runs / run / "report.html")
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)  # no network: no external scripts, fonts or styles
    assert "@import" not in html and "url(" not in html
    assert [a["file"] for a in data["articles"]] == sorted(p.name for p in SEEDS.glob("*.txt"))


@needs_browser
@pytest.mark.parametrize("run", ["clean", "translated"])
def test_report_renders_articles_dates_and_the_removed_css(runs, run, tmp_path):
    page = runs / run / "report.html"
    dom = dump_dom(page)
    index = re.search(r'<table id="index">(.*?)</table>', dom, re.S).group(1)
    for seed in SEEDS.glob("*.txt"):
        assert seed.name in index
    review = re.search(r'<table class="review" id="review">(.*?)</table>', dom, re.S).group(1)
    for phrase in ("ngày 21 tháng XNUMX", "tháng 2021 năm XNUMX", "tháng XNUMX năm ngoái", "tháng 2020 năm XNUMX"):
        assert phrase in review
    article = re.search(r'<section id="article"[^>]*>(.*?)</section>', dom, re.S).group(1)
    assert "000_f152d107197091e6.txt" in article  # the first article is open
    assert re.search(r'<del title="code">@màn hình chỉ phương tiện.*?stickyads', article, re.S)
    if run == "translated":
        assert re.search(r'<div class="pair[^"]*" data-k="0">Washington: Ấn Độ và Mỹ', article)
        assert 'class="cols bilingual"' in article
    png = screenshot(page, tmp_path / f"{run}.png")
    assert png.stat().st_size > 10_000


def test_every_edit_in_the_report_points_into_its_paragraph(runs):
    _, data = embedded(runs / "clean" / "report.html")
    for article in data["articles"]:
        for p in article["paragraphs"]:
            for e in p["edits"]:
                assert 0 <= e["start"] <= e["end"] <= len(p["raw"])


# --- hostile payloads (tests/hostile.py) ----------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    from .hostile import hostile_folder

    root = tmp_path_factory.mktemp("hostile-report")
    result = run_cli("clean", hostile_folder(root / "in"), "-o", root / "out", "-q")
    assert result.returncode == 0, result.stderr
    return root / "out" / "report.html"


@needs_browser
def test_a_comment_opener_before_a_script_tag_does_not_blank_the_report(hostile_report):
    _, data = embedded(hostile_report)
    dom = dump_dom(hostile_report)
    index = re.search(r'<table id="index">(.*?)</table>', dom, re.S).group(1)
    assert index.count("<tr ") == len(data["articles"])  # every article listed: the page was not swallowed
    review = re.search(r'<table class="review" id="review">(.*?)</table>', dom, re.S).group(1)
    assert "evil.example" in review and review.count("<tr ") == sum(len(a["flags"]) for a in data["articles"])
    i = next(k for k, a in enumerate(data["articles"]) if a["file"] == "report.txt")
    article = dump_dom(hostile_report, fragment=f"#a={i}")
    assert re.search(r"Bình luận &lt;!--(<del[^>]*>)?&lt;script&gt;", article)


@needs_browser
def test_no_hostile_markup_becomes_an_element(hostile_report):
    _, data = embedded(hostile_report)
    for i, _ in enumerate(data["articles"]):
        dom = dump_dom(hostile_report, fragment=f"#a={i}")
        assert dom.count("<script") == 2  # the data and the page's own script
        page = re.sub(r'<script type="application/json" id="data">.*?</script>', "", dom, flags=re.S)
        assert not re.search(r"<(svg|img|iframe|object|a)\b[^>]*(javascript:|\son\w+=)|<[^>]*\son\w+=", page)
        assert "<title>vi2en report</title>" in dom and "PWNED" not in re.sub(r"&[^;]+;", "", page.split("<body", 1)[0])


@needs_browser
def test_replacement_patterns_in_a_flagged_phrase_are_shown_as_written(tmp_path):
    from translate.article import Article, Flag, Paragraph
    from translate.write.report import render_report

    phrase = "giá $` $' $& $$ tăng"
    text = f"Hôm nay {phrase} mạnh."
    flag = Flag(kind="number.placeholder", original=phrase, cleaned=phrase, context=text, paragraph=0)
    page = tmp_path / "report.html"
    page.write_text(render_report([Article(file="a.txt", paragraphs=[Paragraph(raw=text, clean=text, line=1)], flags=[flag])],
                                  {0: "a"}), encoding="utf-8")
    dom = dump_dom(page)
    marks = re.findall(r'<mark class="flag" title="[^"]*">(.*?)</mark>', dom)
    assert "giá $` $' $&amp; $$ tăng" in marks
    assert "Hôm nay <mark" in dom and "</mark> mạnh." in dom
