"""Agreement files: what makes them signable, and the document for signature."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLE, analyse, needs_libreoffice
from facilitation import codes
from facilitation.catalogue.labels import load_labels
from facilitation.documents.build import build
from helpers.docx_text import docx_parts, docx_text
from test_outcomes import PROGRAMME

AGREEMENT = """\
programme: programme.yaml
agreement:
  id: rs-agreement
  title: National collaboration agreement
  country: RS
  date: 2026-03-05
  place: Sarajevo
  purpose: Work together against serious crime.
  principles: [Mutual respect, Confidentiality of case information]
  parties:
    - institution: rs-police
      representative: {name: Marko Marković, function: Director}
      focal_point: {name: Ana Ilić, function: Inspector, email: a.ilic@example.org}
    - institution: rs-pps
      representative: {name: Јелена Јовановић, function: Chief Prosecutor}
  commitments:
    - {party: rs-police, text: Names a focal point within two weeks.}
    - {party: rs-pps, text: Shares case statistics every quarter.}
  channels:
    - {purpose: Urgent requests, primary: Phone, fallback: E-mail, response_time: 24 hours}
  meetings:
    - {name: Focal point meeting, rhythm: monthly}
  decision_rules: [Decisions by consensus of the parties]
  confidentiality: Case information is shared only on a need-to-know basis.
  escalation:
    - {level: 1, name: Operational, who: [Focal points], within: 5 working days}
    - {level: 2, name: Management, who: [Heads of units]}
  review_date: 2027-03-05
  amendments: In writing, signed by all parties.
  languages: [sr-Cyrl, en]
"""


@pytest.fixture
def folder(write: Callable[..., Path]) -> Path:
    write("programme.yaml", PROGRAMME)
    return write("agreement.yaml", AGREEMENT).parent


def test_a_good_agreement_builds_for_signature(folder: Path, tmp_path: Path) -> None:
    report = analyse(folder / "agreement.yaml")
    assert report.diagnostics == []
    result = build([folder / "agreement.yaml"], tmp_path / "out")
    assert not result.failed, result.problems
    text = docx_text(tmp_path / "out" / "rs-agreement" / "agreement.docx")
    for expected in (
        "National collaboration agreement",
        "The parties,",
        "(1)\tPolice Directorate, Serbia, represented by Marko Marković, Director;",
        "(2)\tProsecutor's Office, Serbia, represented by Јелена Јовановић, Chief Prosecutor,",
        "considering their cooperation in the programme Test programme,",
        "have agreed as follows:",
        "Article 1 – Purpose",
        "Article 2 – Guiding principles",
        "(a)\tMutual respect",
        "Article 3 – Commitments",
        "The Police Directorate:",
        "(a)\tnames a focal point within two weeks.",
        "| Urgent requests | Phone |  | E-mail | 24 hours |",
        "The parties communicate in Serbian (Cyrillic) and English.",
        "Decisions by consensus of the parties",
        "This agreement will be reviewed by 5 March 2027.",
        "Sarajevo, __________________",  # a draft leaves the date of signature blank
        "Signatures",
    ):
        assert expected in text, expected
    for signatory in ("Name: Marko Marković / Function: Director", "Name: Јелена Јовановић"):
        assert text.count(signatory) == 1, signatory


@pytest.mark.usefixtures("folder")
@pytest.mark.parametrize(
    ("change", "code", "line"),
    [
        (
            (
                "    - institution: rs-pps\n      representative: {name: Јелена Јовановић, function: Chief Prosecutor}\n",
                "",
            ),
            codes.TOO_FEW_PARTIES,
            11,
        ),
        (
            ("{party: rs-pps, text: Shares", "{party: xk-pps, text: Shares"),
            codes.COMMITMENT_WITHOUT_PARTY,
            18,
        ),
        (
            ("  review_date: 2027-03-05", "  review_date: 2026-03-05"),
            codes.REVIEW_NOT_AFTER_DATE,
            28,
        ),
        (("who: [Heads of units]", "who: []"), codes.EMPTY_ESCALATION, 27),
        (
            ("    - institution: rs-police\n", "    - institution: rs-polise\n"),
            codes.UNKNOWN_PARTY,
            11,
        ),
        (
            ("    - institution: rs-pps\n", "    - institution: rs-police\n"),
            codes.DUPLICATE_PARTY,
            14,
        ),
        (("  country: RS", "  country: HR"), codes.AGREEMENT_COUNTRY, 5),
        (
            ("  place: Sarajevo", "  place: Sarajevo\n  workshop: nowhere.yaml"),
            codes.AGREEMENT_WORKSHOP,
            8,
        ),
    ],
)
def test_agreement_problems(
    write: Callable[..., Path],
    change: tuple[str, str],
    code: str,
    line: int,
    tmp_path: Path,
) -> None:
    old, new = change
    assert old in AGREEMENT
    path = write("agreement.yaml", AGREEMENT.replace(old, new))
    report = analyse(path)
    assert (code, line) in [(d.code, d.location.line) for d in report.diagnostics]
    result = build([path], tmp_path / "out")
    assert result.failed
    assert not (tmp_path / "out").exists()


@pytest.mark.usefixtures("folder")
def test_an_agreement_with_one_party_says_so(write: Callable[..., Path]) -> None:
    text = AGREEMENT.replace(
        "    - institution: rs-pps\n      representative: {name: Јелена Јовановић, function: Chief Prosecutor}\n",
        "",
    ).replace("    - {party: rs-pps, text: Shares case statistics every quarter.}\n", "")
    report = analyse(write("agreement.yaml", text))
    [diagnostic] = report.diagnostics
    assert diagnostic.message == "the agreement has 1 party; an agreement needs at least two"


@pytest.mark.usefixtures("folder")
def test_a_misspelt_party_is_reported_once_not_again_at_its_commitments(
    write: Callable[..., Path],
) -> None:
    report = analyse(
        write(
            "agreement.yaml", AGREEMENT.replace("- institution: rs-pps", "- institution: rs-ppss")
        )
    )
    assert [(d.code, d.hint) for d in report.diagnostics] == [
        (codes.UNKNOWN_PARTY, "did you mean `rs-pps`?")
    ]


def _built(
    write: Callable[..., Path], tmp_path: Path, text: str, *, untranslated: bool = False
) -> dict[str, list[str]]:
    """The header, body and footer lines of the agreement that ``text`` describes.

    ``untranslated``: texts that fall back to another language (T701) are expected.
    """
    path = write("agreement.yaml", text)
    found = {d.code for d in analyse(path).diagnostics}
    assert found <= ({codes.TEXT_FALLBACK} if untranslated else set()), found
    result = build([path], tmp_path / "out")
    assert not result.failed, result.problems
    return docx_parts(tmp_path / "out" / "rs-agreement" / "agreement.docx")


@pytest.mark.usefixtures("folder")
def test_articles_are_numbered_without_gaps_for_clauses_left_out(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    text = AGREEMENT.replace(
        "  principles: [Mutual respect, Confidentiality of case information]\n", ""
    )
    body = _built(write, tmp_path, text)["body"]
    articles = [line for line in body if line.startswith("Article ")]
    assert articles == [
        "Article 1 – Purpose",
        "Article 2 – Commitments",
        "Article 3 – Communication channels and response times",
        "Article 4 – Meeting rhythm",
        "Article 5 – Decision-making",
        "Article 6 – Confidentiality and handling of sensitive information",
        "Article 7 – Escalation path",
        "Article 8 – Review and amendments",
        "Article 9 – Entry into force",
        "Article 10 – Withdrawal",
        "Article 11 – Final provisions",
    ]
    # Standard wording where the file says nothing of entry into force and withdrawal.
    assert "This agreement takes effect on the date on which the last party signs it." in body
    assert (
        "A party may withdraw from this agreement by written notice to the other parties." in body
    )


@pytest.mark.usefixtures("folder")
def test_an_old_file_with_only_a_duration_gets_no_second_wording_of_it(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    duration = (
        "  duration: Takes effect on signature, runs two years; a party may leave on notice.\n"
    )
    text = AGREEMENT.replace(
        "  languages:",
        duration + "  costs: Each party bears its own.\n"
        "  binding: Not legally binding.\n  languages:",
    )
    body = _built(write, tmp_path, text)["body"]
    articles = [line for line in body if line.startswith("Article ")]
    assert articles[-4:] == [
        "Article 10 – Duration",
        "Article 11 – Costs",
        "Article 12 – Legal nature",
        "Article 13 – Final provisions",
    ]
    assert not any("takes effect on the date" in line for line in body)
    assert not any("may withdraw from this agreement" in line for line in body)


@pytest.mark.usefixtures("folder")
def test_entry_into_force_duration_and_withdrawal_as_written(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    text = AGREEMENT.replace(
        "  languages:",
        "  entry_into_force: On the last signature.\n"
        "  duration: Until the end of 2028.\n"
        "  withdrawal: With three months' notice.\n"
        "  languages:",
    )
    body = _built(write, tmp_path, text)["body"]
    at = body.index("Article 10 – Entry into force")
    assert body[at : at + 6] == [
        "Article 10 – Entry into force",
        "On the last signature.",
        "Article 11 – Duration",
        "Until the end of 2028.",
        "Article 12 – Withdrawal",
        "With three months' notice.",
    ]


@pytest.mark.usefixtures("folder")
@pytest.mark.parametrize(
    ("status", "header", "footer"),
    [
        ("", "DRAFT", "Version 1 · Draft · issued 5 March 2026"),
        ("  status: draft\n  version: 0.4\n", "DRAFT", "Version 0.4 · Draft · issued 5 March 2026"),
        (
            "  status: final\n  issued: 2026-03-01\n",
            "DRAFT – agreed text for signature",
            "Version 1 · Final · issued 1 March 2026",
        ),
        ("  status: signed\n", None, "Version 1 · Signed · issued 5 March 2026"),
    ],
)
def test_every_page_says_what_the_text_is_until_it_is_signed(
    write: Callable[..., Path], tmp_path: Path, status: str, header: str | None, footer: str
) -> None:
    parts = _built(
        write, tmp_path, AGREEMENT.replace("  place: Sarajevo\n", "  place: Sarajevo\n" + status)
    )
    marks = [line for line in parts["header"] if not line.startswith("|")]
    assert marks == ([header] if header else [])
    assert parts["footer"][0].startswith(f"| {footer} | Page")
    # Room for each party's initials on every page, numbered as the preamble numbers them.
    assert parts["footer"][1] == "Initials:  (1) ________   (2) ________"


@pytest.mark.usefixtures("folder")
@pytest.mark.parametrize(
    ("originals", "sentence"),
    [
        ("", "This agreement is signed in 2 originals, one for each party."),
        ("  originals: 1\n", "This agreement is signed in a single original."),
        ("  originals: 3\n", "This agreement is signed in 3 originals."),
    ],
)
def test_the_final_provisions_count_the_originals_and_name_the_annex(
    write: Callable[..., Path], tmp_path: Path, originals: str, sentence: str
) -> None:
    body = _built(write, tmp_path, AGREEMENT + originals)["body"]
    final = body[body.index("Article 12 – Final provisions") + 1 :]
    assert final[:3] == [
        "This agreement is drawn up in English.",
        sentence,
        "The focal points of the parties are listed in Annex 1.",
    ]


@pytest.mark.usefixtures("folder")
def test_the_annex_lists_the_focal_points_the_final_provisions_name(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    text = AGREEMENT.replace(
        "    - institution: rs-pps\n      representative: {name: Јелена Јовановић, function: Chief Prosecutor}\n",
        "    - institution: rs-pps\n      representative: {name: Јелена Јовановић, function: Chief Prosecutor}\n"
        "      focal_point: {name: Ivan Petrović, function: Deputy, phone: +381 11 000}\n",
    )
    body = _built(write, tmp_path, text)["body"]
    annex = body[body.index("Annex 1 – Focal points") :]
    assert annex[1:5] == [
        "National collaboration agreement",
        "| Name | Function | Institution | E-mail / Phone |",
        "| Ana Ilić | Inspector | Police Directorate | a.ilic@example.org |",
        "| Ivan Petrović | Deputy | Prosecutor's Office | +381 11 000 |",
    ]


@pytest.mark.usefixtures("folder")
def test_without_focal_points_there_is_no_annex_and_no_clause_naming_it(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    text = AGREEMENT.replace(
        "      focal_point: {name: Ana Ilić, function: Inspector, email: a.ilic@example.org}\n", ""
    )
    body = _built(write, tmp_path, text)["body"]
    assert not any("Annex" in line for line in body)


@pytest.mark.usefixtures("folder")
def test_commitments_read_as_one_sentence_per_party(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    text = AGREEMENT.replace(
        "    - {party: rs-pps, text: Shares case statistics every quarter.}\n",
        "    - {party: rs-pps, text: Shares case statistics every quarter.}\n"
        "    - {party: rs-pps, text: RCC staff receive no case files}\n"
        "    - {party: rs-pps, text: 'Leads the training, with the police'}\n",
    )
    body = _built(write, tmp_path, text)["body"]
    at = body.index("The Prosecutor's Office:")
    assert body[at : at + 4] == [
        "The Prosecutor's Office:",
        "(a)\tshares case statistics every quarter;",
        "(b)\tRCC staff receive no case files;",
        "(c)\tleads the training, with the police.",
    ]


@pytest.mark.usefixtures("folder")
def test_each_party_with_its_country_unless_its_name_says_it(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    programme = PROGRAMME.replace(
        "  - {id: xk-pps,",
        "  - {id: rs-moi, name: Ministry of Interior of the Republic of Serbia, country: RS}\n"
        "  - {id: xk-pps,",
    )
    write("programme.yaml", programme)
    text = AGREEMENT.replace(
        "    - institution: rs-pps\n",
        "    - institution: rs-moi\n    - institution: ba-pps\n    - institution: rs-pps\n",
    )
    parts = _built(write, tmp_path, text)
    assert "(2)\tMinistry of Interior of the Republic of Serbia;" in parts["body"]
    assert "(3)\tProsecutor's Office of BiH, Bosnia and Herzegovina;" in parts["body"]
    # Parties from more than one country: the signature blocks name the country too.
    assert any(
        "(3)\tProsecutor's Office of BiH / Bosnia and Herzegovina / Name:" in line
        for line in parts["body"]
    )
    assert parts["footer"][1].endswith("(4) ________")


@pytest.mark.usefixtures("folder")
def test_the_last_escalation_level_has_nowhere_to_move_up_to(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    text = AGREEMENT.replace(
        "who: [Heads of units]}", "who: [Heads of units, Deputies], within: 10 days}"
    )
    body = _built(write, tmp_path, text)["body"]
    assert "| 1 | Operational | Focal points | 5 working days |" in body
    assert "| 2 | Management | Heads of units / Deputies |  |" in body
    assert not any("10 days" in line for line in body)


@pytest.mark.usefixtures("folder")
def test_the_preamble_recites_the_workshop_and_the_files_own_recitals(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    write("kickoff.yaml", "workshop:\n  title: Kick-off RS\n")
    text = AGREEMENT.replace(
        "  place: Sarajevo\n",
        "  place: Sarajevo\n  workshop: kickoff.yaml\n"
        "  recitals: ['recognising that crime does not stop at borders,']\n",
    )
    path = write("agreement.yaml", text)
    result = build([path], tmp_path / "out")
    assert not result.failed, result.problems
    body = docx_parts(tmp_path / "out" / "rs-agreement" / "agreement.docx")["body"]
    at = body.index("considering their cooperation in the programme Test programme,")
    assert body[at : at + 4] == [
        "considering their cooperation in the programme Test programme,",
        "building on the results of “Kick-off RS”,",
        "recognising that crime does not stop at borders,",
        "have agreed as follows:",
    ]


BILINGUAL = """\
programme: programme.yaml
agreement:
  id: rs-agreement
  title: {en: Agreement, de: Vereinbarung}
  date: 2026-03-05
  place: {en: Sarajevo, de: Sarajevo}
  status: final
  purpose: {en: Work together., de: Zusammenarbeiten.}
  parties:
    - institution: rs-police
      representative: {name: Marko Marković, function: {en: Director, de: Direktor}}
    - institution: rs-pps
      representative: {name: Ana Ilić}
  versions: [de, en]
  prevails: en
"""


@pytest.mark.usefixtures("folder")
def test_a_bilingual_agreement_states_its_versions_in_each_and_is_signed_once(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    parts = _built(write, tmp_path, BILINGUAL, untranslated=True)
    body = parts["body"]
    assert (
        "In case of divergence between the language versions, the English version prevails." in body
    )
    assert "This agreement is made in German and English." in body
    assert (
        sum(line.endswith("– Final provisions") or "Schlussbestimmungen" in line for line in body)
        == 2
    )
    assert sum(line.startswith("| (1)\t") for line in body) == 1  # one signature page for both
    assert any("Direktor / Director" in line for line in body)
    assert "DRAFT – agreed text for signature" in parts["header"][-1]


def _pages(pdf: Path) -> list[str]:
    """The text of each page of ``pdf``, as pdftotext reads it, with white space folded."""
    if not shutil.which("pdftotext"):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("pdftotext is required under CI=true but is not installed")
        pytest.skip("pdftotext is not installed")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = [" ".join(unicodedata.normalize("NFC", page).split()) for page in text.split("\f")]
    return [page for page in pages if page]


@pytest.mark.libreoffice
def test_the_example_agreements_as_printed_pages(tmp_path: Path) -> None:
    """Numbered articles; DRAFT on every page of a draft, none on a signed one; the annex."""
    needs_libreoffice()
    names = ("national-north-macedonia", "national-serbia", "regional")
    files = [EXAMPLE / "agreements" / f"{name}.yaml" for name in names]
    result = build(files, tmp_path, pdf=True)
    assert not result.failed, result.problems
    draft, signed, final = (
        _pages(tmp_path / f"agreement-{name}" / "agreement.pdf")
        for name in ("north-macedonia", "serbia", "regional")
    )
    marks = {load_labels(tag)["document_status"]["mark"] for tag in ("en", "sr-Cyrl")}
    for number, page in enumerate(draft, start=1):
        assert "DRAFT" in page, f"page {number} of the draft has no DRAFT mark"
    for page in signed:
        assert not any(mark in page for mark in marks), page[:200]
    # Until it is signed, the agreed text is marked DRAFT too, and says what it is.
    assert all("DRAFT – agreed text for signature" in page for page in final)
    for pages in (draft, signed, final):
        numbers = [int(n) for n in re.findall(r"Article (\d+) – ", " ".join(pages))]
        assert numbers[:17] == list(range(1, 18)), numbers
    # The signature blocks of the seven parties of the regional agreement share one page, and
    # the annex the final provisions name lists every focal point with its e-mail.
    [signatures] = [page for page in final if "Signatures" in page and "(7)" in page]
    for name in ("Radomir Pantić", "Mirsad Bešlija", "Damir Halilović"):
        assert name in signatures
    [annex] = [page for page in final if "Annex 1 – Focal points" in page and "E-mail" in page]
    for focal in ("Jelena Marković", "j.markovic@example.org", "Sabina Terzić", "+387 33 000 0071"):
        assert focal in annex, focal
