"""Hostile text and file names through every output format, each read back by a real client: a CSV reader
that flags what a spreadsheet would evaluate, a Markdown renderer with raw HTML on, lxml for the TMX, the
browser for report.html (tests/test_report.py), file-system limits for the names."""

import csv
import json
import os
import re
import stat

import pytest

from translate.article import Article, Flag, Paragraph, SentencePair
from translate.escape import csv_cell, markdown_text, printable_name, safe_stem, terminal_text, xml_text
from translate.pipeline import clean_files

from .conftest import run_cli
from .hostile import EMPTY, NAMES, hostile_folder


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory, tiny_models):
    root = tmp_path_factory.mktemp("hostile")
    src = hostile_folder(root / "in")
    out = root / "out"
    result = run_cli("translate", src, "-o", out, "--model", tiny_models("marian"))
    return src, out, result


def records(out):
    return [json.loads(line) for line in (out / "review.jsonl").read_text(encoding="utf-8").splitlines()]


def test_every_hostile_file_gets_a_status_and_the_run_ends_cleanly(hostile_run):
    _, out, result = hostile_run
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    status = {f["file"]: f["status"] for f in manifest["files"]}
    assert len(status) == 3 + len(NAMES) + len(EMPTY)
    assert list(status.values()).count("skipped") == len(EMPTY)


def test_output_names_fit_the_file_system_and_every_output_is_valid_utf8(hostile_run):
    _, out, _ = hostile_run
    files = [p for p in out.rglob("*") if p.is_file()]
    assert all(len(os.fsencode(part)) <= 255 for p in files for part in p.relative_to(out).parts)
    for p in files:
        if p.suffix != ".xlsx":  # a zip of UTF-8 XML parts
            p.read_bytes().decode("utf-8")  # a name that was not UTF-8 is written as \xNN, never as raw bytes
        assert not re.search(r"[\x00-\x1f\x7f]", p.name), p.name
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entries = {f["file"]: f for f in manifest["files"]}
    assert entries[printable_name(NAMES["non-utf8"])]["status"] == "ok"
    assert printable_name(NAMES["non-utf8"]) == "tin-\\xe9\\xff-caf\\xe9.txt"
    long = entries[NAMES["long"]]
    assert long["status"] == "ok" and all((out / o).exists() for o in long["outputs"])


def test_the_same_long_name_always_gives_the_same_short_stem():
    name = "thư-mục/" + "ư" * 200
    assert safe_stem(name) == safe_stem(name) != safe_stem(name + "x")
    assert all(len(part.encode()) <= 200 for part in safe_stem(name).split("/"))
    assert safe_stem("a/b\x1bc") == "a/b_c"


def test_run_summary_shows_brackets_and_escapes_as_text(hostile_run):
    _, _, result = hostile_run
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert EMPTY["brackets"] in result.stderr  # rich markup would have eaten '[red]' (or crashed on '[/x]')
    assert terminal_text(EMPTY["escapes"]) in result.stderr


# --- review.csv --------------------------------------------------------------------------------------------

SPREADSHEET_FORMULA = re.compile(r"^[=+\-@\t\r]")  # what LibreOffice Calc and Excel evaluate on import


def test_review_csv_cells_never_start_a_formula(hostile_run):
    _, out, _ = hostile_run
    raw = (out / "review.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and not raw[3:].startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert rows and list(rows[0])[:5] == ["file", "kind", "original", "cleaned", "english"]
    live = [cell for row in rows for cell in row.values() if SPREADSHEET_FORMULA.match(cell)]
    assert live == []
    contexts = [r["context"] for r in rows if r["file"] == "formulas.txt"]
    assert "'=Ngày 31/4/2023, hội nghị về thương mại diễn ra tại Hà Nội với nhiều đại biểu." in contexts
    assert any(c.startswith("'=HYPERLINK(") for c in contexts) and any(c.startswith("'@Ngày") for c in contexts)


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "  =1", "＝1"])
def test_formula_cells_are_written_as_text(cell):
    assert csv_cell(cell).startswith("'")


@pytest.mark.parametrize("cell", ["Ngày 31/4", "3.000", 12, None, ""])
def test_other_cells_are_left_alone(cell):
    assert csv_cell(cell) == cell


def xlsx_rows(path):
    """The cells of review.xlsx's sheet, read with the standard library and lxml: (text or number, formula?)."""
    import zipfile

    from lxml import etree

    ns = {"s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    sheet = etree.fromstring(zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iterfind(".//s:row", ns):
        cells = []
        for c in row.iterfind("s:c", ns):
            assert c.find("s:f", ns) is None  # no formula anywhere
            cells.append("".join(c.itertext()) if c.get("t") == "inlineStr" else float(c.findtext("s:v", namespaces=ns)))
        rows.append(cells)
    return rows


def test_review_xlsx_holds_every_flag_as_typed_text(hostile_run):
    _, out, _ = hostile_run
    rows = xlsx_rows(out / "review.xlsx")
    assert rows[0][:5] == ["file", "kind", "original", "cleaned", "english"]
    assert len(rows) == 1 + len(records(out))
    contexts = [cell for row in rows for cell in row if isinstance(cell, str)]
    assert "=Ngày 31/4/2023, hội nghị về thương mại diễn ra tại Hà Nội với nhiều đại biểu." in contexts


def soffice():
    import shutil

    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(soffice() is None and not os.environ.get("VI2EN_REQUIRE_LIBREOFFICE"),
                    reason="LibreOffice is not installed (CI installs it)")
def test_libreoffice_evaluates_no_formula_and_reads_vietnamese(hostile_run, tmp_path):
    """LibreOffice itself: the .xlsx as it opens by default; the CSV with UTF-8 chosen in the import dialog and
    formulas evaluated (LibreOffice's default). Flat ODS output is plain XML to inspect."""
    import shutil
    import subprocess

    _, out, _ = hostile_run
    for name in ("review.xlsx", "review.csv"):
        shutil.copy(out / name, tmp_path / name)
    common = [soffice(), "--headless", "--norestore", "--convert-to", "fods", "--outdir", str(tmp_path)]
    env = dict(os.environ, HOME=str(tmp_path))
    subprocess.run(common + [str(tmp_path / "review.xlsx")], env=env, capture_output=True, timeout=120, check=True)
    (tmp_path / "review.fods").rename(tmp_path / "from-xlsx.fods")
    subprocess.run(common + ["--infilter=CSV:44,34,76,1", str(tmp_path / "review.csv")], env=env, capture_output=True,
                   timeout=120, check=True)
    for fods in ("from-xlsx.fods", "review.fods"):
        xml = (tmp_path / fods).read_text(encoding="utf-8")
        assert "table:formula" not in xml and "Hà Nội với nhiều đại biểu" in xml, fods
        assert "HYPERLINK" in xml  # shown as text


def test_mt_flags_keep_the_english_in_its_own_column(hostile_run):
    _, out, _ = hostile_run
    mt = [r for r in records(out) if r["kind"].startswith("mt.")]
    assert mt, "the random model's output always trips a translation check"
    for r in mt:
        assert r["english"] and r["cleaned"] == r["original"]


# --- <stem>.md -------------------------------------------------------------------------------------------

def render_markdown(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").render(text)


def test_markdown_output_renders_article_text_inertly(hostile_run):
    _, out, _ = hostile_run
    md = (out / "markup.md").read_text(encoding="utf-8")
    html = render_markdown(md)
    for tag in ("<script", "<img", "<svg", "<a ", "<b>", "<code>"):
        assert tag not in html, tag
    assert html.count("<em>") == 1 and re.search(r"</h1>\n<p><em>[^<]*</em></p>", html)  # the English headline only
    assert html.count("<strong>") == html.count("<li><strong>")  # only the flag kinds under "To review"
    text = re.sub(r"<[^>]+>", "", html)
    import html as htmllib

    shown = htmllib.unescape(text)
    for literal in ("*5%*", "_VN-Index_", "[xem thêm](http://evil.example)", "<svg/onload=alert(3)>", "`code`",
                    "<https://evil.example>", "Tiêu đề <b>đậm</b> *nghiêng* [liên kết](http://evil.example)"):
        assert literal in shown, literal


@pytest.mark.parametrize(
    "text",
    ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "*a* _b_ **c**", "[x](javascript:alert(1))",
     "![i](http://x/i.png)", "<http://x>", "`c`", "a | b", "&lt;script&gt;", "\\*"],
)
def test_escaped_markdown_renders_as_the_text_itself(text):
    html = render_markdown(markdown_text(text))
    import html as htmllib

    assert htmllib.unescape(re.sub(r"</?p>\n?", "", html)).strip() == text


# --- aligned.tmx -----------------------------------------------------------------------------------------

def test_tmx_parses_in_lxml_with_hostile_names_and_text(hostile_run):
    from lxml import etree

    _, out, _ = hostile_run
    tree = etree.parse(str(out / "aligned.tmx"))
    files = {prop.text for prop in tree.iter("prop")}
    assert "tin]0;pwned[2J]8;;evil.example\\.txt" in files  # the name without its control characters
    assert printable_name(NAMES["non-utf8"]) in files
    assert len(tree.findall(".//tu")) == sum(1 for _ in (out / "aligned.jsonl").open(encoding="utf-8"))


def test_tmx_text_drops_what_xml_forbids():
    from lxml import etree

    from translate.write.aligned import tmx

    nasty = "a\x1b[0mb\x00c\x0bd\ufffee\udce9f&<g>"
    record = {"id": "x\x01", "file": "f\x1b.txt", "flags": ["k\x07"], "translation": {"vi": nasty, "en": nasty}}
    tree = etree.fromstring(tmx([record]).encode("utf-8"))
    assert [seg.text for seg in tree.iter("seg")] == ["a[0mbcdef&<g>"] * 2
    assert xml_text("\x1b") == ""


# --- review.jsonl ----------------------------------------------------------------------------------------

def test_an_empty_review_queue_writes_no_jsonl_and_review_says_so(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "calm.txt").write_text("Giá vàng hôm nay ổn định trên thị trường trong nước theo các doanh nghiệp.\n",
                                  encoding="utf-8")
    out = tmp_path / "out"
    (out).mkdir()
    (out / "review.jsonl").write_text('{"stale": true}\n', encoding="utf-8")  # an earlier run's queue
    clean_files([src], out)
    assert not (out / "review.jsonl").exists()  # no JSON Lines reader (datasets among them) loads an empty file
    assert (out / "review.csv").read_text(encoding="utf-8-sig").startswith("file,kind")
    result = run_cli("review", out)
    assert result.returncode == 0 and "nothing to review" in result.stderr


# --- the atomic writer -----------------------------------------------------------------------------------

@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_outputs_get_the_mode_the_umask_allows(tmp_path, umask, mode):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Giá vàng hôm nay tăng mạnh vì nhu cầu mua tích trữ của người dân.\n", encoding="utf-8")
    old = os.umask(umask)
    try:
        clean_files([src], tmp_path / "out")
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "out").iterdir() if p.is_file()}
    assert set(modes.values()) == {mode}, modes


def test_temporary_files_of_a_killed_run_are_removed(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Giá vàng hôm nay tăng mạnh vì nhu cầu mua tích trữ của người dân.\n", encoding="utf-8")
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    stale = [out / ".a.json.k2j4h5g6.tmp", out / "sub" / ".report.html.x8d9s7f6.vi2en.tmp"]
    for p in stale:
        p.write_text("torn")
        os.utime(p, (1_000_000_000, 1_000_000_000))
    keep = [out / "notes.tmp", out / ".mine.tmp"]
    for p in keep:
        p.write_text("the user's")
    clean_files([src], out)
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in keep)
    assert not [p for p in out.rglob("*.tmp") if p not in keep]


def test_report_article_with_a_flag_holding_replacement_patterns_keeps_its_text():
    from translate.write.report import render_report

    phrase = "giá $` $' $& $$ $1"
    p = Paragraph(raw=f"Hôm nay {phrase} tăng.", clean=f"Hôm nay {phrase} tăng.", line=1)
    article = Article(file="a.txt", paragraphs=[p],
                      flags=[Flag(kind="number.placeholder", original=phrase, cleaned=phrase, context=p.clean, paragraph=0)])
    html = render_report([article], {0: "a"})
    assert "html.replace(c, () =>" in html  # a function replacement: no $-patterns are read in the flagged text


def test_report_data_holds_no_markup_characters(hostile_run):
    _, out, _ = hostile_run
    html = (out / "report.html").read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" id="data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in data and ">" not in data
    articles = json.loads(data)["articles"]
    assert any("<!--<script>" in p["raw"] for a in articles for p in a["paragraphs"])


def test_english_of_a_title_and_mt_flags_in_records(hostile_run):
    _, out, _ = hostile_run
    record = json.loads((out / "formulas.json").read_text(encoding="utf-8"))
    assert record["title"] == "Tin tức hôm nay về thị trường" and record["title_en"]
    pairs = record["sentences"]
    assert pairs[0]["part"] == "title" and pairs[0]["vi"] == record["title"]


def test_sentence_pairs_from_older_records_still_load():
    from translate.article import from_json

    article = from_json({"file": "a.txt", "sentences": [{"paragraph": 0, "sentence": 0, "vi": "x", "en": "y"}],
                         "flags": [{"kind": "mt.length", "original": "x", "cleaned": "y", "context": "x"}]})
    assert article.sentences == [SentencePair(paragraph=0, sentence=0, vi="x", en="y")] and article.flags[0].english == ""


def test_a_non_utf8_input_folder_given_on_the_command_line_is_written_printably(tmp_path):
    src = tmp_path / os.fsdecode(b"tin-\xe9")
    src.mkdir()
    (src / "a.txt").write_text("Giá vàng hôm nay tăng mạnh vì nhu cầu mua tích trữ của người dân.\n", encoding="utf-8")
    result = run_cli("clean", src, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["settings"]["inputs"] == [str(tmp_path / "tin-\\xe9")]
