"""Request bodies: JSON only, strict about its encoding and about what counts as JSON."""

import json

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


class JSONParser(parsers.JSONParser):
    """The body is bounded by DATA_UPLOAD_MAX_MEMORY_SIZE before it gets here (see errors)."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise ParseError(f"The request body is not valid {encoding}.") from None
        try:
            return json.loads(text, parse_constant=_refuse_constant)
        except ValueError as error:
            raise ParseError(f"The request body is not valid JSON: {error}") from None
        except RecursionError:
            message = "The request body is not valid JSON: it is nested too deeply."
            raise ParseError(message) from None
