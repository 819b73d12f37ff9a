"""The whole-market data model: :class:`~kamkit.model.market.Market`, its parameters and how
values a person typed are read.
"""
