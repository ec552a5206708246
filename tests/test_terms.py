"""The 2003 agreement's numbers, read from its term profile and the mechanics table
(model/terms.py): each is the agreement's, with its section and words."""

from fractions import Fraction

import attrs

from model.terms import focus_2003


def test_the_suspension_allowance_is_the_profiles():
    terms = focus_2003()
    assert (terms.suspension_limit.n, terms.suspension_length.n) == (2, 15)
    assert (terms.suspension_gap.n, terms.suspension_notice.n) == (10, 2)
    assert terms.suspension_length.section == "3(h)(i)"
    assert "fifteen (15) business days" in terms.suspension_length.words


def test_the_damages_rates_and_their_words():
    terms = focus_2003()
    assert terms.late_filing_rate.share == Fraction(1, 100)
    assert terms.restricted_sale_rate.share == Fraction(3, 200)
    assert terms.restricted_sale_rate.in_words() == "1.5%"
    assert terms.share_price_discount.in_words() == "90%"
    assert terms.confirmation.in_words() == "1 business day"
    assert terms.suspension_length.in_words() == "15 business days"


def test_every_term_has_a_section_and_words():
    terms = focus_2003()
    for field in attrs.fields(type(terms)):
        term = getattr(terms, field.name)
        assert term.section and term.words, field.name
