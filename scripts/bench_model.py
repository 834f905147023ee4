"""Benchmark the transformers drafter: sections one by one vs batched, beside the rules drafter.

The model is a randomly initialised T5 with flan-t5-base's shape (built from a config, nothing is
downloaded), saved to a temporary folder with a tokenizer trained on the records and prompts, and
loaded through the drafter's real path. A random model never stops early, so every section runs
to the same token budget (``--new-tokens``, applied to every prompt through a temporary
workspace): every run does the same work, and the difference is batching (and threads) alone.

    python scripts/bench_model.py [RECORDS...] [--records 3] [--new-tokens 128] [--batch 16 32] [--threads 1 2] [--write BENCHMARKS.md]

``--write`` replaces the "Model drafter" section of BENCHMARKS.md (other sections are kept).
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import torch
import transformers
import yaml
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

from summarizer.drafting.prompts import PROMPT_FOLDER
from summarizer.drafting.rules import RulesDrafter
from summarizer.drafting.transformers_drafter import TransformersDrafter
from summarizer.extract import extract
from summarizer.readers import read_paths
from summarizer.workspace import list_files

ROOT = Path(__file__).resolve().parent.parent
SECTION_TITLE = "## Model drafter"
FLAN_T5_BASE = dict(d_model=768, d_kv=64, d_ff=2048, num_layers=12, num_decoder_layers=12, num_heads=12,
                    feed_forward_proj="gated-gelu", tie_word_embeddings=False, vocab_size=32128,
                    pad_token_id=0, eos_token_id=1, decoder_start_token_id=0)


def random_flan_t5_base(folder: Path, texts: list[str]) -> int:
    """Save a random flan-t5-base-shaped model and a tokenizer trained on ``texts``; returns parameters."""
    tokenizer = Tokenizer(models.BPE(unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    tokenizer.train_from_iterator(texts, trainers.BpeTrainer(vocab_size=8000, special_tokens=["<pad>", "</s>", "<unk>"]))
    fast = transformers.PreTrainedTokenizerFast(tokenizer_object=tokenizer, pad_token="<pad>", eos_token="</s>",
                                                unk_token="<unk>")
    torch.manual_seed(0)
    model = transformers.T5ForConditionalGeneration(transformers.T5Config(**FLAN_T5_BASE))
    model.save_pretrained(folder)
    fast.save_pretrained(folder)
    return sum(p.numel() for p in model.parameters())


def workspace_with_budget(folder: Path, new_tokens: int) -> Path:
    """A workspace whose model prompts are the bundled ones with ``max_new_tokens`` set to ``new_tokens``."""
    target = folder / "prompts" / PROMPT_FOLDER
    target.mkdir(parents=True)
    for path in list_files("prompts", f"{PROMPT_FOLDER}/*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["max_new_tokens"] = new_tokens
        (target / path.name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder


def timed(action) -> tuple[float, float]:
    """(wall, CPU) seconds of ``action``. CPU time is this process's alone, so it stays meaningful
    when other jobs share the machine; wall time is what a user waits."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def row(seconds: tuple[float, float], records: int, digits: int = 1) -> str:
    return " | ".join(f"{value / records:.{digits}f}" for value in seconds)


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def write_section(path: Path, section: str) -> None:
    """Replace (or append) the "Model drafter" section of ``path``, leaving other sections alone."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(SECTION_TITLE)}\n.*?(?=^## |\Z)", re.M | re.S)
    text = pattern.sub(lambda _m: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="*", type=Path, default=[ROOT / "tests" / "fixtures" / "records"])
    parser.add_argument("--records", type=int, default=3, help="how many records to draft")
    parser.add_argument("--new-tokens", type=int, default=128, help="tokens generated per section (about 90 words)")
    parser.add_argument("--batch", type=int, nargs="+", default=[16, 32], help="sections per batch, one batched run each")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="torch thread counts, one set of runs each")
    parser.add_argument("--write", type=Path, help="BENCHMARKS.md to update")
    args = parser.parse_args()

    load_before = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    trials = [extract(raw) for raw in read_paths(args.inputs)][: args.records]
    rules = RulesDrafter()
    runs: dict[tuple[int, int], tuple[float, float]] = {}  # (threads, batch) -> (wall, CPU) seconds
    with tempfile.TemporaryDirectory() as temp:
        temp_path = Path(temp)
        texts = [t.model_dump_json() for t in trials] + [p.read_text() for p in list_files("prompts", f"{PROMPT_FOLDER}/*.yaml")]
        parameters = random_flan_t5_base(temp_path / "model", texts)
        workspace = workspace_with_budget(temp_path / "workspace", args.new_tokens)
        rules_seconds = timed(lambda: [rules.draft(t) for t in trials])
        for threads in args.threads:
            torch.set_num_threads(threads)
            for batch in [1, *args.batch]:
                drafter = TransformersDrafter(model=str(temp_path / "model"), batch_size=batch, workspace=workspace,
                                              rules=rules, log_path=":memory:")  # no cache: every section is generated
                runs[threads, batch] = timed(lambda: drafter.draft_many(trials))
                sections = len(drafter.templates) * len(trials)
                print(f"{threads} thread(s), batch {batch}: {row(runs[threads, batch], len(trials))} s/record "
                      "(wall | CPU)", file=sys.stderr)

    rows, verdicts = [], []
    for threads in args.threads:
        rows += [f"| transformers, {threads} thread(s), {'one by one' if batch == 1 else f'batched, up to {batch}'} | "
                 f"{row(runs[threads, batch], len(trials))} |" for batch in [1, *args.batch]]
        best = min(args.batch, key=lambda b: runs[threads, b][0])
        wall, cpu = (runs[threads, 1][i] / runs[threads, best][i] for i in (0, 1))
        verdicts.append(f"- {threads} thread(s): batching (up to {best} sections a call) cuts the time per record "
                        f"{wall:.1f}-fold ({cpu:.1f}-fold in CPU time){'' if wall >= 3 else ', short of the 3-fold target'}.")
    table = "\n".join(rows)
    findings = "\n".join(verdicts)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    section = f"""{SECTION_TITLE}

`make bench-model` (`scripts/bench_model.py`): the `transformers` drafter with a randomly initialised
T5 of flan-t5-base's shape ({parameters / 1e6:.0f}M parameters, built from a config, nothing
downloaded), {len(trials)} records from `tests/fixtures/records`, {sections} model sections, every
section generating {args.new_tokens} tokens (a random model never stops early, so every run does the
same work), greedy decoding on CPU, fp32, no cache. Times include the rules draft, prompt building
and the guardrail checks of every section. CPU time is this process's alone (it includes threads
spinning while they wait for each other).

| drafter | wall seconds per record | CPU seconds per record |
| --- | --- | --- |
| rules | {row(rules_seconds, len(trials), 3)} |
{table}

{findings}

What limits it: batching shares the decoder's weight reads across sections, but every section's
prompt (300-600 tokens here) still goes through the encoder on its own, in both modes, and with one
fp32 thread the decoder is already close to compute-bound at a few sections a batch. With two
threads, one section at a time mostly waits on the threads synchronising (worse on a shared box),
which batching hides; that is where the larger factor comes from.

Measured {date.today().isoformat()} on {platform.machine()} Linux, {os.cpu_count()} cores, torch {torch.__version__},
transformers {transformers.__version__}, commit {commit()}; load average {load_before} before and {load} after
(the machine is shared with other jobs, so the figures are noisy).
"""
    print(section)
    if args.write:
        write_section(args.write, section)


if __name__ == "__main__":
    main()
