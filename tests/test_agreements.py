"""Agreement files: what makes them signable, and the document for signature."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import analyse
from facilitation import codes
from facilitation.documents.build import build
from helpers.docx_text import docx_text
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
    - {party: rs-police, text: Name a focal point within two weeks.}
    - {party: rs-pps, text: Share case statistics every quarter.}
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
        "Police Directorate",
        "Prosecutor's Office",
        "Јелена Јовановић",
        "Name a focal point within two weeks.",
        "Commitments of Police Directorate",
        "| Urgent requests | Phone |  | E-mail | 24 hours |",
        "Decisions by consensus of the parties",
        "This agreement will be reviewed by 5 March 2027.",
        "Languages: Serbian (Cyrillic) and English",
        "Sarajevo, 5 March 2026",
        "Signatures",
    ):
        assert expected in text, expected
    assert text.count("| Signature |") == 2


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
            ("{party: rs-pps, text: Share", "{party: xk-pps, text: Share"),
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
    ).replace("    - {party: rs-pps, text: Share case statistics every quarter.}\n", "")
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
