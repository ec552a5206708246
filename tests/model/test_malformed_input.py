"""Malformed scenario files (issue 13): every one is bad input, exit 2, one line on stderr
naming the file and the field in the file's own words, nothing on stdout, nothing written.

The explicit cases are the ones a fuzz run found; the hypothesis test at the end mutates a
valid file structurally (wrong types at every level, deep nesting, bad money, bad dates,
huge collections, random bytes, BOMs, truncation) and holds every mutant to the same promise.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks import cli
from model.loading import InputError, load_scenario, structure_scenario
from tests import builders
from tests.checks.cli.test_cli import COMPLIANT

PYTHON_WORDS = re.compile(
    r"'list'|'dict'|'int'|'str'|datetime\.|object has no attribute|not iterable|NoneType|"
    r"Traceback|Error\b|RecursionError|argument of type"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys: pytest.CaptureFixture[str], path: Path, field: str, *more: str) -> str:
    """Run validate on ``path``: exit 2, one line naming the file and ``field``; the message."""
    code, out, err = run(capsys, "validate", str(path), *more)
    assert code == 2, err
    assert out == ""
    (line,) = err.splitlines()
    prefix = f"rrcheck: {path}: {field}: "
    assert line.startswith(prefix), line
    assert not PYTHON_WORDS.search(line), line
    return line[len(prefix) :]


def write(tmp_path: Path, text: str, name: str = "scenario.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def write_json(tmp_path: Path, document: Any) -> Path:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


# -- 1. deep nesting ------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [1000, 5000])
def test_extra_closures_nested_deep_in_toml_is_bad_input_naming_the_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, depth: int
) -> None:
    deep = "[" * depth + "]" * depth
    path = write(tmp_path, COMPLIANT.replace("[dates]", f"extra_closures = {deep}\n[dates]"))
    message = refused(capsys, path, "scenario.extra_closures")
    assert "nested too deeply" in message and "line 3" in message


def test_extra_closures_nested_deep_in_json_is_bad_input_naming_the_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = json.dumps(builders.document(header={"extra_closures": []}))
    text = text.replace('"extra_closures": []', '"extra_closures": ' + "[" * 1000 + "]" * 1000)
    path = tmp_path / "deep.json"
    path.write_text(text)
    assert "nested too deeply" in refused(capsys, path, "scenario.extra_closures")


def test_nesting_the_parser_reads_is_a_list_where_a_date_belongs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, COMPLIANT.replace("[dates]", "extra_closures = [[[]]]\n[dates]"))
    message = refused(capsys, path, "scenario.extra_closures[0]")
    assert message == "expected a date (YYYY-MM-DD), got a list"


def test_a_deep_table_in_a_suspension_names_the_array_entry(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    deep = "{a = " * 1000 + "1" + "}" * 1000
    text = COMPLIANT.replace('id = "s2"', f'id = "s2"\ncovers = {deep}')
    path = write(tmp_path, text)
    assert "nested too deeply" in refused(capsys, path, "suspensions[1].covers")


# -- 2. what was expected and what was given, never Python's words -------------------------------

HEADERLESS = COMPLIANT.split("[scenario]\n", 1)[1].split("[dates]", 1)[1]
DATES_ONLY = "[dates]" + HEADERLESS.split("[[investors]]", 1)[0]


@pytest.mark.parametrize(
    ("case", "text", "field", "message"),
    [
        (
            "scenario as a list",
            "scenario = [1, 2]\n" + DATES_ONLY,
            "scenario",
            "expected a table, got a list",
        ),
        (
            "dates as a number",
            'dates = 5\n[scenario]\nname = "x"\n',
            "dates",
            "expected a table, got the whole number 5",
        ),
        (
            "extra_business_days as a date",
            COMPLIANT.replace("[dates]", "extra_business_days = 2004-01-03\n[dates]"),
            "scenario.extra_business_days",
            "expected a list, got the date 2004-01-03",
        ),
        (
            "extra_closures as a string",
            COMPLIANT.replace("[dates]", 'extra_closures = "2003-12-26"\n[dates]'),
            "scenario.extra_closures",
            'expected a list, got the string "2003-12-26"',
        ),
        (
            "investors as strings",
            'investors = ["a", "b"]\n'
            + COMPLIANT.replace(
                '[[investors]]\nname = "SF Capital Partners Ltd."\npurchase_price = "1500000.00"\n',
                "",
            ),
            "investors[0]",
            'expected a table, got the string "a"',
        ),
        (
            "suspensions as a number",
            "suspensions = 3\n" + COMPLIANT.split("[[suspensions]]")[0],
            "suspensions",
            "expected a list, got the whole number 3",
        ),
        (
            "a suspension as a date",
            "suspensions = [2004-01-07]\n" + COMPLIANT.split("[[suspensions]]")[0],
            "suspensions[0]",
            "expected a table, got the date 2004-01-07",
        ),
        (
            "sales as a table",
            COMPLIANT.replace(
                'purchase_price = "1500000.00"\n',
                'purchase_price = "1500000.00"\nsales = { date = 2004-02-02 }\n',
            ),
            "investors[0].sales",
            "expected a list, got a table",
        ),
        (
            "a date as a time of day",
            COMPLIANT.replace("start = 2004-01-07", "start = 09:30:00"),
            "suspensions[0].start",
            "expected a date (YYYY-MM-DD), got the time of day 09:30:00",
        ),
        (
            "a date as a list",
            COMPLIANT.replace("start = 2004-01-07", "start = [2004-01-07]"),
            "suspensions[0].start",
            "expected a date (YYYY-MM-DD), got a list",
        ),
        (
            "an id as a date",
            COMPLIANT.replace('id = "s1"', "id = 2004-01-07"),
            "suspensions[0].id",
            "expected a string, got the date 2004-01-07",
        ),
        (
            "notice_lawful as a string",
            COMPLIANT.replace('id = "s1"', 'id = "s1"\nnotice_lawful = "yes"'),
            "suspensions[0].notice_lawful",
            'expected true or false, got the string "yes"',
        ),
        (
            "interpretation as a number",
            "interpretation = 5\n" + COMPLIANT,
            "interpretation",
            "expected a table of NAME = READING, got the whole number 5",
        ),
        (
            "expect.dates as a list",
            COMPLIANT + "[expect]\ndates = [2004-01-07]\n",
            "expect.dates",
            "expected a table, got a list",
        ),
        (
            "expect.violations as a string",
            COMPLIANT + '[expect]\nviolations = "suspension.min-gap:s2"\n',
            "expect.violations",
            'expected a list, got the string "suspension.min-gap:s2"',
        ),
        (
            "expect.find as a string",
            COMPLIANT + '[expect]\nfind = "latest-start"\n',
            "expect.find",
            'expected a table, got the string "latest-start"',
        ),
        (
            "a planned start range as a list",
            COMPLIANT.replace("start = 2004-02-03", "start = [2004-02-03, 2004-02-10]"),
            "suspensions[1].start",
            "expected a date (YYYY-MM-DD), got a list",
        ),
    ],
)
def test_wrong_types_say_what_was_expected_and_what_was_given(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    case: str,
    text: str,
    field: str,
    message: str,
) -> None:
    assert refused(capsys, write(tmp_path, text), field) == message


def test_json_null_where_a_table_belongs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    document = builders.document()
    document["dates"] = None
    assert refused(capsys, write_json(tmp_path, document), "dates") == (
        "expected a table, got null"
    )


def test_json_top_level_list(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text("[1, 2]")
    code, out, err = run(capsys, "validate", str(path))
    assert code == 2 and out == ""
    assert err == f"rrcheck: {path}: expected a table at the top of the file\n"


# -- 3. money: ASCII digits with at most two places ----------------------------------------------


@pytest.mark.parametrize(
    "money",
    [
        '"1_500_000.00"',
        '"１５００.００"',  # full-width digits: Decimal reads them, CONTRACT.md does not
        '"١٥٠٠.٠٠"',  # Arabic-Indic digits
        '"1500000.999"',
        '"12.345"',
        '"1e5"',
        '"1E5"',
        "1500000",  # a bare TOML integer is not a decimal string
        "1500000.0",
        '"+1500000.00"',
        '"-1500000.00"',
        '"1,500,000.00"',
        '"1 500 000.00"',
        '" 1500000.00"',
        '"1500000."',
        '".50"',
        '"NaN"',
        '"Infinity"',
        '""',
        "true",
    ],
)
def test_money_that_is_not_ascii_digits_with_at_most_two_places_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, money: str
) -> None:
    path = write(tmp_path, COMPLIANT.replace('"1500000.00"', money))
    message = refused(capsys, path, "investors[0].purchase_price")
    assert message.startswith("write money as a string of digits with at most two places")


@pytest.mark.parametrize(("money", "amount"), [('"1500000"', "1500000"), ('"0.5"', "0.5")])
def test_money_without_places_or_with_one_is_money(tmp_path: Path, money: str, amount: str) -> None:
    scenario = load_scenario(write(tmp_path, COMPLIANT.replace('"1500000.00"', money)))
    assert str(scenario.investors[0].purchase_price) == amount


def test_every_money_field_is_held_to_the_rule(tmp_path: Path) -> None:
    for text, field in (
        (COMPLIANT + '[expect]\ntotal_payments = "1e2"\n', "expect.total_payments"),
        (
            COMPLIANT + '[[prices]]\ndate = 2004-02-27\nclosing_bid = "2.3125"\n',
            "prices[0].closing_bid",
        ),
        (
            COMPLIANT.replace(
                'purchase_price = "1500000.00"\n',
                'purchase_price = "1500000.00"\n'
                'sales = [{ date = 2004-02-02, purchase_price = "25_000" }]\n',
            ),
            "investors[0].sales[0].purchase_price",
        ),
    ):
        with pytest.raises(InputError) as error:
            load_scenario(write(tmp_path, text))
        assert error.value.field == field


# -- 7. the trading calendar's coverage only where it counts ---------------------------------------

IN_2030 = {
    "quarterly_report_filed": "2030-08-14",
    "registration_filed": "2030-08-21",
    "sec_clearance_notice": "2030-10-01",
    "effective": "2030-10-03",
    "transfer_agent_opinion": "2030-10-08",
}


def test_a_us_federal_scenario_in_2030_is_not_refused_for_the_nyse_calendar(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # nyse (the default trading calendar) covers to 2027; no [[prices]], so no trading day is
    # counted. The 2030 dates themselves: RFD bd_after(Wed 2030-08-14, 5) = Wed 2030-08-21,
    # IRED 2030-10-06, 3(k) bd_after(Thu 2030-10-03, 5) = Thu 2030-10-10.
    document = builders.document(dates=IN_2030)
    code, out, err = run(capsys, "validate", str(write_json(tmp_path, document)))
    assert (code, err) == (0, ""), err


def test_closing_bids_in_2030_need_the_trading_calendar_and_say_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    document = builders.document(
        dates=IN_2030, prices=[{"date": "2030-11-01", "closing_bid": "2.31"}]
    )
    path = write_json(tmp_path, document)
    message = refused(capsys, path, "dates.quarterly_report_filed")
    assert "nyse calendar covers" in message


# -- huge collections stay cheap to refuse ---------------------------------------------------------


def test_twenty_thousand_suspensions_with_a_duplicate_id_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    suspensions = [
        {"id": f"s{i}", "start": "2004-01-07", "end": "2004-01-07"} for i in range(20_000)
    ]
    suspensions.append({"id": "s0", "start": "2004-01-07", "end": "2004-01-07"})
    restrictions = [
        {"id": f"r{i}", "start": "2005-01-03", "end": "2005-01-03"} for i in range(2_000)
    ]
    document = builders.document(*suspensions, restrictions=restrictions)
    assert "duplicate id" in refused(
        capsys, write_json(tmp_path, document), "suspensions[20000].id"
    )


# -- the fuzz: structurally mutated files, through the loader and the command line ---------------

VALID: dict[str, Any] = builders.document(
    builders.suspension("s1", "2004-01-07", "2004-01-20", "2004-01-05"),
    {"id": "p1", "start": {"earliest": "2004-03-01", "latest": "2004-04-01"}, "length": 5},
    investors=[
        {
            "name": "A",
            "purchase_price": "1500000.00",
            "sales": [{"date": "2004-02-02", "purchase_price": "250000.00"}],
        }
    ],
    restrictions=[{"id": "r1", "start": "2004-05-03", "end": "2004-05-04", "reason": "stop"}],
    filings=[{"id": "f1", "kind": "prospectus-supplement", "filed": "2004-03-01"}],
    prices=[{"date": "2004-02-27", "closing_bid": "2.31"}],
    interpretation={"spacing": "tenth-business-day"},
    expect={
        "compliant": True,
        "violations": [],
        "dates": {"registration_period_start": "2003-10-03"},
    },
)
VALID["scenario"]["extra_closures"] = ["2003-12-26"]


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in the document, the top excluded."""
    found: list[tuple[Any, ...]] = [path] if path else []
    if isinstance(value, dict):
        for key, each in value.items():
            found += _paths(each, (*path, key))
    elif isinstance(value, list):
        for i, each in enumerate(value):
            found += _paths(each, (*path, i))
    return found


PATHS = _paths(VALID)

WRONG_VALUES = st.one_of(
    st.sampled_from(
        [
            5,
            -1,
            1.5,
            True,
            None,
            "",
            "x",
            "2004-13-01",
            "2004-02-30",
            "0000-01-01",
            "9999-12-31",
            "1_500_000.00",
            "１５００.００",
            "1500000.999",
            "1e5",
            "-5.00",
            [],
            [1, 2],
            ["2004-01-07"],
            {},
            {"a": 1},
            {"earliest": "2004-01-01"},
        ]
    ),
    # Nested lists a parser reads (json.loads recurses: past about 500 levels under pytest and
    # hypothesis it runs out of stack itself); deeper text is the "deep" mutation below.
    st.integers(min_value=1, max_value=500).map(lambda d: json.loads("[" * d + "]" * d)),
    st.text(max_size=12),
)


def _set(document: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        document = document[key]
    document[path[-1]] = value


@st.composite
def mutated_json(draw: st.DrawFn) -> tuple[str, bool]:
    """A mutated document as JSON text, and whether it must be refused (some mutations, such
    as a longer description, leave a valid file)."""
    document = copy.deepcopy(VALID)
    kind = draw(st.sampled_from(["value", "delete", "extra key", "deep", "huge"]))
    if kind == "value":
        _set(document, draw(st.sampled_from(PATHS)), draw(WRONG_VALUES))
    elif kind == "delete":
        path = draw(st.sampled_from(PATHS))
        parent: Any = document
        for key in path[:-1]:
            parent = parent[key]
        del parent[path[-1]]
    elif kind == "extra key":
        tables = [p for p in PATHS if isinstance(_get(document, p), dict)]
        _get(document, draw(st.sampled_from(tables)))["surplus"] = 1
    elif kind == "deep":
        depth = draw(st.integers(min_value=300, max_value=3000))
        _set(document, draw(st.sampled_from(PATHS)), "DEEP")
        text = json.dumps(document).replace('"DEEP"', "[" * depth + "]" * depth, 1)
        return text, True
    else:  # a huge collection with one bad entry at the end
        count = draw(st.integers(min_value=1000, max_value=5000))
        document["suspensions"] = [
            {"id": f"h{i}", "start": "2004-01-07", "end": "2004-01-07"} for i in range(count)
        ] + [{"id": "h0", "start": "2004-01-07"}]
    return json.dumps(document, ensure_ascii=draw(st.booleans())), True


def _get(document: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        document = document[key]
    return document


@st.composite
def mangled_bytes(draw: st.DrawFn) -> bytes:
    """A valid TOML file broken as bytes: truncated, a BOM, random bytes spliced in."""
    text = COMPLIANT.encode("utf-8")
    kind = draw(st.sampled_from(["truncate", "bom", "splice", "random"]))
    if kind == "truncate":
        return text[: draw(st.integers(min_value=0, max_value=len(text) - 40))]
    if kind == "bom":
        bom = draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]))
        return bom + (text if bom != b"\xff\xfe" else COMPLIANT.encode("utf-16-le"))
    if kind == "splice":
        at = draw(st.integers(min_value=0, max_value=len(text)))
        return text[:at] + draw(st.binary(min_size=1, max_size=8)) + b"\x00" + text[at:]
    return draw(st.binary(min_size=1, max_size=200))


def _refused_in_process(path: Path, capsys: pytest.CaptureFixture[str], *more: str) -> None:
    code, out, err = run(capsys, *more[:1], str(path), *more[1:])
    assert code == 2, (code, err)
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"rrcheck: {path}: "), lines[0]
    assert not PYTHON_WORDS.search(lines[0]), lines[0]


FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(mutated=mutated_json(), command=st.sampled_from(["validate", "find", "timeline"]))
def test_structurally_mutated_files_are_bad_input_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, mutated: tuple[str, bool], command: str
) -> None:
    text, _ = mutated
    path = tmp_path / "mutant.json"
    path.write_text(text, encoding="utf-8")
    try:
        structure_scenario(json.loads(text) if len(text) < 10_000_000 else {}, str(path))
    except (InputError, RecursionError):
        pass  # refused by the loader (or too deep for json.loads, which read_document guards)
    else:
        return  # this mutation left a valid file (a date moved to another valid date, say)
    out_file = tmp_path / "out.svg"
    extra = {"validate": [], "find": ["--latest-start", "p1"], "timeline": ["-o", str(out_file)]}
    before = sorted(p.name for p in tmp_path.iterdir())
    _refused_in_process(path, capsys, command, *extra[command])
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


@FUZZ
@given(data=mangled_bytes())
def test_mangled_bytes_are_bad_input_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data: bytes
) -> None:
    path = tmp_path / "mangled.toml"
    path.write_bytes(data)
    try:
        load_scenario(path)
    except InputError:
        pass
    else:
        return  # e.g. a truncation that ends at the end of a table leaves a (smaller) valid file
    _refused_in_process(path, capsys, "validate")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (
            "deep.toml",
            COMPLIANT.replace("[dates]", f"extra_closures = {'[' * 3000}{']' * 3000}\n[dates]"),
        ),
        ("utf16.toml", COMPLIANT.encode("utf-16")),
        ("money.toml", COMPLIANT.replace('"1500000.00"', '"1e5"')),
        ("shape.toml", "scenario = [1, 2]\n"),
    ],
)
def test_in_a_subprocess_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, name: str, content: str | bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    done = subprocess.run(
        [sys.executable, "-m", "checks.cli", "timeline", str(path), "-o", str(tmp_path / "o.svg")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"rrcheck: {path}: ") and not PYTHON_WORDS.search(line)
    assert not (tmp_path / "o.svg").exists()


def test_a_utf8_byte_order_mark_is_no_content(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + COMPLIANT.encode("utf-8"))
    assert load_scenario(path).name == "Two suspensions, properly spaced"
