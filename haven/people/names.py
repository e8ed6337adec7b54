"""Name keys for finding the same person again: accent- and case-insensitive, phonetic."""

import unicodedata

import jellyfish

# Letters that are not a base letter plus an accent, so NFKD leaves them alone.
_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "Ð": "D",
    }
)


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation to spaces: 'José  O'Brien' -> 'jose o brien'."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_LETTERS))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = "".join(c if c.isalnum() else " " for c in plain.lower())
    return " ".join(cleaned.split())


def sort_key(first: str, last: str) -> str:
    """'last first', folded: indexed, so a prefix search is a range scan."""
    return f"{fold(last)} {fold(first)}".strip()


def short_key(first: str, last: str) -> str:
    """'first-word-of-last first', folded: 'Martínez-Ruiz', 'Sofía' -> 'martinez sofia'.

    Indexed, so "Sofia Martinez" finds Sofía Martínez-Ruiz by a prefix range instead of
    reading every Martínez-something and looking inside each name."""
    words = fold(last).split()
    return f"{words[0] if words else ''} {fold(first)}".strip()


def phonetic(name: str) -> str:
    """A phonetic code for one name part (Metaphone), '' for an empty name."""
    folded = fold(name).replace(" ", "")
    return jellyfish.metaphone(folded)[:12] if folded else ""


def similarity(a: str, b: str) -> float:
    """0..1, how alike two folded names are (Jaro-Winkler)."""
    return jellyfish.jaro_winkler_similarity(fold(a), fold(b))
