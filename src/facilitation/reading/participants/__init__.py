"""Read participant lists from registration exports (CSV or Excel) into participants.

Registration tools export whatever headings their form had, in whatever language and encoding.
This package finds the heading row, matches headings to our fields (with the headings of every
supported locale, or an explicit column map), detects the delimiter and the encoding (or takes
the one the workshop file gives), and validates row by row. Every problem names the row and the
column; problems with e-mail addresses or phone numbers never repeat the value.

Modules, in the order a file goes through them:

* :mod:`.participant_file` finds and reads the file and picks a reader by its suffix;
* :mod:`.csv_file` and :mod:`.xlsx_file` read CSV and Excel files into :class:`.rows.Row`
  objects, each cell with its line and column; :mod:`.encoding` says which encoding a CSV file
  that is not UTF-8 is in;
* :mod:`.headings` finds the heading row and maps its headings to fields (:mod:`.synonyms`);
* :mod:`.table` validates the rows under it into participants.
"""

from facilitation.reading.participants.encoding import decode_export
from facilitation.reading.participants.headings import fold
from facilitation.reading.participants.participant_file import read_participant_file
from facilitation.reading.participants.synonyms import HEADING_SYNONYMS
from facilitation.reading.participants.table import ParticipantTable, inline_participants

__all__ = [
    "HEADING_SYNONYMS",
    "ParticipantTable",
    "decode_export",
    "fold",
    "inline_participants",
    "read_participant_file",
]
