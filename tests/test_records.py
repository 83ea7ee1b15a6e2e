"""Record inputs (JSON Lines, JSON, CSV, Parquet, gzipped or not, stdin), saved pages of any name, and
trafilatura's metadata header: one article per record, its id carried into every output, broken records
reported one by one."""

import csv
import gzip
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from translate.pipeline import clean_files
from translate.records import Fields

REALNEWS = ROOT.parent / "shared" / "realnews"
VNEXPRESS = REALNEWS / "vnexpress-json"

GOOD = [
    {"url": "https://example.vn/gia-vang-1.html", "title": "Giá vàng tăng mạnh", "date": "2025-09-10T16:30:00+07:00",
     "content": "Giá vàng hôm nay tăng mạnh vì nhu cầu mua tích trữ của người dân trong nước.\n"
                "Các doanh nghiệp kinh doanh vàng cho biết lượng khách đến mua đông hơn mọi ngày."},
    {"url": "https://example.vn/mua-lon-2.html", "title": "Hà Nội mưa lớn", "date": "Thứ tư, 10/9/2025, 16:30 (GMT+7)",
     "content": "Hà Nội có mưa lớn kéo dài từ chiều qua khiến nhiều tuyến phố bị ngập sâu trong nước."},
]
BROKEN_DICTS = [
    {"url": "https://example.vn/rong-3.html", "title": "Unknown", "content": "Unknown"},  # what crawls write
    {"url": "https://example.vn/trong-4.html", "title": "Trống", "content": ""},
    {"url": "https://example.vn/thieu-5.html", "title": "Không có nội dung"},  # no text field at all
]


def _status(out: Path) -> dict[str, tuple[str, str]]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {f["file"]: (f["status"], f["reason"]) for f in manifest["files"]}


def _records(out: Path) -> dict[str, dict]:
    return {r["file"]: r for r in (json.loads(p.read_text(encoding="utf-8")) for p in out.rglob("*.json"))
            if "paragraphs" in r}


def _write(path: Path, fmt: str, rows: list[dict]) -> Path:
    if fmt == "jsonl":
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
    elif fmt == "json":
        data = json.dumps(rows, ensure_ascii=False, indent=2).encode()
    elif fmt == "json-lines":
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=["url", "title", "date", "content"])
        writer.writeheader()
        writer.writerows(rows)
        data = buffer.getvalue().encode()
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        sink = io.BytesIO()
        pq.write_table(pa.Table.from_pylist([{k: r.get(k) for k in ("url", "title", "date", "content")} for r in rows]), sink)
        data = sink.getvalue()
    if path.suffix == ".gz":
        data = gzip.compress(data)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("fmt, name", [
    ("jsonl", "feed.jsonl"), ("jsonl", "feed.jsonl.gz"), ("json", "feed.json"), ("json-lines", "feed.json"),
    ("json", "feed.json.gz"), ("csv", "feed.csv"), ("csv", "feed.csv.gz"), ("parquet", "feed.parquet"),
    ("parquet", "feed.parquet.gz"),
])
def test_every_record_format_gives_one_article_per_record_with_its_url(tmp_path, fmt, name):
    src = _write(tmp_path / name, fmt, GOOD + BROKEN_DICTS)
    out = tmp_path / "out"
    clean_files([src], out)
    status = _status(out)
    assert [s for s, _ in status.values()] == ["ok", "ok", "skipped", "skipped", "skipped"]
    assert list(status) == [f"{name}#{n}" for n in range(1, 6)]
    reasons = [r for _, r in status.values()][2:]
    assert "empty" in reasons[0] and "Unknown" in reasons[0]
    assert "empty" in reasons[1]
    assert ("no text field" in reasons[2]) if fmt not in ("csv", "parquet") else ("empty" in reasons[2])
    records = _records(out)
    first = records[f"{name}#1"]
    assert first["source_id"] == "https://example.vn/gia-vang-1.html"
    assert first["title"] == "Giá vàng tăng mạnh" and first["date"] == "2025-09-10"
    assert records[f"{name}#2"]["date"] == "2025-09-10"  # the vnexpress dateline form
    assert [p["clean"] for p in first["paragraphs"]][0].startswith("Giá vàng hôm nay tăng mạnh")
    assert (out / "feed" / "000001.vi.txt").exists() and (out / "feed" / "000002.json").exists()


def test_broken_records_get_a_status_and_a_reason_and_the_others_go_on(tmp_path):
    lines = [
        json.dumps(GOOD[0], ensure_ascii=False),
        '{"url": "https://example.vn/cut", "content": "Giá vàng',  # a line cut off mid-record
        json.dumps({"url": "https://example.vn/so", "content": 12345}),  # a number where text belongs
        json.dumps({"url": "https://example.vn/dict", "content": {"vi": "Giá vàng"}}),
        json.dumps(["not", "an", "object"]),
        json.dumps(GOOD[1], ensure_ascii=False),
    ]
    src = tmp_path / "feed.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("clean", src, "-o", tmp_path / "out")
    assert result.returncode == 1, result.stderr  # failed records make the run fail, after doing the rest
    status = _status(tmp_path / "out")
    assert status["feed.jsonl#1"][0] == status["feed.jsonl#6"][0] == "ok"
    assert status["feed.jsonl#2"][0] == "failed" and "invalid JSON" in status["feed.jsonl#2"][1]
    assert status["feed.jsonl#3"] == ("skipped", "field 'content' holds a number, not text")
    assert status["feed.jsonl#4"] == ("skipped", "field 'content' holds an object, not text")
    assert status["feed.jsonl#5"][0] == "failed" and "not an object" in status["feed.jsonl#5"][1]
    assert "feed.jsonl#2" in result.stderr and "Traceback" not in result.stderr


def test_a_cut_off_json_array_keeps_the_records_before_the_cut(tmp_path):
    src = tmp_path / "feed.json"
    text = json.dumps(GOOD + GOOD, ensure_ascii=False)
    src.write_text(text[: len(text) - 40], encoding="utf-8")
    clean_files([src], tmp_path / "out")
    status = _status(tmp_path / "out")
    assert [s for s, _ in status.values()] == ["ok", "ok", "ok", "failed"]
    assert "invalid JSON" in status["feed.json#4"][1]


def test_named_fields_override_the_detected_ones(tmp_path):
    src = tmp_path / "scrapy.jsonl"
    row = {"link": "https://example.vn/a", "headline": "Tiêu đề", "noi_dung": GOOD[0]["content"], "ngay": "2024-02-03",
           "content": "Unknown"}
    src.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    clean_files([src], out, fields=Fields(text="noi_dung", date="ngay", id="link"))
    record = _records(out)["scrapy.jsonl#1"]
    assert record["status"] == "ok" and record["source_id"] == "https://example.vn/a"
    assert record["date"] == "2024-02-03" and record["title"] == "Tiêu đề"
    out2 = tmp_path / "out2"
    clean_files([src], out2, fields=Fields(text="missing"))
    # a misspelt field name: the reason names the fields the record does hold, so the right one is a glance away
    assert _status(out2)["scrapy.jsonl#1"] == (
        "skipped", "no text field (looked for missing; the record has link, headline, noi_dung, ngay, content; "
                   "name one with --text-field)")


def test_an_html_field_is_read_as_a_page(tmp_path):
    page = (REALNEWS / "html" / "vnexpress_17-dau-hieu-trieu-phu-3878849.html").read_text(encoding="utf-8")
    src = tmp_path / "pages.jsonl"
    src.write_text(json.dumps({"url": "https://vnexpress.net/x-3878849.html", "html": page}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    clean_files([src], out)
    record = _records(out)["pages.jsonl#1"]
    assert record["status"] == "ok" and record["format"] == "html"
    assert not any("<div" in p["raw"] for p in record["paragraphs"])


def test_stdin_with_and_without_format(tmp_path):
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in GOOD)
    for extra in ([], ["--format", "jsonl"]):
        out = tmp_path / f"out{len(extra)}"
        result = subprocess.run([sys.executable, "-m", "translate", "clean", "-", "-o", str(out), "-q", *extra],
                                input=data.encode(), capture_output=True, cwd=ROOT, timeout=300)
        assert result.returncode == 0, result.stderr
        assert list(_status(out)) == ["stdin#1", "stdin#2"]
        assert (out / "stdin" / "000001.json").exists()
    result = subprocess.run([sys.executable, "-m", "translate", "clean", "-", "-o", str(tmp_path / "csv"), "-q"],
                            input=b"url,content\nx,y\n", capture_output=True, cwd=ROOT, timeout=300)
    assert result.returncode == 1 and b"--format" in result.stderr


def test_the_vnexpress_crawl_reads_with_urls_and_datelines(tmp_path):
    out = tmp_path / "out"
    result = run_cli("clean", VNEXPRESS, "-o", out, "-q")
    assert result.returncode == 0, result.stderr
    status = _status(out)
    crawl = json.loads((VNEXPRESS / "vnexpress_bongda_part2.json").read_text(encoding="utf-8"))
    assert len(status) == len(crawl) == 500
    empty = {f"vnexpress_bongda_part2.json#{n}" for n, r in enumerate(crawl, 1) if not r["content"].strip()}
    assert {k for k, (s, _) in status.items() if s == "skipped"} == empty
    records = _records(out)
    sample = records["vnexpress_bongda_part2.json#2"]
    assert sample["source_id"] == crawl[1]["url"] and sample["title"] == crawl[1]["title"]
    assert sample["date"] == "2013-06-11"  # "Thứ ba, 11/6/2013, 17:20 (GMT+7)"
    review = [json.loads(line) for line in (out / "review.jsonl").read_text(encoding="utf-8").splitlines()]
    assert review and all(r["source_id"].startswith("https://") for r in review)


@pytest.mark.parametrize("name", ["genk.chn", "page.aspx", "page.php", "tin.tpo", "bai.vnp", "page.html.gz", "x.chn.gz"])
def test_saved_pages_of_any_name_are_read_as_html(tmp_path, name):
    page = (REALNEWS / "html" / "soha_can-lo-lo-khan-tam-20121225102525545.html").read_bytes()
    src = tmp_path / "in"
    src.mkdir()
    (src / name).write_bytes(gzip.compress(page) if name.endswith(".gz") else page)
    (src / "notes.bin").write_bytes(b"\x00\x01binary")
    out = tmp_path / "out"
    clean_files([src], out)
    status = _status(out)
    assert status[name][0] == "ok", status
    assert status["notes.bin"][0] == "skipped" and "unsupported" in status["notes.bin"][1]
    record = next(iter(r for r in _records(out).values() if r["file"] == name))
    assert record["format"] == "html"


def test_trafilatura_metadata_header_is_metadata_not_body(tmp_path):
    text = ("---\ntitle: Giá vàng tăng mạnh\nauthor: Minh Anh\nurl: https://example.vn/gia-vang.html\n"
            "hostname: example.vn\ndate: 2025-09-10\ncategories: ['Kinh doanh']\n---\n"
            + GOOD[0]["content"] + "\n")
    src = tmp_path / "gia-vang.txt"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    clean_files([src], out)
    record = _records(out)["gia-vang.txt"]
    assert record["title"] == "Giá vàng tăng mạnh" and record["date"] == "2025-09-10"
    assert record["source_id"] == "https://example.vn/gia-vang.html"
    body = " ".join(p["raw"] for p in record["paragraphs"])
    assert "hostname" not in body and "---" not in body and "author:" not in body


def test_translate_carries_the_url_into_aligned_pairs_and_review(tmp_path, tiny_models):
    src = _write(tmp_path / "feed.jsonl", "jsonl", GOOD + BROKEN_DICTS[:1])
    out = tmp_path / "out"
    result = run_cli("translate", src, "-o", out, "--model", tiny_models("marian"), "-q")
    assert result.returncode == 0, result.stderr
    pairs = [json.loads(line) for line in (out / "aligned.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {p["source_id"] for p in pairs} == {r["url"] for r in GOOD}
    assert {p["file"] for p in pairs} == {"feed.jsonl#1", "feed.jsonl#2"}
    review = [json.loads(line) for line in (out / "review.jsonl").read_text(encoding="utf-8").splitlines()]
    assert review and {r["source_id"] for r in review} <= {r["url"] for r in GOOD}
    assert 'x-source-id">https://example.vn/gia-vang-1.html<' in (out / "aligned.tmx").read_text(encoding="utf-8")
    assert '"source_id":"https://example.vn/mua-lon-2.html"' in (out / "report.html").read_text(encoding="utf-8").replace(" ", "")


def test_article_record_is_asdict_without_copies():
    """An article's record (``<stem>.json``) is built without dataclasses.asdict's deep copies, and must hold the
    very same data: every field, nested dataclasses, tuples and dicts inside ``translation``, in asdict's order."""
    from dataclasses import asdict

    from translate.article import Article, Edit, Flag, Paragraph, SentencePair, plain

    article = Article(file="a.txt", title="Tiêu đề", paragraphs=[Paragraph("Một hai.", 1, "Một hai.",
                      [Edit("chrome", 0, 3, "Một")])], flags=[Flag("date.invalid", "31/4", "31/4", "ngày 31/4", line=2)],
                      sentences=[SentencePair(0, 0, "Một hai.", "One two.")],
                      translation={"model": "m", "beams": 4, "sizes": (1, [2, 3]), "extra": {"k": [1.5, None, True]}})
    assert repr(plain(article)) == repr(asdict(article))
    copied = plain(article)
    copied["paragraphs"][0]["edits"][0]["rule"] = "changed"
    copied["translation"]["extra"]["k"].append(0)
    assert article.paragraphs[0].edits[0].rule == "chrome" and article.translation["extra"]["k"] == [1.5, None, True]


def test_a_skipped_records_field_names_cannot_forge_a_line_of_the_log(tmp_path):
    """The reason names the record's fields, which are scraped data: a line break in a key stays inside the line."""
    src = tmp_path / "feed.jsonl"
    src.write_text(json.dumps({"a\nWARNING: forged": 1, "url": "https://example.vn"}) + "\n", encoding="utf-8")
    clean_files([src], tmp_path / "out")
    status, reason = _status(tmp_path / "out")["feed.jsonl#1"]
    assert status == "skipped" and "\n" not in reason and "a\\x0aWARNING: forged, url" in reason
