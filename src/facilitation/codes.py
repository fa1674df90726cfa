"""The catalogue of diagnostic codes.

Codes are stable and never reused. They are grouped by the stage that finds them:

- ``Y1xx`` reading YAML files,
- ``S1xx`` the file's structure and values (the schema),
- ``P2xx`` the plan (timing, references, balance),
- ``R3xx`` rendering documents and templates,
- ``D4xx`` participant lists and registration exports,
- ``O5xx`` outcome records,
- ``A6xx`` agreements,
- ``T7xx`` languages and translations,
- ``C8xx`` Compass self-assessments.

Each constant below is the code string; :data:`CODES` holds the documentation of every code, which
``facilitation explain`` and the README show; the longer explanations are catalogue data
(:mod:`facilitation.catalogue.explanations`).
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitation.errors import Severity


@dataclass(frozen=True)
class Code:
    """Documentation of one diagnostic code."""

    code: str
    name: str
    severity: Severity
    title: str


CODES: dict[str, Code] = {}


def _code(code: str, name: str, title: str, severity: Severity = Severity.ERROR) -> str:
    if code in CODES:  # pragma: no cover - guards against a copy-paste slip at import time
        raise RuntimeError(f"diagnostic code {code} defined twice")
    CODES[code] = Code(code, name, severity, title)
    return code


_W = Severity.WARNING

# Y1xx: reading YAML
FILE_TOO_LARGE = _code("Y101", "file-too-large", "The file is larger than the size limit")
NOT_UTF8 = _code("Y102", "not-utf8", "The file is not valid UTF-8 text")
YAML_SYNTAX = _code("Y103", "yaml-syntax", "The YAML syntax is broken")
TAB_INDENT = _code("Y104", "tab-indent", "A tab is used for indentation")
DUPLICATE_KEY = _code("Y105", "duplicate-key", "The same key appears twice in one mapping")
ALIAS_LIMIT = _code("Y106", "alias-limit", "Aliases expand to too much data")
TOO_DEEP = _code("Y107", "too-deep", "The data is nested too deeply")
TAG_NOT_ALLOWED = _code("Y108", "tag-not-allowed", "A YAML tag such as !!python/object is used")
NOT_A_MAPPING = _code("Y109", "not-a-mapping", "The file is empty or is not a mapping of keys")
BAD_KEY = _code("Y110", "bad-key", "A key is not plain text, or is a merge key (<<)")
FILE_NOT_FOUND = _code("Y111", "file-not-found", "A file named in the input cannot be read")
MANY_DOCUMENTS = _code("Y112", "many-documents", "The file holds more than one YAML document")
FLOW_LIST_SPLIT = _code(
    "Y113", "flow-list-split", "A comma in a [list] splits what looks like one text", _W
)

# S1xx: structure and values
MISSING_FIELD = _code("S101", "missing-field", "A required field is missing")
UNKNOWN_FIELD = _code("S102", "unknown-field", "A key is not a known field")
WRONG_TYPE = _code("S103", "wrong-type", "A value has the wrong shape (text, list or mapping)")
INVALID_NUMBER = _code("S104", "invalid-number", "A value is not a whole number")
INVALID_TIME = _code("S105", "invalid-time", "A value is not a clock time like 9:00")
INVALID_DATE = _code("S106", "invalid-date", "A value is not a real date like 2026-03-02")
INVALID_CHOICE = _code("S107", "invalid-choice", "A value is not one of the allowed words")
INVALID_BOOLEAN = _code("S108", "invalid-boolean", "A value is not yes or no")
TEXT_TOO_LONG = _code("S109", "text-too-long", "A text is longer than its limit")
BAD_CHARACTERS = _code("S110", "bad-characters", "A text holds control or invisible characters")
NON_POSITIVE_DURATION = _code("S111", "non-positive-duration", "A duration is zero or negative")
INVALID_TIMEZONE = _code("S112", "invalid-timezone", "A time zone name is not known")
INVALID_VALUE = _code("S113", "invalid-value", "A value is not valid for its field")
INVALID_EMAIL = _code("S114", "invalid-email", "An e-mail address is not valid")
INVALID_ID = _code("S115", "invalid-id", "An id is not a short lowercase name")

# P2xx: the plan
OVERRUN = _code("P201", "overrun", "Sessions run past the end of the day")
ANCHOR_PASSED = _code("P202", "anchor-passed", "A fixed start time is passed by earlier sessions")
NO_BREAK = _code("P203", "no-break", "More than 90 minutes of work without a break", _W)
NO_LUNCH = _code("P204", "no-lunch", "A day of more than six hours has no lunch", _W)
UNKNOWN_FACILITATOR = _code("P205", "unknown-facilitator", "A facilitator is not on the team")
UNKNOWN_METHOD = _code("P206", "unknown-method", "A method is not in the catalogue")
UNKNOWN_INSTITUTION = _code("P207", "unknown-institution", "An institution is not known", _W)
UNKNOWN_COUNTRY = _code("P208", "unknown-country", "A country is not in the programme")
DUPLICATE_ID = _code("P209", "duplicate-id", "Two things share one id")
DOUBLE_BOOKED = _code("P210", "double-booked", "A facilitator is in two places at once")
LONG_DAY = _code("P211", "long-day", "A day is longer than twelve hours", _W)
GAP_BETWEEN_DAYS = _code("P212", "gap-between-days", "Days are not consecutive", _W)
DAY_OUTSIDE_WORKSHOP = _code("P213", "day-outside", "A day falls outside the workshop's dates")
EMPTY_DAY = _code("P214", "empty-day", "A day has no sessions")
NO_DURATION = _code("P215", "no-duration", "A session has no duration and no method default")
DAY_ENDS_BEFORE_START = _code("P216", "day-ends-early", "A day ends before it starts")
COMPASS_GAP = _code("P217", "compass-gap", "A Compass dimension gets no time", _W)
ANCHOR_OUTSIDE_DAY = _code("P218", "anchor-outside-day", "A fixed start is outside the day")
METHOD_DURATION = _code(
    "P219", "method-duration", "A session is shorter or longer than its method needs", _W
)
IDLE_BEFORE_FIXED_START = _code(
    "P220", "idle-before-fixed-start", "Time stands empty before a fixed start", _W
)
OFF_SITE_PLAN = _code(
    "P221", "off-site-plan", "An off-site session has no place or no time on site", _W
)
NO_MEETING_LINK = _code("P222", "no-meeting-link", "An online day has no meeting link", _W)
COMPASS_SMALL_SHARE = _code(
    "P223", "compass-small-share", "A Compass dimension gets little of a long workshop's time", _W
)
PHASE_MISMATCH = _code(
    "P224",
    "phase-mismatch",
    "Most of the work time serves another DCM phase than the workshop's",
    _W,
)

# D4xx: participant lists
PARTICIPANTS_NOT_FOUND = _code("D401", "participants-not-found", "The participant file is missing")
PARTICIPANTS_FORMAT = _code("D402", "participants-format", "The participant file cannot be read")
PARTICIPANTS_HEADINGS = _code(
    "D403", "participants-headings", "The heading row is missing or merged"
)
UNKNOWN_COLUMN = _code("D404", "unknown-column", "A column of the participant file is not used", _W)
DUPLICATE_EMAIL = _code("D405", "duplicate-email", "Two participants share an e-mail address", _W)
NO_PARTICIPANTS = _code("D406", "no-participants", "The participant file has no participants", _W)
CONTROL_CHARACTERS = _code("D407", "control-characters", "Invisible characters were removed", _W)
LEGACY_ENCODING = _code(
    "D408", "legacy-encoding", "The file was read as cp1250, cp1251 or cp1252", _W
)
TOO_MANY_PARTICIPANTS = _code(
    "D409", "too-many-participants", "The participant file has more rows than are read"
)
INVALID_BYTES = _code("D410", "invalid-bytes", "A row of a UTF-8 participant file is not UTF-8")

# C8xx: Compass self-assessments
ASSESSMENT_FILE = _code("C801", "assessment-file", "The self-assessment file cannot be read")
ASSESSMENT_HEADINGS = _code(
    "C802", "assessment-headings", "The self-assessment's aspect columns are missing or unclear"
)
ASSESSMENT_ANSWER = _code(
    "C803", "assessment-answer", "An answer is not a number on the assessment's scale", _W
)
FEW_RESPONDENTS = _code(
    "C804", "few-respondents", "A self-assessment has fewer than five respondents", _W
)
MISSING_ASPECTS = _code(
    "C805", "missing-aspects", "A self-assessment has no column for some aspects", _W
)

# R3xx: rendering documents and templates
TEMPLATE_REFUSED = _code("R301", "template-refused", "A template is not a safe, plain .docx file")
TEMPLATE_SYNTAX = _code("R302", "template-syntax", "A template has a broken Jinja tag")
TEMPLATE_UNDEFINED = _code(
    "R303", "template-undefined", "A template uses a name that does not exist"
)
TEMPLATE_UNSAFE = _code("R304", "template-unsafe", "A template reaches for Python internals")
LOGO_PROBLEM = _code("R305", "logo-problem", "A logo file is missing or is not a PNG or JPEG")
NO_LABELS = _code(
    "R306", "no-labels", "A language the documents cannot be written in; English is used", _W
)
TEMPLATE_MISSING = _code("R307", "template-missing", "A template file is missing")
TEMPLATE_HIDDEN_CONTENT = _code(
    "R308",
    "template-hidden-content",
    "A template's comments, tracked changes or hidden text are left out",
    _W,
)
TEMPLATE_LIMIT = _code(
    "R309", "template-limit", "A template asks for more work or output than a document needs"
)

# T7xx: languages and translations
TEXT_FALLBACK = _code(
    "T701", "text-fallback", "A text has no version in a language its documents are built in", _W
)

# O5xx: outcome records
UNKNOWN_OWNER = _code(
    "O501", "unknown-owner", "An action's owner is not someone the programme knows"
)
UNKNOWN_PARTNER = _code(
    "O502", "unknown-partner", "An activity's institution is not in the programme"
)
UNKNOWN_ACTIVITY_COUNTRY = _code(
    "O503", "unknown-activity-country", "An activity's country is unknown"
)
DUE_BEFORE_WORKSHOP = _code("O504", "due-before-workshop", "An action is due before the workshop")
TOO_FEW_COUNTRIES = _code(
    "O505", "too-few-countries", "A cross-border activity has fewer than 2 countries"
)
DUPLICATE_ACTIVITY = _code("O506", "duplicate-activity", "Two activities of a workshop share an id")
PHOTO_PROBLEM = _code("O507", "photo-problem", "A photo file is missing or is not a PNG or JPEG")
UNKNOWN_SESSION = _code(
    "O508", "unknown-session", "A result names a session that is not in the agenda"
)
PHOTO_WITHOUT_CONSENT = _code(
    "O509", "photo-without-consent", "A photo without consent is left out", _W
)
NO_WORKSHOP = _code("O510", "no-workshop", "An outcome file names no workshop, or a missing one")
NO_OUTCOMES = _code("O511", "no-outcomes", "A synthesis finds no outcomes to bring together")
NO_COUNTRY = _code(
    "O512", "no-country", "A workshop without a country is synthesised as regional", _W
)
UNKNOWN_MILESTONE = _code("O513", "unknown-milestone", "A DCM milestone is not in the catalogue")
UNKNOWN_RECORD = _code(
    "O514", "unknown-record", "A milestone names a workshop, decision or agreement that is missing"
)
UNKNOWN_ACTUAL = _code(
    "O515",
    "unknown-actual",
    "An actual names a day or session the agenda lacks, or a time far outside its day",
    _W,
)

# A6xx: agreements
TOO_FEW_PARTIES = _code("A601", "too-few-parties", "An agreement has fewer than two parties")
COMMITMENT_WITHOUT_PARTY = _code("A602", "commitment-without-party", "A commitment names no party")
REVIEW_NOT_AFTER_DATE = _code(
    "A603", "review-not-after-date", "The review date is not after the agreement date"
)
EMPTY_ESCALATION = _code("A604", "empty-escalation", "An escalation level names no one")
UNKNOWN_PARTY = _code("A605", "unknown-party", "A party is not an institution of the programme")
DUPLICATE_PARTY = _code("A606", "duplicate-party", "An institution is a party twice")
AGREEMENT_COUNTRY = _code(
    "A607", "agreement-country", "The agreement's country is not in the programme"
)
AGREEMENT_WORKSHOP = _code(
    "A608", "agreement-workshop", "The agreement names a workshop file that is missing"
)
