"""Repair text that was decoded with the wrong encoding before it reached us (mojibake).

Course files copied between machines arrive with UTF-8 read as Windows-1252
(``â€™`` for ``’``) or as Mac Roman (U+F8FF then ``üéì`` for 🎓). Students would see
that in headings, titles and answers, so it is repaired once, at ingest. The
repaired text is what is stored and what every chunk's ``start``/``end`` index; a
file that needed no repair (most) is stored exactly as decoded.
"""

from __future__ import annotations

import re

_MAC_ROMAN_HIGH = "".join(bytes([b]).decode("mac_roman") for b in range(0x80, 0x100))
_MAC_ROMAN_RUN = re.compile(f"[{re.escape(_MAC_ROMAN_HIGH)}]{{2,}}")


def repair_text(text: str) -> str:
    """``text`` with Windows-1252 and Mac Roman mojibake turned back into what was meant.

    ftfy handles UTF-8 read as Windows-1252 or Latin-1; it does not try Mac Roman, so
    runs of Mac Roman's upper half that re-encode to valid UTF-8 are fixed here. A run
    of genuine accented letters (``café``, ``Ære``) is not valid UTF-8 and stays.
    """
    import ftfy

    if text.isascii():
        return text
    fixed = ftfy.fix_encoding(text)
    return _MAC_ROMAN_RUN.sub(_from_mac_roman, fixed)


def _from_mac_roman(match: re.Match[str]) -> str:
    run = match.group(0)
    try:
        return run.encode("mac_roman").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return run
