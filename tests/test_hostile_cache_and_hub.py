"""The translation cache never costs a run (corrupt file, full disk), and the hub probe goes through proxies."""

import http.server
import json
import sqlite3
import threading

import pytest

from translate.cache import TranslationCache
from translate.hub import hub_reachable

from .conftest import SEEDS, run_cli

SEED = SEEDS / "004_f8ea5654cb7f1c6b.txt"


def test_a_corrupt_cache_file_is_moved_aside_and_the_run_goes_on(tmp_path, tiny_models):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "translations.sqlite").write_bytes(b"this is not a database" * 100)
    env = {"VI2EN_CACHE_DIR": str(cache)}
    first = run_cli("translate", SEED, "-o", tmp_path / "out", "--model", tiny_models("marian"), "-q", env=env)
    assert first.returncode == 0, first.stderr
    assert len(first.stderr.strip().splitlines()) == 1 and "translation cache" in first.stderr
    assert (cache / "translations.sqlite.corrupt").exists()
    second = run_cli("translate", SEED, "-o", tmp_path / "again", "--model", tiny_models("marian"), env=env)
    assert second.returncode == 0 and "warning" not in second.stderr
    manifest = json.loads((tmp_path / "again" / "manifest.json").read_text(encoding="utf-8"))
    counts = manifest["counts"]["sentences"]
    assert counts["from cache"] == counts["model inputs"] > 0  # the new cache works


def test_a_cache_that_breaks_during_a_run_is_dropped_with_one_warning(tmp_path, caplog):
    cache = TranslationCache(tmp_path, {"model": "m"})
    cache.put_many({"a": "A"})
    assert cache.get_many(["a", "b"]) == {"a": "A"}
    cache.db.close()  # stands for any sqlite failure: a full disk, a vanished file
    cache.db = sqlite3.connect(":memory:")
    cache.put_many({"b": "B"})  # no table: the write fails
    assert cache.db is None and cache.get_many(["a"]) == {}
    cache.put_many({"c": "C"})
    assert [r.message for r in caplog.records].count(caplog.records[0].message) == 1 and len(caplog.records) == 1


def test_a_full_disk_under_the_cache_loses_no_work(tmp_path, tiny_disk, tiny_models):
    disk = tiny_disk("28k")
    (disk / "filler").write_bytes(b"x" * 8192)
    env = {"VI2EN_CACHE_DIR": str(disk / "cache")}
    result = run_cli("translate", SEEDS, "-o", tmp_path / "out", "--model", tiny_models("marian"), "-q", env=env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("translation cache") == 1
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert {f["status"] for f in manifest["files"]} == {"ok"}
    assert all((tmp_path / "out" / f"{seed.stem}.en.txt").exists() for seed in SEEDS.glob("*.txt"))


class _Proxy(http.server.BaseHTTPRequestHandler):
    """A forward proxy that answers every request itself and remembers what it was asked."""

    seen: list[str] = []

    def do_HEAD(self):
        self.seen.append(self.path)
        self.send_response(200)
        self.end_headers()

    def do_CONNECT(self):  # an https request: the tunnel opens, then the proxy hangs up mid-handshake
        self.seen.append(f"CONNECT {self.path}")
        self.send_response(200)
        self.end_headers()
        self.close_connection = True

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Proxy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Proxy.seen.clear()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_the_hub_probe_goes_through_the_proxy(monkeypatch, proxy):
    monkeypatch.setenv("HF_ENDPOINT", "http://hub.invalid")  # only the proxy can reach it
    for name in ("HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, proxy)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    assert hub_reachable(timeout=5)
    assert _Proxy.seen == ["http://hub.invalid/"]


def test_the_hub_probe_tunnels_https_through_https_proxy(monkeypatch, proxy):
    """The default endpoint is https: what a user behind a corporate proxy sets is HTTPS_PROXY alone."""
    monkeypatch.delenv("HF_ENDPOINT", raising=False)
    for name in ("HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTPS_PROXY", "https_proxy"):
        monkeypatch.setenv(name, proxy)
    assert hub_reachable(timeout=5)  # the proxy answered: the hub is reachable the way a download reaches it
    assert _Proxy.seen == ["CONNECT huggingface.co:443"]


def test_no_proxy_exempts_the_hub(monkeypatch, proxy):
    monkeypatch.setenv("HF_ENDPOINT", "http://hub.invalid")
    for name in ("HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, proxy)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "hub.invalid")
    assert not hub_reachable(timeout=5)
    assert _Proxy.seen == []
