"""Streaming and resume: a run killed at any point (SIGKILL) and started again finishes with the outputs of an
uninterrupted run, translating no sentence twice; a finished run is not redone; changed inputs and settings
are; another run's outputs are never mixed with a new run's."""

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from translate.clean import CleanConfig
from translate.pipeline import clean_files
from translate.resume import OutputsOfAnotherRun

VNEXPRESS = ROOT.parent / "shared" / "realnews" / "vnexpress-json" / "vnexpress_bongda_part2.json"


def _feed(path: Path, articles: int = 8, sentences: int = 2, skip: int = 1) -> Path:
    """A JSON Lines feed of short excerpts (the first sentences) of real crawled articles."""
    crawl = [r for r in json.loads(VNEXPRESS.read_text(encoding="utf-8")) if len(r["content"]) > 400][skip:skip + articles]
    rows = []
    for r in crawl:
        excerpt = " ".join(re.split(r"(?<=[.!?])\s+", r["content"])[:sentences])
        rows.append({"url": r["url"], "title": r["title"], "date": r["date"], "content": excerpt})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _translate(log: Path, kill: str, src: Path, out: Path, model: Path, cache: Path, *extra):
    env = dict(os.environ, PYTHONPATH=str(ROOT), COLUMNS="120")
    return subprocess.run(
        [sys.executable, str(ROOT / "tests" / "resume_child.py"), str(log), kill, "--", "translate", str(src), "-o",
         str(out), "--model", str(model), "--cache-dir", str(cache), "--beams", "1", "-q", *extra],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)


def _outputs(out: Path) -> dict[str, object]:
    """Every output file, with what may differ between two equal runs taken out: timestamps, and how many
    sentences came from the cache (a resumed run takes from it what the stopped one translated)."""
    files: dict[str, object] = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if not path.is_file() or rel.startswith(".vi2en/"):
            continue
        if rel == "manifest.json":
            manifest = json.loads(path.read_text(encoding="utf-8"))
            for key in ("started", "seconds"):
                manifest.pop(key)
            manifest["counts"].get("sentences", {}).pop("from cache", None)
            manifest["settings"].get("translate", {}).pop("cache_dir", None)  # each test has its own cache
            files[rel] = manifest
        elif rel == "aligned.tmx":
            files[rel] = re.sub(r'creationdate="[^"]*"', "", path.read_text(encoding="utf-8"))
        else:
            files[rel] = path.read_bytes()
    return files


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory, tiny_models):
    root = tmp_path_factory.mktemp("uninterrupted")
    src = _feed(root / "feed.jsonl")
    log = root / "engine.log"
    result = _translate(log, "none", src, root / "out", tiny_models("marian"), root / "cache")
    assert result.returncode == 0, result.stderr
    sentences = log.read_text(encoding="utf-8").splitlines()
    assert len(sentences) == len(set(sentences)) > 10
    return src, _outputs(root / "out"), Counter(sentences)


@pytest.mark.parametrize("kill", ["clean:3", "translate:3", "write:5", "journal:2", "finish"])
def test_a_killed_run_rerun_equals_an_uninterrupted_run_and_translates_nothing_twice(tmp_path, tiny_models,
                                                                                   uninterrupted, kill):
    src, expected, sentences = uninterrupted
    out, log, cache = tmp_path / "out", tmp_path / "engine.log", tmp_path / "cache"
    stopped = _translate(log, kill, src, out, tiny_models("marian"), cache)
    assert stopped.returncode == -9, (kill, stopped.stderr)  # it really was killed, with no chance to clean up
    if kill.startswith("translate"):
        assert log.exists()  # killed with a batch translated and the next one not
    elif not kill.startswith("clean"):
        assert (out / "feed" / "000001.json").exists()  # the first window's outputs were on disk before the kill
    again = _translate(log, "none", src, out, tiny_models("marian"), cache)
    assert again.returncode == 0, again.stderr
    assert _outputs(out) == expected
    reached = Counter(log.read_text(encoding="utf-8").splitlines()) if log.exists() else Counter()
    assert reached == sentences  # every sentence reached the engine once, over both runs together


def test_a_finished_run_run_again_does_nothing_and_says_so(tmp_path, tiny_models, uninterrupted):
    src, expected, _ = uninterrupted
    out, log, cache = tmp_path / "out", tmp_path / "engine.log", tmp_path / "cache"
    assert _translate(log, "none", src, out, tiny_models("marian"), cache).returncode == 0
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    log.unlink()
    again = _translate(log, "none", src, out, tiny_models("marian"), cache)
    assert again.returncode == 0 and "nothing to do" in again.stderr
    assert not log.exists()  # not one sentence went to the engine
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == stamps


def test_a_changed_input_is_redone_and_the_rest_kept(tmp_path, tiny_models):
    src = _feed(tmp_path / "feed.jsonl", articles=5)
    out, log, cache = tmp_path / "out", tmp_path / "engine.log", tmp_path / "cache"
    assert _translate(log, "none", src, out, tiny_models("marian"), cache).returncode == 0
    first_record = (out / "feed" / "000001.json").stat().st_mtime_ns
    rows = src.read_text(encoding="utf-8").splitlines()
    changed = json.loads(rows[3])
    changed["content"] = "Đội tuyển Việt Nam thắng Thái Lan ba bàn không gỡ trong trận chung kết tối qua."
    rows[3] = json.dumps(changed, ensure_ascii=False)
    src.write_text("\n".join(rows[:4]) + "\n", encoding="utf-8")  # the 4th record changed, the 5th is gone
    log.unlink()
    again = _translate(log, "none", src, out, tiny_models("marian"), cache)
    assert again.returncode == 0, again.stderr
    assert log.read_text(encoding="utf-8").splitlines() == [changed["content"]]  # only the new sentence
    assert (out / "feed" / "000001.json").stat().st_mtime_ns == first_record  # finished articles left alone
    assert not (out / "feed" / "000005.json").exists()
    fresh = tmp_path / "fresh"
    assert _translate(tmp_path / "log2", "none", src, fresh, tiny_models("marian"), cache).returncode == 0
    assert _outputs(out) == _outputs(fresh)


def test_changed_settings_redo_the_run(tmp_path):
    src = _feed(tmp_path / "feed.jsonl", articles=3)
    out = tmp_path / "out"
    clean_files([src], out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    clean_files([src], out, CleanConfig(marker="[??]"))
    again = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert again["settings"]["clean"]["marker"] == "[??]" and again["started"] >= manifest["started"]
    assert again["state"] == "finished" and again["articles done"] == 3


def test_another_runs_outputs_are_refused_unless_overwrite(tmp_path):
    first = _feed(tmp_path / "first.jsonl", articles=3)
    second = _feed(tmp_path / "second.jsonl", articles=2, skip=20)
    out = tmp_path / "out"
    clean_files([first], out)
    assert (out / "first" / "000003.json").exists()
    with pytest.raises(OutputsOfAnotherRun):
        clean_files([second], out)
    result = run_cli("clean", second, "-o", out, "-q")
    assert result.returncode == 2 and "--overwrite" in result.stderr and "another run" in result.stderr
    assert (out / "first" / "000003.json").exists()  # refused: nothing touched
    result = run_cli("clean", second, "-o", out, "-q", "--overwrite")
    assert result.returncode == 0, result.stderr
    assert not (out / "first").exists()  # no stale file of the other run beside the new manifest
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [f["file"] for f in manifest["files"]] == ["second.jsonl#1", "second.jsonl#2"]


def test_an_older_runs_folder_without_a_journal_is_refused(tmp_path):
    src = _feed(tmp_path / "feed.jsonl", articles=1)
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text('{"tool": "vi2en", "command": "clean", "settings": {"inputs": ["old"]}}')
    with pytest.raises(OutputsOfAnotherRun, match="old"):
        clean_files([src], out)


def test_the_manifest_and_the_log_say_how_far_a_run_got(tmp_path):
    src = _feed(tmp_path / "feed.jsonl", articles=6)
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT), VI2EN_PROGRESS_INTERVAL="0")
    child = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "resume_child.py"), str(tmp_path / "log"), "write:4", "--", "clean",
         str(src), "-o", str(out)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert child.returncode == -9
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["state"] == "running" and 0 < manifest["articles done"] < 6
    written = [line for line in child.stderr.splitlines() if line.startswith("vi2en: write:")]
    assert written and re.match(r"vi2en: write: [1-5]/6 articles", written[-1])


def test_default_windows_put_the_first_articles_on_disk_early_and_grow():
    from translate.article import Article, Paragraph
    from translate.pipeline import windows

    sentence = "Giá vàng hôm nay tăng mạnh vì nhu cầu mua tích trữ. "
    articles = [(Article(file=f"{i}.txt", paragraphs=[Paragraph(raw=sentence * 5, clean=sentence * 5)] * 5), str(i), "")
                for i in range(36)]  # a few dozen articles of 25 sentences
    sizes = [len(w) for w in windows(iter(articles))]
    assert sum(sizes) == 36 and len(sizes) >= 3
    assert sizes[0] <= 36 // 10  # the first articles are written after a tenth of the run, not at its end
    assert sizes[1] > sizes[0]  # later windows grow, so batches stay full


def _killed_clean(tmp_path: Path, kill: str, src: Path, out: Path, *extra) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, str(ROOT / "tests" / "resume_child.py"), str(tmp_path / "log"), kill, "--", "clean",
         str(src), "-o", str(out), "-q", "--jobs", "1", *extra], capture_output=True, text=True, cwd=ROOT, env=env,
        timeout=300)


@pytest.mark.parametrize("change", ["settings", "a middle input", "a new input"])
def test_a_rerun_killed_early_leaves_no_finished_manifest_over_a_changed_folder(tmp_path, change):
    """A finished folder, rerun with a change and killed before its first window ends: the old manifest (state
    finished) and the report and review files built from the old articles must not stay beside the new files."""
    src = tmp_path / "in"
    src.mkdir()
    records = json.loads(VNEXPRESS.read_text(encoding="utf-8"))[:7]
    for i, r in enumerate(records[:6]):
        (src / f"{i}.txt").write_text(f"{r['title']}\n\n{r['content']}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("clean", src, "-o", out, "-q").returncode == 0
    extra = ()
    if change == "settings":
        extra = ("--marker", "[??]")
    elif change == "a middle input":
        (src / "3.txt").write_text((src / "3.txt").read_text(encoding="utf-8") + "\nMột câu mới được thêm vào cuối bài.\n",
                                   encoding="utf-8")
    else:
        (src / "9.txt").write_text(f"{records[6]['title']}\n\n{records[6]['content']}\n", encoding="utf-8")
    assert _killed_clean(tmp_path, "clean:1", src, out, *extra).returncode == -9
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8")) if (out / "manifest.json").exists() else None
    assert manifest is None or manifest["state"] == "running"
    for name in ("report.html", "review.csv", "review.xlsx"):
        assert not (out / name).exists(), name
    assert not (out / "review.jsonl").exists() or (out / "review.jsonl").stat().st_size > 0
    for entry in (manifest or {}).get("files", []):
        assert all((out / o).exists() for o in entry.get("outputs", [])), entry
    again = run_cli("clean", src, "-o", out, "-q", *extra)
    assert again.returncode == 0, again.stderr
    fresh = tmp_path / "fresh"
    assert run_cli("clean", src, "-o", fresh, "-q", *extra).returncode == 0
    listing = lambda folder: sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if ".vi2en" not in p.parts)
    assert listing(out) == listing(fresh)
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"] == \
        json.loads((fresh / "manifest.json").read_text(encoding="utf-8"))["files"]
