"""Hostile templates (bench/sandbox.py's payloads: issue 16's allocation amplifiers, iteration
bombs, internals) are each refused in under a second of CPU time and under 100 MB, measured in a
subprocess whose address space is capped, so an escape fails the test instead of the machine."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from vaultnet.errors import TemplateProblem
from vaultnet.templating.environment import Templates

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def rows() -> list[dict[str, object]]:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench/sandbox.py"), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_every_payload_is_refused(rows: list[dict[str, object]]) -> None:
    assert len(rows) >= 40
    assert [r["payload"] for r in rows if not r["refused"]] == []


def test_every_payload_is_refused_within_a_second(rows: list[dict[str, object]]) -> None:
    assert [r["payload"] for r in rows if float(r["seconds"]) >= 1.0] == []  # type: ignore[arg-type]


def test_every_payload_is_refused_within_100_mb(rows: list[dict[str, object]]) -> None:
    assert [r["payload"] for r in rows if float(r["peak_mb"]) >= 100] == []  # type: ignore[arg-type]


def test_sizes_are_refused_before_they_are_built(rows: list[dict[str, object]]) -> None:
    by_name = {r["payload"]: r["message"] for r in rows}
    assert by_name["format width from an argument"] == (
        "str.format() would build more than 5,000,000 characters"
    )
    assert by_name["indent by string"] == (
        "the indent filter would build more than 5,000,000 characters"
    )
    assert by_name["batch filled"] == "the batch filter would build more than 200,000 items"
    assert by_name["map(attribute='__class__')"] == (
        "access to attribute '__class__' of 'str' object is unsafe."
    )


def render(tmp_path: Path, source: str, context: dict[str, object] | None = None) -> str:
    (tmp_path / "Templates/vaultnet").mkdir(parents=True, exist_ok=True)
    (tmp_path / "Templates/vaultnet/t.md.j2").write_text(source, encoding="utf-8")
    return Templates(tmp_path).render("t", context or {})


def test_loop_turns_are_counted_over_any_iterable(tmp_path: Path) -> None:
    source = "{% for a in 'x' * 1000 %}{% for b in 'x' * 1000 %}{% for c in 'xy' %}{% endfor %}{% endfor %}{% endfor %}"
    with pytest.raises(TemplateProblem) as info:
        render(tmp_path, source)
    assert str(info.value).endswith(
        "refused by the template sandbox: more than 1,000,000 loop turns and items in one render"
    ) or str(info.value).endswith("more than 0.5 s of CPU time")


def test_an_undefined_attribute_is_refused_not_printed(tmp_path: Path) -> None:
    with pytest.raises(TemplateProblem) as info:
        render(tmp_path, "{{ [1] | map(attribute='__class__') | join }}")
    assert "[Undefined]" not in str(info.value)
    assert str(info.value).endswith("access to attribute '__class__' of 'int' object is unsafe.")


def test_real_sizes_still_render(tmp_path: Path) -> None:
    people = [{"name": f"Person {i}", "tags": ["a", "b"]} for i in range(20_000)]
    source = (
        "{{ people | map(attribute='name') | join(', ') | length }} "
        "{% for p in people %}{% for t in p.tags %}{% endfor %}{% endfor %}"
        "{{ ('x' * 1000).replace('x', 'yy') | length }} {{ '{0:>{1}}'.format('x', '20') }}|"
        "{{ people[:3] | map(attribute='name') | list }}"
    )
    assert render(tmp_path, source, {"people": people}) == (
        f"{len(', '.join(p['name'] for p in people))} 2000                    x|"
        "['Person 0', 'Person 1', 'Person 2']"
    )
