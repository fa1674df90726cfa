"""``python -m facilitation``."""

from facilitation.cli.entry import main

main()
