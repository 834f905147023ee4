"""A workspace file overrides the bundled one of the same relative path, file by file."""
from summarizer.workspace import bundled_dir, find_file, list_files, search_path


def test_bundled_defaults_exist():
    assert (bundled_dir("templates") / "page.html.j2").is_file()
    assert (bundled_dir("prompts") / "phrases.yaml").is_file()


def test_workspace_first_then_bundled(tmp_path):
    (tmp_path / "prompts" / "glossary").mkdir(parents=True)
    (tmp_path / "prompts" / "phrases.yaml").write_text("x: 1\n")
    (tmp_path / "prompts" / "glossary" / "research.yaml").write_text("[]\n")
    (tmp_path / "prompts" / "glossary" / "mine.yaml").write_text("[]\n")
    assert search_path("prompts", tmp_path)[0] == (tmp_path / "prompts").resolve()
    assert find_file("prompts", "phrases.yaml", tmp_path) == (tmp_path / "prompts" / "phrases.yaml").resolve()
    assert find_file("prompts", "disclaimers.yaml", tmp_path).parent == bundled_dir("prompts").resolve()
    files = list_files("prompts", "glossary/*.yaml", tmp_path)
    names = [p.name for p in files]
    assert names == sorted(names) and "mine.yaml" in names and names.count("research.yaml") == 1
    assert next(p for p in files if p.name == "research.yaml").is_relative_to(tmp_path.resolve())


def test_a_workspace_without_the_folder_uses_the_bundled_one(tmp_path):
    assert search_path("templates", tmp_path) == [bundled_dir("templates").resolve()]
