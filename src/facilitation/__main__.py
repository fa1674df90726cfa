"""``python -m facilitation``."""

from facilitation.cli import main

main()
