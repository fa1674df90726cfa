"""facilitation: plan, check and document Dialogic Change Model workshops from one YAML file."""

__version__ = "0.1.0"
