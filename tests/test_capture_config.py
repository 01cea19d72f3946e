"""`[me]` in vaultnet.toml: who "me" is for the captures."""

from __future__ import annotations

import pytest

from vaultnet.config import Config, config_from_dict
from vaultnet.errors import BadConfig


def test_me_defaults_to_nobody() -> None:
    assert (Config().me_emails, Config().me_linkedin) == ((), "")


def test_me_read_and_tidied() -> None:
    config = config_from_dict(
        {"me": {"emails": [" Me@Mine.example ", "me@work.example"], "linkedin": " x "}}
    )
    assert config.me_emails == ("me@mine.example", "me@work.example")
    assert config.me_linkedin == "x"
    assert config_from_dict({"me": {"emails": "me@mine.example"}}).me_emails == ("me@mine.example",)


@pytest.mark.parametrize(
    ("me", "message"),
    [
        ({"emails": ["not an address"]}, r"\[me\] emails must be a list of email addresses"),
        ({"emails": 3}, r"\[me\] emails must be a list"),
        ({"linkedin": ["a"]}, r"\[me\] linkedin must be a string"),
        ({"email": []}, r"unknown key 'email' in \[me\]"),
    ],
)
def test_bad_me_names_the_key(me: dict[str, object], message: str) -> None:
    with pytest.raises(BadConfig, match=message):
        config_from_dict({"me": me}, "vaultnet.toml")
