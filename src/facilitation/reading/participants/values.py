"""Cell values as registration forms write them: yes and no, gender, role, attendance, language.

A form in German answers ``Geschlecht`` with ``weiblich`` and ``Fotos`` with ``ja``; one in
Serbian answers ``Pol`` with ``Ž`` or ``женски``. Each such word becomes the value the
participant fields take (``female``, ``yes``) before the row is validated; a word that is not
known is left as it is, for the validation to report with the choices. Words are compared
folded (case, accents and punctuation, :func:`~.headings.fold`).

Language names (``Deutsch``, ``srpski``, ``shqip``) come from CLDR, in every supported locale,
and are loaded the first time a language cell holds a word that is not a language tag.
"""

from __future__ import annotations

import functools

from facilitation.catalogue.locales import LOCALES, babel_locale, normalise_tag
from facilitation.reading.participants.headings import fold

Words = dict[str, tuple[str, ...]]

_YES_NO: Words = {
    "yes": ("yes", "y", "x", "✓", "✔", "da", "да", "po", "ja", "j", "oui", "sì", "si"),
    "no": ("no", "n", "-", "ne", "не", "jo", "nein", "non"),
}

#: An attendance cell: yes (or a tick) is every day, no (or a dash) none; day numbers stay as
#: they are, for the participant model to read.
_ATTENDED: Words = {
    "all": (
        *_YES_NO["yes"],
        *("all", "all days", "alle", "alle tage", "tutti", "tous", "svi", "sve", "svi dani"),
        *("сви", "све", "сви дани", "të gjitha", "gjithë", "сите", "сите денови"),
    ),
    "none": (
        *_YES_NO["no"],
        *("none", "keine", "keiner", "nessuno", "aucun", "nijedan", "nijedno"),
        *("ниједан", "ниједно", "asnjë", "ниеден"),
    ),
}

_GENDERS: Words = {
    "female": (
        *("female", "woman", "f", "w", "weiblich", "frau", "femme", "féminin", "donna"),
        *("femmina", "femminile", "ž", "žensko", "ženski", "žena", "ж", "женско", "женски"),
        *("жена", "femër", "grua"),
    ),
    "male": (
        *("male", "man", "m", "männlich", "mann", "homme", "masculin", "uomo", "maschio"),
        *("maschile", "muško", "muški", "muškarac", "м", "мушко", "мушки", "мушкарац"),
        *("машко", "машки", "маж", "mashkull", "burrë"),
    ),
    "diverse": ("diverse", "divers", "other", "autre", "altro", "drugo", "друго", "tjetër"),
    "not-stated": (
        *("prefer not to say", "keine angabe", "k. a.", "preferisco non dirlo"),
        *("je préfère ne pas répondre", "ne želim da navedem", "ne želim navesti"),
        *("не желим да наведем", "не сакам да наведам", "nuk dëshiroj ta them"),
    ),
}

_ROLES: Words = {
    "participant": (
        *("participant", "teilnehmer", "teilnehmerin", "teilnehmende", "partecipante"),
        *("participante", "učesnik", "učesnica", "sudionik", "sudionica", "учесник"),
        *("учесница", "учесничка", "pjesëmarrës", "pjesëmarrëse"),
    ),
    "speaker": (
        *("speaker", "presenter", "referent", "referentin", "redner", "rednerin", "relatore"),
        *("relatrice", "intervenant", "intervenante", "orateur", "govornik", "govornica"),
        *("predavač", "predavačica", "izlagač", "говорник", "предавач", "излагач", "folës"),
    ),
    "organiser": (
        *("organiser", "organizer", "organisator", "organisatorin", "veranstalter"),
        *("organizzatore", "organizzatrice", "organisateur", "organisatrice", "organizator"),
        *("organizatorka", "организатор", "организаторка", "organizues", "organizuese"),
    ),
    "interpreter": (
        *("interpreter", "dolmetscher", "dolmetscherin", "interprete", "interprète"),
        *("prevodilac", "prevoditelj", "prevoditeljica", "tumač", "преводилац"),
        *("преведувач", "përkthyes", "përkthyese"),
    ),
    "facilitator": (
        *("facilitator", "moderator", "moderatorin", "moderatore", "facilitatore"),
        *("facilitatrice", "facilitateur", "fasilitator", "фасилитатор", "модератор"),
        *("lehtësues", "moderatore"),
    ),
    "observer": (
        *("observer", "beobachter", "beobachterin", "osservatore", "osservatrice"),
        *("observateur", "observatrice", "posmatrač", "promatrač", "посматрач"),
        *("набљудувач", "vëzhgues", "vëzhguese"),
    ),
}

# NOTE: CLDR has no Montenegrin; its names in the supported languages are given here.
_MONTENEGRIN = (
    *("Montenegrin", "Montenegrinisch", "montenegrino", "monténégrin", "crnogorski"),
    *("црногорски", "malazezisht"),
)


def _index(words: Words) -> dict[str, str]:
    return {fold(word): value for value, many in words.items() for word in many}


_VALUES: dict[str, dict[str, str]] = {
    "photo_consent": _index(_YES_NO),
    "share_contact": _index(_YES_NO),
    "gender": _index(_GENDERS),
    "role": _index(_ROLES),
    "attended": _index(_ATTENDED),
}


def field_value(field: str, value: str) -> str:
    """The value that ``field`` takes for ``value`` as a registration form writes it.

    Args:
        field: The participant field of the cell's column.
        value: The cell's text, cleaned.

    Returns:
        The word the field takes (``yes``, ``female``, ``speaker``, ``de``), or ``value``
        unchanged when it is not a word this module knows.
    """
    if field == "language":
        return _language(value) or value
    words = _VALUES.get(field)
    if words is None:
        return value
    return words.get(fold(value), value)


def has_words(field: str) -> bool:
    """Whether :func:`field_value` may change a value of ``field`` (else it is kept as it is)."""
    return field == "language" or field in _VALUES


def _language(value: str) -> str | None:
    """The language tag of a tag as people write it (``de_AT``) or a language's name."""
    if normalise_tag(value, serbian="sr") is not None:
        # NOTE: a tag (its region and case as written) is the field's own business.
        return None
    return _language_names().get(fold(value))


@functools.cache
def _language_names() -> dict[str, str]:
    """The folded name of each supported language, in every supported locale, with its tag.

    Serbian is ``sr``: which script the documents use is the programme's choice.
    """
    from babel import Locale

    languages = {tag.split("-")[0] for tag in LOCALES}
    names: dict[str, str] = {}
    for tag in LOCALES:
        known = Locale.parse(babel_locale(tag)).languages
        for language in languages:
            if language in known:
                names.setdefault(fold(known[language]), language)
    names.update(dict.fromkeys(map(fold, _MONTENEGRIN), "cnr"))
    return names
