"""Kept for imports not yet moved (haven/demo/training.py): use haven.training.media."""

from haven.training.media import CAPTIONS, tiny_video

__all__ = ["CAPTIONS", "tiny_video"]
