"""Translation memory: the bigram index and similarity bands (no database, no UI)."""

from tmtool.tm.index import BigramIndex, Hit, query_tokens
from tmtool.tm.similarity import BANDS, Band, band_of, similarity

__all__ = ["BANDS", "Band", "BigramIndex", "Hit", "band_of", "query_tokens", "similarity"]
