"""Format checkers of the generated validators (``format`` with ``formats=True``).

Real Python: standard library, plus ``idna`` imported lazily where a format needs it (the
generator refuses such a format when ``idna`` is missing, see generator/validation/formats.py,
whose ``CHECKERS`` table names the helper, its dependencies and imports for each format).
The validators template includes these definitions verbatim (``runtime("formats", ...)`` in
templates/_validate_helpers.jinja), each group only when the plan uses it; the order and the
blank lines before each definition are exactly those of the generated code.
"""

from __future__ import annotations

import datetime
import ipaddress
import re

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)


def _fmt_date(v: str) -> bool:
    m = _DATE.fullmatch(v)
    if m is None:
        return False
    try:
        datetime.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return False
    return True


_TIME = re.compile(r"^(\d{2}):(\d{2}):(\d{2})(\.\d+)?([zZ]|([+-])(\d{2}):(\d{2}))$", re.ASCII)


def _fmt_time(v: str) -> bool:
    m = _TIME.fullmatch(v)
    if m is None:
        return False
    hour, minute, second = int(m[1]), int(m[2]), int(m[3])
    if m[6]:
        oh, om = int(m[7]), int(m[8])
        if oh > 23 or om > 59:
            return False
    else:
        oh = om = 0
    if hour > 23 or minute > 59 or second > 60:
        return False
    if second == 60:
        # a leap second is only at 23:59:60 UTC
        utc = (hour * 60 + minute - (1 if m[6] == "+" else -1) * (oh * 60 + om) * (1 if m[6] else 0)) % 1440
        return utc == 23 * 60 + 59
    return True


def _fmt_date_time(v: str) -> bool:
    date, sep, time = v.partition("T") if "T" in v else v.partition("t")
    return bool(sep) and _fmt_date(date) and _fmt_time(time)


_DURATION = re.compile(
    r"P(?:(?:\d+D|\d+M(?:\d+D)?|\d+Y(?:\d+M(?:\d+D)?)?)(?:T(?:\d+H(?:\d+M(?:\d+S)?)?|\d+M(?:\d+S)?|\d+S))?"
    r"|T(?:\d+H(?:\d+M(?:\d+S)?)?|\d+M(?:\d+S)?|\d+S)|\d+W)",
    re.ASCII,
)


def _fmt_duration(v: str) -> bool:
    return _DURATION.fullmatch(v) is not None


_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$", re.ASCII)


def _fmt_hostname(v: str) -> bool:
    if not v or len(v) > 253:
        return False
    for label in v.split("."):
        if _LABEL.fullmatch(label) is None:
            return False
        if label[2:4] == "--":
            if label[:2].lower() != "xn":
                return False
            if not _a_label(label):
                return False
    return True


def _a_label(label: str) -> bool:
    """An xn-- label that decodes to a valid IDNA2008 U-label (IDNA2003 without the idna package)."""
    try:
        import idna
    except ImportError:
        try:
            label.encode("ascii").decode("idna")
        except UnicodeError:
            return False
        return True
    try:
        idna.decode(label)
    except (idna.IDNAError, UnicodeError, ValueError):
        return False
    return True


_HOST_RFC1123 = re.compile(
    r"(?=[^\n]{1,253}\Z)"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\Z",
    re.ASCII,
)


def _fmt_hostname_rfc1123(v: str) -> bool:
    """draft-04 and draft-06 ``hostname``: RFC 1123 labels (no IDNA rule for ``--`` in a label)."""
    return _HOST_RFC1123.match(v) is not None


_EMAIL_LOCAL = re.compile(
    r'^(?:[A-Za-z0-9!#$%&\'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&\'*+/=?^_`{|}~-]+)*|"(?:[^"\\\r\n]|\\.)*")$'
)


def _email_domain(domain: str) -> bool:
    if domain.startswith("[") and domain.endswith("]"):
        inner = domain[1:-1]
        return _fmt_ipv6(inner[5:]) if inner.lower().startswith("ipv6:") else _fmt_ipv4(inner)
    return _fmt_hostname(domain)


def _fmt_email(v: str) -> bool:
    local, at, domain = v.rpartition("@")
    return bool(at) and local.isascii() and _EMAIL_LOCAL.fullmatch(local) is not None and _email_domain(domain)


_IDN_LOCAL = re.compile(
    "(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\U0010ffff-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\U0010ffff-]+)*"
    '|"(?:[^"\\\\\r\n]|\\\\.)*")'
)


def _fmt_idn_email(v: str) -> bool:
    import unicodedata

    local, at, domain = v.rpartition("@")
    if not at or _IDN_LOCAL.fullmatch(local) is None:
        return False
    if domain.startswith("[") and domain.endswith("]"):
        inner = domain[1:-1]
        return _fmt_ipv6(inner[5:]) if inner.lower().startswith("ipv6:") else _fmt_ipv4(inner)
    return _fmt_idn_hostname(unicodedata.normalize("NFC", domain))


_DOTS = re.compile("[.\u3002\uff0e\uff61]")


def _fmt_idn_hostname(v: str) -> bool:
    import unicodedata

    import idna

    labels = _DOTS.split(v)
    if not v or len(v) > 253 or not all(labels):
        return False
    try:
        idna.encode(".".join(labels), uts46=False)
        if any(unicodedata.bidirectional(c) in ("R", "AL", "AN") for c in v):
            for label in labels:  # a Bidi domain name: every label obeys the Bidi rule (RFC 5893)
                idna.check_bidi(label, check_ltr=True)
    except (idna.IDNAError, UnicodeError, ValueError):
        return False
    return True


_IPV4 = re.compile(
    r"^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$",
    re.ASCII,
)


def _fmt_ipv4(v: str) -> bool:
    return _IPV4.fullmatch(v) is not None


def _fmt_ipv6(v: str) -> bool:
    if not v.isascii() or "%" in v or "/" in v:
        return False
    try:
        ipaddress.IPv6Address(v)
    except ValueError:
        return False
    return True


_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", re.ASCII)


def _fmt_uuid(v: str) -> bool:
    return _UUID.fullmatch(v) is not None


_JSON_POINTER = re.compile(r"^(?:/(?:[^~/]|~[01])*)*$")


def _fmt_json_pointer(v: str) -> bool:
    return _JSON_POINTER.fullmatch(v) is not None


_RELATIVE_POINTER = re.compile(r"^(?:0|[1-9][0-9]*)(?:#|(?:/(?:[^~/]|~[01])*)*)$")


def _fmt_relative_json_pointer(v: str) -> bool:
    return _RELATIVE_POINTER.fullmatch(v) is not None


# RFC 3986 / RFC 3987, from their ABNF
_UCS = "\xa0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef\U00010000-\U0001fffd\U00020000-\U0002fffd\U00030000-\U0003fffd\U00040000-\U0004fffd\U00050000-\U0005fffd\U00060000-\U0006fffd\U00070000-\U0007fffd\U00080000-\U0008fffd\U00090000-\U0009fffd\U000a0000-\U000afffd\U000b0000-\U000bfffd\U000c0000-\U000cfffd\U000d0000-\U000dfffd\U000e1000-\U000efffd"
_PRIV = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"


def _uri_regex(iri: bool, reference: bool) -> re.Pattern[str]:
    ucs = _UCS if iri else ""
    unreserved = f"A-Za-z0-9\\-._~{ucs}"
    pct = "%[0-9A-Fa-f]{2}"
    sub_delims = "!$&'()*+,;="
    pchar = f"(?:[{unreserved}{re.escape(sub_delims)}:@]|{pct})"
    dec = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
    ipv4 = f"{dec}\\.{dec}\\.{dec}\\.{dec}"
    h16 = "[0-9A-Fa-f]{1,4}"
    ls32 = f"(?:{h16}:{h16}|{ipv4})"
    ipv6 = (
        f"(?:(?:{h16}:){{6}}{ls32}|::(?:{h16}:){{5}}{ls32}|(?:{h16})?::(?:{h16}:){{4}}{ls32}"
        f"|(?:(?:{h16}:){{0,1}}{h16})?::(?:{h16}:){{3}}{ls32}|(?:(?:{h16}:){{0,2}}{h16})?::(?:{h16}:){{2}}{ls32}"
        f"|(?:(?:{h16}:){{0,3}}{h16})?::{h16}:{ls32}|(?:(?:{h16}:){{0,4}}{h16})?::{ls32}"
        f"|(?:(?:{h16}:){{0,5}}{h16})?::{h16}|(?:(?:{h16}:){{0,6}}{h16})?::)"
    )
    ipfuture = f"[vV][0-9A-Fa-f]+\\.[A-Za-z0-9\\-._~{re.escape(sub_delims)}:]+"
    ip_literal = f"\\[(?:{ipv6}|{ipfuture})\\]"
    reg_name = f"(?:[{unreserved}{re.escape(sub_delims)}]|{pct})*"
    userinfo = f"(?:[{unreserved}{re.escape(sub_delims)}:]|{pct})*"
    authority = f"(?:{userinfo}@)?(?:{ip_literal}|{ipv4}|{reg_name})(?::[0-9]*)?"
    segment = f"{pchar}*"
    segment_nz = f"{pchar}+"
    segment_nz_nc = f"(?:[{unreserved}{re.escape(sub_delims)}@]|{pct})+"
    path_abempty = f"(?:/{segment})*"
    path_absolute = f"/(?:{segment_nz}(?:/{segment})*)?"
    path_rootless = f"{segment_nz}(?:/{segment})*"
    path_noscheme = f"{segment_nz_nc}(?:/{segment})*"
    query = f"(?:{pchar}|[/?{_PRIV if iri else ''}])*"
    fragment = f"(?:{pchar}|[/?])*"
    scheme = "[A-Za-z][A-Za-z0-9+\\-.]*"
    hier = f"(?://{authority}{path_abempty}|{path_absolute}|{path_rootless}|)"
    uri = f"{scheme}:{hier}(?:\\?{query})?(?:#{fragment})?"
    if not reference:
        return re.compile(f"^{uri}$")
    relative = f"(?://{authority}{path_abempty}|{path_absolute}|{path_noscheme}|)"
    return re.compile(f"^(?:{uri}|{relative}(?:\\?{query})?(?:#{fragment})?)$")


_URI = _uri_regex(iri=False, reference=False)


def _fmt_uri(v: str) -> bool:
    return _URI.fullmatch(v) is not None


_URI_REF = _uri_regex(iri=False, reference=True)


def _fmt_uri_reference(v: str) -> bool:
    return _URI_REF.fullmatch(v) is not None


_IRI = _uri_regex(iri=True, reference=False)


def _fmt_iri(v: str) -> bool:
    return _IRI.fullmatch(v) is not None


_IRI_REF = _uri_regex(iri=True, reference=True)


def _fmt_iri_reference(v: str) -> bool:
    return _IRI_REF.fullmatch(v) is not None


_URI_TEMPLATE = re.compile(
    r"^(?:[^\x00-\x20\x7f\"%<>\\^`{|}]|%[0-9A-Fa-f]{2}|\{[+#./;?&=,!@|]?"
    r"(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:\.?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2}))*(?::[1-9][0-9]{0,3}|\*)?"
    r"(?:,(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:\.?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2}))*(?::[1-9][0-9]{0,3}|\*)?)*\})*$"
)


def _fmt_uri_template(v: str) -> bool:
    return _URI_TEMPLATE.fullmatch(v) is not None


_NOT_ECMA = re.compile(r"\(\?(?:P|#|[a-zA-Z-]+[:)])")
_ECMA_ONLY = (
    (re.compile(r"\(\?<(?![=!])"), "(?P<"),
    (re.compile(r"\\k<(\w+)>"), r"(?P=\1)"),
    (re.compile(r"\[\^?\]"), "(?:)"),
    (re.compile(r"\\c[A-Za-z]"), "x"),
)


def _fmt_regex(v: str) -> bool:
    """An ECMA-262 regular expression (checked with Python's ``re`` after the ECMA-only spellings)."""
    plain = v.replace("\\\\", "")
    if "\\a" in plain or _NOT_ECMA.search(plain):
        return False
    for pattern, replacement in _ECMA_ONLY:
        v = pattern.sub(replacement, v)
    try:
        re.compile(v)
    except re.error as exc:
        return "look-behind" in str(exc)
    return True
