"""What ``validate`` (checks/validate.py) reports beside the findings, and what it refuses."""

from __future__ import annotations

import pytest

from checks.validate import PlannedSuspensionError, validate
from tests.builders import scenario

# -- what validate reports beside the findings ----------------------------------------------------


def test_without_a_transfer_agent_date_the_verdict_says_3k_was_not_checked():
    # READING.md section 6 and docs/reading-notes.md: without transfer_agent_opinion, 3(k) is
    # not checked, and the verdict says so; with it (Wed 2003-10-08, within bd_after(Fri
    # Oct 3, 5) = Fri Oct 10) there is no such note.
    without = validate(scenario(dates={"transfer_agent_opinion": None}))
    assert [n.subject for n in without.notes if "3(k)" in n.message] == ["registration"]
    with_date = validate(scenario())
    assert not [n for n in with_date.notes if "3(k)" in n.message]


def test_validate_refuses_a_planned_suspension():
    # validate checks fixed schedules; a planned suspension is a question for find.
    planned = {"id": "p1", "start": {"earliest": "2004-01-05", "latest": "2004-02-27"}, "length": 5}
    with pytest.raises(PlannedSuspensionError):
        validate(scenario(planned))
