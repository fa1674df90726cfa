"""Did you mean ...? The closest of a few known words to a word the user typed."""

from __future__ import annotations

import difflib
import re


def normalise_word(value: str) -> str:
    """Lowercase, and turn spaces and underscores into hyphens: ``Building and Formalising``."""
    return re.sub(r"[\s_]+", "-", value.strip().lower())


def find_closest(word: str, choices: list[str], n: int = 3) -> list[str]:
    """The choices that look most like ``word``, best first (empty when none is close)."""
    folded = {normalise_word(choice): choice for choice in choices}
    matches = difflib.get_close_matches(normalise_word(word), list(folded), n=n, cutoff=0.6)
    if not matches:
        # NOTE: a prefix often names the method the user meant ("world" -> "world-cafe").
        matches = [key for key in folded if key.startswith(normalise_word(word))][:n]
    if not matches:
        # A misspelt first word names a long id: "buildng" -> "building-and-formalizing".
        first_words = {key.split("-")[0]: key for key in folded if "-" in key}
        near = difflib.get_close_matches(normalise_word(word), list(first_words), n=n, cutoff=0.75)
        matches = [first_words[match] for match in near]
    return [folded[match] for match in matches]


def did_you_mean(word: str, choices: list[str], otherwise: str | None = None) -> str | None:
    """A hint naming the choice closest to ``word``, else ``otherwise``."""
    near = find_closest(word, choices)
    return f"did you mean `{near[0]}`?" if near else otherwise
