"""The CTranslate2 engine on converted tiny models: same alignment, language handling, no truncation."""

import json

import pytest

from translate.config import DecodeSettings, TranslateConfig, preset_for_folder
from translate.translation import translate_articles

from .conftest import SEEDS, run_cli
from .test_translate import Silent, Spy, _article, _english_of

ctranslate2 = pytest.importorskip("ctranslate2")


def ct2_engine(folder):
    from translate.engines.ct2 import CTranslate2Engine

    return CTranslate2Engine(preset_for_folder(folder), TranslateConfig(device="cpu", engine="ct2"))


def test_ct2_translates_the_seeds_with_one_pair_per_sentence(tiny_models, tmp_path):
    out = tmp_path / "out"
    result = run_cli("translate", SEEDS, "-o", out, "--model", tiny_models("marian"), "--engine", "ct2", "-q")
    assert result.returncode == 0, result.stderr
    ref = tmp_path / "ref"
    assert run_cli("translate", SEEDS, "-o", ref, "--model", tiny_models("marian"), "-q", "--no-cache").returncode == 0
    ids = lambda folder: [json.loads(line)["id"] for line in (folder / "aligned.jsonl").read_text(encoding="utf-8").splitlines()]  # noqa: E731
    assert ids(out) == ids(ref)
    record = json.loads((out / "004_f8ea5654cb7f1c6b.json").read_text(encoding="utf-8"))
    assert record["translation"]["engine"] == "ct2" and record["translation"]["quantization"] == "int8"
    review = (out / "review.jsonl").read_text(encoding="utf-8")
    assert review.count('"date.') == 4


def test_ct2_forces_the_target_language_and_hides_it(tiny_models):
    engine = ct2_engine(tiny_models("nllb"))
    assert engine.target_prefix == ["eng_Latn"]
    [text] = engine.translate(["Hà Nội hôm nay"], DecodeSettings(beams=1, max_new_tokens_ratio=1.0))
    assert "eng_Latn" not in text


def test_ct2_never_truncates_a_1000_token_paragraph(tiny_models):
    spy = Spy(ct2_engine(tiny_models("marian")))
    sentence = ", ".join(f"điều khoản {i} về hợp tác quốc phòng, an ninh hàng hải và chuỗi cung ứng" for i in range(60)) + "."
    assert spy.count_tokens([sentence])[0] >= 1000
    article = _article(sentence)
    translate_articles([article], spy, TranslateConfig(use_cache=False, engine="ct2"), "[?]", Silent())
    inputs = [t for batch in spy.batches for t in batch]
    assert max(spy.count_tokens(inputs)) <= spy.max_input_tokens
    assert " ".join(sorted(inputs, key=sentence.index)) == sentence
    assert article.sentences[0].en == " ".join(spy.outputs[p] for p in sorted(inputs, key=sentence.index))


def test_convert_command_reports_the_folder(tiny_models):
    result = run_cli("models", "convert", tiny_models("t5"))
    assert result.returncode == 0 and "int8" in result.stderr


def test_ct2_converts_mbart_and_starts_the_decoder_with_english(tiny_models):
    engine = ct2_engine(tiny_models("mbart"))
    config = json.loads((engine.folder / "config.json").read_text(encoding="utf-8"))
    assert config["decoder_start_token"] == "en_XX"
    assert engine.target_prefix == []
    [text] = engine.translate(["Hà Nội hoà bình"], DecodeSettings(beams=1, max_new_tokens_ratio=1.0))
    assert "en_XX" not in text


def test_ct2_translates_a_sentence_the_same_whatever_shares_its_batch(tiny_models):
    engine = ct2_engine(tiny_models("marian"))
    short = "Hai bên ký kết thỏa thuận."
    alone = _english_of(engine, short)[short]
    long_ones = [f"Ấn Độ và Mỹ tăng cường hợp tác quốc phòng, an ninh hàng hải và chuỗi cung ứng lần thứ {i}." for i in range(3)]
    assert _english_of(engine, short, *long_ones)[short] == alone
    assert _english_of(engine, short, "Hai bên ký kết thỏa thuận mới.", "Hai nước ký kết hiệp định.")[short] == alone


def test_ct2_batches_submitted_ahead_come_back_in_order(tiny_models):
    engine = ct2_engine(tiny_models("marian"))
    texts = [" ".join(["hợp tác"] * n) + "." for n in range(1, 40)]
    settings = DecodeSettings(beams=2, max_new_tokens_ratio=1.0)
    batches = engine.plan_batches(texts, settings)
    assert len(batches) > 2 * engine.replicas  # more batches than are ever in flight
    assert list(engine.translate_batches(batches, settings)) == [engine.translate(b, settings) for b in batches]


def test_ct2_replicas_start_on_the_longest_batches_and_translate_the_same(tiny_models, monkeypatch):
    """Two replicas take batches as they come free: the longest go first, so a run does not end with one
    replica decoding its longest batch while the other idles; what each sentence becomes does not change."""
    texts = [" ".join(["hợp tác"] * n) + "." for n in range(1, 40)]
    settings = DecodeSettings(beams=2, max_new_tokens_ratio=1.0)
    monkeypatch.setenv("VI2EN_CT2_REPLICAS", "1")
    one = ct2_engine(tiny_models("marian"))
    monkeypatch.setenv("VI2EN_CT2_REPLICAS", "2")
    two = ct2_engine(tiny_models("marian"))
    in_turn, longest_first = one.plan_batches(texts, settings), two.plan_batches(texts, settings)
    assert sorted(map(sorted, in_turn)) == sorted(map(sorted, longest_first))  # the same batches
    longest = [max(two.count_tokens(b)) for b in longest_first]
    assert longest == sorted(longest, reverse=True) and longest[0] > longest[-1]

    def english(engine, batches):
        return {t: en for b, out in zip(batches, engine.translate_batches(batches, settings)) for t, en in zip(b, out)}

    assert english(two, longest_first) == english(one, in_turn)


def test_ct2_on_cuda_without_a_gpu_is_one_line(tiny_models, tmp_path):
    if ctranslate2.get_cuda_device_count() > 0:
        pytest.skip("a GPU is visible")
    result = run_cli("translate", SEEDS, "-o", tmp_path / "out", "--model", tiny_models("marian"), "--engine", "ct2",
                     "--device", "cuda", "-q")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "CTranslate2 sees no CUDA GPU" in result.stderr


def test_missing_cuda_libraries_become_a_hint():
    from translate.engines.ct2 import cuda_hint

    hint = cuda_hint(RuntimeError("Library libcublas.so.12 is not found or cannot be loaded\nmore"))
    assert "libcublas.so.12" in hint and "vi2en[cuda]" in hint and "\n" not in hint


def test_ct2_uses_a_vocabulary_map_beside_the_weights_and_keys_the_cache_by_it(tiny_models, tmp_path):
    """Opt-in speed-up: a vmap.txt in the model folder restricts what the model may say, so only its pieces come
    out, and translations made without it are never served from the cache for it."""
    import shutil

    plain = ct2_engine(tiny_models("marian"))
    folder = shutil.copytree(tiny_models("marian"), tmp_path / "mapped")
    allowed = [t for t in plain.tokenizer.get_vocab() if t.startswith("▁")][:5]
    (folder / "vmap.txt").write_text("\t" + " ".join(allowed) + "\n", encoding="utf-8")
    mapped = ct2_engine(folder)
    texts = ["Hai bên ký kết thỏa thuận.", "Ấn Độ và Mỹ tăng cường hợp tác quốc phòng."]
    settings = DecodeSettings(beams=2, max_new_tokens_ratio=1.0)
    settings.fixed_length = True  # a random model would otherwise stop at once among so few candidates

    def pieces(engine):
        return {p for r in engine._submit(texts, settings, asynchronous=False) for p in r.hypotheses[0]}

    always = {"<unk>", "<s>", "</s>"}  # CTranslate2 keeps these candidates whatever the map says
    assert pieces(plain) - set(allowed) - always  # without the map the model says other things
    assert pieces(mapped) and pieces(mapped) <= set(allowed) | always
    assert mapped.signature()["vocabulary_map"] and "vocabulary_map" not in plain.signature()
