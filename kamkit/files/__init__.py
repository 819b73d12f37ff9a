"""Input and output of files: loading workbooks, CSV and Parquet into a market, writing tables,
the sample markets and the public datasets.
"""
