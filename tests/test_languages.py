"""Documents in every language: CLDR's forms, the catalogues' texts, no English left over.

The example is built once in every locale (``build --language X`` for each X); each non-English
document is then read paragraph by paragraph for what only the tool prints: a label or heading
still in English, an English date, weekday, unit or country name. Data texts may fall back
(T701 says so), which is why the checks look at whole paragraphs and cells and at the places
where the tool prints dates and country names.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections import defaultdict
from pathlib import Path

import pytest
from babel import Locale
from babel.dates import format_interval
from lxml import etree

from conftest import analyse, codes_of
from facilitation import codes
from facilitation.catalogue.labels import load_labels
from facilitation.catalogue.locales import LOCALES, babel_locale, normalise_tag, transliterate
from facilitation.catalogue.messages import iter_messages
from facilitation.catalogue.translations import translate
from facilitation.documents.build import BuildResult, build
from facilitation.documents.language import Words
from facilitation.documents.views.steps import strip_written_duration
from facilitation.model.fields import every_text
from facilitation.model.languages import iter_texts
from helpers.docx_text import docx_parts

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "western-balkans"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NON_ENGLISH = [tag for tag in LOCALES if tag != "en"]
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
#: What the tool prints as a date in English: "Monday, 2 March 2026", "2 – 5 March 2026", ...
#: (whole pieces only: data texts that fall back may mention dates in their own words).
_ENGLISH_DATE = re.compile(
    rf"(({_WEEKDAYS}), )?\d{{1,2}}( ({_MONTHS}))?( \d{{4}})?\s?[–-]?\s?"
    rf"(\d{{1,2}} )?({_MONTHS}) \d{{4}}"
)
#: A duration as CLDR's British English writes it: "20 mins", "1 hr 30 mins", "2 hrs".
_ENGLISH_UNIT = re.compile(r"\d+ (hr|hrs|mins)( \d+ mins?)?|\d+ hrs? \d+ min")


#: Every text the example's files write, in every language they write it in.
DATA_TEXTS: set[str] = set()


def _data_texts(result: BuildResult) -> set[str]:
    """What the example's files say: data may fall back to it, and may equal a label."""
    models: list[object] = []
    for analysis in result.report.analyses:
        if analysis.workshop is not None:
            workshop = analysis.workshop
            models += [workshop.spec, workshop.programme, *(o.outcomes for o in workshop.outcomes)]
    for loaded in result.report.agreements:
        if loaded.agreement is not None:
            models += [loaded.agreement.spec, loaded.agreement.programme]
    return {
        " ".join(variant.split())
        for model in models
        for _, text in iter_texts(model)
        for variant in every_text(text)
    }


@pytest.fixture(scope="module")
def every_language(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """The example built in every locale: language → its documents (Word and Markdown)."""
    out = tmp_path_factory.mktemp("languages")
    result = build([EXAMPLE], out, languages=LOCALES)
    assert not result.failed, [p for p in result.problems if p.code != codes.TEXT_FALLBACK]
    DATA_TEXTS.update(_data_texts(result))
    main = _main_languages(result)
    found: dict[str, list[Path]] = defaultdict(list)
    for item in result.written:
        if not item.path.name.endswith((".docx", ".md")):
            continue
        parent = item.path.parent.name
        language = parent if parent in LOCALES else main[parent]
        if language is not None:
            found[language].append(item.path)
    return found


def _main_languages(result: BuildResult) -> dict[str, str | None]:
    """Each output folder's language; ``None`` for a bilingual agreement (two languages)."""
    main: dict[str, str | None] = {}
    for analysis in result.report.analyses:
        if analysis.workshop is not None:
            main[analysis.workshop.info.id] = analysis.workshop.language
    for loaded in result.report.agreements:
        if loaded.agreement is not None:
            versions = loaded.agreement.versions
            main[loaded.agreement.spec.agreement.id] = versions[0] if len(versions) == 1 else None
    return main


def _paragraphs(path: Path) -> list[str]:
    """Every paragraph of a document (body, headers, footers, table cells); lines of Markdown."""
    if path.suffix == ".md":
        return [part.strip() for line in path.read_text().splitlines() for part in line.split("|")]
    texts = []
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        for name in archive.namelist():
            if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name):
                root = etree.fromstring(archive.read(name))
                for paragraph in root.iter(f"{W}p"):
                    texts.append(
                        "".join(
                            "\t" if node.tag == f"{W}tab" else node.text or ""
                            for node in paragraph.iter(f"{W}t", f"{W}tab")
                        )
                    )
    return [text.strip() for text in texts if text.strip()]


def _pieces(paragraph: str) -> list[str]:
    """The parts the templates join with `` · ``, and Markdown's emphasis removed."""
    parts = re.split(r" · |\t", paragraph)
    return [part.strip(" *_#") for part in parts if part.strip(" *_#")]


def _english_messages(language: str) -> list[tuple[str, re.Pattern[str]]]:
    """Each fixed text whose translation in ``language`` differs, as a pattern of its English."""
    found = []
    for message in iter_messages():
        if translate(language, message.context, message.text) == message.text:
            continue
        if not re.search(r"[^\W\d_]{3}", re.sub(r"\{[^}]*\}", "", message.text)):
            continue  # placeholders, punctuation and a short word ("{time} in {city} ({zone})")
        text = message.text
        steps = message.context.startswith("methods.") and ".steps." in message.context
        if steps:
            text = strip_written_duration(text)  # the run sheet prints the minutes apart
        pattern = re.escape(text)
        pattern = re.sub(r"\\\{(n|sessions|days)\\\}", r"\\d+", pattern)
        pattern = re.sub(r"\\\{[^}]*\\\}", ".+", pattern)
        if steps:
            pattern = r"(\d+\. )?" + pattern  # untimed steps are numbered
        found.append((message.context, re.compile(pattern)))
    return found


@pytest.mark.parametrize("language", NON_ENGLISH)
def test_no_english_fixed_text_in_any_document(
    every_language: dict[str, list[Path]], language: str
) -> None:
    messages = _english_messages(language)
    english = Words.of("en")
    countries = {
        name
        for code in ("RS", "BA", "AL", "ME", "XK", "MK")
        if (name := english.country(code)) != Words.of(language).country(code)
    }
    problems = []
    documents = every_language[language]
    assert len(documents) >= 40, f"{language}: only {len(documents)} documents"
    for path in documents:
        for paragraph in _paragraphs(path):
            for piece in _pieces(paragraph):
                if piece in DATA_TEXTS:
                    continue  # a data text, which may fall back (T701)
                problems.extend(
                    f"{path.parent.name}/{path.name}: {context}: {piece!r}"
                    for context, pattern in messages
                    if pattern.fullmatch(piece)
                    or (pattern.pattern.endswith(":") and piece.startswith(pattern.pattern + " "))
                )
                if _ENGLISH_DATE.fullmatch(piece) or _ENGLISH_UNIT.fullmatch(piece):
                    problems.append(f"{path.parent.name}/{path.name}: English date/unit {piece!r}")
                if piece.split(", ")[-1].rstrip("*") in countries:
                    problems.append(f"{path.parent.name}/{path.name}: English country {piece!r}")
    assert not problems, f"{language}: {len(problems)} problems\n" + "\n".join(problems[:30])


def test_every_locale_has_the_whole_example(every_language: dict[str, list[Path]]) -> None:
    counts = {language: len(every_language[language]) for language in LOCALES}
    assert min(counts.values()) >= 40, counts


def test_the_example_in_its_own_languages_has_no_fallback() -> None:
    assert codes.TEXT_FALLBACK not in codes_of(analyse(EXAMPLE))


# --- CLDR's forms ---------------------------------------------------------------------------------


RANGES = [
    (dt.date(2026, 3, 2), dt.date(2026, 3, 5)),
    (dt.date(2026, 3, 30), dt.date(2026, 4, 2)),
    (dt.date(2026, 12, 30), dt.date(2027, 1, 2)),
]


@pytest.mark.parametrize("language", LOCALES)
def test_date_ranges_are_babels_with_the_full_month(language: str) -> None:
    """Babel's own interval form, with the full month name where CLDR has only the short one."""
    locale = Locale.parse(babel_locale(language))
    wide = locale.months["format"]["wide"]
    short = locale.months["format"]["abbreviated"]
    for first, last in RANGES:
        ours = Words.of(language).date_range(first, last)
        babel = format_interval(first, last, "yMMMd", locale=locale)
        for month in {first.month, last.month}:
            babel = re.sub(rf"(?<!\w){re.escape(short[month])}(?!\w)", wide[month], babel)
        babel = re.sub(r"(?<!\d)0(\d)", r"\1", babel)  # the day as yMMMMd asks: d, not dd
        assert ours == babel or ours == format_interval(first, last, "yMMMMd", locale=locale)


def test_british_english_dates_times_and_units() -> None:
    words = Words.of("en")
    assert words.date_long(dt.date(2027, 4, 20)) == "Tuesday, 20 April 2027"
    assert words.date_range(*RANGES[0]).replace("\u2009", " ") in (
        "2–5 March 2026",
        "2 – 5 March 2026",
    )
    assert words.span(9 * 60, 9 * 60 + 45) == "09:00–09:45"
    assert words.language_name("sr-Cyrl") == "Serbian (Cyrillic)"
    assert words.language_name("cnr") == "Montenegrin"
    assert words.language_name("en") == "English"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "Dienstag, 20. April 2027"),
        ("sr-Cyrl", "уторак, 20. април 2027."),
        ("sq", "e martë, 20 prill 2027"),
    ],
)
def test_long_dates_are_cldrs(language: str, expected: str) -> None:
    assert Words.of(language).date_long(dt.date(2027, 4, 20)) == expected


@pytest.mark.parametrize("language", LOCALES)
def test_durations_are_cldr_units(language: str) -> None:
    from babel.lists import format_list
    from babel.units import format_unit

    locale = babel_locale(language)
    hour = format_unit(1, "duration-hour", length="short", locale=locale)
    minutes = format_unit(30, "duration-minute", length="short", locale=locale)
    words = Words.of(language)
    assert words.duration(90) == format_list([hour, minutes], style="unit-narrow", locale=locale)
    assert words.duration(30) == minutes


def test_plain_sr_is_the_programmes_script() -> None:
    assert normalise_tag("sr") == "sr-Cyrl"
    assert normalise_tag("sr", serbian="sr-Latn") == "sr-Latn"
    assert normalise_tag("SR_latn_RS") == "sr-Latn"
    assert normalise_tag("nl") is None


def test_transliteration_goes_both_ways() -> None:
    assert transliterate("Njegoš i Đorđe, {n}") == "Његош и Ђорђе, {n}"
    assert transliterate("Љубав ЉУБАВ Џак", to="sr-Latn") == "Ljubav LJUBAV Džak"


def test_labels_come_from_the_catalogues() -> None:
    assert load_labels("de")["sign_in"]["signature"] == "Unterschrift"
    assert load_labels("sr-Cyrl")["document"]["agenda"] == "Дневни ред"
    assert load_labels("nl") == load_labels("en")


# --- a German facilitator's files -----------------------------------------------------------------

GERMAN = Path(__file__).resolve().parent / "fixtures" / "german"


def test_a_german_workshop_builds_german_documents(tmp_path: Path) -> None:
    """Registrations in German (Excel and a cp1252 CSV) become documents with Babel's dates."""
    from babel.dates import format_date

    from helpers.docx_text import docx_text

    result = build([GERMAN / "wien.yaml", GERMAN / "berlin.yaml"], tmp_path)
    assert not result.failed
    assert {p.code for p in result.problems} <= {codes.LEGACY_ENCODING}
    for analysis in result.report.analyses:
        workshop = analysis.workshop
        assert workshop is not None
        folder = tmp_path / workshop.info.id
        agenda = docx_text(folder / "agenda.docx")
        day = format_date(workshop.info.start, "full", locale="de")
        assert day in agenda  # e.g. "Dienstag, 12. Mai 2026"
        assert "Tag 1" in agenda
        assert "Zeit" in agenda
        participants = docx_text(folder / "participants.docx")
        assert "Österreich" in participants or "Deutschland" in participants
        assert "Austria" not in participants
        assert "Germany" not in participants
    berlin = docx_text(tmp_path / "nachtreffen-berlin" / "participants.docx")
    assert "Lefèvre" in berlin
    assert "Müller" in berlin


# --- templates, texts per language, fallbacks -----------------------------------------------------


def test_templates_format_dates_and_numbers_in_the_documents_language() -> None:
    from facilitation.documents.language import LocalDate
    from facilitation.documents.sandbox.environment import make_environment

    env = make_environment(language="de")
    template = env.from_string(
        "{{ day }} | {{ day | format_date('d. MMMM') }} | {{ day.year }} | "
        "{{ 90 | duration }} | {{ 4.5 | format_number }}"
    )
    day = LocalDate(dt.date(2027, 4, 20), "de")
    assert template.render(day=day) == (
        "Dienstag, 20. April 2027 | 20. April | 2027 | 1 Std., 30 Min. | 4,5"
    )


WORKSHOP = """\
programme:
  name: {en: Test programme, de: Testprogramm}
  language: en
workshop:
  id: w
  title:
    en: Kick-off
    de: Auftakt
  languages: [de, {sr-Latn: [agenda]}]
  start: 2026-03-02
days:
  - start: 9:00
    end: 10:00
    sessions:
      - title: {en: Context, sr-Cyrl: Контекст}
        minutes: 50
        notes: For the team only
      - {break: Coffee, minutes: 10}
"""


def test_a_text_missing_in_a_language_is_reported_once_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(WORKSHOP, encoding="utf-8")
    found = [d for d in analyse(path).diagnostics if d.code == codes.TEXT_FALLBACK]
    said = "has no `{0}` text; the documents in `{0}` {1} the `{2}` text"
    assert sorted((d.location.line, d.message) for d in found) == [
        (2, "`name` in `programme` " + said.format("sr-Latn", "print", "en")),
        (6, "`title` in `workshop` " + said.format("sr-Latn", "print", "en")),
        (15, "`title` of session 1 (day 1) " + said.format("de", "print", "en")),
        (15, "`title` of session 1 (day 1) " + said.format("sr-Latn", "transliterate", "sr-Cyrl")),
        (17, "`notes` of session 1 (day 1) " + said.format("de", "print", "en")),
        (18, "`title` of session 2 (day 1) " + said.format("de", "print", "en")),
        (18, "`title` of session 2 (day 1) " + said.format("sr-Latn", "print", "en")),
    ]
    assert found[0].hint is not None
    assert "sr-Latn: …" in found[0].hint


def test_documents_take_each_text_in_their_language(tmp_path: Path) -> None:
    from helpers.docx_text import docx_text

    path = tmp_path / "w.yaml"
    path.write_text(WORKSHOP, encoding="utf-8")
    result = build([path], tmp_path / "out", only=["agenda"])
    assert not result.failed
    english = docx_text(tmp_path / "out" / "w" / "agenda.docx")
    german = docx_text(tmp_path / "out" / "w" / "de" / "agenda.docx")
    latin = docx_text(tmp_path / "out" / "w" / "sr-Latn" / "agenda.docx")
    assert "Kick-off" in english
    assert "Test programme" in english
    assert "Auftakt" in german
    assert "Testprogramm" in german
    assert "Montag, 2. März 2026" in german
    assert "Kontekst" in latin  # transliterated from the sr-Cyrl text
    assert "Kick-off" in latin  # no sr-Latn title: the English one, reported by T701


def test_a_text_per_language_names_its_problems(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(WORKSHOP.replace("    de: Auftakt\n", "    de: ''\n"), encoding="utf-8")
    [empty] = [d for d in analyse(path).diagnostics if d.code == codes.MISSING_FIELD]
    assert (empty.location.line, empty.message) == (8, "the workshop: `title` in `de` is empty")
    path.write_text(WORKSHOP.replace("    de: Auftakt\n", "    dee: Auftakt\n"), encoding="utf-8")
    [wrong] = [d for d in analyse(path).diagnostics if d.code == codes.INVALID_CHOICE]
    assert wrong.location.line == 8
    assert "`dee` is not a known language" in wrong.message
    assert wrong.hint == "did you mean `de`?"


def test_a_shared_build_clears_contacts_from_earlier_language_folders(tmp_path: Path) -> None:
    serbia = EXAMPLE / "kickoffs" / "serbia.yaml"
    out = tmp_path / "out"
    assert not build([serbia], out, languages=["de"]).failed
    assert (out / "kickoff-serbia" / "de" / "participants.docx").is_file()
    assert not build([serbia], out, shared=True).failed
    assert not (out / "kickoff-serbia" / "de" / "participants.docx").exists()
    assert not (out / "kickoff-serbia" / "de" / "sign-in.docx").exists()
    assert (out / "kickoff-serbia" / "de" / "agenda.docx").is_file()


def test_a_second_build_in_a_language_replaces_its_own_files(tmp_path: Path) -> None:
    serbia = EXAMPLE / "kickoffs" / "serbia.yaml"
    assert not build([serbia], tmp_path, languages=["de"]).failed
    again = build([serbia], tmp_path, languages=["de"])
    assert not again.kept
    assert not again.failed


def test_overrides_are_in_the_workshops_language(tmp_path: Path) -> None:
    from helpers.docx_text import docx_text

    (tmp_path / "programme.yaml").write_text("name: Test programme\nlanguage: en\n")
    workshop = (
        WORKSHOP.replace("  name: {en: Test programme, de: Testprogramm}\n", "")
        .replace("programme:\n  language: en\n", "")
        .replace("workshop:\n", "programme:\n  file: programme.yaml\n  name: Пројекат\nworkshop:\n")
        .replace(
            "  title:\n    en: Kick-off\n    de: Auftakt\n",
            "  title: Радионица\n  language: sr-Cyrl\n",
        )
    )
    path = tmp_path / "w.yaml"
    path.write_text(workshop, encoding="utf-8")
    names = [d.message for d in analyse(path).diagnostics if "`name`" in d.message]
    assert names == [
        "`name` in `programme` has no `de` text; the documents in `de` print the `sr-Cyrl` text",
        "`name` in `programme` has no `sr-Latn` text; the documents in `sr-Latn` transliterate "
        "the `sr-Cyrl` text",
    ]  # not the programme file's own `name`, which the override replaces
    assert not build([path], tmp_path / "out", only=["agenda"]).failed
    assert "Projekat" in docx_text(tmp_path / "out" / "w" / "sr-Latn" / "agenda.docx")


def test_a_standard_statement_written_per_language_keeps_the_official_wording(
    tmp_path: Path,
) -> None:
    from helpers.docx_text import docx_text

    funder = (
        "  funders:\n    - id: eu\n      name: European Union\n      emblem: yes\n"
        "      statement: {en: Funded by the European Union, sr-Cyrl: Финансира ЕУ}\n"
    )
    path = tmp_path / "w.yaml"
    path.write_text(WORKSHOP.replace("  language: en\n", "  language: en\n" + funder, 1))
    assert not [d for d in analyse(path).diagnostics if "statement" in d.message]
    assert not build([path], tmp_path / "out", only=["agenda"]).failed
    assert "Finanziert von der Europäischen Union" in docx_text(tmp_path / "out/w/de/agenda.docx")


def test_a_text_for_the_script_wins_over_plain_sr() -> None:
    from facilitation.model.fields import LocalText
    from facilitation.model.languages import choose

    text = LocalText({"sr-Cyrl": "Полиција", "sr": "Policija"})
    assert choose(text, "sr-Cyrl", "en").text == "Полиција"
    assert choose(text, "sr-Latn", "en", serbian="sr-Latn").text == "Policija"


def test_institutions_are_found_by_a_name_in_the_other_script() -> None:
    from facilitation.model.programme import Programme

    programme = Programme.model_validate(
        {
            "name": "P",
            "institutions": [
                {
                    "id": "rs-police",
                    "name": {"en": "Police", "sr-Cyrl": "Полиција"},
                    "type": "police",
                }
            ],
        }
    )
    assert programme.institution_id("Policija") == "rs-police"
    assert programme.institution_id("полиција") == "rs-police"


def test_unknown_versions_prevails_and_documents_are_reported(tmp_path: Path) -> None:
    agreement = (EXAMPLE / "agreements" / "national-serbia.yaml").read_text(encoding="utf-8")
    agreement = (
        agreement.replace("prevails: en", "prevails: de")
        .replace("../programme.yaml", str(EXAMPLE / "programme.yaml"))
        .replace("../kickoffs/serbia.yaml", str(EXAMPLE / "kickoffs" / "serbia.yaml"))
    )
    path = tmp_path / "a.yaml"
    path.write_text(agreement, encoding="utf-8")
    found = [d for d in analyse(path).diagnostics if d.code == codes.INVALID_CHOICE]
    assert [d.message for d in found] == [
        "`prevails: de` is not one of the versions of the agreement"
    ]
    workshop = tmp_path / "w.yaml"
    workshop.write_text(WORKSHOP.replace("{sr-Latn: [agenda]}", "{sr-Latn: [agneda]}"))
    [unknown] = [d for d in analyse(workshop).diagnostics if d.code == codes.INVALID_CHOICE]
    assert unknown.message == "the workshop: `agneda` is not a known document"
    assert unknown.hint == "did you mean `agenda`?"


def test_the_documents_a_language_may_name_are_the_workshops_documents() -> None:
    from facilitation.documents.registry import DOCUMENTS
    from facilitation.model.workshop import WORKSHOP_DOCUMENTS

    assert tuple(s.name for s in DOCUMENTS if s.subject == "workshop") == WORKSHOP_DOCUMENTS


def test_a_misspelt_script_is_not_taken_for_plain_sr(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(WORKSHOP.replace("    de: Auftakt\n", "    sr-cyril: Увод\n"))
    [wrong] = [d for d in analyse(path).diagnostics if d.code == codes.INVALID_CHOICE]
    assert "`sr-cyril` is not a known language" in wrong.message
    assert wrong.hint == "did you mean `sr-Cyrl`?"
    assert normalise_tag("sr-cyril") is None


def test_build_language_builds_every_document_even_where_a_workshop_lists_some(
    tmp_path: Path,
) -> None:
    regional = EXAMPLE / "regional-strategic-planning.yaml"
    result = build([regional], tmp_path, only=["run-sheet"], languages=["de"])
    assert not result.failed
    assert (tmp_path / "regional-strategic-planning" / "de" / "run-sheet.docx").is_file()
    assert any(d.code == codes.TEXT_FALLBACK for d in result.problems)


def test_a_statement_in_the_catalogues_english_words_is_translated_in_a_local_file(
    tmp_path: Path,
) -> None:
    """Kosovo's kick-off overrides the footnote with the catalogue's English wording, in a file
    written in Albanian: its documents print the Albanian designation, not the English one."""
    result = build([EXAMPLE / "kickoffs" / "kosovo.yaml"], tmp_path, only=["agenda"])
    assert not result.failed, result.problems
    footer = "\n".join(docx_parts(tmp_path / "kickoff-kosovo" / "agenda.docx")["footer"])
    assert "Ky emërtim nuk paragjykon" in footer
    assert "This designation" not in footer


def test_the_agenda_prints_the_rooms_of_parallel_groups_so_they_are_checked(
    tmp_path: Path,
) -> None:
    """A group's name and room are in the agenda (T701 without a German text); its topic and
    facilitator are for the run sheet only."""
    text = WORKSHOP.replace("languages: [de, {sr-Latn: [agenda]}]", "languages: [{de: [agenda]}]")
    text = text.replace(
        "        notes: For the team only\n",
        "        notes: For the team only\n"
        "        groups:\n"
        "          - {name: {en: Group A, de: Gruppe A}, room: Room 1, topic: Firearms}\n",
    )
    path = tmp_path / "w.yaml"
    path.write_text(text, encoding="utf-8")
    found = [d.message for d in analyse(path).diagnostics if d.code == codes.TEXT_FALLBACK]
    assert any(message.startswith("`room` of session 1 (day 1)") for message in found)
    assert not any(message.startswith("`topic`") for message in found)
    assert not any(message.startswith("`name` of session") for message in found)
