"""Settings: summarizer.yaml or [tool.summarizer], flags win, every problem reported at once."""
from pathlib import Path

import pytest

from summarizer.cli import main
from summarizer.config import Settings, find_config, load_settings
from summarizer.errors import ConfigError

RECORDS = Path(__file__).parent / "fixtures" / "records"


def test_defaults_without_a_file(tmp_path):
    settings = load_settings(folder=tmp_path)
    assert settings == Settings() and settings.drafter == "rules" and settings.check.max_grade == 8


def test_yaml_file_then_flags(tmp_path):
    (tmp_path / "summarizer.yaml").write_text("show_contacts: true\ncheck:\n  max_grade: 7\n")
    assert find_config(tmp_path) == tmp_path / "summarizer.yaml"
    settings = load_settings(folder=tmp_path, show_contacts=False, drafter=None)
    assert settings.show_contacts is False and settings.check.max_grade == 7


def test_pyproject_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.summarizer]\nformats = ["html"]\n')
    assert load_settings(folder=tmp_path).formats == ["html"]


def test_every_problem_at_once(tmp_path):
    (tmp_path / "summarizer.yaml").write_text("formats: [pdf]\nshow_contacts: maybe\ncolour: blue\ncheck:\n  max_grade: eight\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(folder=tmp_path)
    joined = "\n".join(caught.value.problems)
    for key in ("formats", "show_contacts", "colour", "check.max_grade"):
        assert key in joined
    assert caught.value.source.endswith("summarizer.yaml")


def test_an_unknown_drafter_is_reported_with_the_other_problems(tmp_path):
    (tmp_path / "summarizer.yaml").write_text("drafter: rulez\ncheck: {max_grade: x}\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(folder=tmp_path)
    assert [p.split(":")[0] for p in caught.value.problems] == ["drafter", "check.max_grade"]
    assert "unknown drafter; choose one of: openai, rules, transformers" in caught.value.problems[0]
    with pytest.raises(ConfigError, match="unknown drafter"):
        load_settings(folder=tmp_path / "none", drafter="rulez")  # a --drafter flag is checked the same way


def test_a_file_that_is_not_a_mapping(tmp_path):
    (tmp_path / "summarizer.yaml").write_text("- just\n- a list\n")
    with pytest.raises(ConfigError, match="mapping"):
        load_settings(folder=tmp_path)


def test_openai_block(tmp_path):
    (tmp_path / "summarizer.yaml").write_text("drafter: openai\nopenai:\n  base_url: http://127.0.0.1:8080/v1\n"
                                              "  model: llama\n  api_key_env: LOCAL_KEY\n  timeout: 30\n  retries: 5\n")
    block = load_settings(folder=tmp_path).openai
    assert (block.base_url, block.model, block.api_key_env, block.timeout, block.retries) == (
        "http://127.0.0.1:8080/v1", "llama", "LOCAL_KEY", 30, 5)
    assert block.model_fields_set == {"base_url", "model", "api_key_env", "timeout", "retries"}
    assert Settings().openai.base_url is None and Settings().openai.api_key_env == "OPENAI_API_KEY"


def test_openai_block_in_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.summarizer.openai]\nbase_url = "https://llm.example.org/v1"\n')
    assert load_settings(folder=tmp_path).openai.base_url == "https://llm.example.org/v1"


def test_openai_block_problems_come_with_the_others_and_never_echo_a_key(tmp_path, monkeypatch, capsys):
    (tmp_path / "summarizer.yaml").write_text(
        "show_contacts: maybe\nopenai:\n  base_url: localhost:8000\n  api_key_env: sk-proj-abc123\n"
        "  timeout: 0\n  retries: many\n  temperature: 0\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(folder=tmp_path)
    problems = caught.value.problems
    assert [p.split(":")[0] for p in problems] == ["show_contacts", "openai.base_url", "openai.api_key_env",
                                                   "openai.timeout", "openai.retries", "openai.temperature"]
    assert "never the key itself" in problems[2] and "sk-proj" not in "\n".join(problems)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exited:
        main(["draft", str(RECORDS / "NCT00460005.xml")])
    shown = capsys.readouterr().err
    assert exited.value.code == 2 and "configuration error" in shown and "openai.api_key_env" in shown
    assert "sk-proj" not in shown
