"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1) as a JSON Schema, written here from the specification's
text, for the jsonschema package to hold Galley's feeds to: required fields, the type of every field the
specification names, at least one of content_html and content_text in each item, and no other keys but
extensions (a key that starts with an underscore)."""

_text = {"type": "string"}
_url = {"type": "string", "format": "uri"}
_time = {"type": "string", "format": "date-time"}
_author = {
    "type": "object",
    "properties": {"name": _text, "url": _url, "avatar": _url},
    "patternProperties": {"^_": {}},
    "additionalProperties": False,
}
_authors = {"type": "array", "items": _author}

_item = {
    "type": "object",
    "required": ["id"],
    "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
    "properties": {
        "id": _text,
        "url": _url,
        "external_url": _url,
        "title": _text,
        "content_html": _text,
        "content_text": _text,
        "summary": _text,
        "image": _url,
        "banner_image": _url,
        "date_published": _time,
        "date_modified": _time,
        "authors": _authors,
        "tags": {"type": "array", "items": _text},
        "language": _text,
        "attachments": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["url", "mime_type"],
                "properties": {
                    "url": _url,
                    "mime_type": _text,
                    "title": _text,
                    "size_in_bytes": {"type": "number"},
                    "duration_in_seconds": {"type": "number"},
                },
            },
        },
    },
    "patternProperties": {"^_": {}},
    "additionalProperties": False,
}

SCHEMA = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": _text,
        "home_page_url": _url,
        "feed_url": _url,
        "description": _text,
        "user_comment": _text,
        "next_url": _url,
        "icon": _url,
        "favicon": _url,
        "authors": _authors,
        "language": _text,
        "expired": {"type": "boolean"},
        "hubs": {
            "type": "array",
            "items": {"type": "object", "required": ["type", "url"], "properties": {"type": _text, "url": _url}},
        },
        "items": {"type": "array", "items": _item},
    },
    "patternProperties": {"^_": {}},
    "additionalProperties": False,
}


def problems(feed):
    """Every way `feed` (parsed JSON) departs from JSON Feed 1.1, as readable lines; empty when it holds."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    return [f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}" for error in validator.iter_errors(feed)]
