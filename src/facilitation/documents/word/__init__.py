"""Word documents: a template rendered with docxtpl in the sandbox, strictly and cleanly.

The modules, from the ground up:

* :mod:`.ooxml` holds what every step shares: the namespace, the strict parser, parts;
* :mod:`.hidden` finds hidden text (``w:vanish``) and removes it;
* :mod:`.bidi` marks right-to-left text for Word;
* :mod:`.strict_template` is docxtpl, strict: every part parsed without repair, then finished;
* :mod:`.clean` removes comments and accepts tracked changes before a template runs;
* :mod:`.errors` turns template errors into diagnostics that quote the paragraph of the tag;
* :mod:`.render` renders a document: :func:`.render.render_docx`.
"""
