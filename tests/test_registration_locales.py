"""Registration imports in every supported locale: countries, headings, answers, encodings.

The German fixture (``tests/fixtures/german``) is a German-speaking facilitator's folder: a
programme with Austrian and German partners, a kick-off in Vienna whose registrations are an
Excel export with German headings, and a follow-up in Berlin whose late registrations are a
CSV file saved by Excel on a German Windows computer (cp1252).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from conftest import BASE_WORKSHOP, REPO, analyse, dedent
from facilitation import codes
from facilitation.catalogue import countries
from facilitation.catalogue.countries import country_names, find_country_code, fold_name
from facilitation.catalogue.locales import LOCALES
from facilitation.cli.app import app
from facilitation.errors import Severity
from facilitation.model.programme import Programme
from facilitation.reading.participants import decode_export, fold
from facilitation.reading.participants.encoding import rank_encodings
from facilitation.reading.participants.synonyms import HEADING_SYNONYMS, HEADINGS_BY_LOCALE
from facilitation.reading.participants.values import field_value

GERMAN = REPO / "tests" / "fixtures" / "german"
WORKSHOP = BASE_WORKSHOP + "participants: people.csv\n"

#: The six Western Balkan countries, named as a programme names them: in English.
WESTERN_BALKANS = Programme.model_validate(
    {
        "name": "Western Balkans",
        "countries": [
            {"code": "AL", "name": "Albania"},
            {"code": "BA", "name": "Bosnia and Herzegovina"},
            {"code": "ME", "name": "Montenegro"},
            {"code": "MK", "name": "North Macedonia"},
            {"code": "RS", "name": "Serbia"},
            {"code": "XK", "name": "Kosovo*"},
        ],
    }
)


def people(report):  # type: ignore[no-untyped-def]
    [analysis] = report.analyses
    assert analysis.workshop is not None, report.diagnostics
    return analysis.workshop.participants


def report_for(write: Callable[..., Path], data: str | bytes, workshop: str = WORKSHOP):  # type: ignore[no-untyped-def]
    write("people.csv", data)
    return analyse(write("w.yaml", workshop))


# --- 1. countries as people write them -----------------------------------------------------------

SPELLINGS = [
    ("Srbija", "RS"),
    ("Србија", "RS"),
    ("SRB", "RS"),
    ("rs", "RS"),
    ("Serbien", "RS"),
    ("Shqipëri", "AL"),
    ("Shqiperia", "AL"),
    ("Shqipëria", "AL"),
    ("ALB", "AL"),
    ("Crna Gora", "ME"),
    ("Црна Гора", "ME"),
    ("Mali i Zi", "ME"),
    ("MNE", "ME"),
    ("Sjeverna Makedonija", "MK"),
    ("Северна Македонија", "MK"),
    ("Maqedonia e Veriut", "MK"),
    ("Macedonia", "MK"),
    ("Kosova", "XK"),
    ("Kosovë", "XK"),
    ("Kosovo*", "XK"),
    ("XKK", "XK"),
    ("Bosna i Hercegovina", "BA"),
    ("Bosnia & Herzegovina", "BA"),
    ("BiH", "BA"),
    ("Österreich", "AT"),
    ("OESTERREICH", "AT"),
    ("Austria", "AT"),
    ("AUT", "AT"),
    ("Deutschland", "DE"),
    ("Allemagne", "DE"),
    ("Njemačka", "DE"),
    ("Germania", "DE"),
    ("  deutschland ", "DE"),
]


@pytest.mark.parametrize(("written", "code"), SPELLINGS)
def test_a_country_is_found_as_people_write_it(written: str, code: str) -> None:
    assert find_country_code(written) == code


@pytest.mark.parametrize("written", ["Atlantis", "", "   ", "EU", "ZZ", "XX", "QO", "Balkans"])
def test_what_is_not_a_country_is_not_found(written: str) -> None:
    assert find_country_code(written) is None


@pytest.mark.parametrize(
    ("written", "code"),
    [(written, code) for written, code in SPELLINGS if code not in ("AT", "DE")],
)
def test_the_programme_knows_its_countries_by_every_spelling(written: str, code: str) -> None:
    assert WESTERN_BALKANS.country_code(written) == code


def test_the_programme_does_not_take_a_country_it_lacks() -> None:
    assert WESTERN_BALKANS.country_code("Österreich") is None
    assert WESTERN_BALKANS.country_code("AT") is None
    assert WESTERN_BALKANS.country_code("Atlantis") is None
    assert Programme(name="No countries").country_code("Serbia") is None


def test_the_other_names_are_the_countries_cldr_would_not_take_elsewhere() -> None:
    # Every alternative name folds to a name no other country has in any supported locale.
    for code, names in countries._OTHER_NAMES.items():
        assert code in ("AL", "BA", "ME", "MK", "RS", "XK")
        for name in names:
            assert find_country_code(name) == code, name
            assert name in country_names(code)


def test_country_names_come_in_every_locale_english_first() -> None:
    names = country_names("RS")
    assert names[0] == "Serbia"
    assert {"Srbija", "Србија", "Serbien", "Serbie", "Serbi"} <= set(names)


def test_names_fold_without_case_accents_or_punctuation() -> None:
    assert fold_name("Shqipëria") == fold_name("SHQIPERIA") == "shqiperia"
    assert fold_name("Kosovo*") == "kosovo"
    assert fold_name("Bosnia-Herzegovina") == fold_name("Bosnia & Herzegovina")
    assert fold_name("Đakovica") == "dakovica"


def test_codes_and_the_programmes_own_names_load_no_cldr_names(
    write: Callable[..., Path],
) -> None:
    countries._names.cache_clear()
    countries._find.cache_clear()
    report = report_for(
        write,
        "Name,Country\nAna,RS\nBesa,Kosovo\nDragan,serbia\nEmir,XK\n",
    )
    assert report.diagnostics == []
    assert countries._names.cache_info().currsize == 0
    report = report_for(write, "Name,Country\nAna,Србија\nBesa,Kosova\n")
    assert report.diagnostics == []
    assert countries._names.cache_info().currsize == 1


def test_a_known_country_the_programme_lacks_is_named_in_the_error(
    write: Callable[..., Path],
) -> None:
    report = report_for(write, "Name,Country\nAnna Huber,Österreich\n")
    [diagnostic] = report.diagnostics
    assert (diagnostic.code, diagnostic.location.line) == (codes.UNKNOWN_COUNTRY, 2)
    assert diagnostic.message == (
        "the country `Österreich` of Anna Huber is Austria (AT), which is not one of the "
        "programme's countries"
    )
    assert diagnostic.hint == (
        "the programme's countries: Serbia, Kosovo*; add AT under `countries:` in the programme "
        "if Austria takes part"
    )


def test_an_unknown_country_gets_the_closest_name_in_any_language(
    write: Callable[..., Path],
) -> None:
    report = report_for(write, "Name,Country\nAna,Srbia\nBesa,Србиа\nDana,Atlantis\n")
    assert [(d.code, d.location.line, d.hint) for d in report.diagnostics] == [
        (codes.UNKNOWN_COUNTRY, 2, "did you mean `Serbia`?"),
        (codes.UNKNOWN_COUNTRY, 3, "did you mean `Србија`?"),
        (codes.UNKNOWN_COUNTRY, 4, "countries: Serbia, Kosovo*"),
    ]
    assert report.diagnostics[0].message == (
        "the country `Srbia` of Ana is not one of the programme's countries"
    )


# --- 2. headings in every locale -----------------------------------------------------------------

#: A heading row and a participant in each supported locale (semicolons, as Excel writes them).
HEADINGS = {
    "en": "First name;Last name;Job title;Organisation;Country;E-mail address;Mobile phone",
    "de": "Vorname;Nachname;Funktion;Organisation;Land;E-Mail-Adresse;Telefon",
    "it": "Nome;Cognome;Qualifica;Ente;Paese;Indirizzo e-mail;Telefono",
    "fr": "Prénom;Nom;Fonction;Organisme;Pays;Courriel;Téléphone",
    "sr-Latn": "Ime;Prezime;Radno mesto;Ustanova;Zemlja;Elektronska pošta;Broj telefona",
    "sr-Cyrl": "Име;Презиме;Функција;Институција;Држава;Е-пошта;Телефон",
    "bs": "Ime;Prezime;Radno mjesto;Institucija;Država;E-mail adresa;Mobitel",
    "hr": "IME;PREZIME;Položaj;Tijelo;Drzava;E-pošta;Broj mobitela",
    "cnr": "Ime;Prezime;Funkcija;Institucija;Država;Adresa e-pošte;Mobilni telefon",
    "sq": "Emri;Mbiemri;Pozita;Institucioni;Shteti;Emaili;Numri i telefonit",
    "mk": "Име;Презиме;Работно место;Институција;Земја;Е-пошта;Мобилен телефон",
}
ROW = "Ana;Jovanović;Inspector;Police Directorate;Srbija;a@example.org;+381 11 000 0014"


def test_every_locale_has_a_heading_for_every_field() -> None:
    assert set(HEADINGS_BY_LOCALE) == set(LOCALES) == set(HEADINGS)
    for locale, words in HEADINGS_BY_LOCALE.items():
        assert set(words) == set(HEADING_SYNONYMS), locale
        missing = [field for field, headings in words.items() if not headings]
        assert not missing, f"{locale} has no heading for {missing}"


def test_a_heading_means_one_field_in_every_locale() -> None:
    fields: dict[str, set[str]] = {}
    for words in HEADINGS_BY_LOCALE.values():
        for field, headings in words.items():
            for heading in headings:
                fields.setdefault(fold(heading), set()).add(field)
    assert {heading: found for heading, found in fields.items() if len(found) > 1} == {}


@pytest.mark.parametrize("locale", sorted(HEADINGS))
def test_headings_in_each_locale(write: Callable[..., Path], locale: str) -> None:
    report = report_for(write, f"{HEADINGS[locale]}\n{ROW}\n")
    assert report.diagnostics == []
    [person] = people(report)
    assert (person.first_name, person.last_name, person.function) == (
        "Ana",
        "Jovanović",
        "Inspector",
    )
    assert (person.institution, person.country, person.email, person.phone) == (
        "Police Directorate",
        "Srbija",
        "a@example.org",
        "+381 11 000 0014",
    )


@pytest.mark.parametrize(
    "headings",
    [
        "Vor- und Nachname;Organisation",
        "Nome e cognome;Ente",
        "Nom et prénom;Organisme",
        "Ime i prezime;Ustanova",
        "Име и презиме;Установа",
        "Emri dhe mbiemri;Institucioni",
        "Teilnehmer/in;Dienststelle",
    ],
)
def test_full_name_headings(write: Callable[..., Path], headings: str) -> None:
    report = report_for(write, f"{headings}\nAna Jovanović;Police Directorate\n")
    assert report.diagnostics == []
    assert [(p.name, p.institution) for p in people(report)] == [
        ("Ana Jovanović", "Police Directorate")
    ]


def test_name_next_to_a_first_name_is_the_family_name(write: Callable[..., Path]) -> None:
    report = report_for(write, "Name;Vorname;Behörde\nHuber;Anna;Police Directorate\n")
    assert report.diagnostics == []
    [person] = people(report)
    assert (person.name, person.first_name, person.last_name) == (None, "Anna", "Huber")
    assert person.full_name == "Anna Huber"


def test_an_explicit_map_keeps_name_as_the_full_name(write: Callable[..., Path]) -> None:
    workshop = BASE_WORKSHOP + "participants:\n  file: people.csv\n  columns:\n    Name: name\n"
    report = report_for(write, "Name;Vorname\nAnna Huber;Anna\n", workshop)
    [person] = people(report)
    assert (person.name, person.first_name) == ("Anna Huber", "Anna")


def test_german_answers_are_understood(write: Callable[..., Path]) -> None:
    report = report_for(
        write,
        "Vorname;Nachname;Geschlecht;Sprache;Rolle;Fotos;Kontaktdaten teilen\n"
        "Anna;Huber;weiblich;Deutsch;Referentin;ja;nein\n"
        "Jürgen;Pölzl;männlich;de-AT;Teilnehmer;Nein;JA\n",
    )
    assert report.diagnostics == []
    first, second = people(report)
    assert (first.gender, first.language, first.role) == ("female", "de", "speaker")
    assert (first.photo_consent, first.share_contact) == (True, False)
    assert (second.gender, second.language, second.role) == ("male", "de-AT", "participant")
    assert (second.photo_consent, second.share_contact) == (False, True)


@pytest.mark.parametrize(
    ("field", "written", "value"),
    [
        ("gender", "Ž", "female"),
        ("gender", "женски", "female"),
        ("gender", "Femër", "female"),
        ("gender", "homme", "male"),
        ("gender", "Maschio", "male"),
        ("gender", "keine Angabe", "not-stated"),
        ("role", "Učesnik", "participant"),
        ("role", "relatrice", "speaker"),
        ("role", "Dolmetscherin", "interpreter"),
        ("role", "Moderator", "facilitator"),
        ("language", "srpski", "sr"),
        ("language", "Shqip", "sq"),
        ("language", "македонски", "mk"),
        ("language", "crnogorski", "cnr"),
        ("language", "français", "fr"),
        ("photo_consent", "Sì", "yes"),
        ("photo_consent", "Oui", "yes"),
        ("share_contact", "Jo", "no"),
        ("gender", "something else", "something else"),
        ("function", "Ja", "Ja"),
    ],
)
def test_answers_in_each_language(field: str, written: str, value: str) -> None:
    assert field_value(field, written) == value


# --- 3. no heading row -----------------------------------------------------------------------------


def test_no_heading_row_names_the_headings_and_shows_the_map(write: Callable[..., Path]) -> None:
    report = report_for(
        write,
        "Registrierungen Februar\nGast,Organisatio,Mailadrese,Hotel,Diät\nAna,BKA,a@example.org,ja,\n",
    )
    [diagnostic] = report.diagnostics
    assert (diagnostic.code, diagnostic.location.line) == (codes.PARTICIPANTS_HEADINGS, 2)
    assert diagnostic.message == (
        "no heading row with a name column was found; row 2 holds `Gast`, `Organisatio`, "
        "`Mailadrese`, `Hotel`, `Diät`"
    )
    assert diagnostic.hint == dedent(
        """\
        map the headings to fields in the workshop file, for example:
            participants:
              file: people.csv
              columns:
                Gast: name    # the column of names?
                Organisatio: institution
                Mailadrese: email
          not read: Hotel, Diät
          fields: id, name, first_name, last_name, function, institution, country, email, phone, gender, language, role, photo_consent, share_contact, attended"""
    )


def test_the_map_in_the_hint_reads_the_file(write: Callable[..., Path]) -> None:
    data = 'Gast;Dienststele;Mailadrese;"Land: Wohnort";No\nAna;Police Directorate;a@example.org;RS;1\n'
    workshop = BASE_WORKSHOP + "participants:\n  file: people.csv\n  sheet: Liste\n"
    [diagnostic] = report_for(write, data, workshop).diagnostics
    assert diagnostic.hint is not None
    snippet = diagnostic.hint.split("\n", 1)[1].split("\n  not read")[0]
    entry = yaml.safe_load(dedent(snippet))
    assert entry == {
        "participants": {
            "file": "people.csv",
            "sheet": "Liste",
            "columns": {
                "Gast": "name",
                "Dienststele": "institution",
                "Mailadrese": "email",
                "No": "id",
            },
        }
    }
    assert "not read: Land: Wohnort" in diagnostic.hint
    fixed = BASE_WORKSHOP + dedent(snippet).replace("  sheet: Liste\n", "")
    report = report_for(write, data, fixed)
    assert [d.code for d in report.diagnostics] == [codes.UNKNOWN_COLUMN]
    assert [(p.name, p.institution, p.id) for p in people(report)] == [
        ("Ana", "Police Directorate", "1")
    ]


def test_the_map_keeps_the_columns_already_given(write: Callable[..., Path]) -> None:
    workshop = (
        BASE_WORKSHOP + "participants:\n  file: people.csv\n  columns:\n    Org: institution\n"
    )
    [diagnostic] = report_for(write, "Org,Gast\nPolice,Ana\n", workshop).diagnostics
    assert diagnostic.hint is not None
    assert "    columns:\n        Org: institution\n        Gast: name" in diagnostic.hint


def test_a_file_without_headings_is_told_to_add_them_without_repeating_contacts(
    write: Callable[..., Path],
) -> None:
    report = report_for(write, "Ana Jovanović,Police,ana@example.org,+381 11 000 0014\n")
    [diagnostic] = report.diagnostics
    assert diagnostic.code == codes.PARTICIPANTS_HEADINGS
    assert "example.org" not in diagnostic.message
    assert "000 0014" not in diagnostic.message
    assert diagnostic.message.endswith(
        "`Ana Jovanović`, `Police`, (an e-mail address or phone number), "
        "(an e-mail address or phone number)"
    )
    assert diagnostic.hint == (
        "the file seems to start with a participant; add a heading row above, with headings "
        "such as Name, Institution, Country, E-mail"
    )


def test_long_headings_are_shortened(write: Callable[..., Path]) -> None:
    heading = "Bitte geben Sie hier Ihre vollständige dienstliche Anschrift an"
    [diagnostic] = report_for(write, f"{heading},Hotel\nx,y\n").diagnostics
    assert "`Bitte geben Sie hier Ihre vol…`, `Hotel`" in diagnostic.message


def test_an_empty_file_is_still_an_empty_file(write: Callable[..., Path]) -> None:
    [diagnostic] = report_for(write, "\n\n").diagnostics
    assert diagnostic.message == "no heading row with a name column was found (the file is empty)"


# --- 4. encodings ----------------------------------------------------------------------------------

ENCODED = [
    ("cp1250", "Ime;Prezime\nĐorđe;Šćekić\nŽana;Čolić\nĆiril;Mrkšić\n"),
    ("cp1250", "Name\nMarija Ilić\n"),
    ("cp1251", "Име;Презиме\nЈелена;Марковић\nЂорђе;Шћекић\n"),
    ("cp1251", "Име;Презиме\nЃорѓи;Трајковски\nЌирил;Ѕвездоски\n"),
    ("cp1252", "Prénom;Nom\nClaire;Lefèvre\nHélène;Dupré\n"),
    ("cp1252", "Vorname;Nachname\nThomas;Müller\nSabine;Weiß\n"),
    ("cp1252", "Name\nLefèvre\n"),
    ("cp1252", "Nome;Cognome\nNicolò;Martinò\nGiulia;Cortàzar\n"),
    ("cp1252", "Prénom;Nom\nLætitia;Lefèvre\n"),
]


@pytest.mark.parametrize(("encoding", "text"), ENCODED)
def test_the_code_page_whose_letters_fit_is_chosen(encoding: str, text: str) -> None:
    assert rank_encodings(text.encode(encoding))[0] == encoding
    assert decode_export(text.encode(encoding)) == (text, encoding)


def test_a_german_file_that_reads_alike_in_two_code_pages_is_cp1252() -> None:
    data = "Name\nJürgen Groß\n".encode("cp1252")
    assert data.decode("cp1250") == data.decode("cp1252")
    assert rank_encodings(data)[0] == "cp1252"


def test_the_guess_reads_the_lines_with_letters_beyond_ascii_wherever_they_are() -> None:
    ascii_rows = "Name;Institution\n" + "Marija Ilic;Ministry of Interior\n" * 20_000
    data = (ascii_rows + "Claire Lefèvre;Police\n").encode("cp1252")
    assert rank_encodings(data)[0] == "cp1252"


def test_letters_of_no_alphabet_and_unusual_symbols_count_against_a_reading() -> None:
    # Cyrillic bytes read in cp1250 as letters no supported language has (Ď, ĺ, ŕ, ę, Ł), in
    # cp1252 as letters of no one alphabet (Ï, ð, è, ž) and a pound sign for Ј.
    data = "Презиме\nМарковић\nЈовановић\n".encode("cp1251")
    assert rank_encodings(data) == ["cp1251", "cp1252", "cp1250"]


def test_unreadable_bytes_count_against_a_reading() -> None:
    # ђ is the byte 90, which neither cp1250 nor cp1252 has; Ђ is 80, the euro sign in both.
    data = "Ђорђе Ћирић\n".encode("cp1251")
    assert "\ufffd" in data.decode("cp1252", errors="replace")
    assert rank_encodings(data)[0] == "cp1251"


@pytest.mark.parametrize(
    ("encoding", "text", "names"),
    [
        ("cp1250", "Ime;Prezime\nĐorđe;Šćekić\n", ["Đorđe Šćekić"]),
        ("cp1251", "Име;Презиме\nЂорђе;Шћекић\n", ["Ђорђе Шћекић"]),
        ("cp1252", "Prénom;Nom\nClaire;Lefèvre\n", ["Claire Lefèvre"]),
    ],
)
def test_the_warning_names_the_code_page_and_how_to_set_it(
    write: Callable[..., Path], encoding: str, text: str, names: list[str]
) -> None:
    report = report_for(write, text.encode(encoding))
    [diagnostic] = report.diagnostics
    assert (diagnostic.code, diagnostic.severity) == (codes.LEGACY_ENCODING, Severity.WARNING)
    assert f"it was read as {encoding} (" in diagnostic.message
    assert diagnostic.hint is not None
    others = [other for other in ("cp1250", "cp1251", "cp1252") if other != encoding]
    assert all(f"`encoding: {other}`" in diagnostic.hint for other in others)
    assert "CSV UTF-8" in diagnostic.hint
    assert [p.full_name for p in people(report)] == names


def test_an_explicit_encoding_is_used_without_a_warning(write: Callable[..., Path]) -> None:
    # Read as the guess would not: the bytes of "Čedomir" are "Èedomir" in cp1252.
    data = "Name\nČedomir\n".encode("cp1250")
    assert rank_encodings(data)[0] == "cp1250"
    workshop = BASE_WORKSHOP + "participants:\n  file: people.csv\n  encoding: cp1252\n"
    report = report_for(write, data, workshop)
    assert report.diagnostics == []
    assert [p.name for p in people(report)] == ["Èedomir"]


def test_an_unknown_encoding_is_an_error(write: Callable[..., Path]) -> None:
    workshop = BASE_WORKSHOP + "participants:\n  file: people.csv\n  encoding: windows-12522\n"
    [diagnostic] = report_for(write, "Name\nAna\n", workshop).diagnostics
    assert (diagnostic.code, diagnostic.location.line) == (codes.PARTICIPANTS_FORMAT, 30)
    assert diagnostic.message == "`windows-12522` is not an encoding"
    assert diagnostic.hint == "encodings: utf-8, cp1250, cp1251, cp1252"
    workshop = workshop.replace("windows-12522", "cp-1252")
    [diagnostic] = report_for(write, "Name\nAna\n", workshop).diagnostics
    assert diagnostic.hint == "did you mean `cp1252`?"


def test_a_byte_the_given_encoding_lacks_is_an_error(write: Callable[..., Path]) -> None:
    workshop = BASE_WORKSHOP + "participants:\n  file: people.csv\n  encoding: cp1252\n"
    [diagnostic] = report_for(write, b"Name\nAna\nBes\x81a\n", workshop).diagnostics
    assert (diagnostic.code, diagnostic.location.line, diagnostic.location.column) == (
        codes.PARTICIPANTS_FORMAT,
        3,
        4,
    )
    assert diagnostic.message == (
        "the file is not cp1252: the byte 0x81 on line 3 is not a character in cp1252"
    )


def test_encoding_utf8_reports_bytes_that_are_not(write: Callable[..., Path]) -> None:
    workshop = BASE_WORKSHOP + "participants:\n  file: people.csv\n  encoding: UTF-8\n"
    report = report_for(write, "Name\nĐorđe\n".encode("cp1250"), workshop)
    assert [d.code for d in report.diagnostics] == [codes.INVALID_BYTES]


# --- 5. the German facilitator's folder -----------------------------------------------------------


def test_the_german_folder_checks_with_only_the_encoding_warning() -> None:
    report = analyse(GERMAN)
    assert [(d.code, d.severity, Path(d.location.file).name) for d in report.diagnostics] == [
        (codes.LEGACY_ENCODING, Severity.WARNING, "nachmeldungen.csv")
    ]
    assert "it was read as cp1252 (Western European" in report.diagnostics[0].message


def test_the_german_names_come_out_right() -> None:
    report = analyse(GERMAN)
    found = {analysis.path.name: analysis.workshop for analysis in report.analyses}
    vienna, berlin = found["wien.yaml"], found["berlin.yaml"]
    assert vienna is not None
    assert berlin is not None
    assert vienna.language == "de"
    assert [
        (p.full_name, p.function, vienna.programme.country_code(p.country), p.gender)
        for p in vienna.participants
    ] == [
        ("Katharina Größwang", "Chefinspektorin", "AT", "female"),
        ("Jürgen Pölzl", "Oberstaatsanwalt", "AT", "male"),
        ("Anna Schäfer", "Kriminalhauptkommissarin", "DE", "female"),
        ("Özlem Demir", "Staatsanwältin", "DE", "female"),
    ]
    assert [(p.role, p.language, p.photo_consent) for p in vienna.participants] == [
        ("participant", "de", True),
        ("speaker", "de", False),
        ("participant", "de", True),
        ("observer", "en", False),
    ]
    assert [
        (p.full_name, p.institution, berlin.programme.country_code(p.country))
        for p in berlin.participants
    ] == [
        ("Claire Lefèvre", "BKA", "DE"),
        ("Thomas Müller", "GStA Berlin", "DE"),
        ("Sabine Weiß", "BK", "AT"),
    ]


def test_check_of_the_german_folder_passes_and_says_cp1252(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", str(GERMAN)])
    assert result.exit_code == 0, result.output
    assert re.findall(r"(error|warning)\[(\w+)\]", result.stderr) == [("warning", "D408")]
    assert "cp1252" in result.stderr


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_registrations", GERMAN / "make_registrations.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_german_registration_files_are_what_the_script_writes(tmp_path: Path) -> None:
    generator = _generator()
    generator.write_csv(tmp_path / "nachmeldungen.csv")
    generator.write_excel(tmp_path / "anmeldungen.xlsx")
    assert (tmp_path / "nachmeldungen.csv").read_bytes() == (
        GERMAN / "nachmeldungen.csv"
    ).read_bytes()

    def cells(path: Path) -> list[tuple[object, ...]]:
        book = openpyxl.load_workbook(path)
        sheet = book.active
        assert sheet is not None
        return [*sheet.iter_rows(values_only=True), *map(str, sheet.merged_cells.ranges)]

    assert cells(tmp_path / "anmeldungen.xlsx") == cells(GERMAN / "anmeldungen.xlsx")
