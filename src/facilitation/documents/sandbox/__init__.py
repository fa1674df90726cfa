"""The sandbox that every template, Word or text, is rendered in.

Templates are user-editable files, so they are treated as untrusted. The modules, from the
ground up:

* :mod:`.bounds` keeps the budget of one render (loop rounds, macro calls, characters) and
  checks the operators and methods that could build a huge value;
* :mod:`.filters` holds the filters and globals templates get, each bounded;
* :mod:`.loader` reads text templates from a folder, and from nowhere else;
* :mod:`.environment` is the sandboxed, strict, escaping and bounded Jinja environment;
* :mod:`.errors` says what went wrong in a template, in words, and where.
"""
