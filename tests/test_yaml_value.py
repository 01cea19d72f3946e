"""The one `yaml_value` that composes values in new notes (`add`'s `yaml` filter, `import`,
`log --note`, `prep --note`): any string or list of strings reads back exactly, quoted only when
YAML would misread it."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultnet.notes.parse import parse_note
from vaultnet.notes.yamlio import yaml_scalar, yaml_value

texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


def read_back(key: str, yaml_text: str) -> object:
    note = parse_note("People/x.md", f"---\n{key}: {yaml_text}\n---\n")
    assert note.frontmatter_ok, (yaml_text, note.problems)
    return note.frontmatter[key]


@given(texts)
def test_a_string_reads_back_exactly(text: str) -> None:
    assert read_back("company", yaml_value(text)) == text


@given(st.lists(texts.filter(lambda t: t != ""), min_size=1, max_size=5))
def test_a_list_of_strings_reads_back_exactly(items: list[str]) -> None:
    assert read_back("tags", yaml_value(items)) == items


@given(st.dictionaries(texts.filter(lambda t: t != ""), texts, max_size=4))
def test_a_mapping_of_strings_reads_back_exactly(mapping: dict[str, str]) -> None:
    assert read_back("extra", yaml_value(mapping)) == (mapping or {})


@pytest.mark.parametrize(
    ("text", "yaml"),
    [
        ("Acme Robotics", "Acme Robotics"),
        ("https://www.linkedin.com/in/janedoe", "https://www.linkedin.com/in/janedoe"),
        ("jane@acme.example", "jane@acme.example"),
        ("2024-03-12", "2024-03-12"),  # a date stays plain: vaultnet and Obsidian read a date
        ("2024-02-30", '"2024-02-30"'),
        ("--05-24", '"--05-24"'),
        ("+1 617 555 0100", '"+1 617 555 0100"'),
        ("100%", '"100%"'),
        ("Acme: Robotics", '"Acme: Robotics"'),
        ("yes", '"yes"'),
        ("1999", '"1999"'),
        ("2026", '"2026"'),
        ("6w", "6w"),
        ("90d", "90d"),
        ("6w\n", '"6w\\n"'),
        ("1e5", '"1e5"'),
        ("[[Bob]]", '"[[Bob]]"'),
        ("C# dev", "C# dev"),
        ("C #1", '"C #1"'),
        ('say "hi"', 'say "hi"'),
        ('"hi" \\o/', '"\\"hi\\" \\\\o/"'),
        ("tab\there", '"tab\\there"'),
        ("line\u2028break", '"line\\u2028break"'),
        ("", '""'),
    ],
)
def test_strings_are_quoted_only_when_needed(text: str, yaml: str) -> None:
    assert yaml_scalar(text) == yaml
    assert yaml_value(text) == yaml


@pytest.mark.parametrize(
    ("value", "yaml"),
    [
        (["a, b", "c"], '["a, b", c]'),
        (["[[Jane Doe]]"], '["[[Jane Doe]]"]'),
        (["x", "b: c"], '[x, "b: c"]'),
        ([], "[]"),
        ({"a": "b: c"}, '{a: "b: c"}'),
        (None, "null"),
        (True, "true"),
        (3, "3"),
        (1.5, "1.5"),
        (date(2026, 1, 5), "2026-01-05"),
    ],
)
def test_other_values(value: object, yaml: str) -> None:
    assert yaml_value(value) == yaml
