"""The one file-name policy (vaultnet/fs/paths.py): `safe_stem` makes any text into a name that
`check_file_name` accepts."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultnet.errors import RefusedEdit
from vaultnet.fs.paths import (
    MAX_STEM_BYTES,
    UNSAFE_CHARACTERS,
    WINDOWS_RESERVED,
    check_file_name,
    safe_stem,
)

# Text heavy in what the policy is about: unsafe characters, dots, spaces, device names.
names = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=300),
    st.lists(
        st.one_of(
            st.sampled_from(sorted(WINDOWS_RESERVED)).map(str.upper),
            st.sampled_from(sorted(WINDOWS_RESERVED)),
            st.sampled_from([*UNSAFE_CHARACTERS, ".", "..", " ", "\t", "\x00", "é", "e\u0301"]),
            st.text(max_size=5),
        ),
        max_size=12,
    ).map("".join),
)


@given(names)
def test_safe_stem_is_always_a_valid_file_name(name: str) -> None:
    stem = safe_stem(name)
    assert stem
    check_file_name(stem)


@given(names)
def test_safe_stem_keeps_a_valid_name(name: str) -> None:
    try:
        check_file_name(name)
    except RefusedEdit:
        return
    tidy = unicodedata.normalize("NFC", name) == name and " ".join(name.split()) == name
    if tidy and len(name.encode()) <= MAX_STEM_BYTES:
        assert safe_stem(name) == name


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Jane Doe", "Jane Doe"),
        ("Dr. Who? / Time: Lord", "Dr. Who Time Lord"),
        ("  .hidden..name. ", "hidden.name"),
        ("CON", "CON (contact)"),
        ("con.txt", "con (contact).txt"),
        ("COM0", "COM0 (contact)"),
        ("LPT\u00b9", "LPT\u00b9 (contact)"),
        ("#[]|^", "Unnamed contact"),
        ("Zoe\u0308 Mu\u0308ller", "Zoë Müller"),  # decomposed accents are composed
        ("x" * 300, "x" * 120),
    ],
)
def test_safe_stem(name: str, stem: str) -> None:
    assert safe_stem(name) == stem


@pytest.mark.parametrize("name", ["CON", "con.md", "Com1", "lpt0", "COM\u00b2", "nul.tar.gz"])
def test_check_file_name_refuses_every_device_name(name: str) -> None:
    with pytest.raises(RefusedEdit, match="reserved on Windows"):
        check_file_name(name)
