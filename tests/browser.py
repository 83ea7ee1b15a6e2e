"""Headless Chromium for tests and benchmarks: the DOM after scripts ran, and screenshots."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage"]


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def run_chromium(page: Path, *extra: str, timeout: int = 60, fragment: str = "") -> subprocess.CompletedProcess:
    binary = chromium()
    if binary is None:
        raise FileNotFoundError("chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([binary, *FLAGS, f"--user-data-dir={profile}", *extra, page.resolve().as_uri() + fragment],
                              capture_output=True, text=True, timeout=timeout, env={**os.environ, "HOME": profile})


def dump_dom(page: Path, fragment: str = "") -> str:
    result = run_chromium(page, "--virtual-time-budget=5000", "--dump-dom", fragment=fragment)
    return result.stdout


def screenshot(page: Path, png: Path, size: str = "1400,1000", fragment: str = "") -> Path:
    run_chromium(page, f"--screenshot={png.resolve()}", f"--window-size={size}", "--hide-scrollbars", "--virtual-time-budget=5000", fragment=fragment)
    return png
