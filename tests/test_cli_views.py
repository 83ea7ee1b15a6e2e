"""`vi2en diff` in a real pseudo-terminal and through a pipe, and `vi2en review`."""

import csv
import os
import pty
import re
import select
import subprocess
import sys

from .conftest import ROOT, SEEDS, run_cli

ANSI = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]")
SEED_001 = SEEDS / "001_77e3bfebcb17588f.txt"


def run_in_pty(*args, columns=120, env=None, base_env=None):
    """Run vi2en with a terminal as stdout, as a person would; returns the screen text without escapes."""
    master, slave = pty.openpty()
    base = {k: v for k, v in (base_env or os.environ).items() if k != "NO_COLOR"}
    env = dict(base, COLUMNS=str(columns), LINES="40", TERM="xterm-256color", **(env or {}))
    proc = subprocess.Popen([sys.executable, "-m", "translate", *map(str, args)], stdout=slave, stderr=slave, stdin=slave, cwd=ROOT, env=env)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=30)
    os.close(master)
    raw = b"".join(chunks).decode("utf-8", errors="replace")
    return proc.returncode, raw, ANSI.sub("", raw).replace("\r", "")


def test_diff_in_a_terminal_shows_two_columns_with_the_removed_artefacts():
    code, raw, screen = run_in_pty("diff", SEED_001, "--no-pager")
    assert code == 0
    assert "\x1b[" in raw  # styled: removals struck through in colour
    rows = [line for line in screen.splitlines() if line.startswith("│")]
    assert rows and all(line.count("│") == 3 for line in rows)
    assert all(len(line) <= 120 for line in screen.splitlines())
    left = " ".join(line.split("│")[1] for line in rows)
    right = " ".join(line.split("│")[2] for line in rows)
    assert "ảnh 1Bộ trưởng" in left.replace("  ", " ") and "⟨gallery⟩" in left and "⟨chrome.related⟩" in left
    assert "Kim ngạch thương mại" in left and "Kim ngạch thương mại" not in right
    assert "(removed)" in right


def test_long_diffs_go_through_the_pager_and_short_ones_do_not(tmp_path):
    paged = tmp_path / "paged.txt"
    pager = {"PAGER": f"cat > {paged}", "MANPAGER": f"cat > {paged}"}
    code, _, _ = run_in_pty("diff", SEEDS / "000_f152d107197091e6.txt", env=pager)
    assert code == 0 and "stickyads" in paged.read_text(encoding="utf-8")
    paged.unlink()
    short = tmp_path / "short.txt"
    short.write_text("Giá vàng hôm nay tăng mạnh vì nhu cầu mua tích trữ./.", encoding="utf-8")
    code, _, screen = run_in_pty("diff", short, env=pager)
    assert code == 0 and not paged.exists() and "{endmark}" not in screen and "⟨endmark⟩" in screen


def test_diff_through_a_pipe_is_plain_text_with_spelled_out_marks():
    result = run_cli("diff", SEED_001, "--width", "160")
    assert result.returncode == 0
    assert "\x1b[" not in result.stdout
    flat = " ".join(result.stdout.split())
    assert "{gallery}" in flat and "{chrome.related}" in flat and "[-[Kim ngạch" in flat


def test_diff_bilingual_on_an_output_folder(tmp_path, tiny_models):
    out = tmp_path / "out"
    assert run_cli("translate", SEEDS / "004_f8ea5654cb7f1c6b.txt", "-o", out, "--model", tiny_models("marian"), "-q").returncode == 0
    result = run_cli("diff", out, "--bilingual", "--width", "140")
    assert result.returncode == 0
    assert "Tiếng Việt" in result.stdout and "English" in result.stdout and "Jaishankar" in result.stdout


def test_diff_bilingual_without_translation_says_what_to_do(tmp_path):
    result = run_cli("diff", SEED_001, "--bilingual")
    assert result.returncode == 2 and "vi2en translate" in result.stderr


def test_review_table_filters_by_kind_and_pipes_csv(tmp_path):
    out = tmp_path / "out"
    assert run_cli("clean", SEEDS, "-o", out, "-q").returncode == 0
    table = run_cli("review", out, "--kind", "date.swapped", env={"COLUMNS": "160"})
    assert table.returncode == 0
    assert "tháng 2021 năm XNUMX" in table.stdout and "ngày 21 tháng XNUMX" not in table.stdout
    assert re.search(r"date\.swapped\s+│\s+2", table.stdout)
    swapped = [r["id"] for r in csv.DictReader(run_cli("review", out, "--csv").stdout.splitlines()) if r["kind"] == "date.swapped"]
    assert len(swapped) == 2 and all(i in table.stdout for i in swapped)  # the ids a reviewer's decisions name
    piped = run_cli("review", out, "--csv", "--kind", "date")
    rows = list(csv.DictReader(piped.stdout.splitlines()))
    assert [r["kind"] for r in rows] == ["date.placeholder", "date.swapped", "date.placeholder", "date.swapped"]


def test_diff_reads_a_crawls_records_like_clean_does(tmp_path):
    """`vi2en diff crawl.jsonl` used to read the JSON Lines as one plain-text article, and a crawl's JSON array
    ended in a Python error."""
    import json

    records = [{"url": f"https://example.vn/{i}", "title": f"Tin số {i}", "content": text}
               for i, text in enumerate(["Giá vàng hôm nay tăng mạnh trên thị trường. Ảnh: Minh Khang",
                                         "Ngân hàng Nhà nước theo dõi sát thị trường vàng trong những tuần tới."])]
    (tmp_path / "feed.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    (tmp_path / "feed.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    for name in ("feed.jsonl", "feed.json"):
        result = run_cli("diff", tmp_path / name, "--no-pager")
        assert result.returncode == 0, result.stderr
        assert f"{name}#1" in result.stdout and f"{name}#2" in result.stdout and '"url"' not in result.stdout
