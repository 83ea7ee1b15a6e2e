"""End to end: `vi2en clean` on the seeds and on broken files, as a user runs it."""

import csv
import json
import re
import sys
from pathlib import Path

import pytest

from translate.segment import sentences

from .conftest import SEEDS, run_cli
from .encodings import to_mojibake, to_windows_1258

GARBLED_000 = [
    ("date.placeholder", "ngày 21 tháng XNUMX", "ngày 21"),
    ("date.swapped", "tháng 2021 năm XNUMX", "năm 2021"),
    ("date.placeholder", "tháng XNUMX năm ngoái", "năm ngoái"),
    ("date.swapped", "tháng 2020 năm XNUMX", "năm 2020"),
]
JUNK = re.compile(r"XNUMX|\{|\}|display:|px\)|ảnh \d[A-ZĐ]|\./\.|Tin cùng chuyên mục|^\[.*\]$|TTXVN|Ảnh:|\(Nguồn:", re.M)


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = run_cli("clean", SEEDS, "-o", out)
    return result, out


def test_seeds_clean_without_failures(seed_run):
    result, out = seed_run
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {f["file"]: f["status"] for f in manifest["files"]} == {p.name: "ok" for p in SEEDS.glob("*.txt")}
    assert "summary" in result.stderr


def test_exactly_the_four_garbled_dates_of_000_are_flagged(seed_run):
    _, out = seed_run
    records = [json.loads(line) for line in (out / "review.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["kind"], r["original"], r["cleaned"]) for r in records] == GARBLED_000
    assert all(r["file"] == "000_f152d107197091e6.txt" for r in records)
    raw_lines = (SEEDS / "000_f152d107197091e6.txt").read_text(encoding="utf-8").splitlines()
    for r in records:
        assert r["original"] in raw_lines[r["line"] - 1]
        assert r["original"] in r["context"]
    assert records[1]["suggestion"] == "year 2021; month lost"


def test_review_csv_opens_as_a_table(seed_run):
    _, out = seed_run
    raw = (out / "review.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert len(rows) == 4 and rows[0]["kind"] == "date.placeholder" and rows[0]["file"] == "000_f152d107197091e6.txt"


def test_no_junk_in_any_cleaned_text(seed_run):
    _, out = seed_run
    for path in out.glob("*.vi.txt"):
        text = path.read_text(encoding="utf-8")
        assert not JUNK.search(text), (path.name, JUNK.search(text).group())
        assert "\n\n\n" not in text


def test_no_content_sentence_is_lost(seed_run):
    _, out = seed_run
    junk_lines = re.compile(r"\{|^\[.*\]$|ảnh \d|^\(TTXVN|^Tin cùng|Ảnh: ")
    for seed in SEEDS.glob("*.txt"):
        cleaned = (out / f"{seed.stem}.vi.txt").read_text(encoding="utf-8")
        record = json.loads((out / f"{seed.stem}.json").read_text(encoding="utf-8"))
        for line in seed.read_text(encoding="utf-8").splitlines():
            line = re.sub(r"^\s*date \S+\s*", "", line).replace("./.", ".")
            if not line.strip() or junk_lines.search(line) or line.strip() == record["title"]:
                continue
            for sentence in sentences(line):
                if "XNUMX" not in sentence:  # the cleaner only tightens spaces before punctuation
                    assert re.sub(r"\s+(?=[,.;:!?])", "", sentence) in cleaned, (seed.name, sentence)


def test_titles_dates_captions_and_credits(seed_run):
    _, out = seed_run
    a001 = json.loads((out / "001_77e3bfebcb17588f.json").read_text(encoding="utf-8"))
    a004 = json.loads((out / "004_f8ea5654cb7f1c6b.json").read_text(encoding="utf-8"))
    assert a001["title"] == "Ấn Độ và Mỹ ký kết lộ trình hợp tác công nghiệp quốc phòng"
    assert a004["date"] == "2026-01-17"
    assert a001["credits"] == ["(TTXVN/Vietnam+)"]
    assert any("Lloyd Austin" in c for c in a001["captions"])
    assert any(c.endswith("Ảnh: ANI/TTXVN") for c in a004["captions"])
    rules = {e["rule"] for e in a001["removals"]}
    assert len(a001["removals"]) == sum(len(p["edits"]) for p in a001["paragraphs"])
    assert {"gallery", "chrome.related", "chrome.section", "credit", "endmark"} <= rules
    vi = (out / "001_77e3bfebcb17588f.vi.txt").read_text(encoding="utf-8")
    assert vi.startswith(a001["title"] + "\n\nHai bên xác định") and vi.count(a001["title"]) == 1  # headline once


def test_inputs_are_never_modified(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for seed in SEEDS.glob("*.txt"):
        (src / seed.name).write_bytes(seed.read_bytes())
    before = {p.name: p.read_bytes() for p in src.iterdir()}
    assert run_cli("clean", src, "-o", tmp_path / "out", "-q").returncode == 0
    assert {p.name: p.read_bytes() for p in src.iterdir()} == before


def test_bad_files_get_a_status_and_the_run_goes_on(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    text = (SEEDS / "004_f8ea5654cb7f1c6b.txt").read_text(encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (src / "legacy.txt").write_bytes(to_windows_1258(text))
    (src / "sub" / "mojibake.txt").write_bytes(to_mojibake(text))
    (src / "english.txt").write_text("India and Japan agreed on Friday to set up a working group on critical minerals and a dialogue on economic security.", encoding="utf-8")
    (src / "notes.pdf").write_bytes(b"%PDF-1.4")
    out = tmp_path / "out"
    result = run_cli("clean", src, "-o", out)
    assert result.returncode == 1  # the binary file failed
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    status = {f["file"]: (f["status"], f["reason"]) for f in manifest["files"]}
    assert status["empty.txt"] == ("skipped", "empty file")
    assert status["binary.txt"][0] == "failed"
    assert status["english.txt"][0] == "skipped" and "not Vietnamese" in status["english.txt"][1]
    assert status["notes.pdf"][0] == "skipped" and "unsupported" in status["notes.pdf"][1]
    assert status["legacy.txt"][0] == status["sub/mojibake.txt"][0] == "ok"
    expected = (SEEDS.parent / "seeds" / "004_f8ea5654cb7f1c6b.txt")
    reference = run_cli("clean", expected, "-o", tmp_path / "ref", "-q")
    assert reference.returncode == 0
    good = (tmp_path / "ref" / "004_f8ea5654cb7f1c6b.vi.txt").read_text(encoding="utf-8")
    assert (out / "legacy.vi.txt").read_text(encoding="utf-8") == good
    assert (out / "sub" / "mojibake.vi.txt").read_text(encoding="utf-8") == good
    assert "binary" in result.stderr


def test_usage_errors_exit_2(tmp_path):
    assert run_cli("clean", tmp_path / "missing", "-o", tmp_path / "out").returncode == 2
    assert run_cli("clean").returncode == 2
    assert not (tmp_path / "out").exists()


def test_help_does_not_import_torch_or_transformers():
    import subprocess

    code = "import sys\nfrom translate.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\nprint(sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'transformers')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("[]")


def test_an_output_folder_inside_the_input_is_not_read_back(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes((SEEDS / "004_f8ea5654cb7f1c6b.txt").read_bytes())
    for _ in range(2):
        assert run_cli("clean", src, "-o", src / "out", "-q").returncode == 0
    manifest = json.loads((src / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert [f["file"] for f in manifest["files"]] == ["a.txt"]


def test_an_earlier_runs_output_folder_inside_the_input_is_left_out_with_a_word(tmp_path):
    """`vi2en clean articles -o articles/out` last week, `vi2en clean articles -o elsewhere` today: last week's
    cleaned files, manifest and review rows are not articles."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes((SEEDS / "000_f152d107197091e6.txt").read_bytes())
    assert run_cli("clean", src, "-o", src / "old", "-q").returncode == 0
    result = run_cli("clean", src, "-o", tmp_path / "new")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "new" / "manifest.json").read_text(encoding="utf-8"))
    assert [f["file"] for f in manifest["files"]] == ["a.txt"]
    assert result.stderr.count("earlier vi2en run") == 1 and "old" in result.stderr


def test_an_output_path_that_is_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "out").write_text("x")
    result = run_cli("clean", SEEDS, "-o", tmp_path / "out")
    assert result.returncode == 2 and "is a file" in result.stderr
