"""`fold`, the form names are compared in: its cache is bounded (a `watch` running for weeks
folds names without end), and the ASCII fast path folds as the Unicode path does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vaultnet.text.links import FOLD_CACHE_SIZE, fold


def test_the_cache_never_holds_more_than_its_bound() -> None:
    for i in range(FOLD_CACHE_SIZE + 1000):
        fold(f"Person {i}")
    assert fold.cache_info().currsize == FOLD_CACHE_SIZE
    assert fold("Person  0") == "person 0"
    fold.cache_clear()


def test_names_fold_alike() -> None:
    assert fold("Zoë  Müller") == fold("zoe muller") == "zoe muller"
    assert fold(" Jane\tDOE ") == "jane doe"


@given(st.text(st.characters(max_codepoint=127), max_size=20))
def test_the_ascii_fast_path_folds_as_the_unicode_path(name: str) -> None:
    # a combining accent, which folding drops, sends the same text down the Unicode path
    assert fold(name) == fold(name + "\u0301")
