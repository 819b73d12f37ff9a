"""The foundations every layer uses: errors and their sentences, the tables' schema, atomic writes,
codes of text columns.

Imports nothing else from kamkit.
"""
