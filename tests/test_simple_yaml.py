"""The frontmatter fast path (parse.simple_yaml) reads exactly what PyYAML reads, or gives up.

Each case is checked against PyYAML itself: when the fast path answers, its answer must equal
PyYAML's (dates as the ISO text vaultnet keeps); when in doubt it must give up (None)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.generate import generate
from tests.conftest import examples
from vaultnet.notes.syntax import split_frontmatter
from vaultnet.notes.yamlio import plain_values as _plain
from vaultnet.notes.yamlio import simple_yaml, yaml_loaders

ROOT = Path(__file__).resolve().parent.parent


def pyyaml(lines: list[str]) -> Any:
    data = yaml.load("\n".join(lines), Loader=yaml_loaders()[0])
    return {str(k): _plain(v, [100_000]) for k, v in data.items()}


def check(text: str) -> Any:
    lines = text.split("\n")
    fast = simple_yaml(lines)
    if fast is not None:
        assert fast == pyyaml(lines), text
    return fast


ACCEPTED = [
    "name: Jane Doe\ncompany: Acme Robotics",
    "aliases: [Janie, J. Doe]\ntags: []",
    "aliases:\n  - Janie\n  - \"J. Doe\"\n  - 'Jay'",
    "with:\n- \"[[Bob Smith]]\"\n- '[[Ann Lee|Ann]]'",
    'cadence: 30d\nlast_contact: 2026-09-14\nbirthday: "04-02"',
    "bad_date: 2026-02-30",
    "# a comment\nname: Jane\n\n  # another\nask:",
    "count: 12\nzero: 0\nflag: yes\noff_flag: Off\nnothing: ~\nalso: null",
    "location: Denver, CO\nurl: https://example.com/a?b=c&d\ntitle: C# dev",
    "name: Zoë Müller\ncity: São Paulo",
    "dup: first\ndup: second",
    "items: [1, 2, yes, no, 14d]",
    'trailing: value   \nempty_quoted: ""',
    "with: ['[[Bob Smith]]', \"[[Ann Lee|Ann]]\"]",
    "tags: ['a, b', plain, \"#x\", 'k: v', '']",
    "empty: [ ]\nspaced: [ 'a' , b ]",
]

GIVE_UP = [
    "",  # empty: PyYAML says None
    "introduced_by: [[Bob Smith]]",  # a nested list
    'name: "Jane \\"JD\\" Doe"',  # escapes
    "name: 'it''s'",
    "note: follow up: unclear",
    "ask: help # with a trailing comment",
    "anchor: &a value\nother: *a",
    "tagged: !!str 12",
    "block: |\n  text",
    "folded: >\n  text",
    "multi: first line\n  continued",
    "nested:\n  key: value",
    "version: 1.0",
    "octal: 0755",
    "hex: 0x1F",
    "time: 12:30",
    "when: 2026-11-22T10:00:00",
    "short: 2026-1-5",
    "yes: key",
    "null: key",
    '"quoted key": x',
    "merge: <<",
    "list:\n  - a\n    - b",
    "list:\n  - a\n - b",
    "tab:\tvalue",
    "key: [a, [b]]",
    "key: [a, b",
    "key: ['it''s']",
    "key: ['a' 'b']",
    "key: ['a',]",
    "key: [a, , b]",
    "key: ['a'] # c",
    'key: ["a\\"b"]',
    "key: ['a'b]",
    "key: [[a], 'b']",
    "with: ['[[Ann\x85Lee]]']",  # NEL, LS, PS: line breaks to YAML
    "with: ['[[Ann\u2028Lee]]']",
    "name: 'Ann\u2029Lee'",
    "key: [a?]",
    "key: [\xa0a]",
    "key: {a: 1}",
    "key: value\n- item",
    "plain: see [[Bob]]",
    "bell: \x07",
    "- just a list",
    "key:value",
]


@pytest.mark.parametrize("text", ACCEPTED)
def test_simple_shapes_are_read_as_pyyaml_reads_them(text: str) -> None:
    assert check(text) is not None


@pytest.mark.parametrize("text", GIVE_UP)
def test_anything_else_is_left_to_pyyaml(text: str) -> None:
    assert check(text) is None


def frontmatters(root: Path) -> list[list[str]]:
    found = []
    for path in sorted(root.rglob("*.md")):
        text = path.read_bytes().decode("utf-8", "replace").lstrip("\ufeff")
        lines = [line.rstrip("\r") for line in text.split("\n")]
        bounds = split_frontmatter(lines)
        if bounds is not None:
            found.append(lines[bounds[0] : bounds[1]])
    return found


def test_every_note_of_the_sample_and_a_generated_vault(tmp_path: Path) -> None:
    generate(tmp_path / "vault", 150, 600, seed=3)
    accepted = 0
    for lines in frontmatters(ROOT / "sample-vault") + frontmatters(tmp_path / "vault"):
        try:
            expected = pyyaml(lines)
        except Exception:  # broken YAML: the fast path must not answer
            assert simple_yaml(lines) is None, lines
            continue
        fast = simple_yaml(lines)
        if fast is not None:
            accepted += 1
            assert fast == expected, lines
    assert accepted > 600  # the fast path does take the common notes


FLOW_PARTS = st.sampled_from(
    [
        *("a", "Bo", "[[Ann]]", "[", "]", "'", '"', ",", ":", "#", " ", "\\", "1", "-", "yes"),
        *("?", "~", "x y", "\t", "\xa0", "\x85", "\u2028", "\u2029"),
    ]
)


@settings(max_examples=examples(400))
@given(st.lists(st.lists(FLOW_PARTS, max_size=6).map("".join), max_size=5), st.booleans())
def test_one_line_flow_lists_are_read_as_pyyaml_reads_them(items: list[str], quote: bool) -> None:
    """Flow lists of odd items, quoted or not: what the fast path answers, PyYAML answers."""
    shown = [f"'{item}'" if quote and "'" not in item else item for item in items]
    text = "key: [" + ", ".join(shown) + "]"
    try:
        pyyaml([text])
    except yaml.YAMLError:
        assert simple_yaml([text]) is None, text
        return
    check(text)
