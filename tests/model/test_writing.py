"""The scenario writer (model/writing.py): what it writes reads back to the same document,
through tomllib and through the scenario loader."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from model.documents import read_document
from model.loading import load_scenario
from model.writing import json_text, toml_text

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"

keys = st.text(min_size=1, max_size=8)
scalars = (
    st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.dates()
)
inline = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
    max_leaves=8,
)
rows = st.dictionaries(keys, inline, max_size=4)
tables = st.recursive(
    rows,
    lambda inner: st.dictionaries(keys, inner | st.lists(rows, min_size=1, max_size=2), max_size=3),
    max_leaves=6,
)
documents = st.dictionaries(
    keys, inline | tables | st.lists(rows, min_size=1, max_size=3), max_size=5
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(documents)
def test_toml_text_reads_back_to_the_same_document(document):
    assert tomllib.loads(toml_text(document, comment="written\nby a test")) == document


def test_every_bundled_scenario_reads_back_through_the_loader(tmp_path):
    for path in sorted(SCENARIOS.glob("*.toml")):
        document = read_document(path)
        written = tmp_path / path.name
        written.write_text(toml_text(document))
        assert read_document(written) == document, path.name
        as_json = tmp_path / (path.stem + ".json")
        as_json.write_text(json_text(document))
        assert load_scenario(as_json) == _same_source(load_scenario(path), as_json), path.name


def _same_source(scenario, path):
    import attrs

    return attrs.evolve(scenario, source=str(path))


def test_strings_with_quotes_backslashes_and_control_characters():
    document = {"scenario": {"name": 'a "b" \\ c\n\t\x7f\x01 é'}}
    assert tomllib.loads(toml_text(document)) == document
    assert json.loads(json_text(document)) == document


def test_dates_are_toml_dates_and_json_strings():
    document = {"dates": {"effective": dt.date(2003, 10, 3)}}
    assert "effective = 2003-10-03" in toml_text(document)
    assert json.loads(json_text(document)) == {"dates": {"effective": "2003-10-03"}}
