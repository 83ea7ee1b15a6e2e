"""Which CTranslate2 settings make vi2en's int8 decoding fastest on this CPU (writes benchmarks/ct2-options.md).

The benchmark's model (opus-mt-vi-en's shape, random weights) and workload slices (``bench.py``), decoded by the raw
``ctranslate2.Translator`` on the batches vi2en's engine plans (length-sorted, cut by a token budget), one replica
× one thread, each variant in its own child process (CTranslate2 and MKL read their environment once, at start).
Variants differ in one thing from the shipped setting: the compute type, an environment switch, or the batch
token budget. Variants run in turns, each repeat on another slice; rates are generated tokens per CPU-second of
the child (robust to other jobs on a shared machine) and per wall second; ratios are taken within a repeat.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench  # noqa: E402

BASE = dict(compute_type="int8", budget=4096, rows=None, vmap=None, env={})
# label → what differs from BASE (the shipped setting until this benchmark)
VARIANTS = {
    "int8, budget 4096 (shipped before)": {},
    "int16": dict(compute_type="int16"),
    "float32": dict(compute_type="float32"),
    "int8, CT2_FORCE_CPU_ISA=AVX512": dict(env={"CT2_FORCE_CPU_ISA": "AVX512"}),
    "int8, MKL_ENABLE_INSTRUCTIONS=AVX512_E1 (MKL without AMX)": dict(env={"MKL_ENABLE_INSTRUCTIONS": "AVX512_E1"}),
    "int8, CT2_USE_MKL=0 (oneDNN GEMMs)": dict(env={"CT2_USE_MKL": "0"}),
    "int8, CT2_PACKED_GEMM=0": dict(env={"CT2_PACKED_GEMM": "0"}),
    "int8, budget 2048": dict(budget=2048),
    "int8, budget 1024": dict(budget=1024),
    "int8, budget 1024, CT2_FORCE_CPU_ISA=AVX512": dict(budget=1024, env={"CT2_FORCE_CPU_ISA": "AVX512"}),
    "int8, budget 4096, ≤ 64 rows (inputs × beams)": dict(rows=64),
    "int8, budget 2048, ≤ 64 rows": dict(budget=2048, rows=64),
    "int8, budget 1024, ≤ 64 rows": dict(budget=1024, rows=64),
    "int8, budget 1024, ≤ 32 rows": dict(budget=1024, rows=32),
    "int8, budget 1024, synthetic vocabulary map (speed bound only)": dict(budget=1024, vmap=(1000, 20)),
    "int8, budget 768": dict(budget=768),
    "int8, budget 1536": dict(budget=1536),
    "int8, budget 1024, MKL_ENABLE_INSTRUCTIONS=AVX512_E1 (MKL without AMX)": dict(budget=1024, env={"MKL_ENABLE_INSTRUCTIONS": "AVX512_E1"}),
    "int8, budget 1024, CT2_FORCE_CPU_ISA=AVX512, MKL without AMX": dict(budget=1024, env={"CT2_FORCE_CPU_ISA": "AVX512", "MKL_ENABLE_INSTRUCTIONS": "AVX512_E1"}),
}
MODES = {"beam 4": 4, "greedy": 1}


def child() -> None:
    """Serve requests: load the converted model with the compute type asked, then decode each list of batches."""
    import ctranslate2

    spec = json.loads(sys.stdin.readline())
    use_vmap = spec["use_vmap"]
    translator = ctranslate2.Translator(spec["model"], device="cpu", compute_type=spec["compute_type"],
                                        inter_threads=1, intra_threads=1)
    print(json.dumps({"compute_type": translator.compute_type}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("quit"):
            break
        cpu0, t0 = bench.cpu_seconds(), time.perf_counter()
        useful = 0
        for batch in request["batches"]:
            steps = max(len(tokens) for tokens in batch)  # each row stops after its own input length (bench.py)
            translator.translate_batch(batch, beam_size=request["beams"], max_input_length=0,
                                       max_decoding_length=steps, min_decoding_length=steps, use_vmap=use_vmap)
            useful += sum(len(tokens) for tokens in batch)
        print(json.dumps({"cpu": bench.cpu_seconds() - cpu0, "seconds": time.perf_counter() - t0, "useful": useful}),
              flush=True)


def synthetic_map_model(model: Path, fixed: int, per_piece: int) -> Path:
    """The converted model (linked) with a made-up vocabulary map: ``fixed`` pieces always allowed, and each source
    piece allowing itself and ``per_piece`` random pieces. Its translations mean nothing (the model is random
    anyway); it bounds how fast decoding gets when a batch scores a few thousand candidates instead of 53,000."""
    import random

    folder = bench.WORK / f"ct2-synthetic-vmap-{fixed}-{per_piece}"
    folder.mkdir(parents=True, exist_ok=True)
    for item in model.iterdir():
        if not (folder / item.name).exists():
            (folder / item.name).symlink_to(item.resolve())
    vocabulary = json.loads((model / "shared_vocabulary.json").read_text(encoding="utf-8"))
    pieces = [p for p in vocabulary if not p.startswith("<unused")]
    rng = random.Random(0)
    lines = ["\t" + " ".join(pieces[:fixed])] + [f"{p}\t{' '.join([p] + rng.sample(pieces, per_piece))}" for p in pieces]
    (folder / "vmap.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


class Child:
    def __init__(self, model: Path, variant: dict):
        env = dict(os.environ, OMP_NUM_THREADS="1", **variant["env"])
        self.proc = subprocess.Popen([sys.executable, __file__, "--child"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, env=env)
        if variant["vmap"]:
            model = synthetic_map_model(model, *variant["vmap"])
        self.compute_type = self.ask(model=str(model), compute_type=variant["compute_type"],
                                     use_vmap=bool(variant["vmap"]))["compute_type"]

    def ask(self, **request) -> dict:
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"variant exited with {self.proc.wait()}")
        return json.loads(line)

    def close(self) -> None:
        self.proc.stdin.write(json.dumps({"quit": True}) + "\n")
        self.proc.stdin.close()
        self.proc.wait()


def projection_gemm(rows_list=(8, 16, 32, 48, 64, 80, 96, 128), repeats: int = 20) -> list[str]:
    """The output projection's int8 GEMM (rows × 512 against 52,999 × 512, as CTranslate2 calls it: MKL's
    ``cblas_gemm_s8u8s32``, weight transposed) timed on one thread as CTranslate2 4.8 runs it, unpacked (MKL
    repacks the 27 MB weight at every call), and with the weight packed once (``cblas_gemm_s8u8s32_pack``, what
    CTranslate2 does for every other linear layer). MKL is the copy linked into CTranslate2's library."""
    import ctypes
    import glob

    import ctranslate2
    import numpy as np

    library = glob.glob(str(Path(ctranslate2.__file__).parent.parent / "ctranslate2.libs" / "libctranslate2*.so*"))
    if not library:
        return ["(no MKL inside this CTranslate2 build)"]
    mkl = ctypes.CDLL(library[0])
    enum, integer, pointer, offset = ctypes.c_int, ctypes.c_longlong, ctypes.c_void_p, ctypes.c_char
    gemm_args = [enum] * 4 + [integer] * 3 + [ctypes.c_float, pointer, integer, offset, pointer, integer, offset,
                                               ctypes.c_float, pointer, integer, pointer]
    mkl.cblas_gemm_s8u8s32.argtypes = mkl.cblas_gemm_s8u8s32_compute.argtypes = gemm_args
    mkl.cblas_gemm_s8u8s32_pack_get_size.argtypes = [enum, integer, integer, integer]
    mkl.cblas_gemm_s8u8s32_pack_get_size.restype = ctypes.c_size_t
    mkl.cblas_gemm_s8u8s32_pack.argtypes = [enum, enum, enum, integer, integer, integer, pointer, integer, pointer]
    row_major, no_trans, trans, packed, b_matrix, fixed = 101, 111, 112, 151, 162, 171
    n, k = 52_999, 512
    rng = np.random.default_rng(0)
    weight = rng.integers(-127, 127, size=(n, k), dtype=np.int8)
    packed_weight = np.zeros(mkl.cblas_gemm_s8u8s32_pack_get_size(b_matrix, max(rows_list), n, k), dtype=np.uint8)
    mkl.cblas_gemm_s8u8s32_pack(row_major, b_matrix, trans, max(rows_list), n, k, weight.ctypes.data, k, packed_weight.ctypes.data)
    zero = np.zeros(1, dtype=np.int32)
    lines = ["| rows (inputs × beams) | unpacked ms | packed ms | unpacked ÷ packed | unpacked µs per row |",
             "| ---: | ---: | ---: | ---: | ---: |"]
    for m in rows_list:
        x = rng.integers(0, 255, size=(m, k), dtype=np.uint8)
        out = {"unpacked": np.zeros((m, n), dtype=np.int32), "packed": np.zeros((m, n), dtype=np.int32)}
        calls = {
            "unpacked": lambda: mkl.cblas_gemm_s8u8s32(row_major, no_trans, trans, fixed, m, n, k, 1.0, x.ctypes.data, k, b"\0",
                                                       weight.ctypes.data, k, b"\0", 0.0, out["unpacked"].ctypes.data, n, zero.ctypes.data),
            "packed": lambda: mkl.cblas_gemm_s8u8s32_compute(row_major, no_trans, packed, fixed, m, n, k, 1.0, x.ctypes.data, k, b"\0",
                                                             packed_weight.ctypes.data, k, b"\0", 0.0, out["packed"].ctypes.data, n,
                                                             zero.ctypes.data),
        }
        ms = {}
        for name, call in calls.items():
            call()
            times = []
            for _ in range(repeats):
                t = time.thread_time()
                call()
                times.append(time.thread_time() - t)
            ms[name] = statistics.median(times) * 1000
        assert np.array_equal(out["unpacked"], out["packed"])
        lines.append(f"| {m} | {ms['unpacked']:.2f} | {ms['packed']:.2f} | {ms['unpacked'] / ms['packed']:.1f}× | "
                     f"{ms['unpacked'] * 1000 / m:.0f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slice", type=int, default=96, help="sentences per repeat (bench.py's CTranslate2 slice)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--variants", default=None, help="comma-separated indexes into VARIANTS (default: all)")
    parser.add_argument("--out", type=Path, default=HERE / "ct2-options.md")
    parser.add_argument("--projection-gemm", action="store_true",
                        help="only time the output projection's GEMM, unpacked and packed, and print the table")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child()
        return
    if args.projection_gemm:
        os.environ.setdefault("OMP_NUM_THREADS", "1")  # before MKL starts: one thread, as a replica runs
        print("\n".join(projection_gemm()))
        return

    from transformers import AutoTokenizer

    from translate.config import preset_for_folder
    from translate.engines.batching import plan_batches
    from translate.engines.ct2 import convert

    os.environ.setdefault("VI2EN_CACHE_DIR", str(bench.WORK / "cache"))
    folder = bench.build_opus_shaped_model(bench.WORK / "opus-shaped-8k")
    model = convert(preset_for_folder(folder), "int8", folder)
    sents = bench.workload(2000)
    tok = AutoTokenizer.from_pretrained(folder)
    ids = tok(sents)["input_ids"]
    pieces = {s: tok.convert_ids_to_tokens(i) for s, i in zip(sents, ids)}
    parts = bench.slices(sents, [len(i) for i in ids], args.repeats, args.slice)
    chosen = list(VARIANTS)
    if args.variants:
        chosen = [chosen[int(i)] for i in args.variants.split(",")]
    variants = {label: {**BASE, **VARIANTS[label]} for label in chosen}
    started, load_before = time.perf_counter(), bench.load_average()
    children = {label: Child(model, v) for label, v in variants.items()}
    runs: dict[tuple[str, str], list[dict]] = {}
    loads = []
    for r, part in enumerate(parts):
        texts = [sents[i] for i in part]
        lengths = {s: len(pieces[s]) for s in texts}
        for mode, beams in MODES.items():
            for label, proc in children.items():
                rows = variants[label]["rows"]
                batches = plan_batches(texts, lengths, variants[label]["budget"], max(1, rows // beams) if rows else None, beams)
                result = proc.ask(beams=beams, batches=[[pieces[s] for s in b] for b in batches])
                result["batches"] = len(batches)
                runs.setdefault((label, mode), []).append(result)
                loads.append(os.getloadavg()[0])
                print(f"  repeat {r + 1} {mode:7} {result['useful'] / result['cpu']:5.0f} tok/CPU-s "
                      f"{result['useful'] / result['seconds']:5.0f} tok/s  {label}", file=sys.stderr, flush=True)
    for proc in children.values():
        proc.close()

    def rates(label, mode, per):
        return [x["useful"] / x[per] for x in runs[(label, mode)]]

    base = chosen[0]
    lines = [
        "# CTranslate2 settings on this CPU (one replica × one thread)",
        "",
        f"Generated by `benchmarks/ct2_options.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} in "
        f"{(time.perf_counter() - started) / 60:.1f} min; {cpu_description()}. Load average before: {load_before}; "
        f"1-min load at the measurements: median {statistics.median(loads):.1f}, max {max(loads):.1f}.",
        "",
        f"The benchmark's model (opus-mt-vi-en's shape, random weights, converted to int8) and its workload: {args.repeats} "
        f"length-stratified slices of {args.slice} sentences, the raw Translator on the batches vi2en plans (token budget = "
        "inputs × beams × longest input), each sentence stopping after its input length. Rates: generated tokens per "
        "CPU-second of the variant's process and per wall second, median over the repeats; 'vs first' is the median of "
        "the per-repeat ratios to the first row.",
        "",
        "| mode | variant | compute type used | batches | tok per CPU-s | runs | vs first | wall tok/s |",
        "| --- | --- | --- | ---: | ---: | --- | ---: | ---: |",
    ]
    for mode in MODES:
        for label in chosen:
            cpu = rates(label, mode, "cpu")
            ratio = statistics.median(a / b for a, b in zip(cpu, rates(base, mode, "cpu")))
            lines.append(f"| {mode} | {label} | {children[label].compute_type} | {runs[(label, mode)][0]['batches']} | "
                         f"{statistics.median(cpu):.0f} | {', '.join(f'{v:.0f}' for v in cpu)} | {ratio:.2f}× | "
                         f"{statistics.median(rates(label, mode, 'seconds')):.0f} |")
    lines.append("")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def cpu_description() -> str:
    import ctranslate2

    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "unknown CPU")
    flags = Path("/proc/cpuinfo").read_text()
    extensions = [f for f in ("avx512f", "avx512_vnni", "avx512_bf16", "amx_int8") if f" {f}" in flags]
    return (f"{model}, {os.cpu_count()} cores ({', '.join(extensions)}), ctranslate2 {ctranslate2.__version__} "
            f"(CPU compute types: {', '.join(sorted(ctranslate2.get_supported_compute_types('cpu')))})")


if __name__ == "__main__":
    main()
