"""Reading YAML exactly as written, and refusing what must not be read."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from facilitation import codes
from facilitation.textfile import MAX_FILE_BYTES
from facilitation.yaml_source import load_yaml_file, parse_yaml


@pytest.fixture(autouse=True, params=["libyaml", "pure-python"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test runs with libyaml's composer and with the pure-Python fallback."""
    import yaml

    if request.param == "pure-python":
        monkeypatch.setattr(yaml, "__with_libyaml__", False)
    elif not yaml.__with_libyaml__:
        pytest.skip("libyaml is not installed")
    return str(request.param)


def read(text: str) -> object:
    parsed = parse_yaml(text, "t.yaml")
    assert parsed.ok, parsed.diagnostics
    return parsed.data


def problems(text: str) -> list[tuple[str, int | None, int | None]]:
    parsed = parse_yaml(text, "t.yaml")
    assert parsed.data is None
    return [(d.code, d.location.line, d.location.column) for d in parsed.diagnostics]


@pytest.mark.parametrize(
    ("written", "read_as"),
    [
        ("9:00", "9:00"),
        ("09:30", "09:30"),
        ("14:30", "14:30"),
        ("no", "no"),
        ("NO", "NO"),
        ("yes", "yes"),
        ("off", "off"),
        ("2024-05-01", "2024-05-01"),
        ("01067", "01067"),
        ("1.10", "1.10"),
        ("'quoted: yes'", "quoted: yes"),
        ("~", None),
        ("null", None),
        ("''", ""),
        ("", None),
    ],
)
def test_scalars_stay_the_text_that_was_typed(written: str, read_as: object) -> None:
    assert read(f"value: {written}\n") == {"value": read_as}


def test_positions_of_keys_and_items() -> None:
    parsed = parse_yaml("days:\n  - start: 9:00\n    end: 17:00\n", "t.yaml")
    assert parsed.source.locate(("days", 0, "end")).line == 3
    assert parsed.source.locate(("days", 0, "end")).column == 10
    assert parsed.source.locate(("days", 0, "end"), key=True).column == 5
    # a missing path falls back to the nearest ancestor
    assert parsed.source.locate(("days", 0, "sessions", 3)).line == 2


def test_duplicate_key_names_both_lines() -> None:
    parsed = parse_yaml("a: 1\nb: 2\na: 3\n", "t.yaml")
    assert [(d.code, d.location.line) for d in parsed.diagnostics] == [(codes.DUPLICATE_KEY, 3)]
    assert "first on line 1" in parsed.diagnostics[0].message


def test_tab_in_indentation_says_so() -> None:
    parsed = parse_yaml("workshop:\n\tid: x\n", "t.yaml")
    assert [(d.code, d.location.line) for d in parsed.diagnostics] == [(codes.TAB_INDENT, 2)]
    assert "tab" in parsed.diagnostics[0].message


def test_unclosed_quote_points_at_the_opening_quote() -> None:
    assert problems("title: 'Welcome\nminutes: 5\n") == [(codes.YAML_SYNTAX, 1, 8)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [(codes.NOT_A_MAPPING, 1, 1)]),
        ("- one\n- two\n", [(codes.NOT_A_MAPPING, 1, 1)]),
        ("This is a sentence.\n", [(codes.NOT_A_MAPPING, 1, 1)]),
        ("a: 1\n---\nb: 2\n", [(codes.MANY_DOCUMENTS, 2, 1)]),
        ("a: &x {b: 1}\nc:\n  <<: *x\n", [(codes.BAD_KEY, 3, 3)]),
        ("? [a, b]\n: c\n", [(codes.BAD_KEY, 1, 3)]),
    ],
)
def test_shapes_that_are_not_a_mapping_of_keys(text: str, expected: list[object]) -> None:
    assert problems(text) == expected


def test_python_tags_are_refused_not_constructed() -> None:
    found = problems("a: !!python/object/apply:os.system ['touch /tmp/pwned']\nb: !secret x\n")
    assert found == [(codes.TAG_NOT_ALLOWED, 1, 4), (codes.TAG_NOT_ALLOWED, 2, 4)]


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    started = time.perf_counter()
    found = problems("\n".join(lines) + "\n")
    elapsed = time.perf_counter() - started
    assert [code for code, *_ in found] == [codes.ALIAS_LIMIT]
    # NOTE: a generous bound that only a real expansion (seconds, gigabytes) would break.
    assert elapsed < 5


def test_small_aliases_are_fine() -> None:
    assert read("a: &x [1, 2]\nb: *x\n") == {"a": ["1", "2"], "b": ["1", "2"]}


def test_deep_nesting_is_refused() -> None:
    found = problems("a: " + "[" * 10_000 + "]" * 10_000 + "\n")
    assert [code for code, *_ in found] == [codes.TOO_DEEP]


def test_deep_block_nesting_is_refused() -> None:
    text = "".join("  " * depth + f"k{depth}:\n" for depth in range(200))
    found = problems(text)
    assert [code for code, *_ in found] == [codes.TOO_DEEP]


def test_control_character_in_the_file() -> None:
    assert problems("a: b\x00c\n") == [(codes.BAD_CHARACTERS, 1, 5)]


def test_invalid_utf8_names_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_bytes("title: Čačak\nvenue: ".encode() + b"Ni\xe8\n")
    parsed = load_yaml_file(path, "w.yaml")
    [diagnostic] = parsed.diagnostics
    assert (diagnostic.code, diagnostic.location.line, diagnostic.location.column) == (
        codes.NOT_UTF8,
        2,
        10,
    )
    assert "the byte at offset 24 (0xE8)" in diagnostic.message


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_yaml_file(path).data == {"a": "1"}


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: [" + b"1," * (MAX_FILE_BYTES // 2) + b"]\n")
    assert [d.code for d in load_yaml_file(path).diagnostics] == [codes.FILE_TOO_LARGE]


def test_missing_file(tmp_path: Path) -> None:
    assert [d.code for d in load_yaml_file(tmp_path / "nope.yaml").diagnostics] == [
        codes.FILE_NOT_FOUND
    ]
