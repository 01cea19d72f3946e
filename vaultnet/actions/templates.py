"""Copying a packaged template into the vault, to edit it there (`templates --copy`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vaultnet.errors import RefusedEdit, TemplateProblem

if TYPE_CHECKING:
    from vaultnet.network.vault import Vault
    from vaultnet.templating.environment import Templates


def copy_template(vault: Vault, found: Templates, name: str) -> str:
    """Copy packaged template `name` into the vault's templates folder, under the vault lock and
    never over an existing file. Returns the copy's path in the vault."""
    from vaultnet.fs.atomic import atomic_write
    from vaultnet.fs.lock import vault_lock
    from vaultnet.fs.paths import vault_path
    from vaultnet.templating.environment import template_file_name

    file_name = template_file_name(name)
    if file_name not in found.packaged:
        available = ", ".join(sorted(n.removesuffix(".md.j2") for n in found.packaged))
        raise TemplateProblem(f"no packaged template named {name!r}. Packaged: {available}")
    rel = f"{vault.config.templates_folder}/{file_name}"
    with vault_lock(vault.root):
        # not create_note: a template is not a note, and its frontmatter is Jinja, not YAML
        path = vault_path(vault.root, rel)
        if path.exists() or path.is_symlink():
            raise RefusedEdit(f"{rel} already exists; edit it there (not overwriting it)")
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, found.packaged[file_name].encode("utf-8"))
    return rel
