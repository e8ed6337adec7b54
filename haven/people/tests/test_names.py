"""Name keys: folding (accents, case, punctuation), the sort key, Metaphone and similarity."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.people.names import fold, phonetic, similarity, sort_key


def test_fold_ignores_accents_and_case():
    assert fold("José Núñez") == fold("jose nunez") == "jose nunez"


def test_fold_turns_apostrophes_and_hyphens_into_spaces():
    assert fold("O'Brien") == "o brien"
    assert fold("Mary-Kate") == "mary kate"
    assert fold("José  O'Brien") == "jose o brien"


def test_fold_collapses_runs_of_spaces_and_trims():
    assert fold("  Ana   María \t") == "ana maria"


def test_fold_of_nothing_is_empty():
    assert fold("") == ""
    assert fold(None) == ""
    assert fold("'-.") == ""


def test_fold_strips_letters_without_a_decomposition_like_other_accents():
    assert fold("Łukasz Wałęsa") == "lukasz walesa"
    assert fold("Søren Ødegård") == "soren odegard"


def test_sort_key_is_last_name_then_first_name_folded():
    assert sort_key("José", "Núñez") == "nunez jose"
    assert sort_key("Seán", "O'Brien-Díaz") == "o brien diaz sean"


def test_sort_key_of_a_missing_first_name_has_no_trailing_space():
    assert sort_key("", "Núñez") == "nunez"


def test_metaphone_makes_smith_and_smyth_alike():
    assert phonetic("Smith") == phonetic("Smyth")


def test_metaphone_makes_catherine_and_kathryn_alike():
    assert phonetic("Catherine") == phonetic("Kathryn")


def test_metaphone_makes_jon_and_john_alike():
    assert phonetic("Jon") == phonetic("John")


def test_phonetic_ignores_accents_case_and_punctuation():
    assert phonetic("Núñez") == phonetic("nunez")
    assert phonetic("O'Brien") == phonetic("OBrien")
    assert phonetic("Smith-Jones") == phonetic("smithjones")


def test_phonetic_tells_different_names_apart():
    assert phonetic("Smith") != phonetic("Jones")


def test_phonetic_of_an_empty_name_is_empty():
    assert phonetic("") == ""
    assert phonetic("-") == ""


def test_phonetic_code_fits_the_indexed_column():
    assert len(phonetic("Wolfeschlegelsteinhausenbergerdorff")) <= 12


def test_similarity_of_the_same_name_typed_differently_is_one():
    assert similarity("José Núñez", "jose nunez") == 1.0


def test_similarity_ranks_a_spelling_variant_above_a_different_name():
    assert similarity("smyth jon", "smith john") > 0.85
    assert similarity("smyth jon", "smith john") > similarity("smyth jon", "garcia maria")


@given(st.text(max_size=40))
def test_fold_is_idempotent_lower_case_and_single_spaced(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert folded == folded.strip()
    assert "  " not in folded
    assert folded == folded.lower()


@given(st.text(max_size=30), st.text(max_size=30))
def test_similarity_is_symmetric_and_between_zero_and_one(a, b):
    assert 0.0 <= similarity(a, b) <= 1.0
    assert similarity(a, b) == pytest.approx(similarity(b, a))
