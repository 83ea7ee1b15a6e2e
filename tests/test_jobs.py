"""``--jobs N``: worker processes clean, the parent writes. The outputs equal a one-process run's byte for byte
(timestamps apart), a run killed with SIGKILL leaves no worker behind and resumes to the same outputs, and a
worker that dies has its articles cleaned by the parent."""

import functools
import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS, run_cli
from translate import pipeline, workers
from translate.clean import CleanConfig
from translate.pipeline import clean_files, clean_source
from translate.read import InputFile, read_article
from translate.sources import Source

REALNEWS = ROOT.parent / "shared" / "realnews"
VNEXPRESS = REALNEWS / "vnexpress-json" / "vnexpress_bongda_part2.json"


def _mixed(folder: Path) -> Path:
    """Seeds, a few real crawled files (plain text, HTML pages, records) and broken inputs, in two subfolders."""
    shutil.copytree(SEEDS, folder / "seeds")
    real = folder / "real"
    real.mkdir()
    for path in sorted((REALNEWS / "baomoi").glob("*.txt"))[:6] + sorted((REALNEWS / "html").glob("*.html"))[:3]:
        shutil.copy(path, real / path.name)
    records = json.loads(VNEXPRESS.read_text(encoding="utf-8"))[:12]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines[4] = "{not json"
    (real / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (real / "zipped.txt.gz").write_bytes(gzip.compress((SEEDS / "001_77e3bfebcb17588f.txt").read_bytes()))
    (folder / "broken.txt.gz").write_bytes(b"\x1f\x8b\x08\x00broken")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "english.txt").write_text("The weather in London today is rainy and cold, as it was yesterday.\n")
    (folder / "report.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / "a.txt").write_text("Hà Nội mưa lớn\n\nNhiều tuyến phố ngập sâu sau trận mưa lớn chiều nay.\n")
    (folder / "a.html").write_text("<html><body><p>Hà Nội mưa lớn, nhiều tuyến phố ngập sâu sau trận mưa lớn "
                                   "chiều nay khiến người dân đi lại khó khăn.</p></body></html>\n")
    return folder


def _outputs(out: Path) -> dict[str, object]:
    """Every file of an output folder, the journal included; the manifest without its timestamps."""
    files: dict[str, object] = {}
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(out).as_posix()
        if rel == "manifest.json":
            manifest = json.loads(path.read_text(encoding="utf-8"))
            for key in ("started", "seconds"):
                manifest.pop(key)
            files[rel] = manifest
        elif rel == "review.xlsx":
            import zipfile

            with zipfile.ZipFile(path) as z:  # the zip's entries carry their time
                files[rel] = {name: z.read(name) for name in z.namelist()}
        else:
            files[rel] = path.read_bytes()
    return files


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    return _mixed(tmp_path_factory.mktemp("mixed"))


@pytest.fixture(scope="module")
def one_process(mixed, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("jobs1") / "out"
    result = run_cli("clean", mixed, "-o", out, "--jobs", "1", "-q")
    assert result.returncode == 1, result.stderr  # broken.txt.gz and the bad record fail
    return out


def test_two_workers_write_what_one_process_writes(mixed, one_process, tmp_path):
    out = tmp_path / "out"
    result = run_cli("clean", mixed, "-o", out, "--jobs", "2", "-q")
    assert result.returncode == 1, result.stderr
    assert "broken.txt.gz" in result.stderr and "feed.jsonl#5" in result.stderr
    assert _outputs(out) == _outputs(one_process)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    statuses = {f["file"]: f["status"] for f in manifest["files"]}
    assert statuses["empty.txt"] == statuses["english.txt"] == statuses["report.pdf"] == "skipped"
    assert statuses["a.txt"] == statuses["a.html"] == statuses["real/zipped.txt.gz"] == "ok"
    assert "jobs" not in json.dumps(manifest["settings"])  # how many workers changes no output


def test_many_small_batches_and_windows_come_back_in_order(mixed, one_process, tmp_path, monkeypatch):
    monkeypatch.setattr(workers, "BATCH_SOURCES", 1)  # every article its own batch, over both workers
    monkeypatch.setattr(pipeline, "WINDOW_SENTENCES", (4, 8))
    out = tmp_path / "out"
    clean_files([mixed], out, jobs=2)
    assert _outputs(out) == _outputs(one_process)


def test_a_run_left_to_choose_uses_workers_only_for_much_to_clean():
    def sources(n: int, size: int) -> list:
        return [(Source(f"{i}.txt", str(i), str(i), "", "", None, size=size), str(i)) for i in range(n)]

    for n, size, pooled in [(10, 3000, False), (300, 3000, False), (400, 3000, True), (2000, 10, True), (999, 10, False)]:
        given = sources(n, size)
        chosen, rest = workers.worth_a_pool(iter(given))
        assert chosen == pooled and list(rest) == given  # no source lost, none out of order


def test_standing_decisions_and_their_warnings_come_as_with_one_process(mixed, one_process, tmp_path):
    rows = [json.loads(line) for line in (one_process / "review.jsonl").read_text(encoding="utf-8").splitlines()]
    kinds = ["accept", "dismiss", "edit"]  # an edit of a clean.suspect flag cannot be applied: a warning
    decisions = [{"id": r["id"], "decision": kinds[i % 3], "correction": r["original"] + " (sửa)"}
                 for i, r in enumerate(rows[:30])]
    path = tmp_path / "decisions.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in decisions), encoding="utf-8")
    runs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = run_cli("clean", mixed, "-o", out, "--jobs", jobs, "-q", "--decisions", path)
        assert result.returncode == 1, result.stderr
        files = _outputs(out)
        for name, data in files.items():
            if name.endswith(".json") and b'"applied"' in data:  # when each decision was applied: a timestamp
                files[name] = re.sub(rb'"applied": "[^"]*"', b"", data)
        runs[jobs] = files, result.stderr
    assert "standing decision not applied" in runs["1"][1]
    assert runs["2"] == runs["1"]  # the same files, and the same warnings in the same order


def _alive_with(tag: str) -> list[int]:
    """Processes whose environment holds ``tag`` (a run and every process it started)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if tag.encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_a_killed_run_with_workers_leaves_none_behind_and_resumes(mixed, one_process, tmp_path):
    out = tmp_path / "out"
    tag = f"VI2EN_TEST_RUN={uuid.uuid4().hex}"
    env = dict(os.environ, PYTHONPATH=str(ROOT), **dict([tag.split("=")]))
    child = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "resume_child.py"), str(tmp_path / "log"), "write:12", "--", "clean",
         str(mixed), "-o", str(out), "--jobs", "2", "-q"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert child.returncode == -signal.SIGKILL, child.stderr
    deadline = time.monotonic() + 10
    while _alive_with(tag) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _alive_with(tag) == []  # the workers saw their parent go, and went
    journal = (out / ".vi2en" / "journal.jsonl").read_text(encoding="utf-8").splitlines()
    assert 0 < len(journal) < 12  # the kill came after some windows were done, before the end
    result = run_cli("clean", mixed, "-o", out, "--jobs", "2", "-q")
    assert result.returncode == 1, result.stderr
    assert _outputs(out) == _outputs(one_process)


def _die_in_worker(parent: int, path: Path, rel: str):
    """A source's reader that kills any process but the test's own: the worker that cleans it dies."""
    if os.getpid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)
    return read_article(InputFile(path, rel))


def test_a_worker_that_dies_has_its_articles_cleaned_by_the_parent():
    paths = sorted((REALNEWS / "baomoi").glob("*.txt"))[:8]
    sources = []
    for i, path in enumerate(paths):
        data = path.read_bytes()
        read = functools.partial(read_article, InputFile(path, path.name), data)
        if i == 5:
            read = functools.partial(_die_in_worker, os.getpid(), path, path.name)
        sources.append((Source(path.name, path.stem, path.name, "", str(path), read, len(data)), path.stem))
    config = CleanConfig()
    here = functools.partial(_clean_here, config)
    pool = workers.CleanPool(2, config, None, prepare=False)
    old = workers.BATCH_SOURCES
    workers.BATCH_SOURCES = 2
    try:
        got = [(source.key, article.status, article.clean_text()) for source, _, article in pool.map(iter(sources), here)]
        assert len(pool.workers) == 1  # the other died on the sixth article
    finally:
        workers.BATCH_SOURCES = old
        pool.close()
    want = []
    for source, _ in sources:
        article = clean_source(source, config, None)
        want.append((source.key, article.status, article.clean_text()))
    assert got == want and all(status == "ok" for _, status, _ in got)


def _clean_here(config, source, stem):
    return clean_source(source, config, None)
