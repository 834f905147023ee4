"""The ``transformers`` drafter: a local Hugging Face model, seq2seq or causal, batched and greedy.

Loading never downloads: the model is a folder, or a model id already in the local Hugging Face
cache, opened with ``local_files_only=True`` and ``HF_HUB_OFFLINE=1``. ``AutoConfig`` decides
between an encoder-decoder (T5, BART ...) and a decoder-only model (GPT-2, Llama ...). Decoding
is greedy (no sampling, one beam) so a rebuild gives the same text, and prompts of many records
run as padded batches, longest first, on a GPU when there is one.

Needs the ``model`` extra (``pip install 'summarizer[model]'``); importing this module is the
only thing that imports torch.
"""
from __future__ import annotations

import hashlib
import logging
import os
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .model_base import Generation, ModelDrafter
from .prompts import RenderedPrompt

log = logging.getLogger(__name__)

os.environ["HF_HUB_OFFLINE"] = "1"  # before transformers reads it: nothing here may download
try:
    import torch
    import transformers
except ImportError as exc:  # pragma: no cover - depends on the install
    raise UsageError("the transformers drafter needs the model extra: pip install 'summarizer[model]'") from exc

DEFAULT_MAX_INPUT_TOKENS = 2048
transformers.utils.logging.disable_progress_bar()  # no bars on stderr: the CLI owns the terminal


def folder_fingerprint(folder: Path) -> str:
    """Changes when the model files in ``folder`` change, so the cache never serves an older model's answers."""
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix in (".json", ".safetensors", ".bin", ".model", ".txt"):
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:12]


def choose_device() -> str:
    if torch.cuda.is_available():
        return "cuda"
    if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
        return "mps"
    return "cpu"


@lru_cache(maxsize=1)
def load_model(source: str, device: str, fingerprint: str, seq2seq: bool) -> tuple[Any, Any]:
    """(tokenizer, model) of ``source`` on ``device``, loaded once per process: ``summarizer preview``
    makes a new drafter at every rebuild, and loading the weights is its slowest part. A changed
    model folder has a new ``fingerprint`` and is loaded again."""
    del fingerprint  # part of the cache key only
    tokenizer = transformers.AutoTokenizer.from_pretrained(source, local_files_only=True)
    auto = transformers.AutoModelForSeq2SeqLM if seq2seq else transformers.AutoModelForCausalLM
    model = auto.from_pretrained(source, local_files_only=True).to(device).eval()
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    if not seq2seq:
        # A decoder-only model continues from the right end: pad on the left, and if a prompt
        # is too long, cut its start rather than the instruction at its end.
        tokenizer.padding_side = tokenizer.truncation_side = "left"
    return tokenizer, model


class TransformersDrafter(ModelDrafter):
    name = "transformers"

    def __init__(self, *, model: str | None = None, batch_size: int = 32, device: str | None = None,
                 **options: Any):
        if not model:
            raise UsageError("the transformers drafter needs --model: a model folder or a model id in the local Hugging Face cache")
        super().__init__(**options)
        folder = Path(model)
        self.source = str(folder.resolve()) if folder.is_dir() else model
        self.batch_size = batch_size
        self.device = device or choose_device()
        try:
            config = transformers.AutoConfig.from_pretrained(self.source, local_files_only=True)
            self.seq2seq = bool(config.is_encoder_decoder)
            self.fingerprint = folder_fingerprint(folder) if folder.is_dir() else getattr(config, "_commit_hash", None) or "cached"
            self.tokenizer, self.model = load_model(self.source, self.device, self.fingerprint, self.seq2seq)
        except (OSError, ValueError) as exc:
            raise UsageError(f"cannot load model {model!r} (a folder, or a model id already in the local "
                             f"Hugging Face cache; nothing is downloaded): {exc}") from exc
        positions = getattr(config, "n_positions", None) or getattr(config, "max_position_embeddings", None)
        self.max_input_tokens = min(positions or DEFAULT_MAX_INPUT_TOKENS, DEFAULT_MAX_INPUT_TOKENS)
        log.info("transformers: %s (%s) on %s", self.source, "seq2seq" if self.seq2seq else "causal", self.device)

    @property
    def model_id(self) -> str:
        return f"transformers:{self.source}@{self.fingerprint}"

    def prompt_text(self, prompt: RenderedPrompt) -> str:
        """The model's input: the chat template of an instruction-tuned causal model, else plain text."""
        if not self.seq2seq and getattr(self.tokenizer, "chat_template", None):
            messages = [{"role": "system", "content": prompt.system}, {"role": "user", "content": prompt.user}]
            return self.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        return prompt.text

    def generate(self, prompts: list[RenderedPrompt]) -> list[Generation]:
        texts = [self.prompt_text(p) for p in prompts]
        lengths = [len(self.tokenizer(t).input_ids) for t in texts]
        if max(lengths, default=0) > self.max_input_tokens:
            log.warning("transformers: %d prompt(s) longer than %d tokens are cut to fit the model",
                        sum(n > self.max_input_tokens for n in lengths), self.max_input_tokens)
        # Similar budgets and lengths together, so a batch pads little; longest first, so running
        # out of memory shows at once.
        order = sorted(range(len(prompts)), key=lambda i: (-prompts[i].max_new_tokens, -lengths[i]))
        results: dict[int, Generation] = {}
        for start in range(0, len(order), self.batch_size):
            chunk = order[start:start + self.batch_size]
            results.update(zip(chunk, self._generate_batch([texts[i] for i in chunk],
                                                           max(prompts[i].max_new_tokens for i in chunk))))
        return [results[i] for i in range(len(prompts))]

    def _generate_batch(self, texts: list[str], max_new_tokens: int) -> list[Generation]:
        begun = time.perf_counter()
        try:
            outputs = self._decode(texts, max_new_tokens)
        except (RuntimeError, ValueError) as exc:
            log.warning("transformers: a batch of %d prompts failed: %s", len(texts), exc)
            seconds = (time.perf_counter() - begun) / len(texts)
            return [Generation(None, f"{type(exc).__name__}: {exc}", seconds) for _ in texts]
        seconds = (time.perf_counter() - begun) / len(texts)
        return [Generation(text, seconds=seconds) for text in outputs]

    def _decode(self, texts: list[str], max_new_tokens: int) -> list[str]:
        limit = max(16, self.max_input_tokens - (0 if self.seq2seq else max_new_tokens))
        encoded = self.tokenizer(texts, return_tensors="pt", padding=True, truncation=True, max_length=limit)
        encoded = {name: tensor.to(self.device) for name, tensor in encoded.items() if name in ("input_ids", "attention_mask")}
        settings = transformers.GenerationConfig(
            max_new_tokens=max_new_tokens, do_sample=False, num_beams=1,
            pad_token_id=self.tokenizer.pad_token_id, eos_token_id=self.tokenizer.eos_token_id,
            decoder_start_token_id=self.model.generation_config.decoder_start_token_id,
        )
        with torch.inference_mode():
            output = self.model.generate(**encoded, generation_config=settings)
        if not self.seq2seq:
            output = output[:, encoded["input_ids"].shape[1]:]
        return self.tokenizer.batch_decode(output, skip_special_tokens=True)
