"""What a user sees, written down once by hand for the tests that check it in several places."""

#: The fields of ``concentration_summary``, in order (typed result, Series and frame alike).
CONCENTRATION_FIELDS = [
    "buying_accounts",
    "revenue",
    "top_5pct_share",
    "top_10pct_share",
    "top_20pct_share",
    "accounts_for_50pct",
    "accounts_for_80pct",
    "gini",
]
