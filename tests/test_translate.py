"""Translation on tiny models of each architecture: language handling, no truncation, cache, pass-through."""

import pytest

from translate.article import Article, Paragraph
from translate.config import DecodeSettings, TranslateConfig, preset_for_folder
from translate.engines.hf import TransformersEngine
from translate.engines.prepare import normalize_tones
from translate.pipeline import SilentProgress as Silent
from translate.translation import translate_articles

GREEDY = DecodeSettings(beams=1, max_new_tokens_ratio=0.5)


def engine_for(folder, **overrides):
    preset = preset_for_folder(folder)
    from dataclasses import replace

    return TransformersEngine(replace(preset, **overrides), TranslateConfig(device="cpu"))


class Spy:
    """Wraps an engine and records what reaches the model."""

    def __init__(self, engine):
        self.engine = engine
        self.batches = []
        self.outputs = {}

    def __getattr__(self, name):
        return getattr(self.engine, name)

    def translate(self, texts, settings):
        self.batches.append(list(texts))
        results = self.engine.translate(texts, settings)
        self.outputs.update(zip(texts, results))
        return results

    def translate_batches(self, batches, settings):
        for batch in batches:
            yield self.translate(batch, settings)


def test_marian_needs_no_language_codes(tiny_models):
    engine = engine_for(tiny_models("marian"))
    assert engine.generate_kwargs == {}
    ids = engine.generate_ids(["Hà Nội hôm nay"], GREEDY)[0].tolist()
    assert ids[0] == engine.model.config.decoder_start_token_id


def test_mbart_adds_the_source_code_and_starts_the_decoder_with_english(tiny_models):
    engine = engine_for(tiny_models("mbart"))
    tok = engine.tokenizer
    vi, en = tok.convert_tokens_to_ids("vi_VN"), tok.convert_tokens_to_ids("en_XX")
    src = engine.encode(["Hà Nội hôm nay"])[0]
    assert src[-2:] == [tok.eos_token_id, vi]  # mBART: tokens </s> vi_VN
    out = engine.generate_ids(["Hà Nội hôm nay"], GREEDY)[0].tolist()
    assert out[0] == en


def test_mbart_preset_normalises_tones():
    assert normalize_tones("hoà bình, thuỷ lợi, quý, hoàng, khoẻ") == "hòa bình, thủy lợi, quý, hoàng, khỏe"


def test_nllb_adds_the_source_code_and_forces_english_first(tiny_models):
    engine = engine_for(tiny_models("nllb"))
    tok = engine.tokenizer
    vie, eng = tok.convert_tokens_to_ids("vie_Latn"), tok.convert_tokens_to_ids("eng_Latn")
    src = engine.encode(["Hà Nội hôm nay"])[0]
    assert src[0] == vie and src[-1] == tok.eos_token_id
    out = engine.generate_ids(["Hà Nội hôm nay"], GREEDY)[0].tolist()
    assert out[1] == eng  # after the decoder start token, the forced BOS


def test_t5_prefixes_the_target_language(tiny_models):
    engine = engine_for(tiny_models("t5"))
    prefix_id = engine.tokenizer.convert_tokens_to_ids("<2en>")
    assert engine.encode(["Hà Nội hôm nay"])[0][0] == prefix_id


def test_a_wrong_language_code_is_a_clear_error(tiny_models):
    with pytest.raises(ValueError, match="no token 'fra_Latn'"):
        engine_for(tiny_models("nllb"), forced_bos="fra_Latn")


def _article(*paragraphs):
    a = Article(file="a.txt", paragraphs=[Paragraph(raw=p, clean=p, line=i + 1) for i, p in enumerate(paragraphs)])
    return a


def test_a_1000_token_paragraph_is_translated_piece_by_piece_without_truncation(tiny_models):
    spy = Spy(engine_for(tiny_models("marian")))
    sentence = ", ".join(f"điều khoản {i} về hợp tác quốc phòng, an ninh hàng hải và chuỗi cung ứng" for i in range(60)) + "."
    assert spy.count_tokens([sentence])[0] >= 1000
    article = _article(sentence)
    counts = translate_articles([article], spy, TranslateConfig(use_cache=False), "[?]", Silent())
    inputs = [t for batch in spy.batches for t in batch]
    assert counts["split to fit"] == 1 and len(inputs) > 1
    assert max(spy.count_tokens(inputs)) <= spy.max_input_tokens  # nothing the model would cut off
    assert " ".join(sorted(inputs, key=sentence.index)) == sentence  # every piece of the sentence went in
    assert len(article.sentences) == 1
    assert article.sentences[0].en == " ".join(spy.outputs[p] for p in sorted(inputs, key=sentence.index))


def test_pieces_rejoin_to_the_exact_sentence(tiny_models):
    from translate.translation import Plan

    engine = engine_for(tiny_models("marian"))
    sentence = "; ".join(f"Điều khoản số {i} quy định rằng hai bên sẽ phối hợp chặt chẽ trong lĩnh vực {i}" for i in range(30)) + "."
    plan = Plan(engine, "[?]")
    plan.add((0, 0), sentence)
    pieces = plan.pieces[(0, 0)]
    assert len(pieces) > 1
    assert " ".join(pieces) == sentence
    assert max(engine.count_tokens(pieces)) <= engine.max_input_tokens


def test_the_cache_makes_reruns_free_and_respects_settings(tiny_models, tmp_path):
    spy = Spy(engine_for(tiny_models("marian")))
    config = TranslateConfig(cache_dir=tmp_path / "cache")
    first = _article("Hai bên ký kết thỏa thuận. Hai bên ký kết thỏa thuận.")
    translate_articles([first], spy, config, "[?]", Silent())
    assert sum(len(b) for b in spy.batches) == 1  # the repeated sentence is translated once
    spy.batches.clear()
    again = _article("Hai bên ký kết thỏa thuận.")
    counts = translate_articles([again], spy, config, "[?]", Silent())
    assert spy.batches == [] and counts["from cache"] == 1
    assert again.sentences[0].en == first.sentences[0].en
    translate_articles([_article("Hai bên ký kết thỏa thuận.")], spy, TranslateConfig(cache_dir=tmp_path / "cache", beams=2), "[?]", Silent())
    assert len(spy.batches) == 1  # other beams: not the same translation


def test_english_paragraphs_pass_through_and_markers_survive(tiny_models):
    engine = engine_for(tiny_models("marian"))
    english = "This is an English quote from the minister about the defence roadmap and its goals."
    article = _article("Dự án trị giá [?] triệu USD đã hoàn thành.", english)
    translate_articles([article], engine, TranslateConfig(use_cache=False), "[?]", Silent())
    vi_pair, en_pair = article.sentences
    assert "[?]" in vi_pair.en and vi_pair.translated
    assert not en_pair.translated and en_pair.en == english and en_pair.flags == ["passthrough:en"]


def _english_of(engine, *sentences, beams=4):
    article = _article(*sentences)
    translate_articles([article], engine, TranslateConfig(use_cache=False, beams=beams), "[?]", Silent())
    return {pair.vi: pair.en for pair in article.sentences}


def test_a_sentence_translates_the_same_whatever_shares_its_batch(tiny_models):
    """The cache keys a translation by sentence and settings only, so its neighbours must not change it."""
    spy = Spy(engine_for(tiny_models("marian")))
    short = "Hai bên ký kết thỏa thuận."
    alone = _english_of(spy, short)[short]
    long_ones = [f"Ấn Độ và Mỹ tăng cường hợp tác quốc phòng, an ninh hàng hải và chuỗi cung ứng lần thứ {i}." for i in range(3)]
    similar = ["Hai bên ký kết thỏa thuận mới.", "Hai nước ký kết hiệp định."]
    assert _english_of(spy, short, *long_ones)[short] == alone
    spy.batches.clear()
    assert _english_of(spy, short, *similar)[short] == alone
    assert any(short in batch and len(batch) > 1 for batch in spy.batches)  # it did share a padded batch


def test_batches_keep_to_the_token_budget_and_one_output_budget(tiny_models):
    from translate.engines.batching import length_bucket

    engine = engine_for(tiny_models("marian"))
    texts = [" ".join(["hợp tác"] * n) + "." for n in range(1, 60)]
    lengths = dict(zip(texts, engine.count_tokens(texts)))
    batches = engine.plan_batches(texts, DecodeSettings(beams=4), max_sentences=5)
    assert sorted(t for b in batches for t in b) == sorted(texts)
    for batch in batches:
        longest = max(lengths[t] for t in batch)
        assert len(batch) <= 5 and (len(batch) * longest * 4 <= engine.batch_tokens or len(batch) == 1)
        assert len({length_bucket(lengths[t]) for t in batch}) == 1


def test_each_piece_is_tokenised_once(tiny_models, monkeypatch):
    engine = engine_for(tiny_models("marian"))
    seen = []
    tokenizer = engine.tokenizer

    class Counting:
        def __getattr__(self, name):
            return getattr(tokenizer, name)

        def __call__(self, texts, **kwargs):
            seen.extend(texts)
            return tokenizer(texts, **kwargs)

    monkeypatch.setattr(engine, "tokenizer", Counting())
    translate_articles([_article("Hai bên ký kết thỏa thuận. Ấn Độ và Mỹ tăng cường hợp tác.")], engine,
                       TranslateConfig(use_cache=False), "[?]", Silent())
    assert sorted(seen) == ["Hai bên ký kết thỏa thuận.", "Ấn Độ và Mỹ tăng cường hợp tác."]


def test_results_are_deterministic(tiny_models):
    engine = engine_for(tiny_models("marian"))
    texts = ["Hai bên ký kết thỏa thuận.", "Ấn Độ và Mỹ tăng cường hợp tác quốc phòng."]
    settings = DecodeSettings(beams=2, max_new_tokens_ratio=1.0)
    assert engine.translate(texts, settings) == engine.translate(list(reversed(texts)), settings)[::-1]


@pytest.mark.parametrize("name", ["opus-mt", "vinai", "nllb-600m", "madlad-3b"])
def test_each_models_toml_preset_drives_a_model_of_its_architecture(name, tiny_models):
    """The presets users get (not only the test models' hints) set the right language handling."""
    from dataclasses import replace

    from translate.config import load_presets

    preset = load_presets()[0][name]
    local = replace(preset, path=str(tiny_models(preset.arch)), hub=None)
    engine = TransformersEngine(local, TranslateConfig(device="cpu"))
    tok = engine.tokenizer
    src = engine.encode(["Hà Nội hoà bình"])[0]
    out = engine.generate_ids(["Hà Nội hoà bình"], GREEDY)[0].tolist()
    if preset.arch == "mbart":
        assert src[-1] == tok.convert_tokens_to_ids(preset.src_lang) and out[0] == tok.convert_tokens_to_ids(preset.decoder_start)
        assert "hòa" in tok.decode(src, skip_special_tokens=True)  # tone-normalised input
    elif preset.arch == "nllb":
        assert src[0] == tok.convert_tokens_to_ids(preset.src_lang) and out[1] == tok.convert_tokens_to_ids(preset.forced_bos)
    elif preset.arch == "t5":
        assert src[0] == tok.convert_tokens_to_ids("<2en>")
    else:
        assert engine.generate_kwargs == {} and out[0] == engine.model.config.decoder_start_token_id


def test_a_rebuilt_model_in_the_same_folder_does_not_reuse_cached_translations(tmp_path):
    from translate.testmodel import build_test_model

    folder = tmp_path / "model"
    build_test_model(folder, "marian", seed=0)
    first = engine_for(folder).signature()["revision"]
    build_test_model(folder, "marian", seed=1)
    assert engine_for(folder).signature()["revision"] != first
