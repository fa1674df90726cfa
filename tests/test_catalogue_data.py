"""The catalogue's data files ship parsed, and the parsed copies are those of the shipped YAML."""

from __future__ import annotations

import json

import pytest

from facilitation.catalogue.countries import (
    TERRITORIES_FILE,
    cldr_territory_codes,
    find_country_code,
)
from facilitation.catalogue.files import (
    _read_parsed,
    find_data_folder,
    is_parsed_current,
    list_data_files,
    parse_data,
    read_data,
)

REGENERATE = (
    'python -c "from facilitation.catalogue.files import write_parsed_data; write_parsed_data()"'
)


def test_every_yaml_file_of_the_catalogue_is_listed() -> None:
    names = {"/".join(parts) for parts in list_data_files()}
    assert {"methods.yaml", "methodology.yaml", "labels/en.yaml", "codes.yaml"} <= names


@pytest.mark.parametrize("parts", list_data_files(), ids="/".join)
def test_the_parsed_copy_is_current(parts: tuple[str, ...]) -> None:
    assert is_parsed_current(parts), f"data/{'/'.join(parts)} changed: run {REGENERATE}"


@pytest.mark.parametrize("parts", list_data_files(), ids="/".join)
def test_read_data_gives_what_the_yaml_says(parts: tuple[str, ...]) -> None:
    assert read_data(*parts) == parse_data(*parts)


def test_a_copy_parsed_from_other_bytes_is_not_used() -> None:
    assert _read_parsed(("methods.yaml",), "0" * 64) is None
    assert _read_parsed(("no-such-file.yaml",), "0" * 64) is None


def test_the_shipped_territory_codes_are_cldrs() -> None:
    shipped = json.loads(find_data_folder(TERRITORIES_FILE).read_bytes())["alpha3"]
    assert shipped == cldr_territory_codes(), (
        "Babel's CLDR changed: run python -c "
        '"from facilitation.catalogue.countries import write_territory_codes; '
        'write_territory_codes()"'
    )


def test_codes_are_found_without_babel() -> None:
    assert find_country_code("SRB") == "RS"
    assert find_country_code("rs") == "RS"
    assert find_country_code("XKK") == "XK"
    assert find_country_code("QQ") is None
