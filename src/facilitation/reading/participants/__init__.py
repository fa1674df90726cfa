"""Read participant lists from registration exports (CSV or Excel) into participants.

Registration tools export whatever headings their form had, in whatever language and encoding.
This package finds the heading row, matches headings to our fields (with synonyms in English,
Serbian, Bosnian, Croatian, Albanian and Macedonian, or an explicit column map), detects the
delimiter and the encoding, and validates row by row. Every problem names the row and the column;
problems with e-mail addresses or phone numbers never repeat the value.

Modules, in the order a file goes through them:

* :mod:`.participant_file` finds and reads the file and picks a reader by its suffix;
* :mod:`.csv_file` and :mod:`.xlsx_file` read CSV and Excel files into :class:`.rows.Row`
  objects, each cell with its line and column;
* :mod:`.headings` finds the heading row and maps its headings to fields;
* :mod:`.table` validates the rows under it into participants.
"""

from facilitation.reading.participants.csv_file import decode_export
from facilitation.reading.participants.headings import HEADING_SYNONYMS, fold
from facilitation.reading.participants.participant_file import read_participant_file
from facilitation.reading.participants.table import ParticipantTable, inline_participants

__all__ = [
    "HEADING_SYNONYMS",
    "ParticipantTable",
    "decode_export",
    "fold",
    "inline_participants",
    "read_participant_file",
]
