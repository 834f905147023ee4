"""The transformers drafter through the real CLI and loading path, with tiny random models built here.

Each model (a T5 and a GPT-2 config, a few small layers, random weights) gets a tokenizer trained
on this test's own text and is saved to a temporary folder; ``summarizer build --drafter
transformers --model <folder>`` must write every page, send every garbled section back to the
rules draft with its reason, and ask the model nothing on a rebuild.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
tokenizers = pytest.importorskip("tokenizers")

from summarizer.cli import main  # noqa: E402 - after the skips
from summarizer.drafting.model_base import MODEL_CHECKS  # noqa: E402
from summarizer.drafting.rules import RulesDrafter  # noqa: E402
from summarizer.drafting.transformers_drafter import TransformersDrafter, folder_fingerprint  # noqa: E402
from summarizer.errors import UsageError  # noqa: E402
from summarizer.extract import extract  # noqa: E402
from summarizer.readers import read_paths  # noqa: E402

RECORDS = ("NCT04027062.json", "NCT00460005.xml")
torch.set_num_threads(1)  # tiny models gain nothing from threads, and lose a lot on a busy 2-core machine
SPECIALS = ["<pad>", "</s>", "<unk>"]
ROOT = Path(__file__).resolve().parent.parent


def train_tokenizer(texts: list[str]) -> transformers.PreTrainedTokenizerFast:
    tokenizer = tokenizers.Tokenizer(tokenizers.models.BPE(unk_token="<unk>"))
    tokenizer.pre_tokenizer = tokenizers.pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = tokenizers.decoders.ByteLevel()
    tokenizer.train_from_iterator(texts, tokenizers.trainers.BpeTrainer(vocab_size=1500, special_tokens=SPECIALS))
    return transformers.PreTrainedTokenizerFast(tokenizer_object=tokenizer, pad_token="<pad>", eos_token="</s>",
                                                unk_token="<unk>")


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    """This test's own text: the records it builds and the prompts the drafter writes for them."""
    records = [(ROOT / "tests" / "fixtures" / "records" / name).read_text(encoding="utf-8") for name in RECORDS]
    prompts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "prompts" / "model").glob("*.yaml"))]
    return records + prompts


def tiny_model(kind: str, folder: Path, corpus: list[str]) -> Path:
    tokenizer = train_tokenizer(corpus)
    torch.manual_seed(8)
    if kind == "seq2seq":
        config = transformers.T5Config(vocab_size=len(tokenizer), d_model=32, d_kv=8, d_ff=64, num_layers=2,
                                       num_decoder_layers=1, num_heads=4, tie_word_embeddings=False,
                                       pad_token_id=0, eos_token_id=1, decoder_start_token_id=0)
        model = transformers.T5ForConditionalGeneration(config)
    else:
        config = transformers.GPT2Config(vocab_size=len(tokenizer), n_embd=32, n_layer=2, n_head=4, n_positions=1024,
                                          bos_token_id=1, eos_token_id=1, pad_token_id=0)
        model = transformers.GPT2LMHeadModel(config)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module", params=["seq2seq", "causal"])
def model_folder(request, tmp_path_factory, corpus) -> Path:
    return tiny_model(request.param, tmp_path_factory.mktemp(request.param) / "model", corpus)


def build(fixtures_dir: Path, model: Path, out: Path) -> int:
    records = [str(fixtures_dir / "records" / name) for name in RECORDS]
    with pytest.raises(SystemExit) as exit_:
        main(["build", *records, "--out", str(out), "--drafter", "transformers", "--model", str(model), "-q"])
    return exit_.value.code


def test_build_with_a_random_model_falls_back_section_by_section_and_a_rebuild_asks_nothing(
        fixtures_dir, model_folder, tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_MODEL_LOG", str(tmp_path / "log.db"))
    asked: list[int] = []
    generate = TransformersDrafter.generate
    monkeypatch.setattr(TransformersDrafter, "generate", lambda self, prompts: asked.append(len(prompts)) or generate(self, prompts))

    assert build(fixtures_dir, model_folder, tmp_path / "site") in (0, 1)
    assert asked == [2 * 7]  # both records' model sections in one batched call
    rules = {t.id: RulesDrafter().draft(t) for t in (extract(r) for r in read_paths([fixtures_dir / "records" / n for n in RECORDS]))}
    report = json.loads((tmp_path / "site" / "build-report.json").read_text())
    assert report["totals"]["pages"] == 2
    for record in report["records"]:
        page = json.loads((tmp_path / "site" / "trials" / f"{record['id']}.json").read_text())
        expected = {s.id: s.text for s in rules[record["id"]].sections}
        for section in page["sections"]:
            assert section["text"] == expected[section["id"]]
            if section["id"] == "at_a_glance":
                continue
            assert section["drafter"] == "rules" and section["variant"].startswith("fallback:")
            assert section["model"].startswith(f"transformers:{model_folder.resolve()}@")
            assert section["prompt_version"] == f"{section['id']}@2"
            assert section["fallback_reasons"]
            assert record["fallbacks"][section["id"]] == section["variant"].removeprefix("fallback:")
        assert set(record["fallbacks"].values()) <= set(MODEL_CHECKS) | {"readability.grade", "faithfulness.name",
                                                                          "faithfulness.number", "section.empty"}

    assert build(fixtures_dir, model_folder, tmp_path / "again") in (0, 1)
    assert asked == [14]  # the rebuild came from the log
    assert (tmp_path / "again" / "trials" / "NCT04027062.json").read_text() == (
        tmp_path / "site" / "trials" / "NCT04027062.json").read_text()


def test_decoding_is_greedy_so_the_same_prompts_give_the_same_text(fixtures_dir, model_folder):
    [trial] = [extract(r) for r in read_paths([fixtures_dir / "records" / RECORDS[0]])]
    drafter = TransformersDrafter(model=str(model_folder), log_path=":memory:", batch_size=2)
    prompts = [job.prompt for job in drafter._jobs(0, trial, drafter.rules.draft(trial))][:3]
    first = drafter.generate(prompts)
    assert all(g.error is None for g in first)
    assert [g.text for g in first] == [g.text for g in drafter.generate(prompts)]


def test_a_model_that_is_not_on_disk_is_a_usage_error_and_nothing_is_downloaded(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    with pytest.raises(UsageError, match="nothing is downloaded"):
        TransformersDrafter(model="google/flan-t5-small-not-cached", log_path=":memory:")
    with pytest.raises(UsageError, match="needs --model"):
        TransformersDrafter(model=None, log_path=":memory:")


def test_new_weights_in_the_same_folder_make_a_new_model_id_so_the_cache_is_not_reused(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    (tmp_path / "model.safetensors").write_bytes(b"old weights")
    before = folder_fingerprint(tmp_path)
    (tmp_path / "model.safetensors").write_bytes(b"new weights, retrained")
    assert folder_fingerprint(tmp_path) != before


def test_a_second_drafter_of_the_same_model_reuses_the_loaded_weights_until_the_folder_changes(model_folder, tmp_path):
    # summarizer preview makes a new drafter at every rebuild: the weights must not load again each time
    import os
    import shutil

    folder = shutil.copytree(model_folder, tmp_path / "model")
    first = TransformersDrafter(model=str(folder), log_path=":memory:")
    second = TransformersDrafter(model=str(folder), log_path=":memory:")
    assert second.model is first.model and second.tokenizer is first.tokenizer

    weights = next(p for p in folder.iterdir() if p.suffix in (".safetensors", ".bin"))
    os.utime(weights, ns=(weights.stat().st_atime_ns, weights.stat().st_mtime_ns + 1_000_000_000))  # retrained in place
    third = TransformersDrafter(model=str(folder), log_path=":memory:")
    assert third.model is not first.model and third.fingerprint != first.fingerprint
