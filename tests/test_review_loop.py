"""The review loop: decide flags in report.html (headless Chromium), export, `vi2en apply-review`, later runs.

The seeds carry four date flags in 000_f152d107197091e6.txt; the tiny model adds mt.* flags to every sentence.
"""

import csv
import io
import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest

from .browser import chromium
from .conftest import SEEDS, run_cli

ARTICLE = "000_f152d107197091e6"
EDITED = "tháng 3 năm 2021"  # the reviewer's repair of "tháng 2021 năm XNUMX" (cleaned to "năm 2021")
ENGLISH = "Washington: India and the United States agreed on Monday on an ambitious roadmap."


def snapshot(folder: Path) -> dict[str, bytes]:
    """The folder's outputs (not the run's journal under .vi2en/, which a redone run rewrites)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".vi2en" not in p.relative_to(folder).parts}


def review_rows(out: Path) -> list[dict]:
    path = out / "review.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def flag(out: Path, original: str) -> dict:
    return next(r for r in review_rows(out) if r["original"] == original)


def first_mt_flag(out: Path) -> dict:
    return next(r for r in review_rows(out) if r["kind"].startswith("mt.") and r["file"] == f"{ARTICLE}.txt" and r["paragraph"] == 0)


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    cache = tmp_path_factory.mktemp("vi2en-cache")
    return {"VI2EN_CACHE_DIR": str(cache), "HF_HUB_OFFLINE": "1"}


@pytest.fixture(scope="module")
def translated(tmp_path_factory, tiny_models, env):
    """A translate run of the seeds with the tiny model, kept untouched: tests copy it."""
    out = tmp_path_factory.mktemp("review-loop") / "translated"
    result = run_cli("translate", SEEDS, "-o", out, "--model", tiny_models("marian"), "-q", env=env)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def folder(translated, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(translated, out)
    return out


def write_decisions(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


# --- stable ids ----------------------------------------------------------------------------------------------

def test_every_flag_has_an_id_that_the_next_run_of_the_same_text_gives_it_again(tmp_path):
    for run in ("a", "b"):
        assert run_cli("clean", SEEDS, "-o", tmp_path / run, "-q").returncode == 0
    ids = [r["id"] for r in review_rows(tmp_path / "a")]
    assert len(ids) == 4 and len(set(ids)) == 4 and all(re.fullmatch(r"[0-9a-f]{16}", i) for i in ids)
    assert ids == [r["id"] for r in review_rows(tmp_path / "b")]
    sheet = list(csv.DictReader((tmp_path / "a" / "review.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [r["id"] for r in sheet] == ids and {"decision", "correction", "reviewer", "note"} <= set(sheet[0])
    record = json.loads((tmp_path / "a" / f"{ARTICLE}.json").read_text(encoding="utf-8"))
    assert [f["id"] for f in record["flags"]] == ids


# --- the browser: decide, reload, export ---------------------------------------------------------------------

def _webdriver_missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install 'vi2en[test]')"
    if chromium() is None:
        return "chromium is not installed (.ci/run installs it)"
    if shutil.which("chromedriver") is None:
        return "chromedriver is not installed (apt-get install chromium-driver)"
    return None


needs_webdriver = pytest.mark.skipif(_webdriver_missing() is not None and not os.environ.get("VI2EN_REQUIRE_BROWSER"),
                                     reason=_webdriver_missing() or "")


@pytest.fixture
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium()
    for flag_ in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1000"):
        options.add_argument(flag_)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False})
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    yield driver
    driver.quit()


def row(driver, flag_id: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, f'#review tr[data-id="{flag_id}"]')


def press(driver, flag_id: str, decision: str) -> None:
    from selenium.webdriver.common.by import By

    button = row(driver, flag_id).find_element(By.CSS_SELECTOR, f'button[data-decision="{decision}"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()


def correct(driver, flag_id: str, text: str) -> None:
    from selenium.webdriver.common.by import By

    box = row(driver, flag_id).find_element(By.CSS_SELECTOR, "input.correction")
    box.clear()
    box.send_keys(text)


def downloaded(driver, name: str) -> Path:
    path = driver.downloads / name
    for _ in range(100):
        if path.exists() and not list(driver.downloads.glob("*.crdownload")):
            return path
        time.sleep(0.1)
    raise AssertionError(f"{name} was not downloaded: {sorted(p.name for p in driver.downloads.iterdir())}")


def decide_in_the_report(driver, out: Path) -> tuple[dict, Path, Path]:
    """Accept one date repair, edit one, dismiss one and correct one English sentence; reload; export both ways."""
    from selenium.webdriver.common.by import By

    ids = {"accept": flag(out, "ngày 21 tháng XNUMX")["id"], "edit": flag(out, "tháng 2021 năm XNUMX")["id"],
           "dismiss": flag(out, "tháng XNUMX năm ngoái")["id"], "english": first_mt_flag(out)["id"]}
    driver.get((out / "report.html").resolve().as_uri())
    press(driver, ids["accept"], "accept")
    press(driver, ids["edit"], "edit")
    correct(driver, ids["edit"], EDITED)
    press(driver, ids["dismiss"], "dismiss")
    press(driver, ids["english"], "edit")
    correct(driver, ids["english"], ENGLISH)
    driver.refresh()  # work in progress survives a reload
    for key, decision in (("accept", "accept"), ("edit", "edit"), ("dismiss", "dismiss"), ("english", "edit")):
        pressed = row(driver, ids[key]).find_element(By.CSS_SELECTOR, '[aria-pressed="true"]')
        assert pressed.get_attribute("data-decision") == decision
    assert row(driver, ids["edit"]).find_element(By.CSS_SELECTOR, "input.correction").get_attribute("value") == EDITED
    assert "4 of" in driver.find_element(By.ID, "decided-count").text
    driver.find_element(By.ID, "reviewer").send_keys("Lan")
    driver.find_element(By.ID, "export-jsonl").click()
    jsonl = downloaded(driver, "decisions.jsonl")
    driver.find_element(By.ID, "export-csv").click()
    return ids, jsonl, downloaded(driver, "decisions.csv")


class CountingEngine:
    """The real tiny model, recording every text that reaches it."""

    def __init__(self, engine):
        self.engine, self.seen = engine, []
        original = engine.translate

        def translate(texts, settings):
            self.seen.extend(texts)
            return original(texts, settings)

        engine.translate = translate


def changed_lines(before: bytes, after: bytes) -> list[tuple[int, str, str]]:
    old, new = before.decode("utf-8").splitlines(), after.decode("utf-8").splitlines()
    assert len(old) == len(new)
    return [(k, a, b) for k, (a, b) in enumerate(zip(old, new)) if a != b]


@needs_webdriver
def test_decisions_made_in_the_report_change_exactly_their_sentences_in_every_output(folder, browser, tiny_models, env, monkeypatch):
    from translate.config import resolve_model
    from translate.engines import load_engine
    from translate.review_loop import apply_review, read_decisions

    ids, jsonl, csv_file = decide_in_the_report(browser, folder)
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert {r["id"]: (r["decision"], r["correction"], r["reviewer"]) for r in rows} == {
        ids["accept"]: ("accept", "", "Lan"), ids["edit"]: ("edit", EDITED, "Lan"),
        ids["dismiss"]: ("dismiss", "", "Lan"), ids["english"]: ("edit", ENGLISH, "Lan")}
    assert [(d.id, d.decision, d.correction) for d in read_decisions(csv_file)] == [(d.id, d.decision, d.correction) for d in read_decisions(jsonl)]

    before = snapshot(folder)
    old_vi_sentence = flag(folder, "tháng 2021 năm XNUMX")["context"].replace("tháng 2021 năm XNUMX", "năm 2021")
    new_vi_sentence = old_vi_sentence.replace("năm 2021", EDITED)
    monkeypatch.setenv("VI2EN_CACHE_DIR", env["VI2EN_CACHE_DIR"])
    engines = []

    def factory(config):
        engines.append(CountingEngine(load_engine(resolve_model(config.model), config)))
        return engines[-1].engine

    result = apply_review(folder, read_decisions(jsonl), source=str(jsonl), engine_factory=factory)
    assert not result.errors and len(result.applied) == 4 and result.retranslated == 1
    assert engines[0].seen == [new_vi_sentence]  # only the changed sentence reached the engine
    after = snapshot(folder)

    # Nothing of the other two articles changed; of this one, every output; plus the aggregates.
    changed = {name for name in before if before[name] != after.get(name)}
    assert changed == {f"{ARTICLE}.{ext}" for ext in ("vi.txt", "en.txt", "md", "json")} | {
        "aligned.jsonl", "aligned.tmx", "review.jsonl", "review.csv", "review.xlsx", "report.html", "manifest.json"}
    assert set(after) - set(before) == {"decisions.jsonl"}

    vi = changed_lines(before[f"{ARTICLE}.vi.txt"], after[f"{ARTICLE}.vi.txt"])
    assert len(vi) == 1 and vi[0][2] == vi[0][1].replace(old_vi_sentence, new_vi_sentence)

    old_pairs = {r["id"]: r for r in map(json.loads, before["aligned.jsonl"].decode().splitlines())}
    new_pairs = {r["id"]: r for r in map(json.loads, after["aligned.jsonl"].decode().splitlines())}
    assert old_pairs.keys() == new_pairs.keys()
    differ = {k for k in old_pairs if old_pairs[k] != new_pairs[k]}
    post_edited = {k for k, r in new_pairs.items() if r["post_edited"]}
    edited = {k for k, r in new_pairs.items() if r["translation"]["vi"] == new_vi_sentence}
    assert post_edited == {f"{ARTICLE}:0:0"} and len(edited) == 1 and differ == post_edited | edited
    assert new_pairs[f"{ARTICLE}:0:0"]["translation"]["en"] == ENGLISH

    english = changed_lines(before[f"{ARTICLE}.en.txt"], after[f"{ARTICLE}.en.txt"])
    assert ENGLISH in [b for _, _, b in english] and len(english) <= 2  # the post-edit, and the retranslated paragraph

    tmx_units = lambda data: dict(re.findall(r'<tu tuid="([^"]+)">(.*?)</tu>', data.decode(), re.S))
    old_tmx, new_tmx = tmx_units(before["aligned.tmx"]), tmx_units(after["aligned.tmx"])
    assert {k for k in old_tmx if old_tmx[k] != new_tmx[k]} == differ
    assert 'x-post-edited">yes' in new_tmx[f"{ARTICLE}:0:0"]

    # The review queue lost the decided flags and the flags about replaced English, and gained only the QA of the
    # retranslated sentence.
    gone = {r["id"]: r for r in map(json.loads, before["review.jsonl"].decode().splitlines())}
    now = {r["id"]: r for r in map(json.loads, after["review.jsonl"].decode().splitlines())}
    removed, added = gone.keys() - now.keys(), now.keys() - gone.keys()
    assert {ids["accept"], ids["edit"], ids["dismiss"], ids["english"]} <= removed
    assert all(gone[i]["kind"].startswith("mt.") and (gone[i]["paragraph"], gone[i]["sentence"]) in {(0, 0), (35, 2)}
               for i in removed - {ids["accept"], ids["edit"], ids["dismiss"]})
    assert added and all(now[i]["original"] == new_vi_sentence for i in added)

    record = json.loads(after[f"{ARTICLE}.json"])
    decisions = {d["id"]: d for d in record["decisions"]}
    assert decisions[ids["edit"]]["before"] == "năm 2021" and decisions[ids["edit"]]["after"] == EDITED
    assert decisions[ids["english"]]["after"] == ENGLISH and decisions[ids["english"]]["reviewer"] == "Lan"
    assert all(d["time"] and d["applied"] for d in decisions.values())
    review = json.loads(after["manifest.json"])["reviews"][-1]
    assert {d["id"] for d in review["applied"]} == set(ids.values()) and review["retranslated"] == 1

    # The rewritten report no longer offers the decided flags.
    assert not re.search("|".join(ids.values()), after["report.html"].decode())


# --- apply-review from the command line ---------------------------------------------------------------------

def four_decisions(out: Path, path: Path) -> Path:
    return write_decisions(path, [
        {"id": flag(out, "ngày 21 tháng XNUMX")["id"], "decision": "accept"},
        {"id": flag(out, "tháng 2021 năm XNUMX")["id"], "decision": "edit", "correction": EDITED, "reviewer": "Lan"},
        {"id": flag(out, "tháng XNUMX năm ngoái")["id"], "decision": "dismiss", "note": "the month is not known"},
        {"id": first_mt_flag(out)["id"], "decision": "edit", "correction": ENGLISH},
    ])


def test_applying_the_same_decisions_twice_changes_nothing(folder, tmp_path, env):
    decisions = four_decisions(folder, tmp_path / "decisions.jsonl")
    first = run_cli("apply-review", folder, decisions, env=env)
    assert first.returncode == 0, first.stderr
    assert "applied 4 decisions (1 accepted, 2 edited, 1 dismissed) in 1 articles; 1 sentences retranslated" in first.stderr
    applied = snapshot(folder)
    again = run_cli("apply-review", folder, decisions, env=env)
    assert again.returncode == 0, again.stderr
    assert "applied 0 decisions" in again.stderr and "4 applied before" in again.stderr
    assert snapshot(folder) == applied


def test_a_later_run_into_the_folder_keeps_every_decision(folder, tmp_path, env, tiny_models):
    assert run_cli("apply-review", folder, four_decisions(folder, tmp_path / "d.jsonl"), env=env).returncode == 0
    applied = snapshot(folder)
    rerun = run_cli("translate", SEEDS, "-o", folder, "--model", tiny_models("marian"), "-q", env=env)
    assert rerun.returncode == 0, rerun.stderr
    again = snapshot(folder)
    differ = {name for name in applied if applied[name] != again[name]}
    assert differ <= {"manifest.json", "aligned.tmx"}  # the run's time, the TMX's creation date
    strip = lambda data: re.sub(rb'creationdate="[^"]*"', b"", data)
    assert strip(applied["aligned.tmx"]) == strip(again["aligned.tmx"])


def test_dismissed_flags_stay_dismissed_when_a_run_is_given_the_decisions(tmp_path):
    assert run_cli("clean", SEEDS, "-o", tmp_path / "first", "-q").returncode == 0
    dismissed = flag(tmp_path / "first", "tháng 2020 năm XNUMX")
    decisions = write_decisions(tmp_path / "d.jsonl", [{"id": dismissed["id"], "decision": "dismiss", "reviewer": "Lan"}])
    result = run_cli("clean", SEEDS, "-o", tmp_path / "second", "--decisions", decisions, "-q")
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in review_rows(tmp_path / "second")] == [r["id"] for r in review_rows(tmp_path / "first") if r["id"] != dismissed["id"]]
    record = json.loads((tmp_path / "second" / f"{ARTICLE}.json").read_text(encoding="utf-8"))
    assert [(d["id"], d["decision"], d["reviewer"]) for d in record["decisions"]] == [(dismissed["id"], "dismiss", "Lan")]


def test_a_review_csv_filled_in_a_spreadsheet_is_a_decisions_file(tmp_path):
    out = tmp_path / "out"
    assert run_cli("clean", SEEDS, "-o", out, "-q").returncode == 0
    sheet = list(csv.DictReader((out / "review.csv").read_text(encoding="utf-8-sig").splitlines()))
    sheet[0]["decision"], sheet[0]["correction"] = "edit", "ngày 21 tháng 3"
    sheet[2]["decision"] = "Dismiss"  # spreadsheets capitalise; rows left empty are not decided
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(sheet[0]))
    writer.writeheader()
    writer.writerows(sheet)
    (tmp_path / "filled.csv").write_text(buffer.getvalue(), encoding="utf-8-sig")
    result = run_cli("apply-review", out, tmp_path / "filled.csv")  # a clean run: no model needed
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in review_rows(out)] == [sheet[1]["id"], sheet[3]["id"]]
    text = (out / f"{ARTICLE}.vi.txt").read_text(encoding="utf-8")
    assert "vào ngày 21 tháng 3, được thiết kế" in text


def test_an_unknown_id_or_a_vanished_span_is_a_row_error_and_the_rest_is_applied(tmp_path):
    out = tmp_path / "out"
    assert run_cli("clean", SEEDS, "-o", out, "-q").returncode == 0
    gone = flag(out, "tháng 2020 năm XNUMX")
    record_path = out / f"{ARTICLE}.json"
    record = json.loads(record_path.read_text(encoding="utf-8"))
    para = record["paragraphs"][gone["paragraph"]]
    para["clean"] = para["clean"].replace("Vào năm 2020, ", "")  # the text changed since the queue was made
    record_path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    kept = flag(out, "ngày 21 tháng XNUMX")
    decisions = write_decisions(tmp_path / "d.jsonl", [
        {"id": "0123456789abcdef", "decision": "dismiss"},
        {"id": gone["id"], "decision": "edit", "correction": "tháng 10 năm 2020"},
        {"id": kept["id"], "decision": "dismiss"},
    ])
    result = run_cli("apply-review", out, decisions)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("vi2en: error:")]
    assert len(errors) == 2
    assert "line 1: unknown flag id 0123456789abcdef" in errors[0]
    assert f"line 2: flag {gone['id']} (date.swapped): 'năm 2020' is no longer in paragraph {gone['paragraph']}" in errors[1]
    assert kept["id"] not in {r["id"] for r in review_rows(out)} and gone["id"] in {r["id"] for r in review_rows(out)}


@pytest.mark.parametrize("content, message", [
    (b'{"id": "a", "decision": "dismiss"}\n{"id": "b", "decision": \n', "line 2 is not JSON"),
    (b'{"id": "a", "decision": "approve"}\n', "decision 'approve' is not one of accept, edit, dismiss"),
    (b'{"id": "a", "decision": "edit"}\n', "line 1: an edit needs a correction"),
    (b'{"decision": "dismiss"}\n', "line 1 has no id"),
    (b'{"id": 7, "decision": "dismiss"}\n', "line 1: id must be text"),
    (b"flag,verdict\nabc,dismiss\n", "needs the columns id and decision"),
    (b"id,decision\n" + "abc,dismiss,Lê\n".encode("cp1258"), "is not UTF-8 text"),
    (b"", "holds no decisions"),
], ids=["json", "decision", "correction", "id", "type", "columns", "encoding", "empty"])
def test_a_malformed_decisions_file_is_a_usage_error_and_nothing_is_written(tmp_path, content, message):
    out = tmp_path / "out"
    assert run_cli("clean", SEEDS, "-o", out, "-q").returncode == 0
    before = snapshot(out)
    suffix = ".csv" if content.startswith(b"flag") or content.startswith(b"id,") else ".jsonl"
    (tmp_path / f"d{suffix}").write_bytes(content)
    result = run_cli("apply-review", out, tmp_path / f"d{suffix}")
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr and "nothing was applied" in result.stderr
    assert snapshot(out) == before


def test_apply_review_on_a_folder_vi2en_did_not_write_is_a_usage_error(tmp_path):
    decisions = write_decisions(tmp_path / "d.jsonl", [{"id": "a", "decision": "dismiss"}])
    result = run_cli("apply-review", tmp_path, decisions)
    assert result.returncode == 2 and "has no manifest.json" in result.stderr


def test_apply_review_on_a_run_that_has_not_finished_says_to_finish_it_first(folder, tmp_path, env):
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    (folder / "manifest.json").write_text(json.dumps({**manifest, "state": "running"}), encoding="utf-8")
    before = snapshot(folder)
    result = run_cli("apply-review", folder, four_decisions(folder, tmp_path / "d.jsonl"), env=env)
    assert result.returncode == 2 and "has not finished" in result.stderr
    assert snapshot(folder) == before


@needs_webdriver
def test_hostile_text_in_the_decision_controls_stays_text_and_survives_the_csv_export(browser, tmp_path):
    from selenium.webdriver.common.by import By

    from translate.article import Article, Flag, Paragraph
    from translate.review_loop import read_decisions
    from translate.write.report import render_report

    hostile = '<img src=x onerror="document.title=1">"\'`${x}'
    text = f"Ngày 31/4/2023 {hostile} tăng."
    flags = [Flag(kind="date.invalid", original="31/4/2023", cleaned=hostile, context=text, paragraph=0, file="a.txt", start=5, end=14),
             Flag(kind="mt.length", original=text, cleaned=text, english=hostile, context=text, paragraph=0, sentence=0, file="a.txt")]
    page = tmp_path / "report.html"
    page.write_text(render_report([Article(file="a.txt", paragraphs=[Paragraph(raw=text, clean=text, line=1)], flags=flags)], {0: "a"}),
                    encoding="utf-8")
    browser.get(page.resolve().as_uri())
    for f in flags:
        press(browser, f.id, "edit")
        assert row(browser, f.id).find_element(By.CSS_SELECTOR, "input.correction").get_attribute("value") == hostile
    formula = '=HYPERLINK("http://evil.example","x")'
    correct(browser, flags[1].id, formula)
    assert not browser.find_elements(By.CSS_SELECTOR, "#review img") and browser.title == "vi2en report"
    browser.find_element(By.ID, "export-csv").click()
    exported = downloaded(browser, "decisions.csv")
    assert "'=HYPERLINK" in exported.read_text(encoding="utf-8")  # a spreadsheet shows it as text
    assert [(d.id, d.correction) for d in read_decisions(exported)] == [(flags[0].id, hostile), (flags[1].id, formula)]


def test_a_correction_that_adds_a_sentence_translates_both_and_keeps_the_paragraphs_other_flags(folder, tiny_models):
    from translate.config import TranslateConfig, resolve_model
    from translate.engines import load_engine
    from translate.review_loop import Decision, apply_review

    date = flag(folder, "tháng 2021 năm XNUMX")
    paragraph = date["paragraph"]
    rows = review_rows(folder)
    same_sentence = next(r for r in rows if r["kind"].startswith("mt.") and (r["paragraph"], r["sentence"]) == (paragraph, 2))
    others = {r["id"]: r["sentence"] for r in rows if r["kind"].startswith("mt.") and r["paragraph"] == paragraph and r["sentence"] < 2}
    seen = []

    def factory(config):
        engine = load_engine(resolve_model(config.model), TranslateConfig(model=config.model, use_cache=False))
        original = engine.translate
        engine.translate = lambda texts, settings: (seen.extend(texts), original(texts, settings))[1]
        return engine

    result = apply_review(folder, [Decision(id=date["id"], decision="edit", correction="tháng 3 năm 2021. Ông ở lại hai ngày", row=1),
                                   Decision(id=same_sentence["id"], decision="edit", correction="His last trip was in March 2021.", row=2)],
                          engine_factory=factory)
    assert result.retranslated == 2 and sorted(seen) == sorted(["Chuyến đi trước của anh ấy đến đất nước này là vào tháng 3 năm 2021.",
                                                                 "Ông ở lại hai ngày."])
    assert len(result.errors) == 1 and f"flag {same_sentence['id']}" in result.errors[0] and "Vietnamese changed" in result.errors[0]
    pairs = [json.loads(line) for line in (folder / "aligned.jsonl").read_text(encoding="utf-8").splitlines()]
    here = [p for p in pairs if p["file"] == f"{ARTICLE}.txt" and p["paragraph"] == paragraph]
    assert [p["id"] for p in here] == [f"{ARTICLE}:{paragraph}:{k}" for k in range(4)] and not any(p["post_edited"] for p in here)
    after = {r["id"]: r["sentence"] for r in review_rows(folder)}
    assert all(after.get(i) == k for i, k in others.items())  # flags of untouched sentences keep their ids
    record = json.loads((folder / f"{ARTICLE}.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in record["decisions"]] == [date["id"]]
