"""The file system as a hostile user or an unlucky day leaves it: links out of the input folder, broken and looping
links, an output folder that is also the input, two runs into one folder, an article that takes forever."""

import json
import shutil
import time
from collections import Counter
from pathlib import Path

import pytest

from translate.clean import CleanConfig
from translate.pipeline import clean_files
from translate.resume import RunState

from .conftest import SEEDS, run_cli

SECRET = "mật khẩu ngân hàng 884422"


def statuses(out: Path) -> dict[str, tuple[str, str]]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {f["file"]: (f["status"], f["reason"]) for f in manifest["files"]}


def every_output_text(out: Path) -> str:
    return "".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file())


@pytest.fixture
def linked_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    seed = sorted(SEEDS.glob("*.txt"))[0]
    shutil.copy(seed, folder / "bai.txt")
    private = tmp_path / "private"
    private.mkdir()
    (private / "notes.txt").write_text(f"Ghi chú riêng của tôi: {SECRET}. Đây là một câu tiếng Việt đủ dài.\n",
                                       encoding="utf-8")
    (folder / "out-link.txt").symlink_to(private / "notes.txt")
    (folder / "folder-link").symlink_to(private, target_is_directory=True)
    (folder / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (folder / "loop-a.txt").symlink_to(folder / "loop-b.txt")
    (folder / "loop-b.txt").symlink_to(folder / "loop-a.txt")
    (folder / "same-link.txt").symlink_to(folder / "bai.txt")
    return folder


def test_links_are_never_followed_out_of_the_input_folder_and_each_gets_a_reason(linked_folder, tmp_path):
    out = tmp_path / "out"
    result = run_cli("clean", linked_folder, "-o", out, "-q")
    assert result.returncode == 0, result.stderr
    assert SECRET not in every_output_text(out)
    got = statuses(out)
    assert got["bai.txt"][0] == "ok"
    assert got["same-link.txt"][0] == "ok"  # a link that stays inside the folder is read like a file
    assert got["out-link.txt"] == ("skipped", "a link to a file outside the input folder; not followed")
    assert got["folder-link"][0] == "skipped" and "folder" in got["folder-link"][1]
    for name in ("dangling.txt", "loop-a.txt", "loop-b.txt"):
        assert got[name][0] == "skipped" and "broken link" in got[name][1]


def test_a_link_named_on_the_command_line_is_read(linked_folder, tmp_path):
    out = tmp_path / "out"
    result = run_cli("clean", linked_folder / "out-link.txt", "-o", out, "-q")
    assert result.returncode == 0, result.stderr
    assert statuses(out)["out-link.txt"][0] == "ok"  # the user chose it by name


@pytest.mark.parametrize("where", ["same", "input inside output"])
def test_an_input_that_is_or_lies_inside_the_output_folder_is_refused(tmp_path, where):
    out = tmp_path / "out"
    folder = out if where == "same" else out / "raw"
    folder.mkdir(parents=True)
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], folder / "bai.txt")
    before = sorted(p.name for p in out.rglob("*"))
    result = run_cli("clean", folder, "-o", out)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "choose another -o" in result.stderr
    assert sorted(p.name for p in out.rglob("*")) == before  # nothing written


def test_a_second_run_into_a_folder_being_written_is_refused_and_the_first_is_untouched(tmp_path):
    out = tmp_path / "out"
    identity = {"command": "clean", "inputs": [str(SEEDS)]}
    holder = RunState(out, identity, {"x": 1}, overwrite=False).open()  # a run in progress, as another process holds it
    try:
        # The very same command too: resuming a run that is still going would interleave two writers.
        result = run_cli("clean", SEEDS, "-o", out, "-q")
        assert result.returncode == 2
        assert "another vi2en run is writing into" in result.stderr
        assert not (out / "manifest.json").exists()
    finally:
        holder.release()
    result = run_cli("clean", SEEDS, "-o", out, "-q")
    assert result.returncode == 0, result.stderr  # the lock ends with the run that held it


def test_an_article_that_takes_too_long_fails_with_its_reason_and_the_run_goes_on(tmp_path, monkeypatch):
    import translate.sources as sources

    folder = tmp_path / "in"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(seed, folder / seed.name)
    stuck = sorted(SEEDS.glob("*.txt"))[0].name
    real = sources.clean_article

    def clean_article(article, config):
        if article.file == stuck:
            time.sleep(60)  # a pathological input the rules cannot get through
        return real(article, config)

    monkeypatch.setattr(sources, "clean_article", clean_article)
    started = time.monotonic()
    result = clean_files([folder], tmp_path / "out", CleanConfig(time_limit=0.5))
    assert time.monotonic() - started < 30
    by_name = {a.file: a for a in result.articles}
    assert by_name[stuck].status == "failed"
    assert by_name[stuck].reason.startswith("took longer than 0.5 s")
    assert all(a.status == "ok" for name, a in by_name.items() if name != stuck)


def test_the_time_limit_is_an_option_and_a_huge_article_hits_it(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    prose = (SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0]).read_text(encoding="utf-8")
    # 30 MB: some 1.5 s to read and clean at today's speed, so a cleaner many times faster still hits 0.05 s
    (folder / "huge.txt").write_text(prose * max(1, 30_000_000 // len(prose)), encoding="utf-8")
    result = run_cli("clean", folder, "-o", tmp_path / "out", "-q", "--time-limit", "0.05")
    assert result.returncode == 1
    assert "took longer than 0.05 s" in result.stderr
    assert statuses(tmp_path / "out")["huge.txt"][0] == "failed"
    bad = run_cli("clean", folder, "-o", tmp_path / "out2", "--time-limit", "-1")
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1


def test_twenty_thousand_tiny_files_each_get_a_status(tmp_path):
    """A scrape often arrives as one file per snippet: every one is listed once with its status, none dropped."""
    src = tmp_path / "in"
    for i in range(20_000):
        folder = src / f"{i // 1000:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        line = f"Tin số {i}: giá vàng hôm nay tăng mạnh trên thị trường trong nước.\n" if i % 100 else ""
        (folder / f"{i:05d}.txt").write_text(line, encoding="utf-8")
    result = run_cli("clean", src, "-o", tmp_path / "out", "-q")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    status = Counter((f["status"], f.get("reason") or "") for f in manifest["files"])
    assert len(manifest["files"]) == 20_000 and manifest["state"] == "finished"
    assert status == {("ok", ""): 19_800, ("skipped", "empty file"): 200}
