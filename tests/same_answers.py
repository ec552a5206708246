"""What "the same worst-case answer" means when a speed-up of the search is switched off
(the span bounds, the file order, the calendar's table): each must change nothing a user reads."""

from __future__ import annotations

from typing import Any


def assert_same_worst_case(faster: Any, slower: Any) -> None:
    """The status, the placement, the total and every payment row of two ``worst_case``
    answers are equal."""
    assert faster.status == slower.status
    assert faster.schedule == slower.schedule
    assert faster.total_payments == slower.total_payments
    assert faster.payments == slower.payments
