"""Settings: summarizer.yaml or [tool.summarizer], flags win, every problem reported at once."""
import pytest

from summarizer.config import Settings, find_config, load_settings
from summarizer.errors import ConfigError


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


def test_a_file_that_is_not_a_mapping(tmp_path):
    (tmp_path / "summarizer.yaml").write_text("- just\n- a list\n")
    with pytest.raises(ConfigError, match="mapping"):
        load_settings(folder=tmp_path)
