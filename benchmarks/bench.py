"""Throughput of vi2en against the usual ways of running an MT model (``make bench``; a script, not a test).

A randomly initialised model with exactly opus-mt-vi-en's architecture (Marian, 6+6 layers, d_model 512, 8 heads,
FFN 2048, ~53k vocabulary) stands in for the real default model, so compute matches with no network. A random
model never emits EOS, so every contender generates a fixed number of tokens per sentence derived from the
source length (min = max new tokens); the report counts generated tokens too.

Contenders, same sentences, same decoding settings, one run, each in its own process (for a clean peak RSS):
  a  the common recipe: one sentence at a time, tokenizer → generate → decode
  b  model.generate on length-sorted batches, nothing around it (the floor for transformers)
  c  vi2en's transformers engine end to end (segmentation, fitting, batching, QA)
  d  vi2en with the CTranslate2 int8 engine
Writes benchmarks/results.md and benchmarks/throughput.svg.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
sys.path.insert(0, str(ROOT))

OPUS_SHAPE = dict(d_model=512, encoder_layers=6, decoder_layers=6, encoder_attention_heads=8, decoder_attention_heads=8,
                  encoder_ffn_dim=2048, decoder_ffn_dim=2048, max_position_embeddings=512)
VOCAB = 53_000


def build_opus_shaped_model(folder: Path) -> Path:
    """A Marian model of opus-mt-vi-en's size with random weights and a sentencepiece vocabulary of seed text."""
    if (folder / "model.safetensors").exists():
        return folder
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    from translate.testmodel import build_test_model

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts.append((ROOT / "translate" / "sample_vi.txt").read_text(encoding="utf-8"))
    build_test_model(folder, "marian", texts=texts, vocab_size=3000)  # tokenizer files; the model is replaced below
    for stale in ("tokenizer_config.json", "special_tokens_map.json", "added_tokens.json"):
        (folder / stale).unlink(missing_ok=True)
    vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
    pad = vocab.pop("<pad>")
    for i in range(len(vocab), VOCAB - 1):
        vocab[f"<unused{i}>"] = i
    vocab["<pad>"] = VOCAB - 1
    assert pad is not None and len(vocab) == VOCAB
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    torch.manual_seed(0)
    config = MarianConfig(vocab_size=VOCAB, pad_token_id=VOCAB - 1, eos_token_id=0, decoder_start_token_id=VOCAB - 1, **OPUS_SHAPE)
    model = MarianMTModel(config)
    model.generation_config.max_length = None
    for f in folder.glob("*.safetensors"):
        f.unlink()
    model.save_pretrained(folder)
    MarianTokenizer(str(folder / "source.spm"), str(folder / "target.spm"), str(folder / "vocab.json")).save_pretrained(folder)
    hints = json.loads((folder / "vi2en.json").read_text())
    hints.update(max_input_tokens=510, beams=1, batch_size=16, notes="random weights with opus-mt-vi-en's architecture")
    (folder / "vi2en.json").write_text(json.dumps(hints, indent=2))
    return folder


def bench_sentences(limit: int) -> list[str]:
    from translate.clean import clean_article
    from translate.read import InputFile, read_article
    from translate.segment import sentences

    out = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        article = clean_article(read_article(InputFile(path, path.name)))
        for p in article.body:
            out.extend(sentences(p.clean))
    return out[:limit]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- contenders (each runs in a child process) --------------------------------------------------------------


def run_contender(name: str, model_dir: Path, sents: list[str], beams: int, batch: int, device: str) -> dict:
    t0 = time.perf_counter()
    if name in "ab":
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        from translate.engines.hf import quiet_transformers

        quiet_transformers()
        torch.set_grad_enabled(False)
        tok = AutoTokenizer.from_pretrained(model_dir)
        dtype = torch.float16 if device == "cuda" else torch.float32
        model = AutoModelForSeq2SeqLM.from_pretrained(model_dir, dtype=dtype).to(device).eval()
        loaded = time.perf_counter()
        first = None
        generated = 0
        if name == "a":
            for s in sents:
                enc = tok(s, return_tensors="pt").to(device)
                n = int(enc["input_ids"].shape[1]) + 8
                out = model.generate(**enc, num_beams=beams, do_sample=False, min_new_tokens=n, max_new_tokens=n)
                tok.batch_decode(out, skip_special_tokens=True)
                generated += out.shape[1] - 1
                first = first or time.perf_counter()
        else:
            order = sorted(sents, key=lambda s: len(tok(s)["input_ids"]))
            for i in range(0, len(order), batch):
                enc = tok(order[i : i + batch], return_tensors="pt", padding=True).to(device)
                n = int(enc["input_ids"].shape[1]) + 8
                out = model.generate(**enc, num_beams=beams, do_sample=False, min_new_tokens=n, max_new_tokens=n)
                tok.batch_decode(out, skip_special_tokens=True)
                generated += (out.shape[1] - 1) * out.shape[0]
                first = first or time.perf_counter()
    else:
        from translate.article import Article, Paragraph
        from translate.config import TranslateConfig, preset_for_folder
        from translate.engines import load_engine
        from translate.pipeline import SilentProgress
        from translate.translation import translate_articles

        config = TranslateConfig(engine="transformers" if name == "c" else "ct2", device=device, beams=beams,
                                 batch_size=batch, use_cache=False, max_new_tokens_ratio=1.0)
        engine = load_engine(preset_for_folder(model_dir), config)
        loaded = time.perf_counter()
        counter = {"generated": 0, "first": None}
        translate = engine.translate

        def counting(texts, settings):
            settings.fixed_length = True
            out = translate(texts, settings)
            longest = max(engine.count_tokens(texts))
            counter["generated"] += (longest + 8) * len(texts)
            counter["first"] = counter["first"] or time.perf_counter()
            return out

        engine.translate = counting

        article = Article(file="bench", paragraphs=[Paragraph(raw=s, clean=s) for s in sents])
        translate_articles([article], engine, config, "[?]", SilentProgress())
        generated, first = counter["generated"], counter["first"]
    end = time.perf_counter()
    return {"name": name, "load_s": loaded - t0, "translate_s": end - loaded, "first_output_s": (first or end) - t0,
            "generated_tokens": int(generated), "peak_rss_mb": peak_rss_mb()}


# --- the parent: orchestrate, measure side jobs, write the report ---------------------------------------------

LABELS = {
    "a": "(a) one sentence at a time (common recipe)",
    "b": "(b) model.generate, length-sorted batches",
    "c": "(c) vi2en, transformers engine",
    "d": "(d) vi2en, CTranslate2 int8",
}


def help_latency() -> float:
    times = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "translate", "--help"], cwd=ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def cleaning_throughput() -> tuple[float, float]:
    """MB/s of raw text through read + clean, on the seeds repeated to a few MB."""
    from translate.article import Article
    from translate.clean import clean_article
    from translate.read import read_text_article

    raw = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    docs = [raw] * 200
    size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    t = time.perf_counter()
    for d in docs:
        article = Article(file="x")
        read_text_article(d, article)
        clean_article(article)
    return size, size / (time.perf_counter() - t)


def svg_chart(rows: list[tuple[str, float]], title: str) -> str:
    width, bar_h, left = 720, 28, 330
    top = max(v for _, v in rows) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{60 + bar_h * len(rows) * 1.4:.0f}" font-family="sans-serif" font-size="13">',
             f'<text x="10" y="22" font-weight="bold">{title}</text>']
    for i, (label, value) in enumerate(rows):
        y = 40 + i * bar_h * 1.4
        w = (width - left - 80) * value / top
        parts.append(f'<text x="10" y="{y + 18:.0f}">{label}</text>')
        parts.append(f'<rect x="{left}" y="{y:.0f}" width="{w:.1f}" height="{bar_h}" fill="#3b82f6"/>')
        parts.append(f'<text x="{left + w + 6:.1f}" y="{y + 18:.0f}">{value:.0f}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=32)
    parser.add_argument("--beams", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--contenders", default="abcd")
    parser.add_argument("--out", type=Path, default=None, help="default: benchmarks/results.md (CPU) or results-cuda.md")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()

    args.out = args.out or HERE / ("results.md" if args.device == "cpu" else f"results-{args.device}.md")
    model_dir = build_opus_shaped_model(WORK / "opus-shaped")
    sents = bench_sentences(args.sentences)
    if args.child:
        print(json.dumps(run_contender(args.child, model_dir, sents, args.beams, args.batch_size, args.device)))
        return

    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(model_dir)
    src_tokens = sum(len(tok(s)["input_ids"]) for s in sents)
    results = {}
    for name in args.contenders:
        if name == "d":
            try:
                import ctranslate2  # noqa: F401
            except ImportError:
                print("skipping (d): ctranslate2 is not installed", file=sys.stderr)
                continue
        print(f"running {LABELS[name]} …", file=sys.stderr, flush=True)
        cmd = [sys.executable, __file__, "--child", name, "--sentences", str(args.sentences), "--beams", str(args.beams),
               "--batch-size", str(args.batch_size), "--device", args.device]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            print(proc.stderr[-2000:], file=sys.stderr)
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        r["src_tok_s"] = src_tokens / r["translate_s"]
        r["sent_s"] = len(sents) / r["translate_s"]
        r["gen_tok_s"] = r["generated_tokens"] / r["translate_s"]
        results[name] = r
        print(f"  {r['translate_s']:.1f} s, {r['src_tok_s']:.0f} source tok/s, peak RSS {r['peak_rss_mb']:.0f} MB", file=sys.stderr)
    help_s = help_latency()
    mb, clean_rate = cleaning_throughput()

    import torch

    machine = f"{platform.machine()}, {os.cpu_count()} CPU cores, Python {platform.python_version()}, torch {torch.__version__}"
    if args.device == "cuda":
        machine += f", GPU: {torch.cuda.get_device_name(0)}"
    lines = [
        f"# Throughput on {args.device.upper()}",
        "",
        f"Machine: {machine}. Generated by `benchmarks/bench.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        f"Model: random weights, opus-mt-vi-en's architecture (Marian 6+6, d_model 512, 8 heads, FFN 2048, vocab {VOCAB}).",
        f"Workload: {len(sents)} sentences of seeds/ ({src_tokens} source tokens), beams {args.beams}, batch size {args.batch_size},",
        "each sentence generates a fixed length (source tokens + 8; batched contenders pad a batch to its longest).",
        "",
        "| contender | seconds | source tok/s | sentences/s | generated tok/s | load s | first output s | peak RSS MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in results.items():
        lines.append(f"| {LABELS[name]} | {r['translate_s']:.2f} | {r['src_tok_s']:.0f} | {r['sent_s']:.2f} | {r['gen_tok_s']:.0f} | "
                     f"{r['load_s']:.2f} | {r['first_output_s']:.2f} | {r['peak_rss_mb']:.0f} |")
    lines += ["", "## Targets (ratios of source tokens/s from this one run)", ""]

    def ratio(x, y):
        return results[x]["src_tok_s"] / results[y]["src_tok_s"] if x in results and y in results else float("nan")

    checks = [
        ("(c) ≥ 5× (a)", ratio("c", "a"), ratio("c", "a") >= 5),
        ("(c) within 10% of (b)", ratio("c", "b"), ratio("c", "b") >= 0.9),
        ("(d) ≥ 2× (c)", ratio("d", "c"), ratio("d", "c") >= 2),
    ]
    for label, value, ok in checks:
        lines.append(f"- {label}: " + (f"{value:.2f}× — {'met' if ok else 'NOT met'}" if value == value else "not measured in this run"))
    rss_c = results.get("c", {}).get("peak_rss_mb", float("nan"))
    rss_note = " (the target is for CPU runs: the CUDA runtime alone holds about 1 GB of host memory)" if args.device != "cpu" else ""
    lines.append(f"- peak RSS of (c) ≤ 1.5 GB: {rss_c:.0f} MB — {'met' if rss_c <= 1536 else 'NOT met'}{rss_note}")
    lines.append(f"- `vi2en --help` ≤ 0.5 s: {help_s:.3f} s (median of 5) — {'met' if help_s <= 0.5 else 'NOT met'}")
    lines.append(f"- cleaning ≥ 5 MB/s: {clean_rate:.1f} MB/s over {mb:.1f} MB — {'met' if clean_rate >= 5 else 'NOT met'}")
    chart = args.out.with_name(f"throughput-{args.device}.svg")
    chart.write_text(svg_chart([(LABELS[n], r["src_tok_s"]) for n, r in results.items()], f"source tokens/s ({args.device})"), encoding="utf-8")
    lines += ["", f"![throughput]({chart.name})", ""]
    if args.device != "cuda" and (HERE / "results-cuda.md").exists():
        lines += ["GPU figures, recorded on a lent GPU machine: [results-cuda.md](results-cuda.md).", ""]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
