"""Words, formats, palette and file names for people, in English and Brazilian Portuguese.

Imports only :mod:`kamkit.core`.
"""
