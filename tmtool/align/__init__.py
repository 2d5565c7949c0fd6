"""Sentence alignment of a Chinese text with its English and Russian translations.

:class:`Aligner` links groups of Chinese sentences with groups of target
sentences (1-1, 1-2, 2-1 … up to five a side, and 1-0/0-1 for omissions and
additions), scoring links with multilingual sentence embeddings, length ratios
and anchors; :func:`segment_drafts` turns an alignment into workspace segments.
"""

from tmtool.align.aligner import Aligner, Alignment, Link, split_text
from tmtool.align.anchors import GlossaryAnchors, TermAnchors
from tmtool.align.drafts import CONFIDENT, LOW_CONFIDENCE, AlignedSegment, Pairing, segment_drafts
from tmtool.align.embedding import default_embedder

__all__ = [
    "CONFIDENT",
    "LOW_CONFIDENCE",
    "AlignedSegment",
    "Aligner",
    "Alignment",
    "GlossaryAnchors",
    "Link",
    "Pairing",
    "TermAnchors",
    "default_embedder",
    "segment_drafts",
    "split_text",
]
