"""Related trials: the inverted index's choice, its incremental updates, and splicing the choice into pages."""
import os
import shutil
from pathlib import Path

import pytest

from summarizer import related as related_module
from summarizer.config import Settings
from summarizer.extract import extract
from summarizer.pipeline import PageMaker
from summarizer.readers import read_paths
from summarizer.related import MAX_RELATED, RelatedIndex, related_changes
from summarizer.render import Renderer
from summarizer.state import History, RecordState, Store

RECORDS = Path(__file__).parent / "fixtures" / "records"


def index_of(records: dict[str, list[str]]) -> RelatedIndex:
    index = RelatedIndex()
    for record_id in sorted(records):
        index.add(record_id, f"Study {record_id}", records[record_id])
    return index


def chosen(index: RelatedIndex, record_id: str) -> list[str]:
    return [index.ids[j] for j in index.choose(index.ids.index(record_id))]


def test_rare_shared_terms_count_most_and_ties_go_to_the_lower_id():
    index = index_of({
        "A": ["c:asthma", "m:asthma", "i:inhaler"],
        "B": ["c:asthma", "i:placebo"],
        "C": ["c:asthma", "m:asthma", "i:inhaler"],  # shares all three
        "D": ["m:asthma", "i:inhaler"],
        "E": ["i:placebo"],
        "F": ["c:diabetes"],  # shares nothing
    })
    assert chosen(index, "A") == ["C", "D", "B"]
    assert chosen(index, "B") == ["E", "A", "C"]  # "placebo" (2 records) is rarer than "asthma" (3)
    assert chosen(index, "F") == []


def test_at_most_five_and_never_itself():
    index = index_of({f"R{n:02d}": ["c:common"] for n in range(20)})
    picks = chosen(index, "R10")
    assert len(picks) == MAX_RELATED and "R10" not in picks


def test_a_very_common_term_is_sampled_near_the_record_within_the_budget(monkeypatch):
    monkeypatch.setattr(related_module, "CANDIDATE_BUDGET", 6)
    index = index_of({f"R{n:03d}": ["c:common"] for n in range(100)})
    assert chosen(index, "R050") == ["R047", "R048", "R049", "R051", "R052"]
    assert chosen(index, "R000") == ["R001", "R002", "R003", "R004", "R005"]


def row(record_id: str, terms: list[str], run: int = 1) -> RecordState:
    return RecordState(id=record_id, source="s", record_key=record_id, unit="u", input_hash="i", page_hash="p",
                       first_seen="2026-01-01", last_seen="2026-01-01", updated="2026-01-01", record_updated=None,
                       versions=1, seen_run=run, title=f"Study {record_id}", status=None, grade=None, errors=0,
                       warnings=0, conditions=[], terms=terms)


def apply(store: Store, made: bool = True) -> dict[str, list[str]]:
    changes = list(related_changes(store, made))
    for change in changes:
        store.set_related(change.record_id, change.related)
    store.unlink_removed()
    return {c.record_id: [r[0] for r in c.related] for c in changes}


def test_only_records_sharing_a_changed_term_are_chosen_again(tmp_path):
    store = Store(tmp_path / "s.sqlite")
    store.start_run()
    for record_id, terms in {"A": ["c:x", "c:y"], "B": ["c:x"], "C": ["c:y"], "D": ["c:z"], "E": ["c:z"]}.items():
        store.save(row(record_id, terms))
    assert apply(store) == {"A": ["B", "C"], "B": ["A"], "C": ["A"], "D": ["E"], "E": ["D"]}
    assert apply(store) == {}  # nothing changed: nothing chosen again

    store.save(row("F", ["c:x"]))  # a new record with term x: the records having x are chosen again
    assert apply(store) == {"A": ["C", "B", "F"], "B": ["A", "F"], "F": ["A", "B"]}  # y is rarer than x now

    store.db.execute("UPDATE records SET title = 'Renamed' WHERE id = 'E'")  # only the title shown changes
    assert apply(store, False) == {}  # nothing made, nothing removed: not even looked at
    changes = list(related_changes(store, True))
    assert [(c.record_id, c.related, c.files_change) for c in changes] == [("D", [["E", "Renamed"]], True)]

    store.start_run()  # E is not in this build's inputs: whoever showed it chooses again
    for record_id in "ABCDF":
        store.mark_seen(record_id, "s", record_id, "u", "2026-01-02")
    assert apply(store) == {"D": []}
    store.close()


@pytest.fixture(scope="module")
def maker():
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795000000")
    return PageMaker(Settings())


@pytest.mark.parametrize("name", ["NCT04207047.json", "NCT00460057.xml"])
def test_splicing_related_trials_gives_what_rendering_them_gives(maker, name):
    trial = extract(next(iter(read_paths([RECORDS / name]))))
    page = maker.page(trial)
    history = History(first_seen="2026-11-01", updated="2026-11-18", versions=3)
    before = [["NCT1", "Old <b>title</b>"]]
    after = [["NCT00000001", "A & B: \"quoted\" title"], ["NCT00000002", "Second\u00a0study --- with dashes"]]
    drawn = maker.renderer.page_files(page, history, before)
    final = maker.renderer.page_files(page, history, after)
    empty = maker.renderer.page_files(page, history, [])
    for file_name, text in drawn.items():
        spliced = maker.renderer.with_related(file_name, text, after)
        if file_name.endswith(".json"):
            assert spliced is None and text == final[file_name]  # the JSON page does not list them
        else:
            assert spliced == final[file_name]
            assert maker.renderer.with_related(file_name, spliced, []) == empty[file_name]
    assert 'href="NCT00000001.html">A &amp; B: &#34;quoted&#34; title</a>' in final[f"trials/{trial.id}.html"]


def test_a_workspace_template_without_the_markers_is_left_alone(tmp_path, maker):
    shutil.copytree(Path(__file__).parent.parent / "templates", tmp_path / "templates")
    page_html = tmp_path / "templates" / "page.html.j2"
    page_html.write_text(page_html.read_text().replace("<!-- related -->", "").replace("<!-- /related -->", ""))
    custom = Renderer(tmp_path)
    page = maker.page(extract(next(iter(read_paths([RECORDS / "NCT04207047.json"])))))
    html = custom.page_files(page)[f"trials/{page.id}.html"]
    assert custom.with_related("x.html", html, [["NCT1", "One"]]) is None
