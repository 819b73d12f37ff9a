"""The KAM definitions: lifecycle stages, ABC, the matrix, pursuit, concentration, coverage,
territory evolution and the data warnings. Tables in, tables out: no files, no pictures.
"""
