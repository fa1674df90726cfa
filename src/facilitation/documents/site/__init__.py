"""The static web site: the participants' agenda of each workshop and the programme dashboard.

* :mod:`.agenda` builds an agenda page's data from an allow-list of fields;
* :mod:`.programme` builds the programme's page and the dashboard (the synthesis's numbers);
* :mod:`.render` renders the pages in the sandbox, escaping every value as HTML;
* :mod:`.build` renders everything, then writes the folder as ``build`` writes its documents.
"""
