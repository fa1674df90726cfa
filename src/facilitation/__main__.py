"""``python -m facilitation``."""

from facilitation.cli.app import main

main()
