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


@pytest.fixture
def tiny_disk(tmp_path):
    """A real, tiny file system (tmpfs), so writes fail the way a full or read-only disk fails. Mounting needs
    root; where .ci/run found it can mount one, it sets VI2EN_REQUIRE_TMPFS and a failed mount fails the test."""
    import subprocess

    mount = tmp_path / "disk"
    mount.mkdir()

    def make(size: str, readonly: bool = False) -> Path:
        options = f"size={size}" + (",ro" if readonly else "")
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mount)], capture_output=True, text=True)
        if done.returncode:
            why = f"cannot mount a small file system here (needs root): {done.stderr.strip()}"
            pytest.fail(why) if os.environ.get("VI2EN_REQUIRE_TMPFS") else pytest.skip(why)
        return mount

    yield make
    subprocess.run(["umount", str(mount)], capture_output=True)


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
