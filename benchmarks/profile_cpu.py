"""Where vi2en's CPU time goes at beam 4 on the benchmark's model and workload (writes benchmarks/profile-cpu.md).

- transformers engine: torch.profiler's operator table inside ``translate_articles``, grouped into GEMMs,
  beam-search bookkeeping over the 53k vocabulary, attention and the rest, plus the Python around the model.
- CTranslate2 engine: cProfile's split between the C++ call and vi2en's Python, then the C++ time split by
  ablation (encoder alone; the same layers with a small vocabulary).
Both on one core (the benchmark's per-core setting), one slice of the benchmark's workload.
"""

from __future__ import annotations

import cProfile
import collections
import os
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench  # noqa: E402

GROUPS = [  # first match wins: (group, substrings of an operator or native frame name)
    ("GEMM (linear layers, output projection)", ("addmm", "aten::mm", "aten::linear", "aten::matmul", "gemm", "Gemm", "mkl_blas",
                                                  "sgemm", "s8u8s32", "dnnl", "jit_avx", "brgemm", "Dense")),
    ("attention (bmm, softmax, masks)", ("bmm", "softmax", "Softmax", "scaled_dot", "attention", "Attention", "MatMul")),
    ("beam search over the vocabulary (log-softmax, top-k, gather, reorder)", ("log_softmax", "LogSoftMax", "topk", "TopK",
     "sort", "gather", "Gather", "index_select", "take_along", "BeamSearch", "beam", "masked_fill", "where", "argmax", "penalt")),
    ("layer norm, activations, adds, copies", ("layer_norm", "LayerNorm", "gelu", "silu", "relu", "Relu", "Gelu", "add", "Add",
                                                "mul", "copy", "Copy", "cat", "Concat", "empty", "zero", "fill", "to", "contiguous", "Transpose")),
]


def group_of(name: str) -> str:
    for group, keys in GROUPS:
        if any(k in name for k in keys):
            return group
    return "other"


def workload_slice(n: int) -> list[str]:
    from transformers import AutoTokenizer

    sents = bench.workload(2000)
    tok = AutoTokenizer.from_pretrained(bench.WORK / "opus-shaped-8k")
    lengths = [len(i) for i in tok(sents)["input_ids"]]
    return [sents[i] for i in bench.slices(sents, lengths, 3, n)[0]]


def table(rows: dict[str, float], total: float, unit: str = "s") -> list[str]:
    lines = [f"| where | {unit} | share |", "| --- | ---: | ---: |"]
    for name, value in sorted(rows.items(), key=lambda kv: -kv[1]):
        lines.append(f"| {name} | {value:.2f} | {value / total:.0%} |")
    return lines


def profile_transformers(sents: list[str]) -> list[str]:
    import torch
    from torch.profiler import ProfilerActivity, profile

    contender = bench.Contender("c", bench.WORK / "opus-shaped-8k", 1.0)
    contender.run(sents[:4], 4)  # warm up
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        t0, c0 = time.perf_counter(), bench.cpu_seconds()
        result = contender.run(sents, 4)
        wall, cpu = time.perf_counter() - t0, bench.cpu_seconds() - c0
    groups: dict[str, float] = collections.defaultdict(float)
    ops = collections.defaultdict(float)
    for event in prof.key_averages():
        self_s = event.self_cpu_time_total / 1e6
        groups[group_of(event.key)] += self_s
        ops[event.key] += self_s
    in_ops = sum(groups.values())
    groups["Python and dispatch (not inside an operator): tokenising, generate's loop, QA"] = max(0.0, wall - in_ops)
    top = sorted(ops.items(), key=lambda kv: -kv[1])[:10]
    lines = [f"## transformers engine, 1 thread (torch {torch.__version__})", "",
             f"{len(sents)} sentences at beam 4: {wall:.1f} s wall, {cpu:.1f} s CPU, {result['useful'] / cpu:.0f} generated tokens "
             "per CPU-second. Self time of torch operators (torch.profiler), grouped:", ""]
    lines += table(groups, wall)
    lines += ["", "Top operators by self time: " + ", ".join(f"`{k}` {v:.2f} s" for k, v in top) + ".", ""]
    return lines


def profile_ct2(sents: list[str]) -> list[str]:
    os.environ["VI2EN_CT2_REPLICAS"] = "1"
    contender = bench.Contender("d", bench.WORK / "opus-shaped-8k", 1.0)
    contender.run(sents[:4], 4)
    profiler = cProfile.Profile()
    t0, c0 = time.perf_counter(), bench.cpu_seconds()
    profiler.enable()
    result = contender.run(sents, 4)
    profiler.disable()
    wall, cpu = time.perf_counter() - t0, bench.cpu_seconds() - c0
    stats = pstats.Stats(profiler)
    in_ct2 = sum(v[3] for k, v in stats.stats.items() if "translate_batch" in k[2] or "result" == k[2])
    lines = ["## CTranslate2 engine, int8, 1 replica × 1 thread", "",
             f"{len(sents)} sentences at beam 4: {wall:.1f} s wall, {cpu:.1f} s CPU, {result['useful'] / cpu:.0f} generated tokens "
             f"per CPU-second. cProfile: {in_ct2:.1f} s inside CTranslate2's C++ call, {wall - in_ct2:.2f} s in vi2en's Python "
             "(segmentation, tokenising, detokenising, QA).", ""]
    return lines + ct2_ablation(sents)


def ct2_ablation(sents: list[str]) -> list[str]:
    """CTranslate2's native time cannot be sampled from Python (its worker threads carry no Python frames), so it
    is split by measurement: the same batches with decoding cut to one step (≈ the encoder), and on a copy of the
    model whose vocabulary is the 8,000 sentencepiece pieces instead of 53,000 (the output projection, softmax and
    top-k scale with the vocabulary; the layers do not)."""
    import ctranslate2

    from translate.config import preset_for_folder
    from translate.engines.batching import plan_batches
    from translate.engines.ct2 import CPU_BATCH_TOKENS, convert

    small = bench.build_opus_shaped_model(bench.WORK / "opus-shaped-8k-small-vocab", size=0)
    results = {}
    for label, folder in (("full", bench.WORK / "opus-shaped-8k"), ("small", small)):
        converted = convert(preset_for_folder(folder), "int8", folder)
        translator = ctranslate2.Translator(str(converted), device="cpu", inter_threads=1, intra_threads=1)
        from transformers import AutoTokenizer

        tok = AutoTokenizer.from_pretrained(folder)
        ids = dict(zip(sents, tok(sents)["input_ids"]))
        batches = plan_batches(sents, {s: len(i) for s, i in ids.items()}, CPU_BATCH_TOKENS, beams=4)
        for steps in ("one", "all"):
            c0, useful = bench.cpu_seconds(), 0
            for batch in batches:
                n = max(len(ids[s]) for s in batch) if steps == "all" else 1
                translator.translate_batch([tok.convert_ids_to_tokens(ids[s]) for s in batch], beam_size=4, max_input_length=0,
                                           max_decoding_length=n, min_decoding_length=n)
                useful += sum(len(ids[s]) for s in batch)
            results[(label, steps)] = bench.cpu_seconds() - c0
            if label == "full" and steps == "all":
                rate = useful / results[(label, steps)]
    total = results[("full", "all")]
    encoder = results[("full", "one")]
    vocab_part = (total - results[("small", "all")]) * (bench.VOCAB / (bench.VOCAB - bench.SPM_PIECES - 1))
    rows = {
        "encoder (and the first decoding step)": encoder,
        "decoder layers (self- and cross-attention, FFN) and beam bookkeeping": max(0.0, total - encoder - vocab_part),
        f"output projection over {bench.VOCAB:,} entries, softmax and top-k": vocab_part,
    }
    lines = [f"Split of CTranslate2's CPU time by ablation (raw Translator, same batches, {rate:.0f} generated tokens per "
             f"CPU-second; the small-vocabulary copy took {results[('small', 'all')]:.1f} s of {total:.1f} s):", ""]
    return lines + table(rows, total, "CPU s") + [""]


def main() -> None:
    os.environ.setdefault("VI2EN_CACHE_DIR", str(bench.WORK / "cache"))
    os.environ["VI2EN_THREADS"] = "1"
    os.environ["OMP_NUM_THREADS"] = "1"
    bench.build_opus_shaped_model(bench.WORK / "opus-shaped-8k")
    sents = workload_slice(int(sys.argv[1]) if len(sys.argv) > 1 else 24)
    from translate.config import preset_for_folder
    from translate.engines.ct2 import convert

    convert(preset_for_folder(bench.WORK / "opus-shaped-8k"), "int8", bench.WORK / "opus-shaped-8k")
    lines = ["# Where the CPU time goes (beam 4, one core)", "",
             f"Generated by `benchmarks/profile_cpu.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average "
             f"{bench.load_average()}; the benchmark's model (opus-mt-vi-en's shape) and a slice of its workload.", ""]
    lines += profile_transformers(sents)
    lines += profile_ct2(sents)
    (HERE / "profile-cpu.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
