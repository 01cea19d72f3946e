"""The README is the user's manual: every command of the command tree, and each of its long
options, is in its command reference; the quick start's test command is the one CI runs."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from vaultnet.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def reference(readme: str) -> str:
    """The command reference: from `## Commands` to the configuration."""
    start = readme.index("\n## Commands\n")
    return readme[start : readme.index("\n## Configuration", start)]


def walk(command: click.Command, path: tuple[str, ...], ctx: click.Context):  # type: ignore[no-untyped-def]
    yield path, command
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None, name
            yield from walk(sub, (*path, name), click.Context(sub, parent=ctx, info_name=name))


COMMANDS = list(walk(cli, (), click.Context(cli, info_name="vaultnet")))


def long_options(command: click.Command) -> list[str]:
    return sorted(
        {
            opt
            for param in command.params
            if isinstance(param, click.Option)
            for opt in (*param.opts, *param.secondary_opts)
            if opt.startswith("--")
        }
    )


def sections(text: str) -> list[tuple[str, str]]:
    """Each heading of the reference with its text, up to the next heading of its level or above
    (a `# ...` line inside a fenced example is not a heading)."""
    headings: list[tuple[int, int, str]] = []  # offset, level, title
    offset, fenced = 0, False
    for line in text.splitlines(keepends=True):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (heading := re.match(r"(#+) (.*)$", line)):
            headings.append((offset, len(heading.group(1)), heading.group(2)))
        offset += len(line)
    found = []
    for i, (start, level, title) in enumerate(headings):
        end = next((o for o, lv, _ in headings[i + 1 :] if lv <= level), len(text))
        found.append((title, text[start:end]))
    return found


def documenting(path: tuple[str, ...], text: str) -> str:
    """The text of the sections whose heading starts with the command: `name ...` for a command,
    `group sub ...` or `group a|sub|b ...` for a subcommand. The global options: the reference's
    opening, before its first command."""
    if not path:
        return text[: text.index("\n### ")]
    texts = []
    for heading, body in sections(text):
        code = re.match(r"`([^`]*)`", heading)
        if code is None:
            continue
        words = code.group(1).split()
        if words[0] != path[0]:
            continue
        if len(path) == 1 or (len(words) > 1 and path[1] in words[1].split("|")):
            texts.append(body)
    return "".join(texts)


@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=[" ".join(path) or "vaultnet" for path, _ in COMMANDS]
)
def test_every_command_and_long_option_is_in_the_command_reference(
    path: tuple[str, ...], command: click.Command
) -> None:
    text = documenting(path, reference(README))
    assert text, f"the README's command reference has no section for `{' '.join(path)}`"
    missing = [
        option
        for option in long_options(command)
        if not re.search(rf"{re.escape(option)}(?![\w-])", text)
    ]
    assert not missing, f"`{' '.join(path) or 'vaultnet'}` in the README lacks {missing}"


def test_the_walk_sees_subcommands_and_their_options() -> None:
    # what the test above relies on: the lazy groups open up, and options are found
    paths = {path: command for path, command in COMMANDS}
    assert ("import", "linkedin") in paths and ("suggest", "intros") in paths
    assert "--dry-run" in long_options(paths[("import", "linkedin")])
    assert "--today" in long_options(paths[()])


def test_a_missing_option_is_noticed() -> None:
    text = reference(README)
    cut = re.sub(r"--poll(?![\w-])", "--p0ll", text)
    assert re.search(r"--poll(?![\w-])", documenting(("watch",), text))
    assert not re.search(r"--poll(?![\w-])", documenting(("watch",), cut))


def test_the_quick_start_runs_the_test_command_ci_runs() -> None:
    quick_start = README[
        README.index("## Quick start") : README.index("\n## ", README.index("## Quick start") + 1)
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = re.search(r"^python -m pytest.*$", ci, re.MULTILINE)
    assert command is not None
    assert f"The test command is `{command.group(0)}`" in quick_start
    assert f".venv/bin/{command.group(0)}\n```" in quick_start
