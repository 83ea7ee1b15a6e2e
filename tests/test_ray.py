"""``vi2en translate --ray``: cleaning and translation on a local Ray instance give the outputs of a
single-process run (the same files, pairs, review queue, report and manifest), and without Ray the option is
one line and exit code 2."""

import json
import subprocess
import sys

from tests.conftest import ROOT, run_cli
from tests.test_resume import _feed, _outputs
from translate.config import TranslateConfig
from translate.pipeline import translate_files
from translate.ray_runner import plan_replicas


def test_a_ray_run_writes_what_a_single_process_run_writes(tmp_path, tiny_models):
    src = _feed(tmp_path / "feed.jsonl", articles=6)
    with open(src, "a", encoding="utf-8") as feed:  # broken records keep their status and reason on Ray too
        feed.write('{"url": "https://x.vn/empty", "content": ""}\n{not json\n')
    model = str(tiny_models("marian"))
    config = TranslateConfig(model=model, beams=1, max_new_tokens_ratio=0.5, cache_dir=tmp_path / "cache-1")
    translate_files([src], tmp_path / "single", config=config)  # in this process: one start-up fewer
    on_ray = run_cli("translate", src, "-o", tmp_path / "ray", "--model", model, "--beams", "1", "--max-new-tokens",
                     "0.5", "--cache-dir", tmp_path / "cache-2", "-q", "--ray", "local", "--replicas", "2")
    assert on_ray.returncode == 1, on_ray.stderr  # the invalid JSON line failed

    expected, got = _outputs(tmp_path / "single"), _outputs(tmp_path / "ray")
    pairs = [json.loads(line) for line in got["aligned.jsonl"].decode().splitlines()]
    assert len({p["file"] for p in pairs}) == 6 and all(p["translation"]["en"] for p in pairs)
    assert got["aligned.jsonl"] == expected["aligned.jsonl"]
    statuses = [(f["file"], f["status"]) for f in got["manifest.json"]["files"]]
    assert statuses[-2:] == [("feed.jsonl#7", "skipped"), ("feed.jsonl#8", "failed")]
    assert sorted(got) == sorted(expected)
    assert {name: data for name, data in got.items() if data != expected[name]} == {}


def test_without_ray_the_option_is_one_line_and_exit_code_2(tmp_path, seeds):
    blocked = "import sys; sys.modules['ray'] = None; from translate.cli import main; sys.exit(main())"
    result = subprocess.run([sys.executable, "-c", blocked, "translate", seeds, "-o", tmp_path / "out", "--ray"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip() == "vi2en: error: --ray needs Ray: pip install 'vi2en[ray]'"
    assert not (tmp_path / "out").exists()


def test_replicas_never_ask_for_more_than_the_cluster_has_and_leave_room_for_cleaning():
    """Ray waits for an actor pool it cannot place, so a plan that asks too much would hang the run."""
    for cpus, gpus, wanted in [(2, 0, None), (2, 0, 2), (3, 0, 7), (16, 0, 4), (4, 4, None), (4, 4, 8), (8, 2, 3)]:
        plan = plan_replicas(cpus, gpus, wanted)
        assert plan.count == (wanted or max(1, int(gpus)))
        assert plan.count * plan.num_gpus <= gpus
        assert plan.count * plan.num_cpus + plan.clean_cpus <= cpus
        assert plan.num_cpus > 0 and (plan.num_gpus > 0) == (gpus > 0)
