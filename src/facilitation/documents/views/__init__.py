"""documents/views."""
