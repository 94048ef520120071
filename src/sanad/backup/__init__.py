"""Encrypted, integrity-checked backups of a Sanad instance: ``sanad backup`` and ``sanad restore``."""
