"""Serving the course's explorers (``apps/``) to a class with Voilà: see ``voila_classroom``."""
