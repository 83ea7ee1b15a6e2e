"""aligned.parquet: the sentence pairs as a corpus that Hugging Face ``datasets`` loads with its translation
feature."""

import json

import pytest

from tests.conftest import run_cli
from tests.test_records import GOOD, _write


def test_aligned_parquet_loads_in_datasets_with_the_translation_feature(tmp_path, tiny_models):
    datasets = pytest.importorskip("datasets")
    src = _write(tmp_path / "feed.jsonl", "jsonl", GOOD)
    out = tmp_path / "out"
    result = run_cli("translate", src, "-o", out, "--model", tiny_models("marian"), "--aligned-format", "parquet", "-q")
    assert result.returncode == 0, result.stderr
    pairs = [json.loads(line) for line in (out / "aligned.jsonl").read_text(encoding="utf-8").splitlines()]
    corpus = datasets.load_dataset("parquet", data_files=str(out / "aligned.parquet"), split="train",
                                   cache_dir=str(tmp_path / "hf"))
    assert isinstance(corpus.features["translation"], datasets.Translation)
    assert corpus.features["translation"].languages == ["vi", "en"]
    assert corpus["translation"] == [p["translation"] for p in pairs]
    assert corpus["id"] == [p["id"] for p in pairs] and set(corpus["source_id"]) == {r["url"] for r in GOOD}
    assert corpus["flags"] == [p["flags"] for p in pairs]
    assert corpus["paragraph"][0] is None and corpus["part"][0] == "title"  # the headline has no paragraph
