"""Term profiles (CONTRACT.md "Term profiles"): the format, the bundled library, and the
`rrcheck agreements` / `rrcheck agreement` commands."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from checks import agreements, cli
from model import notices, payments, suspensions
from model.loading import InputError, load_profile, structure_profile
from model.profiles import DEFAULT_PROFILE, bundled_profile_files

ROOT = Path(__file__).resolve().parents[2]


def _profile(**changes: object) -> dict:
    """The template's profile, with top-level tables replaced."""
    document = tomllib.loads(agreements.TEMPLATE)
    document.update(changes)
    return document


def _error(document: dict) -> InputError:
    with pytest.raises(InputError) as caught:
        structure_profile(document, "p.toml")
    return caught.value


def test_the_template_is_a_valid_profile_with_every_kind_of_limit():
    profile = structure_profile(tomllib.loads(agreements.TEMPLATE), "template")
    assert [limit.kind for limit in profile.allowance.limits] == [
        "count",
        "length",
        "aggregate",
        "gap",
        "notice",
    ]
    assert {d.event for d in profile.damages} == {
        "late-filing",
        "late-effectiveness",
        "restricted-days",
    }


def test_every_bundled_profile_loads_and_is_named_by_its_file():
    files = bundled_profile_files()
    assert len(files) >= 9  # the 2003 agreement and at least eight shapes of TERM-PROFILES.md
    for stem, resource in files.items():
        profile = structure_profile(tomllib.loads(resource.read_text()), stem)
        assert profile.id == stem
        assert profile.agreement.source and profile.agreement.words


def test_the_default_profile_is_the_2003_agreement_and_lists_first():
    listed = agreements.bundled_profiles()
    assert listed[0].id == DEFAULT_PROFILE
    assert listed[0].agreement.mechanics == DEFAULT_PROFILE


def test_the_2003_profile_states_the_terms_the_model_encodes():
    profile = agreements.resolve_profile(DEFAULT_PROFILE)
    (count,) = profile.limits("count")
    (length,) = profile.limits("length")
    (gap,) = profile.limits("gap")
    (notice,) = profile.limits("notice")
    assert (count.n, count.measured_in.kind) == (suspensions.LIMIT, "registration-period")
    assert (length.n, length.unit) == (suspensions.PERMITTED_LENGTH, "business-days")
    assert (gap.n, gap.unit) == (suspensions.SPACING, "business-days")
    assert (notice.n, notice.unless_unlawful) == (suspensions.NOTICE, True)
    (late,) = profile.damages_for("late-filing")
    (restricted,) = profile.damages_for("restricted-days")
    assert (str(late.rate), late.period.days) == ("0.01", payments.COMPUTATION_PERIOD)
    assert (str(restricted.rate), restricted.base) == ("0.015", "held-shares-value")
    assert profile.deadlines.filing is not None and profile.deadlines.filing.n == 5
    assert notices.TRANSFER_AGENT_BUSINESS_DAYS == 5  # 3(k) is not an allowance term


@pytest.mark.parametrize(
    ("document", "field", "words"),
    [
        (_profile(agreement=[1, 2]), "agreement", "expected a table, got a list"),
        (_profile(damages={"event": "late-filing"}), "damages", "expected a list, got a table"),
        (_profile(allowance={"limits": [{"kind": "cap", "n": 2}]}), "kind", "choose one of"),
        (_profile(allowance={"limits": [{"kind": "count", "n": 0}]}), "n", "at least 1"),
        (
            _profile(allowance={"limits": [{"kind": "count", "n": 2, "unit": "calendar-days"}]}),
            "allowance.limits[0].unit",
            "counts suspensions",
        ),
        (
            _profile(allowance={"limits": [{"kind": "length", "n": 2, "window": {"days": 9}}]}),
            "allowance.limits[0].window",
            "has no window",
        ),
        (
            _profile(allowance={"limits": [{"kind": "gap", "n": 2}]}),
            "allowance.limits[0].unit",
            "required field is missing",
        ),
        (
            _profile(
                allowance={
                    "limits": [
                        {"kind": "aggregate", "n": 2, "unit": "calendar-days", "window": "year"}
                    ]
                }
            ),
            "window",
            "unknown window",
        ),
        (
            _profile(
                allowance={
                    "limits": [
                        {
                            "kind": "aggregate",
                            "n": 2,
                            "unit": "calendar-days",
                            "window": {"weeks": 2},
                        }
                    ]
                }
            ),
            "window",
            "{ days = N } or { months = N }",
        ),
        (
            _profile(damages=[{"event": "late-filing", "rate": 0.01, "period": {"days": 30}}]),
            "rate",
            "decimal string",
        ),
        (
            _profile(damages=[{"event": "late-filing", "rate": "1e-2", "period": {"days": 30}}]),
            "rate",
            "expected a decimal",
        ),
        (
            _profile(damages=[{"event": "late-filing", "rate": "1.5", "period": {"days": 30}}]),
            "rate",
            "at most 1",
        ),
        (
            _profile(damages=[{"event": "late-filing", "rate": "0.01", "period": {"weeks": 4}}]),
            "period",
            "{ days = N } or { months = N }",
        ),
        (
            _profile(deadlines={}),
            "damages[0].event",
            "needs a deadline",
        ),
        (_profile(damages_cap={"fraction": "0.1", "base": "held-shares-value"}), "base", "choose"),
        (_profile(extra={"x": 1}), "extra", "unknown field"),
    ],
)
def test_a_profile_that_breaks_the_schema_names_the_field(document, field, words):
    error = _error(document)
    assert field in error.field
    assert words in error.message
    assert "object" not in error.message and "Traceback" not in error.message


def test_agreement_check_prints_each_limit_in_words_with_its_section(tmp_path, capsys):
    path = tmp_path / "mine.toml"
    assert cli.main(["agreement", "new", "-o", str(path)]) == 0
    assert cli.main(["agreement", "check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "count: at most 2 suspensions in any 12 months" in out
    assert "gap: a suspension begins at least 10 business days after the last day" in out
    assert '(3(n)) "no Grace Period shall exceed 20 consecutive days"' in out
    assert "cap: all payments to one Investor together at most 10% of its purchase price" in out


def test_agreement_check_prints_the_allowance_words_under_its_heading(tmp_path, capsys):
    """``[allowance] words`` (the clause's own summary of the allowance) is read back under the
    allowance's heading, as each limit's words are under the limit."""
    path = tmp_path / "mine.toml"
    assert cli.main(["agreement", "new", "-o", str(path)]) == 0
    text = path.read_text().replace(
        '[allowance]\n', '[allowance]\nwords = "the Company may delay disclosure"\n', 1
    )
    path.write_text(text)
    assert cli.main(["agreement", "check", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    heading = lines.index("Grace Periods (3(n))")
    assert lines[heading + 1] == '  "the Company may delay disclosure"'


def test_agreement_check_of_a_bad_profile_is_one_line_and_exit_2(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text(agreements.TEMPLATE.replace('kind = "gap"', 'kind = "gaps"'))
    assert cli.main(["agreement", "check", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith(f"rrcheck: {path}: allowance.limits[3].kind: unknown value 'gaps'")


def test_agreement_show_of_an_unknown_name_lists_the_bundled_ones(capsys):
    assert cli.main(["agreement", "show", "no-such-agreement"]) == 2
    err = capsys.readouterr().err
    assert "no bundled profile or file of that name" in err and DEFAULT_PROFILE in err


def test_agreements_lists_every_bundled_profile_in_json(capsys):
    assert cli.main(["agreements", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [p["id"] for p in listed] == [p.id for p in agreements.bundled_profiles()]


def test_agreement_show_json_gives_the_terms_and_their_words(capsys):
    assert cli.main(["agreement", "show", "de-spac-three-per-360-days", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["allowance"]["excess"] == "whole"
    assert shown["allowance"]["limits"][0] == {
        "kind": "count",
        "n": 3,
        "window": {"kind": "days", "n": 360},
        "section": "1.4",
        "words": "no more than three times in any 360-day period",
        "in_words": "at most 3 suspensions in any 360 consecutive days",
    }


def test_a_profile_file_is_read_by_path_as_json_too(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps(tomllib.loads(agreements.TEMPLATE)))
    assert load_profile(path).id == "my-agreement"
