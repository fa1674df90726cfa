"""The words registration forms head their columns with, per field and per supported locale.

Each locale of :data:`~facilitation.catalogue.locales.LOCALES` lists, for every participant field,
the headings a form in that language uses. They are compared after folding case, accents and
punctuation (:func:`~facilitation.reading.participants.headings.fold`), so ``E-Mail-Adresse``,
``e-mail adresse`` and ``E MAIL ADRESSE`` are one heading, and so are ``Država`` and ``Drzava``.
Serbian, Bosnian, Croatian and Montenegrin share most of their words; the differences are the
ekavian and ijekavian forms (``mesto`` and ``mjesto``) and a few words of their own (``mobitel``,
``suglasnost``).

Two headings mean different fields in different languages: ``Nome`` is the first name in
Italian, ``Nom`` the family name in French. German ``Name`` is the full name, unless the row also
has ``Vorname`` and no family name: then it is the family name (see
:func:`~facilitation.reading.participants.headings.read_headings`).
"""

from __future__ import annotations

Words = dict[str, tuple[str, ...]]

_EN: Words = {
    "id": ("id", "no", "nr", "number", "participant id", "registration id", "#"),
    "name": ("name", "full name", "participant", "participant name", "name and surname"),
    "first_name": ("first name", "firstname", "given name", "forename"),
    "last_name": ("last name", "lastname", "surname", "family name"),
    "function": ("function", "position", "title", "job title", "job"),
    "institution": (
        "institution",
        "organisation",
        "organization",
        "agency",
        "employer",
        "affiliation",
    ),
    "country": ("country", "country of residence"),
    "email": ("email", "e-mail", "email address", "e-mail address", "mail"),
    "phone": ("phone", "telephone", "mobile", "tel", "phone number", "mobile phone"),
    "gender": ("gender", "sex"),
    "language": ("language",),
    "role": ("role", "participant role"),
    "photo_consent": (
        "photo consent",
        "photos",
        "photo",
        "photography consent",
        "consent to photos",
        "consent to photography",
    ),
    "share_contact": (
        "share contact",
        "share contact details",
        "contact sharing",
        "consent to share contact",
        "share email",
    ),
    "attended": ("attended", "attendance", "days attended", "attended days", "present"),
}

_DE: Words = {
    "id": ("nr", "nummer", "lfd nr", "laufende nummer", "teilnehmernummer", "anmeldenummer"),
    "name": (
        "name",
        "vollständiger name",
        "vor- und nachname",
        "name, vorname",
        "nachname, vorname",
        "teilnehmer",
        "teilnehmerin",
        "teilnehmer/in",
        "teilnehmende",
    ),
    "first_name": ("vorname", "rufname"),
    "last_name": ("nachname", "familienname", "zuname"),
    "function": ("funktion", "position", "dienstbezeichnung", "amtsbezeichnung", "dienstgrad"),
    "institution": ("organisation", "institution", "behörde", "dienststelle", "einrichtung"),
    "country": ("land", "staat", "herkunftsland"),
    "email": ("e-mail", "e-mail-adresse", "email-adresse", "mailadresse"),
    "phone": ("telefon", "telefonnummer", "mobil", "mobilnummer", "handy", "handynummer"),
    "gender": ("geschlecht",),
    "language": ("sprache", "arbeitssprache"),
    "role": ("rolle",),
    "photo_consent": (
        "fotos",
        "foto",
        "fotoerlaubnis",
        "einwilligung fotos",
        "einverständnis fotos",
        "fotoeinwilligung",
    ),
    "share_contact": (
        "kontaktdaten teilen",
        "kontakt teilen",
        "weitergabe der kontaktdaten",
        "einwilligung kontaktdaten",
    ),
    "attended": ("anwesend", "anwesenheit", "anwesenheitstage", "teilgenommen"),
}

_IT: Words = {
    "id": ("n.", "n°", "num", "numero", "numero progressivo", "id partecipante"),
    "name": (
        "nome e cognome",
        "cognome e nome",
        "nome completo",
        "partecipante",
        "nominativo",
    ),
    "first_name": ("nome",),
    "last_name": ("cognome",),
    "function": ("funzione", "qualifica", "posizione", "incarico", "mansione"),
    "institution": ("ente", "istituzione", "organizzazione", "amministrazione", "ufficio"),
    "country": ("paese", "nazione", "paese di provenienza"),
    "email": ("e-mail", "indirizzo email", "indirizzo e-mail", "posta elettronica"),
    "phone": ("telefono", "cellulare", "numero di telefono", "tel."),
    "gender": ("sesso", "genere"),
    "language": ("lingua",),
    "role": ("ruolo",),
    "photo_consent": ("consenso foto", "foto", "consenso fotografie", "liberatoria foto"),
    "share_contact": ("condivisione contatti", "condividi contatti", "consenso contatti"),
    "attended": ("presente", "presenza", "presenze", "giorni di presenza"),
}

_FR: Words = {
    "id": ("n°", "no", "numéro", "numéro d'inscription", "identifiant"),
    "name": (
        "nom complet",
        "nom et prénom",
        "prénom et nom",
        "nom, prénom",
        "participant",
        "participante",
    ),
    "first_name": ("prénom",),
    "last_name": ("nom", "nom de famille"),
    "function": ("fonction", "poste", "titre", "intitulé du poste"),
    "institution": ("institution", "organisation", "organisme", "structure", "employeur"),
    "country": ("pays", "pays de résidence"),
    "email": ("courriel", "e-mail", "adresse e-mail", "adresse électronique", "adresse courriel"),
    "phone": ("téléphone", "portable", "mobile", "numéro de téléphone", "tél."),
    "gender": ("sexe", "genre"),
    "language": ("langue",),
    "role": ("rôle",),
    "photo_consent": (
        "consentement photo",
        "photo",
        "photos",
        "droit à l'image",
        "autorisation photo",
    ),
    "share_contact": (
        "partage des coordonnées",
        "partager les coordonnées",
        "partage du contact",
    ),
    "attended": ("présent", "présence", "présences", "jours de présence"),
}

#: What Serbian (Latin), Bosnian, Croatian and Montenegrin share.
_SH: Words = {
    "id": ("rb", "r.br.", "redni broj", "br.", "broj"),
    "name": ("ime i prezime", "ime prezime", "prezime i ime"),
    "first_name": ("ime",),
    "last_name": ("prezime",),
    "function": ("funkcija", "pozicija", "zvanje"),
    "institution": ("institucija", "organizacija", "ustanova", "poslodavac"),
    "country": ("država", "zemlja"),
    "email": ("e-mail", "e-mail adresa", "email adresa", "e-pošta", "imejl"),
    "phone": ("telefon", "broj telefona", "kontakt telefon", "tel."),
    "gender": ("pol", "spol"),
    "language": ("jezik",),
    "role": ("uloga",),
    "photo_consent": ("foto",),
    "share_contact": (),
    "attended": ("prisustvo", "prisutan", "prisutna", "dani prisustva"),
}

_SR_LATN: Words = {
    "name": ("učesnik", "ime i prezime učesnika"),
    "function": ("radno mesto",),
    "email": ("elektronska pošta", "adresa e-pošte"),
    "phone": ("mobilni", "mobilni telefon"),
    "photo_consent": ("fotografisanje", "saglasnost za fotografisanje"),
    "share_contact": ("deljenje kontakta", "saglasnost za deljenje kontakta"),
}

_BS: Words = {
    "name": ("učesnik", "sudionik", "ime i prezime učesnika"),
    "function": ("radno mjesto",),
    "email": ("elektronska pošta", "adresa e-pošte"),
    "phone": ("mobitel", "mobilni", "broj mobitela"),
    "photo_consent": ("fotografisanje", "saglasnost za fotografisanje"),
    "share_contact": ("dijeljenje kontakta", "saglasnost za dijeljenje kontakta"),
}

_HR: Words = {
    "name": ("sudionik", "sudionica", "ime i prezime sudionika", "polaznik"),
    "function": ("radno mjesto", "položaj"),
    "institution": ("tijelo",),
    "email": ("elektronička pošta", "adresa e-pošte"),
    "phone": ("mobitel", "broj mobitela"),
    "photo_consent": (
        "fotografiranje",
        "suglasnost za fotografiranje",
        "privola za fotografiranje",
    ),
    "share_contact": ("dijeljenje kontakta", "suglasnost za dijeljenje kontakta"),
}

_CNR: Words = {
    "name": ("učesnik", "ime i prezime učesnika"),
    "function": ("radno mjesto",),
    "email": ("elektronska pošta", "adresa e-pošte"),
    "phone": ("mobilni", "mobilni telefon"),
    "photo_consent": ("fotografisanje", "saglasnost za fotografisanje"),
    "share_contact": ("dijeljenje kontakta", "saglasnost za dijeljenje kontakta"),
}

_SR_CYRL: Words = {
    "id": ("рб", "р.бр.", "редни број", "бр.", "број"),
    "name": ("име и презиме", "име презиме", "учесник", "име и презиме учесника"),
    "first_name": ("име",),
    "last_name": ("презиме",),
    "function": ("функција", "позиција", "радно место", "радно мјесто", "звање"),
    "institution": ("институција", "организација", "установа", "послодавац"),
    "country": ("држава", "земља"),
    "email": ("е-пошта", "е-маил", "имејл", "имејл адреса", "електронска пошта", "адреса е-поште"),
    "phone": ("телефон", "број телефона", "мобилни", "мобилни телефон", "контакт телефон"),
    "gender": ("пол",),
    "language": ("језик",),
    "role": ("улога",),
    "photo_consent": ("фото", "фотографисање", "сагласност за фотографисање"),
    "share_contact": ("дељење контакта", "дијељење контакта", "сагласност за дељење контакта"),
    "attended": ("присуство", "присутан", "присутна", "дани присуства"),
}

_SQ: Words = {
    "id": ("nr.", "numri", "nr. rendor", "numri rendor"),
    "name": (
        "emri dhe mbiemri",
        "emri i plotë",
        "емри",
        "emri mbiemri",
        "pjesëmarrësi",
        "emri i pjesëmarrësit",
    ),
    "first_name": ("emri",),
    "last_name": ("mbiemri",),
    "function": ("pozita", "pozicioni", "funksioni", "titulli", "detyra"),
    "institution": ("institucioni", "organizata", "punëdhënësi"),
    "country": ("shteti", "vendi"),
    "email": ("emaili", "e-maili", "email-i", "posta elektronike", "adresa e-postës"),
    "phone": ("telefoni", "numri i telefonit", "celulari", "nr. tel."),
    "gender": ("gjinia",),
    "language": ("gjuha",),
    "role": ("roli",),
    "photo_consent": (
        "pëlqim për foto",
        "pëlqimi për fotografim",
        "fotografi",
        "foto",
    ),
    "share_contact": (
        "ndarja e kontaktit",
        "ndarja e kontakteve",
        "pëlqimi për ndarjen e kontaktit",
    ),
    "attended": ("prania", "i pranishëm", "e pranishme", "ditët e pranisë"),
}

_MK: Words = {
    "id": ("бр.", "реден број", "број"),
    "name": ("име и презиме", "учесник", "име и презиме на учесник"),
    "first_name": ("име",),
    "last_name": ("презиме",),
    "function": ("функција", "позиција", "работно место"),
    "institution": ("институција", "организација", "установа", "работодавач"),
    "country": ("земја", "држава"),
    "email": ("е-пошта", "е-маил", "имејл", "е-мејл", "електронска пошта", "адреса на е-пошта"),
    "phone": ("телефон", "мобилен", "мобилен телефон", "телефонски број", "број на телефон"),
    "gender": ("пол", "род"),
    "language": ("јазик",),
    "role": ("улога", "улога на учесник"),
    "photo_consent": ("фото", "фотографирање", "согласност за фотографирање"),
    "share_contact": ("споделување контакт", "споделување на контакт"),
    "attended": ("присуство", "присутен", "присутна", "денови на присуство"),
}


def _with(base: Words, own: Words) -> Words:
    """``base`` with the words of ``own`` added, field by field."""
    return {field: base[field] + own.get(field, ()) for field in base}


#: The headings of each field, per supported locale (BCP 47 tag).
HEADINGS_BY_LOCALE: dict[str, Words] = {
    "en": _EN,
    "de": _DE,
    "it": _IT,
    "fr": _FR,
    "sr-Latn": _with(_SH, _SR_LATN),
    "sr-Cyrl": _SR_CYRL,
    "bs": _with(_SH, _BS),
    "hr": _with(_SH, _HR),
    "cnr": _with(_SH, _CNR),
    "sq": _SQ,
    "mk": _MK,
}

#: Every heading of each field, in any locale.
HEADING_SYNONYMS: Words = {
    field: tuple(
        dict.fromkeys(word for words in HEADINGS_BY_LOCALE.values() for word in words[field])
    )
    for field in _EN
}
