"""Finding a model on disk or fetching it once from the Hugging Face hub, never hanging on the network.

``from_pretrained`` with no network can wait on connection timeouts and retries. vi2en first looks in the
standard Hugging Face cache; only when the model is missing does it try the hub, after a quick reachability
check, so an offline machine gets a clear error in seconds.
"""

from __future__ import annotations

import os
from pathlib import Path

from .config import ModelPreset


class ModelUnavailable(Exception):
    """The model is neither on disk nor downloadable; the message says where vi2en looked and what to do."""


def hf_cache_dir() -> Path:
    from huggingface_hub.constants import HF_HUB_CACHE

    return Path(HF_HUB_CACHE)


def cached_snapshot(preset: ModelPreset) -> Path | None:
    """The local folder holding the model: its own ``path``, or its snapshot in the HF cache; None if absent."""
    if preset.is_local:
        return Path(preset.source)
    if not preset.hub:
        return None
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        folder = Path(snapshot_download(preset.hub, revision=preset.revision, local_files_only=True))
    except (LocalEntryNotFoundError, OSError, ValueError):
        return None
    has_weights = any(folder.glob("*.safetensors")) or any(folder.glob("*.bin"))
    return folder if (folder / "config.json").exists() and has_weights else None


def offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on")


def hub_reachable(timeout: float = 3.0) -> bool:
    """Whether the hub answers within ``timeout`` seconds, asked the way a download will ask: through the proxy
    that ``HTTPS_PROXY``/``HTTP_PROXY`` name unless ``NO_PROXY`` exempts the host. Any HTTP answer counts (an
    error status is the download's to explain); no answer at all means the hub cannot be reached."""
    import urllib.error
    import urllib.request

    endpoint = os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/") + "/"
    request = urllib.request.Request(endpoint, method="HEAD", headers={"User-Agent": "vi2en-probe"})
    try:  # a new opener reads the proxy variables now; urlopen's global one kept those of its first call
        with urllib.request.build_opener().open(request, timeout=timeout):
            return True
    except urllib.error.HTTPError:
        return True
    except urllib.error.URLError as exc:
        import ssl

        return isinstance(exc.reason, ssl.SSLError)  # something answered; the download will say what is wrong
    except (OSError, ValueError):
        return False


def _unavailable(preset: ModelPreset, why: str) -> ModelUnavailable:
    where = f"{preset.path} and " if preset.path else ""
    return ModelUnavailable(
        f"model '{preset.name}' ({preset.hub or preset.path}) is not on this machine: looked in {where}{hf_cache_dir()}; {why}. "
        f"Fix: run 'vi2en models download {preset.name}' on a machine with network (set HF_HOME to share the cache), "
        "or pass --model DIR with a saved model."
    )


def download(preset: ModelPreset) -> Path:
    """The model's local folder, fetching it into the HF cache first if needed."""
    found = cached_snapshot(preset)
    if found:
        return found
    if not preset.hub:
        raise _unavailable(preset, "it has no hub id to download from")
    if offline():
        raise _unavailable(preset, "HF_HUB_OFFLINE is set")
    if not hub_reachable():
        raise _unavailable(preset, "the hub cannot be reached (no network?)")
    from huggingface_hub import snapshot_download

    os.environ.setdefault("HF_HUB_ETAG_TIMEOUT", "10")
    patterns = ["*.json", "*.safetensors", "*.model", "*.spm", "*.txt", "*.tiktoken", "*.py"]
    try:
        folder = Path(snapshot_download(preset.hub, revision=preset.revision, allow_patterns=patterns))
    except Exception as exc:  # network errors come in many classes; all mean the same to the user
        raise _unavailable(preset, f"download failed ({type(exc).__name__}: {str(exc).splitlines()[0][:120]})") from exc
    if not any(folder.glob("*.safetensors")):
        folder = Path(snapshot_download(preset.hub, revision=preset.revision, allow_patterns=patterns + ["*.bin"]))
    return folder


def folder_revision(folder: Path) -> str:
    """A revision for a model folder: the hub commit of a cache snapshot, else a fingerprint of its weights,
    so a retrained model in the same folder never reuses cached translations of the old one."""
    import hashlib

    folder = Path(folder)
    if folder.parent.name == "snapshots":
        return folder.name
    stamp = [f"{f.name}:{f.stat().st_size}:{f.stat().st_mtime_ns}" for f in sorted(folder.iterdir()) if f.suffix in (".safetensors", ".bin")]
    return "local-" + hashlib.sha256("|".join(stamp).encode()).hexdigest()[:12]
