"""``vi2en translate --ray``: the same run with its work spread over a Ray cluster (Ray Data).

The driver (this process) keeps everything that must happen once and in order: it lists the sources, passes
over those a stopped run finished, gives out stems, and writes every output and the journal, window by window,
through :class:`translate.pipeline.Run`, exactly as a single-process run does. Ray does the work in between:
decoding, extraction and cleaning are CPU tasks (the driver reads the input bytes), translation is a
``map_batches`` actor pool with one model replica per GPU (or, with no GPU, per group of CPU cores). Articles
travel pickled and come back in input order.

Sources are handed to Ray a segment at a time, so the driver never holds more than a segment of raw inputs;
each segment starts its replicas again (a model load per segment, small beside a segment's translation).
"""

from __future__ import annotations

import dataclasses
import logging
import math
import os
import pickle
from pathlib import Path
from typing import Any, Iterator

from .article import Article
from .clean import CleanConfig
from .pipeline import Item, Progress, Run, RunResult, SilentProgress, clean_source, translate_settings
from .records import Fields
from .review_loop import StandingDecisions
from .sources import Source

SEGMENT = 10_000  # sources per Ray dataset: bounds the driver's memory of raw inputs
CLEAN_BATCH = 16  # articles per cleaning task
TRANSLATE_BATCH = 64  # articles per replica call: their sentences are batched together, as in a window
# Environment the workers need to see as the driver does (test isolation, offline hubs, the cache folder).
FORWARDED_ENV = ("VI2EN_CACHE_DIR", "XDG_CACHE_HOME", "HF_HOME", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")


class RayUnavailable(Exception):
    """Ray is not installed, or the cluster cannot be reached or cannot run the model; one line for the user."""


@dataclasses.dataclass(frozen=True)
class Replicas:
    """How the translation actors are placed: how many, what each reserves, how many threads each uses."""

    count: int
    num_gpus: float
    num_cpus: float
    threads: int | None  # torch threads of a CPU replica (its group of cores); None on a GPU
    clean_cpus: float  # what one cleaning task reserves


def plan_replicas(cpus: float, gpus: float, replicas: int | None) -> Replicas:
    """One replica per GPU by default (more replicas than GPUs share them); with no GPU, ``replicas`` groups of
    CPU cores (1 by default). Replicas leave a core (half a core with no GPU) of Ray's CPU slots to the cleaning
    tasks: Ray waits for an actor pool it cannot place, so asking for more than there is would hang the run."""
    count = replicas or max(1, int(gpus))
    clean = 1.0 if gpus >= 1 else 0.5
    cpu_share = _share(min(1.0, max(0.01, (cpus - clean) / count)))
    if gpus >= 1:
        return Replicas(count, _share(min(1.0, gpus / count)), cpu_share, None, clean)
    return Replicas(count, 0, cpu_share, max(1, int(cpus // count)), clean)


def _share(amount: float) -> float:
    """Rounded down to what Ray accepts (hundredths), so that the shares never add up to more than there is."""
    return math.floor(amount * 100) / 100


def connect(address: str | None) -> tuple[Any, bool]:
    """Ray, connected (``address`` None: a running cluster Ray finds, else a new local one; 'local': a new local
    one). The driver's own vi2en code goes to the workers (``py_modules``), so nodes need only the dependencies."""
    try:
        import ray
    except ImportError as exc:
        raise RayUnavailable("--ray needs Ray: pip install 'vi2en[ray]'") from exc
    import translate

    env = {k: os.environ[k] for k in FORWARDED_ENV if k in os.environ}
    started = not ray.is_initialized()  # a caller that connected itself (a script, a test) stays connected
    if started:
        try:
            ray.init(address=address, logging_level=logging.WARNING, log_to_driver=True,
                     runtime_env={"py_modules": [str(Path(translate.__file__).parent)], "env_vars": env})
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise RayUnavailable(f"cannot reach the Ray cluster at {address or 'the default address'}: "
                                 f"{str(exc).splitlines()[0][:200]}") from exc
    from ray.data import DataContext

    context = DataContext.get_current()
    context.execution_options.preserve_order = True  # outputs are written in input order
    context.enable_progress_bars = False  # vi2en's own progress says how far the run got
    logging.getLogger("ray.data").setLevel(logging.ERROR)  # its notes (progress bars off…) are not the user's
    return ray, started


def replica_config(config, replicas: Replicas):
    """The config a replica loads with: CPU replicas on the CPU; a model folder named relative to the driver's
    working folder made absolute (workers run elsewhere)."""
    model = config.model
    if model and Path(model).exists():
        model = str(Path(model).resolve())
    return dataclasses.replace(config, model=model, device="cpu" if replicas.threads else config.device)


def load_replica_engine(config, threads: int | None):
    from .config import resolve_model
    from .engines import load_engine

    if threads:
        os.environ["VI2EN_THREADS"] = str(threads)  # the replica's group of cores (TransformersEngine reads it)
    return load_engine(resolve_model(config.model), config)


def replica_signature(config, threads: int | None) -> tuple[dict | None, str | None]:
    """The model's signature as a replica sees it (its device included), or the one-line reason it cannot load;
    run as a Ray task before anything is written, so a model missing on the cluster leaves no output folder."""
    from .cli import UserError, load_engine_or_explain

    if threads:
        os.environ["VI2EN_THREADS"] = str(threads)
    try:
        return load_engine_or_explain(config).signature(), None
    except UserError as exc:
        return None, str(exc)


def clean_batch(batch: dict[str, Any], config: CleanConfig, standing: StandingDecisions) -> dict[str, Any]:
    """Ray task: sources → cleaned articles (pickled both ways)."""
    import numpy as np

    articles = [pickle.dumps(clean_source(pickle.loads(s), config, standing)) for s in batch["source"]]
    return {"i": batch["i"], "article": np.array(articles, dtype=object)}


class Translator:
    """Ray actor: one model replica; each call translates a batch of articles (through the translation cache)."""

    def __init__(self, config, marker: str, threads: int | None):
        self.config, self.marker = config, marker
        self.engine = load_replica_engine(config, threads)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        from .translation import open_cache, translate_articles

        articles: list[Article] = [pickle.loads(a) for a in batch["article"]]
        ok = [a for a in articles if a.status == "ok"]
        counts: list[dict[str, int]] = []
        # The cache is opened per call: Ray may call from another thread than the last, and SQLite refuses that.
        cache = open_cache(self.engine, self.config) if ok else None
        try:
            if ok:
                translate_articles(ok, self.engine, self.config, self.marker, SilentProgress(), cache, counts)
        finally:
            if cache:
                cache.close()
        per_article = iter(counts)
        done = [pickle.dumps((a, next(per_article) if a.status == "ok" else {})) for a in articles]
        return {"i": batch["i"], "article": np.array(done, dtype=object)}


def segments(pending: Iterator[tuple[Source, str]], size: int) -> Iterator[list[tuple[Source, str]]]:
    segment: list[tuple[Source, str]] = []
    for item in pending:
        segment.append(item)
        if len(segment) >= size:
            yield segment
            segment = []
    if segment:
        yield segment


def translate_on_ray(
    paths: list[Path],
    out: Path,
    clean_config: CleanConfig = CleanConfig(),
    config=None,
    progress: Progress | None = None,
    standing: StandingDecisions | None = None,
    overwrite: bool = False,
    fields: Fields = Fields(),
    stdin_format: str | None = None,
    aligned_format: str = "jsonl",
    address: str | None = None,
    replicas: int | None = None,
    segment: int = SEGMENT,
) -> RunResult:
    """:func:`translate.pipeline.translate_files` with cleaning and translation on Ray: the same outputs."""
    from .config import TranslateConfig

    config = config or TranslateConfig()
    progress = progress or SilentProgress()
    ray, connected_here = connect(address)
    try:
        resources = ray.cluster_resources()
        plan = plan_replicas(resources.get("CPU", 1), resources.get("GPU", 0), replicas)
        worker_config = replica_config(config, plan)
        signature, error = ray.get(ray.remote(num_cpus=plan.num_cpus, num_gpus=plan.num_gpus)(replica_signature)
                                   .remote(worker_config, plan.threads))
        if error:
            raise RayUnavailable(error)
        settings = translate_settings(paths, clean_config, config, signature, fields, aligned_format)
        run = Run("translate", paths, out, settings, progress, overwrite, fields, stdin_format, standing)
        counts: dict[int, dict[str, int]] = {}

        def stages(pending: Iterator[tuple[Source, str]]) -> Iterator[Item]:
            for part in segments(pending, segment):
                # cloudpickle: a source reads through a closure (plain pickle refuses those)
                rows = [{"i": k, "source": ray.cloudpickle.dumps(source)} for k, (source, _) in enumerate(part)]
                # a small run still gives every replica work
                translate_batch = min(TRANSLATE_BATCH, -(-len(rows) // plan.count))
                batch = min(CLEAN_BATCH, translate_batch)
                dataset = (
                    ray.data.from_items(rows, override_num_blocks=-(-len(rows) // batch))
                    .map_batches(clean_batch, batch_size=batch, num_cpus=plan.clean_cpus,
                                 fn_kwargs={"config": clean_config, "standing": run.standing})
                    .map_batches(Translator, batch_size=translate_batch, num_cpus=plan.num_cpus, num_gpus=plan.num_gpus,
                                 compute=ray.data.ActorPoolStrategy(size=plan.count),
                                 fn_constructor_kwargs={"config": worker_config, "marker": clean_config.marker,
                                                        "threads": plan.threads})
                )
                del rows
                waiting: dict[int, tuple[Article, dict]] = {}
                position = 0
                for row in dataset.iter_rows():
                    waiting[row["i"]] = pickle.loads(row["article"])
                    while position in waiting:  # in input order, whatever order Ray finished them in
                        article, article_counts = waiting.pop(position)
                        counts[id(article)] = article_counts
                        source, stem = part[position]
                        progress.advance("clean")
                        yield article, stem, source.digest
                        position += 1

        return run.run(clean_config, lambda ok: [counts.pop(id(a)) for a in ok], stages)
    finally:
        if connected_here:
            ray.shutdown()
