"""Anki and Quizlet fields hold HTML; deck files hold plain text.

Line-level tags become line breaks, other tags vanish, entities are decoded,
and media (images, ``[sound:...]``) is listed so the import can say what it left out.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Blocks start and end a line; <br> always adds one, so <br><br> still leaves a blank line.
_BLOCK_TAGS = frozenset({"div", "p", "li", "tr", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table"})
_HIDDEN_TAGS = frozenset({"script", "style"})
_MEDIA_TAGS = frozenset({"img", "audio", "video", "source"})
_SOUND = re.compile(r"\[sound:([^\]]+)\]")
_LOOKS_LIKE_HTML = re.compile(r"<[A-Za-z/!][^>]*>|&(#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
_SPACES = re.compile(r"[ \t\f\v\xa0]+")
_BLANK_LINES = re.compile(r"\n{3,}")
# C0 and C1 controls but tab and newline, and the bidi controls that can make text read other than it is.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def without_controls(text: str) -> str:
    """Imported text without characters that could drive a terminal or disguise the text."""
    return _UNSAFE.sub("", text)


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.media: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden += 1
        elif tag in _MEDIA_TAGS and (src := dict(attrs).get("src")):
            self.media.append(src)
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self._end_line()

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCK_TAGS:
            self._end_line()

    def _end_line(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_LIKE_HTML.search(text))


def html_to_text(html: str) -> tuple[str, list[str]]:
    """Plain text of an HTML field, and the media files it refers to."""
    extractor = _Extractor()
    extractor.feed(html)
    extractor.close()
    text, sounds = plain_text("".join(extractor.parts))
    return text, extractor.media + sounds


def plain_text(text: str) -> tuple[str, list[str]]:
    """Text without its ``[sound:...]`` references (returned too), spaces tidied, one blank line at most.

    Control characters are dropped: deck text refuses them, as they could drive a terminal.
    """
    text = without_controls(_SPACES.sub(" ", text))
    lines = (line.strip() for line in _SOUND.sub("", text).splitlines())
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip(), _SOUND.findall(text)
