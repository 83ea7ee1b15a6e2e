import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the same generated examples every time (a red CI must mean a real regression); locally every run
# explores new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def isolated_caches(tmp_path_factory, monkeypatch):
    """Tests never touch the user's caches and never reach a model hub."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HF_HOME", str(home / "hf"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("VI2EN_CACHE_DIR", str(home / "vi2en"))


@pytest.fixture
def seeds() -> Path:
    return SEEDS


def run_cli(*args, cwd=None, env=None, timeout=600):
    """Run ``python -m translate`` as a user would; returns the CompletedProcess."""
    import subprocess

    full_env = dict(os.environ)
    full_env.update(env or {})
    full_env.setdefault("COLUMNS", "120")
    return subprocess.run(
        [sys.executable, "-m", "translate", *map(str, args)],
        cwd=cwd or ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory):
    """One tiny random model per architecture, built once per test session (no network, no weights in git)."""
    from translate.testmodel import build_test_model

    root = tmp_path_factory.mktemp("models")
    built = {}

    def get(arch: str = "marian") -> Path:
        if arch not in built:
            built[arch] = build_test_model(root / arch, arch)
        return built[arch]

    return get
