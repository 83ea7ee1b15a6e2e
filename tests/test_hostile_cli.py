"""The command line against hostile inputs and everyday habits: terminal views read back by a terminal emulator
(pyte), option checks, --quiet, pagers and NO_COLOR, logs, bugs, unwritable or full output folders."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from translate.article import Article, Flag, Paragraph, to_json

from .conftest import ROOT, SEEDS, run_cli
from .test_cli_views import run_in_pty

HOSTILE = "Giá\x1b]0;pwned\x07 vàng\x1b[2J\x1b[H tăng\x1b]8;;http://evil.example\x1b\\ mạnh\x1b]8;;\x1b\\\x1b]52;c;cm0gLXJm\x07 [bold]ngày[/] 31/4/2023."


def emulate(raw: str, columns: int = 140, lines: int = 60):
    """Feed what vi2en wrote to a terminal emulator, as a person's terminal would read it."""
    import pyte

    screen = pyte.HistoryScreen(columns, lines, history=5000)
    stream = pyte.Stream(screen)
    stream.feed(raw.replace("\n", "\r\n"))
    return screen


def hostile_record(tmp_path: Path) -> Path:
    """An article record (as vi2en diff accepts) whose text and name carry escape sequences."""
    para = Paragraph(raw=HOSTILE, clean=HOSTILE, line=1)
    flag = Flag(kind="date.invalid", original="ngày 31/4/2023", cleaned="31/4/2023", context=HOSTILE, paragraph=0,
                file="tin\x1b]0;pwned\x07.txt")
    article = Article(file="tin\x1b]0;pwned\x07.txt", title="Tiêu đề\x1b[2J", paragraphs=[para], flags=[flag])
    path = tmp_path / "record.json"
    path.write_text(json.dumps(to_json(article)), encoding="utf-8")
    return path


@pytest.mark.parametrize("env", [{}, {"NO_COLOR": "1"}])
def test_diff_never_lets_article_text_drive_the_terminal(tmp_path, env):
    code, raw, _ = run_in_pty("diff", hostile_record(tmp_path), "--no-pager", env=env)
    assert code == 0
    assert "\x1b]" not in raw and "\x07" not in raw and "\x1b[2J" not in raw and "\x1b[H" not in raw
    screen = emulate(raw)
    assert screen.title == "" and "pwned" not in screen.title
    shown = "".join(screen.display)
    assert "\\x1b]0;pwned\\x07" in shown.replace(" ", "") or "\\x1b" in shown
    assert "[bold]ngày[/]" in shown  # article text is never read as rich markup


def test_diff_honours_no_color(tmp_path):
    _, raw, screen = run_in_pty("diff", SEEDS / "001_77e3bfebcb17588f.txt", "--no-pager", env={"NO_COLOR": "1"})
    assert "\x1b[" not in raw
    assert "{gallery}" in " ".join(screen.split())


def test_review_never_lets_flags_or_names_drive_the_terminal(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    flag = {"file": "[/x]\x1b]0;pwned\x07.txt", "kind": "date.invalid", "original": HOSTILE, "cleaned": "31/4/2023",
            "context": HOSTILE, "suggestion": "tháng 4 \x1b]52;c;cm0=\x07có 30 ngày"}
    (out / "review.jsonl").write_text(json.dumps(flag) + "\n", encoding="utf-8")
    code, raw, _ = run_in_pty("review", out, columns=200)
    assert code == 0, raw
    assert "\x1b]" not in raw and "\x07" not in raw and "\x1b[2J" not in raw
    screen = emulate(raw, columns=200)
    assert screen.title == ""
    assert "[/x]" in "".join(screen.display)


def test_review_shows_the_english_of_mt_flags_and_numbers_as_written(tmp_path):
    from translate.qa import check_pair

    kinds = dict(check_pair("Dự án trị giá 3 tỷ USD và 2,5 triệu đồng.", "The project is worth a lot of money."))
    assert "3 tỷ" in kinds["mt.numbers"] and "2,5 triệu" in kinds["mt.numbers"] and "e+" not in kinds["mt.numbers"]
    out = tmp_path / "out"
    out.mkdir()
    flag = {"file": "a.txt", "kind": "mt.numbers", "original": "Dự án trị giá 3 tỷ USD.", "cleaned": "Dự án trị giá 3 tỷ USD.",
            "english": "The project is worth a lot.", "context": "", "suggestion": kinds["mt.numbers"]}
    (out / "review.jsonl").write_text(json.dumps(flag) + "\n", encoding="utf-8")
    result = run_cli("review", out, env={"COLUMNS": "200"})
    assert result.returncode == 0
    assert "english" in result.stdout and "The project is worth a lot." in result.stdout and "3 tỷ" in result.stdout


def test_long_review_goes_through_the_pager(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    flag = {"file": "a.txt", "kind": "date.invalid", "original": "ngày 31/4", "cleaned": "31/4", "context": "", "suggestion": "x"}
    (out / "review.jsonl").write_text((json.dumps(flag) + "\n") * 200, encoding="utf-8")
    paged = tmp_path / "paged.txt"
    code, _, screen = run_in_pty("review", out, env={"PAGER": f"cat > {paged}", "MANPAGER": f"cat > {paged}"})
    assert code == 0 and paged.read_text(encoding="utf-8").count("ngày 31/4") == 200
    assert screen.count("ngày 31/4") < 50


def test_without_pager_settings_less_gets_raw_colours(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    seen = tmp_path / "less-env.txt"
    less = bin_dir / "less"
    less.write_text(f'#!/bin/sh\n[ -t 0 ] && exit 0\necho "LESS=$LESS" > {seen}\ncat > /dev/null\n')
    less.chmod(0o755)
    env = {"PATH": f"{bin_dir}:{os.environ['PATH']}"}
    blank = {k: v for k, v in os.environ.items() if k not in ("PAGER", "MANPAGER", "LESS")}
    code, _, _ = run_in_pty("diff", SEEDS / "000_f152d107197091e6.txt", env={**env, "NO_COLOR": ""}, base_env=blank)
    assert code == 0 and "R" in seen.read_text().split("=", 1)[1]


# --- options, exit codes, messages ------------------------------------------------------------------------

@pytest.mark.parametrize(
    "option",
    [["--batch-size", "-4"], ["--batch-size", "0"], ["--beams", "0"], ["--beams", "x"], ["--max-new-tokens", "-1"],
     ["--max-new-tokens", "nan"], ["--repetition-penalty", "0"], ["--no-repeat-ngram-size", "-2"],
     ["--marker", ""], ["--marker", " "], ["--marker", "<b>X</b>"], ["--decisions", "/nonexistent/decisions.jsonl"]],
)
def test_bad_options_are_one_line_and_exit_2(tmp_path, option):
    result = run_cli("translate", SEEDS, "-o", tmp_path / "out", *option)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and option[0] in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


@pytest.mark.parametrize("option", [{"beams": 0}, {"batch_size": -4}, {"max_new_tokens_ratio": float("nan")}])
def test_the_library_refuses_the_same_options(option):
    from translate.config import TranslateConfig

    with pytest.raises(ValueError, match=next(iter(option))):
        TranslateConfig(**option)


def test_quiet_still_names_what_failed(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (src / "a.txt").write_bytes((SEEDS / "004_f8ea5654cb7f1c6b.txt").read_bytes())
    result = run_cli("clean", src, "-o", tmp_path / "out", "-q")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["failed binary.txt: binary file, not text"]


def test_a_folder_with_nothing_to_do_says_so(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "notes.pdf").write_bytes(b"%PDF-1.4")
    result = run_cli("clean", src, "-o", tmp_path / "out", "-q")
    assert result.returncode == 0 and "nothing to do" in result.stderr


def test_another_tools_models_toml_in_the_current_folder_is_ignored_with_a_word(tmp_path):
    (tmp_path / "models.toml").write_text('[models]\ngpt = "openai"\n[models.llama]\nprovider = "ollama"\n')
    result = run_cli("models", cwd=tmp_path, env={"PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert "opus-mt" in result.stdout
    assert len(result.stderr.strip().splitlines()) == 1 and "ignoring" in result.stderr


def test_a_bug_is_one_line_and_the_traceback_goes_to_a_file(tmp_path, monkeypatch, capsys):
    import translate.pipeline
    from translate.cli import main

    def broken(*args, **kwargs):
        raise TypeError("something vi2en got wrong")

    monkeypatch.setattr(translate.pipeline, "clean_files", broken)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    code = main(["clean", str(SEEDS), "-o", str(tmp_path / "out"), "-q"])
    err = capsys.readouterr().err
    assert code == 3 and len(err.strip().splitlines()) == 1 and "something vi2en got wrong" in err
    report = Path(re.search(r"details are in (\S+)", err).group(1))
    assert report.parent == tmp_path and "Traceback" in report.read_text(encoding="utf-8")


def test_progress_is_logged_line_by_line_when_stderr_is_not_a_terminal(tmp_path):
    result = run_cli("clean", SEEDS, "-o", tmp_path / "out", env={"VI2EN_PROGRESS_INTERVAL": "0"})
    lines = [line for line in result.stderr.splitlines() if line.startswith("vi2en: clean:")]
    assert lines[0].startswith("vi2en: clean: 0/3 files") and "done in" in lines[-1]
    assert any(re.match(r"vi2en: clean: [12]/3 files \(\d+%\), [\d.]+ files/s, elapsed \d+:\d\d, eta \d+:\d\d", line)
               for line in lines)
    assert result.stderr.index("vi2en: clean: 0/3") < result.stderr.index("summary")


def test_translation_progress_counts_tokens_so_the_eta_does_not_only_grow(tiny_models):
    from translate.config import TranslateConfig, resolve_model
    from translate.engines import load_engine
    from translate.translation import translate_articles

    class Recorder:
        def __init__(self):
            self.events = []

        def start(self, task, total, unit):
            self.events.append(("start", total, unit))

        def advance(self, task, amount=1):
            self.events.append(("advance", amount, None))

        def finish(self, task):
            pass

    config = TranslateConfig(model=str(tiny_models("marian")), use_cache=False, batch_size=2)
    engine = load_engine(resolve_model(config.model), config)
    sentences = ["Giá vàng tăng.", "Bộ trưởng Bộ Công Thương cho biết kim ngạch thương mại giữa hai nước đã tăng mạnh "
                 "trong năm qua và sẽ còn tăng trong những năm tới theo dự báo của các chuyên gia kinh tế.", "Hà Nội mưa."]
    article = Article(file="a.txt", paragraphs=[Paragraph(raw=s, clean=s) for s in sentences])
    recorder = Recorder()
    translate_articles([article], engine, config, "[?]", recorder)
    (_, total, unit), *advances = recorder.events
    assert unit == "tokens" and sum(a for _, a, _ in advances) == total
    assert advances[-1][1] > advances[0][1]  # the long last batch weighs what it costs


def test_the_translation_bar_estimates_the_whole_run_not_the_window(tiny_models, tmp_path, monkeypatch):
    """A run is translated window by window; the bar's total must speak for the run, so it does not reach 100% at
    the end of each window and start again (what a new user saw), and it is exact once the last window is known."""
    from translate import pipeline
    from translate.config import TranslateConfig

    class Recorder:
        def __init__(self):
            self.totals, self.done = [], 0

        def start(self, task, total, unit):
            if task == "translate":
                self.totals.append(total)

        def set_total(self, task, total):
            self.totals.append(total)

        def advance(self, task, amount=1):
            self.done += amount if task == "translate" else 0
            if task == "translate":
                assert self.done <= self.totals[-1] or len(self.totals) == 1  # never past an estimate's end

        def finish(self, task):
            pass

    monkeypatch.setattr(pipeline, "WINDOW_SENTENCES", (4, 8))  # several windows in a small run
    src = tmp_path / "in"
    src.mkdir()
    for n in range(12):
        (src / f"a{n:02}.txt").write_text(f"Tin số {n}\n\nGiá vàng hôm nay tăng mạnh tại Hà Nội. Người dân xếp hàng "
                                         f"mua vàng từ sáng sớm ở nhiều cửa hàng lớn.\n", encoding="utf-8")
    recorder = Recorder()
    config = TranslateConfig(model=str(tiny_models("marian")), use_cache=False)
    pipeline.translate_files([src], tmp_path / "out", config=config, progress=recorder, jobs=1)
    assert len(recorder.totals) > 2  # several windows
    assert recorder.totals[0] > recorder.done / 2  # the first window's total already speaks for the run
    assert recorder.totals[-1] == recorder.done  # exact at the end


# --- unwritable outputs ---------------------------------------------------------------------------------

def test_an_output_folder_under_a_file_is_one_line(tmp_path):
    (tmp_path / "file").write_text("x")
    result = run_cli("clean", SEEDS, "-o", tmp_path / "file" / "out")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1 and "is a file" in result.stderr


def test_a_read_only_output_folder_is_one_line(tiny_disk):
    disk = tiny_disk("1m", readonly=True)
    result = run_cli("clean", SEEDS, "-o", disk / "out")
    assert result.returncode in (1, 2) and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr and "read-only" in result.stderr.lower()
    subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)  # the user fixes the cause
    again = run_cli("clean", SEEDS, "-o", disk / "out", "-q")
    assert again.returncode == 0, again.stderr
    manifest = json.loads((disk / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["state"] == "finished" and {f["status"] for f in manifest["files"]} == {"ok"}


def test_a_full_disk_is_one_line_keeps_finished_files_and_a_rerun_completes(tiny_disk, tmp_path):
    disk = tiny_disk("48k")
    result = run_cli("clean", SEEDS, "-o", disk / "out", "-q")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "No space left" in result.stderr
    finished = [p for p in (disk / "out").iterdir() if not p.name.startswith(".")]
    assert finished and not list((disk / "out").glob(".*.tmp"))  # what was finished is whole; no torn files
    for p in finished:
        if p.suffix == ".json":
            json.loads(p.read_text(encoding="utf-8"))
    subprocess.run(["mount", "-o", "remount,size=4m", str(disk)], check=True)
    again = run_cli("clean", SEEDS, "-o", disk / "out", "-q")
    assert again.returncode == 0 and (disk / "out" / "manifest.json").exists()


def start_long_clean(tmp_path: Path, *options: str, **popen) -> tuple[Path, subprocess.Popen]:
    """A clean of 300 copies of a seed, logging progress line by line to a pipe; returns its input folder."""
    src = tmp_path / "in"
    src.mkdir()
    for i in range(300):
        (src / f"{i}.txt").write_bytes((SEEDS / "000_f152d107197091e6.txt").read_bytes())
    env = dict(os.environ, VI2EN_PROGRESS_INTERVAL="0")
    proc = subprocess.Popen([sys.executable, "-m", "translate", "clean", str(src), "-o", str(tmp_path / "out"), *options],
                            cwd=ROOT, stderr=subprocess.PIPE, text=True, env=env, **popen)
    return src, proc


def test_sigterm_ends_a_run_with_a_message(tmp_path):
    _, proc = start_long_clean(tmp_path)
    first = proc.stderr.readline()  # progress reaches the log while the run goes on
    assert first.startswith("vi2en: clean: 0/300")
    proc.terminate()
    rest = proc.communicate(timeout=60)[1]
    assert proc.returncode == 130 and "interrupted" in rest and "Traceback" not in rest


def test_run_summary_and_review_in_a_terminal_show_hostile_paths_as_text(tmp_path):
    """Rich markup (`[red]`) and escape sequences in folder and file names reach the end-of-run summary and
    `vi2en review`: read through a terminal emulator, they must show as written and change nothing on screen."""
    src = tmp_path / "in[red]"
    src.mkdir()
    (src / "000.txt").write_bytes((SEEDS / "000_f152d107197091e6.txt").read_bytes())  # four date flags
    (src / "tin\x1b]0;pwned\x07[bold].txt").write_bytes(b"")  # an empty file: named in the summary as skipped
    out = tmp_path / "o[/x]ut"
    code, raw, _ = run_in_pty("clean", src, "-o", out, columns=400)
    assert code == 0, raw
    for name, text in (("clean", raw), ("review", run_in_pty("review", out, columns=400)[1])):
        assert "\x1b]" not in text and "\x07" not in text, name
        screen = emulate(text, columns=400)
        shown = "".join(line.rstrip() + "\n" for line in screen.display)
        assert screen.title == "", name
        assert "o[/x]ut" in shown, (name, shown)
        if name == "clean":
            assert "pwned\\x07[bold].txt: empty file" in shown, shown


def test_ctrl_c_ends_a_run_with_workers_with_a_message(tmp_path):
    """Ctrl-C in a terminal signals the whole process group: the parent and its cleaning workers."""
    import signal

    # A shell runs a foreground command with Ctrl-C's default action, whatever its own parent does: a test run
    # started in the background (`make test &`) ignores SIGINT, and Python keeps an inherited SIG_IGN.
    src, proc = start_long_clean(tmp_path, "--jobs", "2", start_new_session=True,
                                 preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert proc.stderr.readline().startswith("vi2en: clean: 0/300")  # the run is under way
    os.killpg(proc.pid, signal.SIGINT)
    rest = proc.communicate(timeout=60)[1]
    assert proc.returncode == 130 and "interrupted" in rest and "Traceback" not in rest, rest
    again = run_cli("clean", src, "-o", tmp_path / "out", "-q")
    assert again.returncode == 0
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["state"] == "finished" and sum(f["status"] == "ok" for f in manifest["files"]) == 300


def test_every_reason_is_one_line_in_a_log(tmp_path):
    """Piped to a log, the summary used to wrap long reasons at 80 columns: grep and log tools saw half a reason."""
    src = tmp_path / ("d" * 60)
    src.mkdir()
    (src / ("tệp-rỗng-có-một-cái-tên-rất-dài-" * 3 + ".txt")).write_bytes(b"")
    (src / "feed.csv").write_text("id,ghi_chu\n1,Giá vàng hôm nay tăng mạnh trên thị trường trong nước.\n", encoding="utf-8")
    (src / "a.txt").write_bytes((SEEDS / "000_f152d107197091e6.txt").read_bytes())
    result = run_cli("clean", src, "-o", tmp_path / ("o" * 70), env={"COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    reasons = [line for line in lines if line.startswith(("skipped ", "failed "))]
    assert len(reasons) == 2 and all(line.rstrip().endswith(("empty file", ")")) for line in reasons), lines
    assert any(line.startswith("Outputs in ") and line.rstrip().endswith("manifest.json") for line in lines), lines
