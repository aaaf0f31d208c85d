"""The ``format`` checks a generated validator can assert (with ``formats=True``).

Each entry names the helper the template emits (``_fmt_<helper>``), the helpers it calls,
the standard-library modules it imports and the optional packages it needs (checked at
generation time: a format that cannot be honoured is refused, never skipped). Formats not
listed here are annotations only, as JSON Schema 2020-12 says of unknown formats.
"""

from __future__ import annotations

from typing import NamedTuple


class Checker(NamedTuple):
    helper: str
    deps: tuple[str, ...] = ()
    stdlib: tuple[str, ...] = ("re",)
    requires: tuple[str, ...] = ()


CHECKERS: dict[str, Checker] = {
    "date": Checker("date", stdlib=("re", "datetime")),
    "time": Checker("time"),
    "date-time": Checker("date_time", deps=("date", "time"), stdlib=("re", "datetime")),
    "duration": Checker("duration"),
    "email": Checker("email", deps=("hostname", "ipv4", "ipv6"), stdlib=("re", "ipaddress")),
    "idn-email": Checker(
        "idn_email", deps=("idn_hostname", "ipv4", "ipv6"), stdlib=("re", "ipaddress"), requires=("idna",)
    ),
    "hostname": Checker("hostname"),
    "idn-hostname": Checker("idn_hostname", requires=("idna",)),
    "ipv4": Checker("ipv4"),
    "ipv6": Checker("ipv6", stdlib=("ipaddress",)),
    "uuid": Checker("uuid"),
    "json-pointer": Checker("json_pointer"),
    "relative-json-pointer": Checker("relative_json_pointer"),
    "uri": Checker("uri", deps=("uri_base",)),
    "uri-reference": Checker("uri_reference", deps=("uri_base",)),
    "iri": Checker("iri", deps=("uri_base",)),
    "iri-reference": Checker("iri_reference", deps=("uri_base",)),
    "uri-template": Checker("uri_template"),
    "regex": Checker("regex"),
}
HOSTNAME_RFC1123 = Checker("hostname_rfc1123")
"""``hostname`` as draft-04 and draft-06 define it: RFC 1123, without the IDNA rules later drafts add."""
