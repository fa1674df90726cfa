"""View data for a collaboration and communication agreement, ready for signature.

The document reads as an agreement: a preamble that names the parties (each with its country),
numbered articles, final provisions (languages, the prevailing version, the originals), one
place and date of signature with a block and space for a seal per party, and the focal points
as the annex the text names. Articles are numbered here, so that a clause the file leaves out
leaves no gap in the numbering.
"""

from __future__ import annotations

from typing import Any

from facilitation.catalogue.labels import load_labels
from facilitation.documents.language import Words, localise_agreement
from facilitation.documents.views.base import (
    add_footnotes,
    describe_branding,
    describe_contact,
    describe_status,
    describe_subject,
)
from facilitation.model import Programme
from facilitation.model.agreement import Agreement, Party, Person
from facilitation.model.languages import choose
from facilitation.model.loaded import AgreementDocument

#: The articles in the order the document prints them: (key, label of the title).
_ARTICLES = (
    ("purpose", "purpose"),
    ("scope", "scope"),
    ("principles", "principles"),
    ("commitments", "commitments"),
    ("communication", "communication"),
    ("meetings", "meetings"),
    ("decision_rules", "decision_rules"),
    ("confidentiality", "confidentiality"),
    ("information_sharing", "information_sharing"),
    ("escalation", "escalation"),
    ("review", "review"),
    ("entry_into_force", "entry_into_force"),
    ("duration", "duration"),
    ("withdrawal", "withdrawal"),
    ("costs", "costs"),
    ("legal_nature", "legal_nature"),
    ("final", "final"),
)
#: The number of the annex that lists the focal points (the only annex).
_FOCAL_POINTS_ANNEX = 1
#: Blank space for a party's initials in the footer.
_INITIALS_SPACE = "________"


def make_agreement_view(document: AgreementDocument) -> dict[str, Any]:
    """Everything the agreement document prints, in each of its versions.

    The view of the first version is the document's; ``versions`` holds one view per language
    (one for most agreements), which the template prints one after the other, each under its
    heading, before the signatures and the annex that cover them all. Words that the signature
    page, the annex, the header and the footer print once are in every version's language.
    """
    views = [
        _version_view(localise_agreement(document, tag), document) for tag in document.versions
    ]
    view = dict(views[0])
    if len(views) > 1:
        for version, tag in zip(views, document.versions, strict=True):
            version["heading"] = str(version["labels"]["agreement"]["version"]).format(
                language=Words.of(tag).language_name(tag)
            )
    view["versions"] = views
    view["document"] = {**views[0]["document"], **_status(document, views)}
    view["signatures"] = _signatures(views)
    view["annex"] = _annex(views)
    return view


def _joined(texts: list[str]) -> str:
    """Texts of the versions as one: each different one once, ``НАЦРТ / DRAFT``."""
    return " / ".join(dict.fromkeys(text for text in texts if text))


def _word(views: list[dict[str, Any]], key: str) -> str:
    """The agreement label ``key`` in every version's language."""
    return _joined([str(view["labels"]["agreement"][key]) for view in views])


def _status(document: AgreementDocument, views: list[dict[str, Any]]) -> dict[str, Any]:
    """Version, status, date of issue, contact and page marks, in every version's language.

    Until it is signed, every page carries DRAFT: a draft plainly, the final text as "DRAFT –
    agreed text for signature"; the originals are built with ``status: signed`` and have none.
    The footer of every page has room for the initials of each party, numbered as the preamble
    numbers them.
    """
    agreement = document.spec.agreement
    statuses = []
    for view in views:
        language = view["document"]["language"]
        statuses.append(
            describe_status(
                view["labels"],
                Words.of(language),
                agreement.status,
                agreement.version,
                agreement.issued or agreement.date,
                describe_contact(document.programme, agreement.contact, brief=True),
            )
        )
    status = dict(statuses[0])
    for key in ("status_label", "issue_line", "contact_line"):
        status[key] = _joined([str(each[key]) for each in statuses])
    if agreement.status == "final":
        status["mark"] = _word(views, "mark_final")
    else:
        status["mark"] = _joined([str(each["mark"]) for each in statuses])
    spaces = [f"({number}) {_INITIALS_SPACE}" for number in range(1, len(agreement.parties) + 1)]
    status["initials"] = f"{_word(views, 'initials')}:  " + "   ".join(spaces) if spaces else ""
    return status


def _signatures(views: list[dict[str, Any]]) -> dict[str, Any]:
    """One place and date; a block per party, two to a row, with space for a signature and seal."""
    blocks = []
    parties = [view["parties"] for view in views]
    countries = {party["country"] for party in parties[0] if party["country"]}
    for index, party in enumerate(parties[0]):
        blocks.append(
            {
                "number": f"({index + 1})",
                "institution": _joined([each[index]["institution"] for each in parties]),
                "country": _joined([each[index]["country"] for each in parties])
                if len(countries) > 1
                else "",
                "signatory": party["signatory"],
                "function": _joined([each[index]["function"] for each in parties]),
            }
        )
    rows = [
        {"left": blocks[start], "right": blocks[start + 1] if start + 1 < len(blocks) else None}
        for start in range(0, len(blocks), 2)
    ]
    return {
        "heading": _word(views, "signatures"),
        "place_date": _joined([str(view["agreement"]["place_date"]) for view in views]),
        "name": _word(views, "signature_name"),
        "function": _word(views, "signature_function"),
        "signature": _word(views, "signature"),
        "seal": _word(views, "seal"),
        "rows": rows,
    }


def _annex(views: list[dict[str, Any]]) -> dict[str, Any]:
    """The annex the final provisions name: the focal point of each party and how to reach it."""
    parties = [view["parties"] for view in views]
    rows = [
        {
            "name": party["focal_point"]["name"],
            "function": _joined([each[index]["focal_point"]["function"] for each in parties]),
            "institution": _joined([each[index]["institution"] for each in parties]),
            "email": party["focal_point"]["email"],
            "phone": party["focal_point"]["phone"],
        }
        for index, party in enumerate(parties[0])
        if party["focal_point"]
    ]
    heading = _joined(
        [
            str(view["labels"]["agreement"]["annex"]).format(
                n=_FOCAL_POINTS_ANNEX, title=view["labels"]["agreement"]["focal_points"]
            )
            for view in views
        ]
    )
    labels = {
        "name": _word(views, "signature_name"),
        "function": _word(views, "signature_function"),
        **{key: _word(views, key) for key in ("institution", "email", "phone")},
    }
    return {
        "heading": heading if rows else "",
        "title": _joined([str(view["workshop"]["title"]) for view in views]),
        "rows": rows,
        "labels": labels,
    }


def _version_view(document: AgreementDocument, whole: AgreementDocument) -> dict[str, Any]:
    """One language version of the agreement (``document`` is in that language)."""
    agreement = document.spec.agreement
    programme = document.programme
    labels = load_labels(document.language)
    words = Words.of(document.language)
    own = labels["agreement"]
    view = describe_branding(
        programme, labels, "agreement", document.confidentiality, document.language
    )
    view["workshop"] = describe_subject(
        agreement.title,
        words.date(agreement.date),
        agreement.place or "",
        own["national"] if agreement.scope == "national" else own["regional"],
    )
    view["heading"] = ""
    view["parties"] = [_party(programme, party) for party in agreement.parties]
    view["preamble"] = _preamble(document, view["parties"], own)
    view["agreement"] = _terms(document, own, words)
    view["agreement"]["final"] = _final_clauses(whole, document.language, view["parties"])
    view["commitments"] = _commitments(programme, agreement, own)
    view.update(_arrangements(agreement))
    view["articles"] = _articles(view, own)
    return add_footnotes(view, programme)


def _party(programme: Programme, party: Party) -> dict[str, Any]:
    """A party: its institution, country, who signs for it and its focal point."""
    institution = programme.institution(party.institution)
    name = institution.name if institution else party.institution
    code = institution.country if institution else None
    country = programme.country_name(code) if code else ""
    representative = party.representative
    focal = party.focal_point
    return {
        "institution": name,
        "country": country,
        "named": f"{name}, {country}" if country and not _names(name, country) else name,
        "representative": _person(representative),
        "signatory": representative.name if representative else "",
        "function": (representative.function or "") if representative else "",
        "focal_point": {
            "name": focal.name,
            "function": focal.function or "",
            "email": focal.email or "",
            "phone": focal.phone or "",
        }
        if focal
        else None,
    }


def _names(name: str, country: str) -> bool:
    """Whether an institution's name already names its country (``… of the Republic of Serbia``).

    The country's name without its last letter is enough, so that an inflected form counts too
    (``Републике Србије`` names ``Србија``).
    """
    stem = country.rstrip("*").strip()
    stem = stem[:-1] if len(stem) > 4 else stem
    return stem.casefold() in name.casefold()


def _preamble(
    document: AgreementDocument, parties: list[dict[str, Any]], words: dict[str, Any]
) -> dict[str, Any]:
    """The parties, numbered, each with its country and representative; the recitals."""
    lines = []
    for index, party in enumerate(parties):
        text = party["named"]
        if party["representative"]:
            text += ", " + str(words["represented_by"]).format(person=party["representative"])
        lines.append(
            {"number": f"({index + 1})", "text": text + ("," if index == len(parties) - 1 else ";")}
        )
    recitals = [str(words["recital_programme"]).format(programme=document.programme.name)]
    if document.workshop_title:
        title = choose(document.workshop_title, document.language, document.language).text
        recitals.append(str(words["recital_workshop"]).format(workshop=title))
    recitals.extend(document.spec.agreement.recitals)
    return {
        "opening": words["preamble"],
        "parties": lines,
        "recitals": recitals,
        "agreed": words["agreed"],
    }


def _terms(document: AgreementDocument, words: dict[str, Any], dates: Words) -> dict[str, Any]:
    """The agreement's own texts and dates; standard wording where the file says nothing."""
    agreement = document.spec.agreement
    place = agreement.place or ""
    letters = str(words["letters"])
    # NOTE: a file that writes only `duration:` (as files did before `entry_into_force:` and
    # `withdrawal:` existed) says there when it takes effect and how a party leaves.
    standard = (
        agreement.duration is None
        or agreement.entry_into_force is not None
        or agreement.withdrawal is not None
    )
    return {
        "scope": words[agreement.scope],
        "country": document.programme.country_name(agreement.country) if agreement.country else "",
        "purpose": agreement.purpose,
        "scope_text": agreement.scope_text or "",
        "principles": _lettered(list(agreement.principles), letters),
        "decision_rules": _lettered(list(agreement.decision_rules), letters),
        "confidentiality": agreement.confidentiality or "",
        "information_sharing": agreement.information_sharing or "",
        "amendments": agreement.amendments or "",
        "entry_into_force": agreement.entry_into_force
        or (str(words["entry_into_force_default"]) if standard else ""),
        "duration": agreement.duration or "",
        "withdrawal": agreement.withdrawal
        or (str(words["withdrawal_default"]) if standard else ""),
        "costs": agreement.costs or "",
        "binding": agreement.binding or "",
        "review": str(words["review_date"]).format(date=dates.date(agreement.review_date))
        if agreement.review_date
        else "",
        "communicate_in": str(words["communicate_in"]).format(
            languages=dates.join([dates.language_name(tag) for tag in agreement.languages])
        )
        if agreement.languages
        else "",
        "place_date": _place_date(agreement, place, words, dates),
    }


#: Where a draft leaves the date of signature to be filled in.
_BLANK_DATE = "_" * 18


def _place_date(agreement: Agreement, place: str, words: dict[str, Any], dates: Words) -> str:
    """One place and date of signature; a draft's date is a blank, since it is not agreed yet."""
    date = _BLANK_DATE if agreement.status == "draft" else dates.date(agreement.date)
    return str(words["place_date"]).format(place=place, date=date) if place else date


def _final_clauses(
    document: AgreementDocument, language: str, parties: list[dict[str, Any]]
) -> list[str]:
    """In ``language``: the versions and the one that prevails, the originals, the annex."""
    words = Words.of(language)
    labels = words.labels["agreement"]
    clauses = []
    prevailing = document.prevailing
    if prevailing:
        names = words.join([words.language_name(tag) for tag in document.versions])
        clauses.append(str(labels["versions"]).format(languages=names))
        clauses.append(str(labels["prevails"]).format(language=words.language_name(prevailing)))
    else:  # one version: the language it is authentic in
        clauses.append(str(labels["written_in"]).format(language=words.language_name(language)))
    originals = document.spec.agreement.originals or len(parties)
    if originals == 1:
        clauses.append(str(labels["originals_one"]))
    else:
        key = "originals_each" if originals == len(parties) else "originals_many"
        clauses.append(str(labels[key]).format(n=words.number(originals, 0)))
    if any(party["focal_point"] for party in parties):
        clauses.append(str(labels["annex_clause"]).format(n=_FOCAL_POINTS_ANNEX))
    return clauses


def _articles(view: dict[str, Any], words: dict[str, Any]) -> dict[str, str]:
    """Each article's numbered title (``Article 3 – Guiding principles``); empty when left out."""
    terms = view["agreement"]
    present = {
        "purpose": True,
        "scope": terms["scope_text"],
        "principles": terms["principles"],
        "commitments": view["commitments"],
        "communication": view["channels"] or terms["communicate_in"],
        "meetings": view["meetings"],
        "decision_rules": terms["decision_rules"],
        "confidentiality": terms["confidentiality"],
        "information_sharing": terms["information_sharing"],
        "escalation": view["escalation"],
        "review": terms["review"] or terms["amendments"],
        "entry_into_force": terms["entry_into_force"],
        "duration": terms["duration"],
        "withdrawal": terms["withdrawal"],
        "costs": terms["costs"],
        "legal_nature": terms["binding"],
        "final": True,
    }
    articles: dict[str, str] = {}
    number = 0
    for key, label in _ARTICLES:
        if present[key]:
            number += 1
            articles[key] = str(words["article"]).format(n=number, title=words[label])
        else:
            articles[key] = ""
    return articles


def _letter(index: int, letters: str) -> str:
    """The marker of item ``index`` of a list: ``(a)``, ``(b)``, … ``(z)``, ``(aa)``."""
    count = len(letters)
    return f"({letters[index % count] * (index // count + 1)})"


def _lettered(texts: list[str], letters: str) -> list[dict[str, str]]:
    return [{"letter": _letter(index, letters), "text": text} for index, text in enumerate(texts)]


def _commitments(
    programme: Programme, agreement: Agreement, words: dict[str, Any]
) -> list[dict[str, Any]]:
    """Each party's commitments as one sentence: ``The Ministry …: (a) coordinates …; (b) …``.

    The file writes each commitment as what the party does (``Coordinates the national
    team …``); here each becomes an item of the sentence that the party's name opens, in lower
    case, ending with a semicolon, and the last one with a full stop. Parties without
    commitments are left out.
    """
    letters = str(words["letters"])
    commitments = []
    for party in agreement.parties:
        institution = programme.institution(party.institution)
        name = institution.name if institution else party.institution
        own = programme.institution_id(party.institution)
        texts = [
            commitment.text
            for commitment in agreement.commitments
            if programme.institution_id(commitment.party) == own
        ]
        if texts:
            items = [
                {"letter": _letter(index, letters), "text": _clause(text, index == len(texts) - 1)}
                for index, text in enumerate(texts)
            ]
            lead = str(words["commitment_lead"]).format(party=name)
            commitments.append({"party": name, "lead": lead, "clauses": items})
    return commitments


def _clause(text: str, last: bool) -> str:
    """A commitment as an item of a sentence: lower case first, then ``;`` (or ``.`` at the end).

    Only a first word in plain title case is lowered (``Leads`` → ``leads``); ``RCC`` or
    ``iPhone`` stay as they are.
    """
    text = " ".join(text.split())
    first = text.split(" ", 1)[0].rstrip(",:;")
    if first[:1].isupper() and first[1:].isalpha() and first[1:].islower():
        text = text[:1].lower() + text[1:]
    body = text.rstrip(".;,")
    if last:
        return body + ("" if body.endswith(("!", "?")) else ".")
    return body + ";"


def _arrangements(agreement: Agreement) -> dict[str, list[dict[str, Any]]]:
    """How the parties work together: channels, meetings and the escalation path."""
    return {
        "channels": [
            {
                "purpose": channel.purpose,
                "primary": channel.primary,
                "secondary": channel.secondary or "",
                "fallback": channel.fallback or "",
                "response_time": channel.response_time or "",
            }
            for channel in agreement.channels
        ],
        "meetings": [
            {
                "name": meeting.name,
                "rhythm": meeting.rhythm,
                "participants": meeting.participants or "",
                "notes": meeting.notes or "",
            }
            for meeting in agreement.meetings
        ],
        "escalation": [
            {
                "level": level.level,
                "name": level.name,
                "who": list(level.who),
                # The last level has nowhere to move up to.
                "within": (level.within or "") if number < len(agreement.escalation) else "",
            }
            for number, level in enumerate(
                sorted(agreement.escalation, key=lambda level: level.level), start=1
            )
        ],
    }


def _person(person: Person | None) -> str:
    if person is None:
        return ""
    return person.name + (f", {person.function}" if person.function else "")
