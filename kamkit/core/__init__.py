"""The foundations every layer uses: errors and their sentences, the tables' schema, atomic writes.

Imports nothing else from kamkit.
"""
