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
from tests.conftest import analyse, codes_of

from facilitation import codes
from facilitation.catalogue.labels import load_labels
from facilitation.catalogue.locales import LOCALES, babel_locale, normalise_tag, transliterate
from facilitation.catalogue.messages import iter_messages
from facilitation.catalogue.translations import translate
from facilitation.documents.build import BuildResult, build
from facilitation.documents.language import Words
from facilitation.model.fields import every_text
from facilitation.model.languages import iter_texts

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
_ENGLISH_UNIT = re.compile(r"\d+ (hr|hrs|min|mins)(,? \d+ (min|mins))?")


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
                    texts.append("".join(node.text or "" for node in paragraph.iter(f"{W}t")))
    return [text.strip() for text in texts if text.strip()]


def _pieces(paragraph: str) -> list[str]:
    """The parts the templates join with `` · ``, and Markdown's emphasis removed."""
    return [part.strip(" *_#") for part in paragraph.split(" · ") if part.strip(" *_#")]


def _english_messages(language: str) -> list[tuple[str, re.Pattern[str]]]:
    """Each fixed text whose translation in ``language`` differs, as a pattern of its English."""
    found = []
    for message in iter_messages():
        if translate(language, message.context, message.text) == message.text:
            continue
        if not re.search(r"[^\W\d_]", re.sub(r"\{[^}]*\}", "", message.text)):
            continue  # only placeholders and punctuation ("{place}, {date}")
        pattern = re.escape(message.text)
        pattern = re.sub(r"\\\{(n|sessions|days)\\\}", r"\\d+", pattern)
        pattern = re.sub(r"\\\{[^}]*\\\}", ".+", pattern)
        if message.context.startswith("methods.") and ".steps." in message.context:
            pattern = r"(\d+\. )?" + pattern  # steps are numbered
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
                if _ENGLISH_DATE.fullmatch(piece) or (
                    _ENGLISH_UNIT.fullmatch(piece) and Words.of(language).duration(20) != "20 min"
                ):
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
    words = Words.of(language)
    text = words.duration(90)
    assert words.duration(60) in text or "1" in text
    assert "30" in text
    assert text != "90"


def test_plain_sr_is_the_programmes_script() -> None:
    assert normalise_tag("sr") == "sr-Cyrl"
    assert normalise_tag("sr", serbian="sr-Latn") == "sr-Latn"
    assert normalise_tag("SR_latn_RS") == "sr-Latn"
    assert normalise_tag("nl") is None


def test_transliteration_goes_both_ways() -> None:
    assert transliterate("Njegoš i Đorđe, {n}") == "Његош и Ђорђе, {n}"
    assert transliterate("Љубав ЉУБАВ Џак", to="sr-Latn") == "Ljubav LJUBAV Džak"


def test_labels_come_from_the_catalogues() -> None:
    assert load_labels("de")["document"]["agenda"] == "Agenda"
    assert load_labels("sr-Cyrl")["document"]["agenda"] == "Дневни ред"
    assert load_labels("nl") == load_labels("en")


# --- a German facilitator's files -----------------------------------------------------------------

GERMAN = Path(__file__).resolve().parent / "fixtures" / "german"


def test_a_german_workshop_builds_german_documents(tmp_path: Path) -> None:
    """Registrations in German (Excel and a cp1252 CSV) become documents with Babel's dates."""
    from babel.dates import format_date
    from tests.helpers.docx_text import docx_text

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
