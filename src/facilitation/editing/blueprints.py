"""Blueprints: reusable workshop files in ``agendas/``, and new workshops made from them.

A new workshop is the blueprint's text with a few values replaced in its ``workshop:`` mapping
(id, title, start, venue, country, language) and, when given, the programme file. Everything else
stays as the blueprint wrote it, comments included, so the new file teaches the format.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from facilitation.checking.analyse import analyse
from facilitation.editing.yaml_edit import find_content_end, find_value, insert_at_line_start, quote
from facilitation.errors import InputError, UserError, display_path
from facilitation.fileio import atomic_write
from facilitation.model.programme import Programme
from facilitation.reading.loader import Loader
from facilitation.resources import find_packaged
from facilitation.suggest import did_you_mean

_DESCRIPTION = re.compile(r"^#\s*blueprint:\s*(.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Blueprint:
    """A blueprint: its name (the file stem), what it is for, and its text."""

    name: str
    description: str
    text: str

    def default(self, key: str) -> str | None:
        """A value of the blueprint's ``workshop:`` mapping, as written."""
        root = yaml.compose(self.text, Loader=yaml.SafeLoader)
        workshop = find_value(root, "workshop") if isinstance(root, MappingNode) else None
        node = find_value(workshop, key) if isinstance(workshop, MappingNode) else None
        return str(node.value) if isinstance(node, ScalarNode) else None


def load_blueprints() -> list[Blueprint]:
    """Every packaged blueprint, by name."""
    found = []
    for item in sorted(find_packaged("agendas").iterdir(), key=lambda item: item.name):
        if not item.name.endswith((".yaml", ".yml")):
            continue
        text = item.read_text(encoding="utf-8")
        match = _DESCRIPTION.search(text)
        name = item.name.rsplit(".", 1)[0]
        found.append(Blueprint(name, match.group(1).strip() if match else "", text))
    return found


def find_blueprint(name: str) -> Blueprint:
    """The blueprint called ``name``; a clear error with the nearest names otherwise."""
    available = load_blueprints()
    for blueprint in available:
        if blueprint.name == name:
            return blueprint
    names = [blueprint.name for blueprint in available]
    raise UserError(
        f"there is no blueprint `{name}`",
        hint=did_you_mean(name, names, "blueprints: " + ", ".join(names)),
    )


def find_next_monday(today: dt.date | None = None) -> dt.date:
    """The Monday at least a week from ``today``: a sensible first date to plan for."""
    today = today or dt.date.today()
    return today + dt.timedelta(days=7 + (7 - today.weekday()) % 7)


def make_workshop_id(path: Path) -> str:
    """An id from a file name: ``Kick-off Serbia.yaml`` → ``kick-off-serbia``."""
    stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return (stem or "workshop")[:60]


#: The keys of a workshop whose values are ids of the facilitation team.
TEAM_KEYS = frozenset({"lead", "co_facilitators", "note_taker", "facilitator"})


def fill(
    blueprint: Blueprint,
    values: dict[str, str],
    programme: str | None,
    team: list[str] | None = None,
) -> str:
    """The blueprint's text with ``values`` set in ``workshop:`` and the programme file named.

    With ``team`` (the ids of the programme's team), the blueprint's placeholder team is
    dropped: ``programme:`` names only the file, and each placeholder id in the sessions
    becomes the programme's member in the same place of the team (the first is the lead).
    """
    text = blueprint.text
    newline = "\r\n" if "\r\n" in text else "\n"
    edits: list[tuple[int, int, str]] = []
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert isinstance(root, MappingNode)
    workshop = find_value(root, "workshop")
    assert isinstance(workshop, MappingNode)
    missing = []
    for key, value in values.items():
        node = find_value(workshop, key)
        written = quote(value) if key in ("title", "venue", "city", "subtitle") else value
        if isinstance(node, ScalarNode):
            edits.append((node.start_mark.index, node.end_mark.index, written))
        else:
            missing.append(f"{key}: {written}")
    if missing:
        column = workshop.value[0][0].start_mark.column
        position, block = insert_at_line_start(
            text,
            find_content_end(text, workshop),
            newline.join(" " * column + line for line in missing) + newline,
            newline,
        )
        edits.append((position, position, block))
    programme_node = find_value(root, "programme")
    if programme and team and isinstance(programme_node, MappingNode):
        key = next(k for k, v in root.value if v is programme_node)
        end = find_content_end(text, programme_node)
        edits.append((key.start_mark.index, end, f"programme: {quote(programme)}{newline}"))
        mapping = _map_team(programme_node, team)
        for other_key, value in root.value:
            if other_key is not key:
                edits.extend(_team_edits(value, mapping))
    elif programme and isinstance(programme_node, MappingNode):
        name = find_value(programme_node, "name")
        name_key = next((k for k, v in programme_node.value if v is name), None)
        if isinstance(name_key, ScalarNode) and isinstance(name, ScalarNode):
            span = (name_key.start_mark.index, name.end_mark.index)
            edits.append((*span, f"file: {quote(programme)}"))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _map_team(programme: MappingNode, team: list[str]) -> dict[str, str]:
    """Each placeholder id of the blueprint's team → the programme's id in the same place."""
    placeholders = find_value(programme, "team")
    ids: list[str] = []
    if isinstance(placeholders, SequenceNode):
        for member in placeholders.value:
            node = find_value(member, "id") if isinstance(member, MappingNode) else None
            if isinstance(node, ScalarNode):
                ids.append(node.value)
    return {old: team[index % len(team)] for index, old in enumerate(ids)}


def _team_edits(node: Node, mapping: dict[str, str]) -> list[tuple[int, int, str]]:
    """The edits that replace the placeholder ids under ``node`` in :data:`TEAM_KEYS`."""
    edits: list[tuple[int, int, str]] = []
    if isinstance(node, SequenceNode):
        for item in node.value:
            edits.extend(_team_edits(item, mapping))
    if not isinstance(node, MappingNode):
        return edits
    for key, value in node.value:
        if isinstance(key, ScalarNode) and key.value in TEAM_KEYS:
            items = value.value if isinstance(value, SequenceNode) else [value]
            for item in items:
                if isinstance(item, ScalarNode) and item.value in mapping:
                    span = (item.start_mark.index, item.end_mark.index)
                    edits.append((*span, mapping[item.value]))
        else:
            edits.extend(_team_edits(value, mapping))
    return edits


def read_programme(path: Path) -> Programme:
    """The programme file a new workshop will name; refused when it does not check.

    Raises:
        UserError: the file does not exist.
        InputError: the programme has errors.
    """
    if not path.is_file():
        raise UserError(f"the programme file {display_path(path)} does not exist")
    found, diagnostics = Loader().load_programme(path)
    if found is None:
        raise InputError([d for d in diagnostics if d.is_error] or diagnostics)
    return found


def list_programme_countries(path: Path) -> list[str]:
    """The codes of the programme's countries (empty: any country)."""
    return [country.code for country in read_programme(path).countries]


def propose_defaults(blueprint: Blueprint, target: Path) -> dict[str, str]:
    """What a new workshop at ``target`` says when it is told nothing: the blueprint's values.

    Raises:
        UserError: ``target`` exists (before anyone is asked anything about it).
    """
    _refuse_existing(target)
    return {
        "title": blueprint.default("title") or "",
        "start": find_next_monday().isoformat(),
        "venue": blueprint.default("venue") or "",
        "country": "",
        "language": blueprint.default("language") or "en",
    }


def create(
    target: Path, blueprint: Blueprint, given: dict[str, str | None], programme: Path | None
) -> None:
    """Write a new workshop at ``target`` from ``blueprint``; never overwrite a file.

    ``given`` holds the values the user gave (``None``: take the blueprint's); ``programme`` is
    the programme file the workshop names instead of the blueprint's placeholder team.

    Raises:
        UserError: ``target`` exists, the programme file does not, or the folder cannot be
            written.
        InputError: the new workshop would not pass ``check`` (e.g. a country not in the
            programme); nothing is written.
    """
    defaults = propose_defaults(blueprint, target)
    values: dict[str, str] = {}
    for key, value in given.items():
        chosen = defaults.get(key, "") if value is None else value
        if chosen:
            values[key] = chosen.upper() if key == "country" else chosen
    values["id"] = make_workshop_id(target)
    reference = None
    team = None
    if programme is not None:
        team = [member.id for member in read_programme(programme).team]
        relative = os.path.relpath(programme.resolve(), target.resolve().parent)
        reference = Path(relative).as_posix()
    text = fill(blueprint, values, reference, team)
    loader = Loader()
    loader.preload(target, text)
    errors = [d for d in analyse(target, loader).diagnostics if d.is_error]
    if errors:
        raise InputError(errors)
    atomic_write(target, text.encode("utf-8"), exclusive=True, keep_mode=False)


def _refuse_existing(target: Path) -> None:
    if target.exists():
        raise UserError(
            f"{display_path(target)} already exists; it was left as it is",
            hint="choose another file name",
        )
