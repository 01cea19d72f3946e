"""The template environment: lookup and overrides, the sandbox and its limits, error messages,
filters, and the packaged templates in a built wheel."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
import zipfile
from datetime import date
from pathlib import Path

import pytest

from vaultnet.actions.prep import intro_context, newsletter_context, prep_context, select_segment
from vaultnet.errors import TemplateProblem
from vaultnet.network.vault import Vault
from vaultnet.templating.environment import Templates, template_file_name

ROOT = Path(__file__).resolve().parent.parent
PACKAGED = ["due", "followup", "informational", "intro", "newsletter", "person", "prep"]


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    (tmp_path / "Templates/vaultnet").mkdir(parents=True)
    return tmp_path


def write(vault: Path, name: str, source: str) -> None:
    (vault / "Templates/vaultnet" / f"{name}.md.j2").write_text(source, encoding="utf-8")


def render(vault: Path, source: str, context: dict[str, object] | None = None) -> str:
    write(vault, "t", source)
    return Templates(vault).render("t", context or {})


def problem(vault: Path, source: str, context: dict[str, object] | None = None) -> str:
    with pytest.raises(TemplateProblem) as info:
        render(vault, source, context)
    return str(info.value)


# Finding templates -----------------------------------------------------------------------------
def test_packaged_templates_are_found_without_a_vault() -> None:
    templates = Templates(None)
    assert [t.name for t in templates.available()] == PACKAGED
    assert all(t.origin == "packaged" for t in templates.available())


def test_vault_file_overrides_the_packaged_one(vault: Path) -> None:
    write(vault, "newsletter", "mine: {{ segment }}\n")
    templates = Templates(vault)
    assert templates.render("newsletter", {"segment": "core"}) == "mine: core\n"
    info = {t.name: t for t in templates.available()}["newsletter"]
    assert (info.origin, info.path, info.overrides) == (
        "vault",
        "Templates/vaultnet/newsletter.md.j2",
        True,
    )


def test_templates_folder_from_config(tmp_path: Path) -> None:
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl/prep.md.j2").write_text("x\n", encoding="utf-8")
    assert Templates(tmp_path, "tpl").render("prep", {}) == "x\n"


def test_names(vault: Path) -> None:
    assert template_file_name("prep") == "prep.md.j2"
    assert template_file_name("prep.md.j2") == "prep.md.j2"
    for bad in ("../prep", "a/b", "", ".."):
        with pytest.raises(TemplateProblem, match="bad template name"):
            template_file_name(bad)


def test_unknown_name_lists_the_available(vault: Path) -> None:
    write(vault, "coffee", "x")
    with pytest.raises(TemplateProblem) as info:
        Templates(vault).render("tea", {})
    assert str(info.value) == (
        "no template named 'tea'. Available: coffee, due, followup, informational, intro, "
        "newsletter, person, prep"
    )


def test_symlink_leading_outside_is_refused(
    vault: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.md.j2"
    outside.write_text("secret\n", encoding="utf-8")
    (vault / "Templates/vaultnet/prep.md.j2").symlink_to(outside)
    with pytest.raises(TemplateProblem) as info:
        Templates(vault).render("prep", {})
    assert str(info.value) == (
        "Templates/vaultnet/prep.md.j2: refused: it leads outside the vault (a symlink?)"
    )


def test_not_utf8(vault: Path) -> None:
    (vault / "Templates/vaultnet/prep.md.j2").write_bytes(b"caf\xe9\n")
    with pytest.raises(TemplateProblem, match=r"^Templates/vaultnet/prep\.md\.j2: not UTF-8 text$"):
        Templates(vault).render("prep", {})


def test_include_and_import_use_the_same_lookup(vault: Path) -> None:
    write(vault, "part", "{% macro hi(n) %}hi {{ n }}{% endmacro %}")
    assert render(vault, '{% import "part" as p %}{{ p.hi("Jo") }}\n') == "hi Jo\n"
    message = problem(vault, 'a\n{% include "../../etc/passwd" %}\n')
    assert message.startswith(
        "Templates/vaultnet/t.md.j2:2: no template named '../../etc/passwd' to include. Available: "
    )


# Errors name the template file and line ------------------------------------------------------
def test_syntax_error(vault: Path) -> None:
    assert problem(vault, "ok\n{% if %}\n") == (
        "Templates/vaultnet/t.md.j2:2: syntax error: Expected an expression, got 'end of "
        "statement block'"
    )


def test_undefined_is_strict(vault: Path) -> None:
    assert problem(vault, "a\nb\n{{ person.nickname }}\n", {"person": {"name": "x"}}) == (
        "Templates/vaultnet/t.md.j2:3: 'dict object' has no attribute 'nickname' (the variables "
        "each template gets are listed in the README, under Templates)"
    )


def test_error_inside_an_included_template_names_that_template(vault: Path) -> None:
    write(vault, "part", "one\ntwo {{ missing }}\n")
    assert problem(vault, '{% include "part" %}\n').startswith(
        "Templates/vaultnet/part.md.j2:2: 'missing' is undefined"
    )


def test_runtime_error(vault: Path) -> None:
    assert problem(vault, "{{ 1 / 0 }}") == (
        "Templates/vaultnet/t.md.j2:1: ZeroDivisionError: division by zero"
    )


# The sandbox -------------------------------------------------------------------------------------
REFUSED = "Templates/vaultnet/t.md.j2:1: refused by the template sandbox: "


@pytest.mark.parametrize(
    ("source", "why"),
    [
        (
            "{{ ''.__class__.__mro__ }}",
            "access to attribute '__class__' of 'str' object is unsafe.",
        ),
        (
            "{{ ''|attr('__class__') }}",
            "access to attribute '__class__' of 'str' object is unsafe.",
        ),
        (
            "{{ cycler.__init__.__globals__ }}",
            "access to attribute '__init__' of 'type' object is unsafe.",
        ),
        (
            "{{ namespace.__init__.__globals__['os'] }}",
            "access to attribute '__init__' of 'type' object is unsafe.",
        ),
        (
            "{% set l = [1] %}{{ l.append(2) }}",
            "access to attribute 'append' of 'list' object is unsafe.",
        ),
        (
            "{{ person.update({'name': 'x'}) }}",
            "access to attribute 'update' of 'dict' object is unsafe.",
        ),
        (
            "{{ '{0.__class__}'.format('') }}",
            "access to attribute '__class__' of 'str' object is unsafe.",
        ),
    ],
)
def test_escapes_are_refused(vault: Path, source: str, why: str) -> None:
    assert problem(vault, source, {"person": {"name": "x"}}) == REFUSED + why


@pytest.mark.parametrize(
    ("source", "why"),
    [
        ("{% for i in range(10**9) %}{% endfor %}", "number 1000000000 is larger than 1,000,000"),
        (
            "{% for i in range(20000) %}{% endfor %}",
            "range() of 20,000 items is larger than 10,000",
        ),
        (
            "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
            "more than 100,000 range() items in one render",
        ),
        (
            "{{ 'a' * 1000000000 }}",
            "repeating a value 1000000000 times would build more than 5,000,000 characters",
        ),
        (
            "{{ [0] * 10000000 }}",
            "repeating a value 10000000 times would build more than 200,000 items",
        ),
        ("{{ 10 ** 100000 }}", "power too large"),
        (
            "{% set ns = namespace(n=3) %}{% for i in range(64) %}{% set ns.n = ns.n * ns.n %}"
            "{% endfor %}",
            "product too large",
        ),
        (
            "{{ 'a'|center(1000000000) }}",
            "the center filter would build more than 5,000,000 characters",
        ),
        ("{{ 'a'.ljust(1000000000) }}", "str.ljust() would build more than 5,000,000 characters"),
        ("{{ '%0999999999d' % 1 }}", "the % operator would build more than 5,000,000 characters"),
        (
            "{{ '%0999999999d'|format(1) }}",
            "the format filter would build more than 5,000,000 characters",
        ),
        (
            "{{ '{:>999999999}'.format(1) }}",
            "str.format() would build more than 5,000,000 characters",
        ),
        (
            "{% set ns = namespace(s='ab') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}"
            "{% endfor %}",
            "joining values with ~ would build more than 5,000,000 characters",
        ),
        (
            "{% macro f(s) %}{{ f(s ~ s) }}{% endmacro %}{{ f('a') }}",
            "joining values with ~ would build more than 5,000,000 characters",
        ),
        (
            "{% macro f(l, n) %}{% if n %}{{ f([l, l], n - 1) }}{% else %}{{ l }}{% endif %}"
            "{% endmacro %}{{ f(['x'], 60) }}",
            "a value of more than 200,000 items",
        ),
    ],
)
def test_resource_limits(vault: Path, source: str, why: str) -> None:
    assert problem(vault, source) == REFUSED + why


def test_macro_calls_are_counted(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vaultnet.templating.limits.MAX_MACRO_CALLS", 1000)  # 50,000 takes seconds
    source = (
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(30) }}"
    )
    assert problem(vault, source) == REFUSED + "more than 1,000 macro calls in one render"


def test_huge_output_is_refused(vault: Path) -> None:
    source = "{% for i in range(1000) %}{% for j in range(100) %}{{ 'x' * 1000 }}{% endfor %}{% endfor %}"
    assert problem(vault, source) == (
        "Templates/vaultnet/t.md.j2: refused by the template sandbox: output longer than "
        "10,000,000 characters"
    )


def test_endless_include_is_refused(vault: Path) -> None:
    write(vault, "t", '{% include "t" %}')
    with pytest.raises(TemplateProblem) as info:
        Templates(vault).render("t", {})
    assert str(info.value) == (
        "Templates/vaultnet/t.md.j2: refused by the template sandbox: recursion too deep"
    )


def test_limits_reset_between_renders(vault: Path) -> None:
    source = "{% for i in range(10000) %}{% endfor %}{{ 'ok' }}"
    write(vault, "t", source)
    templates = Templates(vault)
    for _ in range(20):  # 200,000 range items in all, 10,000 per render
        assert templates.render("t", {}) == "ok"


def test_big_data_passed_in_is_not_limited(vault: Path) -> None:
    people = [{"name": f"Person {i}", "email": f"p{i}@x.example" * 30} for i in range(20_000)]
    out = render(vault, "{{ people | map(attribute='name') | list | length }}", {"people": people})
    assert out == "20000"


def test_every_container_passed_in_is_trusted_and_nothing_else() -> None:
    from typing import NamedTuple

    from vaultnet.templating import limits

    class Pair(NamedTuple):
        a: object
        b: object

    inner = {"deep": [("x", 1), Pair(None, [True, 2.5])]}
    key = ("a", "tuple", "key")
    data = {"one": [inner, "text", 3], key: {}, "none": None}
    outside = [1, 2]
    with limits.render_limits(data):
        for container in (data, data["one"], inner, inner["deep"], *inner["deep"], data[key]):
            assert limits.trusted(container), container
        assert limits.trusted(inner["deep"][1].b)
        assert not limits.trusted(outside) and not limits.trusted(key)  # keys are not walked
    assert not limits.trusted(data)  # only during the render


def test_ordinary_jinja_still_works(vault: Path) -> None:
    source = (
        "{% set ns = namespace(n=0) %}{% for x in items %}{% set ns.n = ns.n + x %}{% endfor %}"
        "{{ ns.n }} {{ items | sum }} {{ '%05.1f' % 3.14159 }} {{ '{:>4}'.format(7) }} "
        "{{ 'ab' * 2 }} {{ 'x' ~ 1 }} {{ [1, 2] + [3] }} {{ 2 ** 10 }} {{ items | join('-') }}\n"
    )
    assert (
        render(vault, source, {"items": [1, 2, 3]})
        == "6 6 003.1    7 abab x1 [1, 2, 3] 1024 1-2-3\n"
    )


def test_blocks_leave_no_blank_lines(vault: Path) -> None:
    source = "a\n{% if x %}\nb\n{% endif %}\nc\n"
    assert render(vault, source, {"x": False}) == "a\nc\n"
    assert render(vault, source, {"x": True}) == "a\nb\nc\n"


# Filters and helpers -----------------------------------------------------------------------------
def test_filters(vault: Path) -> None:
    source = (
        "{{ 'Jane Doe' | link }} {{ '[[Bob]]' | link }} | {{ 'both hiring' | sentence }} | "
        "{{ ['a', 'b', 'c'] | and_list }} | {{ ['a'] | and_list }} | {{ plural(1, 'give') }}, "
        "{{ plural(2, 'person', 'people') }} | {{ 'Acme: Robotics' | yaml }} {{ ['x', 'b: c'] | yaml }}\n"
    )
    assert render(vault, source) == (
        "[[Jane Doe]] [[Bob]] | Both hiring. | a, b and c | a | 1 give, 2 people | "
        '"Acme: Robotics" [x, "b: c"]\n'
    )


# Contexts are plain data -------------------------------------------------------------------------
def test_contexts_are_plain_data() -> None:
    vault = Vault.open(ROOT / "sample-vault", date(2026, 11, 22), use_cache=False)
    jane, carlos = vault.find("jane"), vault.find("carlos")
    people, segment = select_segment(vault, circle="core")
    contexts = [
        prep_context(vault, jane),
        intro_context(vault, jane, carlos, "x"),
        newsletter_context(vault, people, segment),
    ]

    def plain(value: object) -> bool:
        if isinstance(value, dict):
            return all(isinstance(k, str) and plain(v) for k, v in value.items())
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return value is None or isinstance(value, (str, int, bool))

    for context in contexts:
        assert plain(context)
        json.dumps(context)


def test_every_packaged_template_renders_a_bare_person(tmp_path: Path) -> None:
    (tmp_path / "People").mkdir()
    (tmp_path / "People/Solo.md").write_text("", encoding="utf-8")
    (tmp_path / "People/Duo.md").write_text("", encoding="utf-8")
    vault = Vault.open(tmp_path, date(2026, 11, 22), use_cache=False)
    solo, duo = vault.find("Solo"), vault.find("Duo")
    templates = Templates(tmp_path)
    outputs = [
        templates.render(name, prep_context(vault, solo, name))
        for name in ("prep", "informational", "followup")
    ]
    outputs.append(templates.render("intro", intro_context(vault, solo, duo, "")))
    outputs.append(templates.render("newsletter", newsletter_context(vault, [solo], "everyone")))
    for text in outputs:
        assert "None" not in text
        assert "\n-\n" not in text and "\n- \n" not in text and "[[]]" not in text


# The packaged templates ship in a (non-editable) wheel -------------------------------------------
def test_wheel_contains_the_templates(tmp_path: Path) -> None:
    """Builds a wheel offline with the build backend pyproject.toml names, called the way pip
    calls it without build isolation (setuptools comes from this environment); pip itself,
    which starts the backend in processes of its own, took five times as long."""
    pytest.importorskip("setuptools")
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for folder in ("vaultnet", "templates"):
        shutil.copytree(
            ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    with (ROOT / "pyproject.toml").open("rb") as handle:
        backend = tomllib.load(handle)["build-system"]["build-backend"]
    build = "import importlib, sys; importlib.import_module(sys.argv[1]).build_wheel(sys.argv[2])"
    result = subprocess.run(
        [sys.executable, "-c", build, backend, str(tmp_path / "dist")],
        cwd=source,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = (tmp_path / "dist").glob("vaultnet-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in PACKAGED:
        assert f"vaultnet/templates/{template}.md.j2" in names
    assert "vaultnet/templates/__init__.py" in names
    # every module of the source tree ships: a package missing from pyproject's list fails here
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "vaultnet").rglob("*.py")}
    assert modules <= names, sorted(modules - names)
    assert "vaultnet/py.typed" in names
