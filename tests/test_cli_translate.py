"""End to end: `vi2en translate` on the seeds with a test model, and the offline error without one."""

import json
import time
import xml.etree.ElementTree as ET

import pytest

from translate.segment import sentences

from .conftest import SEEDS, run_cli

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def translated(tmp_path_factory):
    root = tmp_path_factory.mktemp("translate")
    model = root / "model"
    built = run_cli("models", "build-test-model", model, "--arch", "marian")
    assert built.returncode == 0 and "gibberish" in built.stderr
    out = root / "out"
    result = run_cli("translate", SEEDS, "-o", out, "--model", model, env={"VI2EN_CACHE_DIR": str(root / "cache")})
    assert result.returncode == 0, result.stderr
    return out, result


def test_every_seed_sentence_has_exactly_one_aligned_pair(translated):
    out, _ = translated
    records = [json.loads(line) for line in (out / "aligned.jsonl").read_text(encoding="utf-8").splitlines()]
    for seed in SEEDS.glob("*.txt"):
        vi = (out / f"{seed.stem}.vi.txt").read_text(encoding="utf-8").strip().split("\n\n")
        titled = json.loads((out / f"{seed.stem}.json").read_text(encoding="utf-8"))["title"] is not None
        expected = [s for paragraph in vi[titled:] for s in sentences(paragraph)]  # the headline is part "title"
        got = [r["translation"]["vi"] for r in records if r["file"] == seed.name and r["part"] == "body"]
        assert got == expected
    assert len({r["id"] for r in records}) == len(records)
    assert all(r["translation"]["en"] for r in records)
    assert set(records[0]) == {"id", "file", "part", "paragraph", "sentence", "translation", "flags", "post_edited"}


def test_headline_and_captions_are_translated_and_aligned(translated):
    out, _ = translated
    records = [json.loads(line) for line in (out / "aligned.jsonl").read_text(encoding="utf-8").splitlines()]
    for seed in SEEDS.glob("*.txt"):
        record = json.loads((out / f"{seed.stem}.json").read_text(encoding="utf-8"))
        mine = [r for r in records if r["file"] == seed.name]
        if record["title"]:
            titles = [r for r in mine if r["part"] == "title"]
            assert " ".join(r["translation"]["vi"] for r in titles) == record["title"]
            assert record["title_en"] == " ".join(r["translation"]["en"] for r in titles) != ""
            assert titles == mine[: len(titles)] and titles[0]["id"].endswith(":title:0") and titles[0]["paragraph"] is None
            en = (out / f"{seed.stem}.en.txt").read_text(encoding="utf-8")
            assert en.startswith(record["title_en"] + "\n\n")
            assert record["title_en"] in (out / f"{seed.stem}.md").read_text(encoding="utf-8").replace("\\", "")
        assert len(record["captions_en"]) == len(record["captions"])
        for k, caption in enumerate(record["captions"]):
            pieces = [r for r in mine if r["part"] == "caption" and r["id"].split(":")[-2] == f"caption{k}"]
            assert " ".join(r["translation"]["vi"] for r in pieces) == caption
            assert record["captions_en"][k] == " ".join(r["translation"]["en"] for r in pieces)
    assert any(r["part"] == "title" for r in records) and any(r["part"] == "caption" for r in records)


def test_english_text_has_the_same_paragraphs(translated):
    out, _ = translated
    for seed in SEEDS.glob("*.txt"):
        vi = (out / f"{seed.stem}.vi.txt").read_text(encoding="utf-8").strip().split("\n\n")
        en = (out / f"{seed.stem}.en.txt").read_text(encoding="utf-8").strip().split("\n\n")
        titled = json.loads((out / f"{seed.stem}.json").read_text(encoding="utf-8"))["title"] is not None
        assert len(en) == len(vi)  # both start with the headline: paragraph n of one is paragraph n of the other
        assert titled == (vi[0] == json.loads((out / f"{seed.stem}.json").read_text(encoding="utf-8"))["title"])
        md = (out / f"{seed.stem}.md").read_text(encoding="utf-8").split("## Captions")[0]
        assert md.count("\n| ") == len(vi) - titled + 2  # header and rule rows, then one row per body paragraph


def test_review_queue_still_holds_the_garbled_dates(translated):
    out, _ = translated
    records = [json.loads(line) for line in (out / "review.jsonl").read_text(encoding="utf-8").splitlines()]
    dates = [(r["kind"], r["original"]) for r in records if r["kind"].startswith("date.")]
    assert dates == [
        ("date.placeholder", "ngày 21 tháng XNUMX"),
        ("date.swapped", "tháng 2021 năm XNUMX"),
        ("date.placeholder", "tháng XNUMX năm ngoái"),
        ("date.swapped", "tháng 2020 năm XNUMX"),
    ]
    assert {r["kind"] for r in records} - {"date.placeholder", "date.swapped"} <= {"mt.untranslated", "mt.numbers", "mt.repetition", "mt.length"}


def test_article_record_carries_pairs_and_the_model_signature(translated):
    out, _ = translated
    record = json.loads((out / "004_f8ea5654cb7f1c6b.json").read_text(encoding="utf-8"))
    assert record["translation"]["engine"] == "transformers"
    assert record["translation"]["arch"] == "marian"
    assert record["sentences"] and {"vi", "en", "paragraph", "sentence", "flags"} <= set(record["sentences"][0])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["command"] == "translate" and manifest["counts"]["sentences"]["sentences"] > 50


def test_tmx_is_valid_tmx_1_4(translated):
    out, _ = translated
    tree = ET.parse(out / "aligned.tmx")
    root = tree.getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header.get("srclang") == "vi" and header.get("segtype") == "sentence" and header.get("datatype")
    units = root.findall("body/tu")
    records = (out / "aligned.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(units) == len(records)
    first = json.loads(records[0])
    langs = [tuv.get(XML_LANG) for tuv in units[0].findall("tuv")]
    assert langs == ["vi", "en"]
    assert units[0].find("tuv/seg").text == first["translation"]["vi"]


def test_tmx_escapes_markup():
    from translate.write.aligned import tmx

    text = 'Ông nói: "A & B" <không> \'có\''
    doc = tmx([{"id": "x:0:0", "file": "a&b.txt", "paragraph": 0, "sentence": 0, "translation": {"vi": text, "en": "A & B <no>"}, "flags": []}])
    seg = ET.fromstring(doc.split("\n", 2)[2]).find("body/tu/tuv/seg")
    assert seg.text == text


def test_rerun_is_served_from_the_cache(translated, tmp_path):
    out, first = translated
    model = out.parent / "model"
    again = run_cli("translate", SEEDS, "-o", tmp_path / "out2", "--model", model, env={"VI2EN_CACHE_DIR": str(out.parent / "cache")})
    manifest = json.loads((tmp_path / "out2" / "manifest.json").read_text(encoding="utf-8"))
    counts = manifest["counts"]["sentences"]
    assert counts["from cache"] == counts["model inputs"]
    assert (tmp_path / "out2" / "aligned.jsonl").read_text(encoding="utf-8") == (out / "aligned.jsonl").read_text(encoding="utf-8")


def test_missing_default_model_offline_is_a_clear_fast_error(tmp_path):
    start = time.monotonic()
    result = run_cli("translate", SEEDS, "-o", tmp_path / "out", env={"HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")})
    assert time.monotonic() - start < 10
    assert result.returncode == 2
    assert "opus-mt" in result.stderr and "Helsinki-NLP/opus-mt-vi-en" in result.stderr and "vi2en models download" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_unknown_model_is_a_usage_error(tmp_path):
    result = run_cli("translate", SEEDS, "-o", tmp_path / "out", "--model", "no-such-model")
    assert result.returncode == 2 and "unknown model 'no-such-model'" in result.stderr


def test_models_lists_presets_with_licences():
    result = run_cli("models", env={"COLUMNS": "200"})
    assert result.returncode == 0
    for name, licence in [("opus-mt", "Apache-2.0"), ("vinai", "AGPL-3.0"), ("nllb-600m", "CC-BY-NC-4.0"), ("madlad-3b", "Apache-2.0")]:
        assert name in result.stdout and licence in result.stdout
    assert "non-commercial" in result.stdout


def test_build_test_model_never_deletes_a_folder_it_did_not_write(tmp_path, translated):
    """Building replaces the folder: a mistyped path (a real model, a project folder) must be refused untouched,
    while an earlier test model is replaced as before."""
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "todo.txt").write_text("giữ lại", encoding="utf-8")
    refused = run_cli("models", "build-test-model", mine)
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1, refused.stderr
    assert "not a test model" in refused.stderr
    assert [p.name for p in mine.iterdir()] == ["todo.txt"]
    model = translated[0].parent / "model"  # built by the fixture: rebuilt in place
    again = run_cli("models", "build-test-model", model, "--arch", "marian")
    assert again.returncode == 0 and (model / "vi2en.json").exists()
