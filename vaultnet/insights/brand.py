"""Your brand: the words and phrases that recur in what people say about you, from notes tagged
`#feedback` (in `tags:` or in the text) and log lines tagged `#feedback`."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaultnet.insights.intros import STOP_WORDS
from vaultnet.notes.record import PERSON
from vaultnet.text.links import as_list, fold, plain

if TYPE_CHECKING:
    from collections.abc import Callable

    from vaultnet.network.vault import Vault

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_FEEDBACK = re.compile(r"(?<![\w&])#feedback\b", re.IGNORECASE)


@dataclass(frozen=True)
class Brand:
    sources: int  # feedback notes and log lines read
    words: list[tuple[str, int]]
    phrases: list[tuple[str, int]]


def body_lines(text: str) -> list[str]:
    """The lines of a note's body that say something: no frontmatter, headings or blank lines,
    bullets and task boxes stripped."""
    lines = text.lstrip("\ufeff").splitlines()
    if lines and lines[0].strip() == "---":
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)
        lines = lines[end + 1 :]
    out = []
    for line in lines:
        line = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[.\]\s+)?", "", line).strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def feedback_texts(vault: Vault, read: Callable[[str], str]) -> list[str]:
    """The text of every feedback source: each line of a note tagged `feedback` (its file read
    with `read(path)`), and each log line or personal detail tagged #feedback elsewhere."""
    texts = []
    for path in sorted(vault.notes):
        note = vault.notes[path]
        tags = {fold(t.lstrip("#")) for t in as_list(note.fields.get("tags"))}
        if "feedback" in tags:
            texts.extend(body_lines(read(path)))
            continue
        if "feedback" in note.summary.tags:  # else no log line has the tag: none is read
            texts.extend(e.text for e in note.log if "feedback" in e.tags)
        if note.kind == PERSON:  # personal details are a person note's (vaultnet.notes.parse)
            texts.extend(d for d in note.details if _FEEDBACK.search(d))
    return [plain(t) for t in texts if plain(t)]


def brand(vault: Vault, read: Callable[[str], str], limit: int = 15) -> Brand:
    """The words (stop words dropped) and the two- and three-word phrases (not starting or ending
    with a stop word) that recur: counted once per source, at least twice."""
    word_counts: Counter[str] = Counter()
    phrase_counts: Counter[str] = Counter()
    texts = feedback_texts(vault, read)
    for text in texts:
        tokens = [w.lower().strip("'’-") for w in _WORD.findall(text)]
        tokens = [t for t in tokens if t]
        word_counts.update(
            {t for t in tokens if t not in STOP_WORDS and len(t) > 2 and t != "feedback"}
        )
        found = set()
        for size in (2, 3):
            for i in range(len(tokens) - size + 1):
                gram = tokens[i : i + size]
                if gram[0] in STOP_WORDS or gram[-1] in STOP_WORDS or "feedback" in gram:
                    continue
                found.add(" ".join(gram))
        phrase_counts.update(found)

    def top(counts: Counter[str]) -> list[tuple[str, int]]:
        kept = [(w, n) for w, n in counts.items() if n >= 2]
        return sorted(kept, key=lambda kv: (-kv[1], kv[0]))[:limit]

    return Brand(len(texts), top(word_counts), top(phrase_counts))
