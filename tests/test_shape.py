"""The shape of the code: short functions, one-way imports, no dead type ignores."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src" / "facilitation"
#: A function longer than this is two functions (style.md).
LONGEST_FUNCTION = 60


def _functions() -> list[tuple[str, int]]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                found.append((f"{path.relative_to(SOURCE)}:{node.lineno} {node.name}", length))
    return found


def test_the_function_finder_sees_the_package() -> None:
    names = {name.split(" ")[1] for name, _ in _functions()}
    assert {"build_schedule", "parse_yaml", "check_workshop"} <= names


def test_no_function_is_longer_than_60_lines() -> None:
    long = [
        f"{name} ({length} lines)" for name, length in _functions() if length > LONGEST_FUNCTION
    ]
    assert not long, "split these functions:\n" + "\n".join(long)


def test_no_argument_type_is_silenced() -> None:
    silenced = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in sorted(SOURCE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "type: ignore[arg-type]" in line
    ]
    assert not silenced, silenced
