"""The file names of one-type modules (``layout = "modules"``): a type's name in snake case, made safe.

Safe means ASCII, unique where file names ignore case (macOS, Windows: ``Foo`` and ``FOO``), never a Python
keyword, never a standard library module (no shadowing when a module runs as a script), never the
package's own modules or a name Windows refuses, never a public name of the package.
"""

from __future__ import annotations

import keyword
from collections.abc import Collection, Sequence

RUNTIME = "_runtime"
"""The runtime module of a dataclasses package (its name starts with ``_``: no type's module does)."""

_STDLIB_NAMES = """
    abc aifc annotationlib antigravity argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb
    binascii bisect builtins bz2 calendar cgi cgitb chunk cmath cmd code codecs codeop collections colorsys
    compileall compression concurrent configparser contextlib contextvars copy copyreg cprofile crypt csv ctypes
    curses dataclasses datetime dbm decimal difflib dis distutils doctest email encodings ensurepip enum errno
    faulthandler fcntl filecmp fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass
    gettext glob graphlib grp gzip hashlib heapq hmac html http idlelib imaplib imghdr imp importlib inspect io
    ipaddress itertools json keyword lib2to3 linecache locale logging lzma mailbox mailcap marshal math
    mimetypes mmap modulefinder msilib msvcrt multiprocessing netrc nis nntplib nt ntpath nturl2path numbers
    opcode operator optparse os ossaudiodev pathlib pdb pickle pickletools pipes pkgutil platform plistlib
    poplib posix posixpath pprint profile pstats pty pwd py_compile pyclbr pydoc pydoc_data pyexpat queue quopri
    random re readline reprlib resource rlcompleter runpy sched secrets select selectors shelve shlex shutil
    signal site smtpd smtplib sndhdr socket socketserver spwd sqlite3 sre_compile sre_constants sre_parse ssl
    stat statistics string stringprep struct subprocess sunau symtable sys sysconfig syslog tabnanny tarfile
    telnetlib tempfile termios textwrap this threading time timeit tkinter token tokenize tomllib trace
    traceback tracemalloc tty turtle turtledemo types typing typing_extensions unicodedata unittest urllib uu
    uuid venv warnings wave weakref webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp zipfile
    zipimport zlib zoneinfo
"""
STDLIB = frozenset(_STDLIB_NAMES.split())
"""Top-level standard library modules of Python 3.11 to 3.14 (lower case), and typing_extensions: no type's
module takes one of these names, so none shadows one (run as a script, or on a case-insensitive file system).
A fixed list, not ``sys.stdlib_module_names``: the names must not depend on the Python that generates."""

RESERVED = frozenset(
    {"__init__", "__main__", RUNTIME, "con", "prn", "aux", "nul"}
    | {f"{device}{n}" for device in ("com", "lpt") for n in range(10)}
)
"""Names no type's module takes: the package's own, and the device names Windows refuses as file names."""


def snake(name: str) -> str:
    """``BatchRequestOutput`` -> ``batch_request_output``, ``HTTPError`` -> ``http_error``, ``V2Item`` -> ``v2_item``"""
    out: list[str] = []
    for i, char in enumerate(name):
        before = name[i - 1] if i else ""
        after = name[i + 1] if i + 1 < len(name) else ""
        boundary = char.isupper() and (before.islower() or before.isdigit() or (before.isupper() and after.islower()))
        if boundary and out and out[-1] != "_":
            out.append("_")
        out.append(char.lower())
    return "".join(out)


def module_names(type_names: Sequence[str], public: Collection[str] = ()) -> dict[str, str]:
    """Each type's module name: its name in snake case, unique even where file names ignore case, never a
    keyword, a standard library module, a reserved name, or one of the package's ``public`` names (the package
    attribute would then be the submodule): ``json_``, ``class_``. Clashes are settled in name order (``foo``,
    ``foo_2``, ...), so a type's module keeps its name when types that sort after it come or go."""
    exported = set(public)  # exact: attribute names
    assigned: set[str] = set()  # case-folded: file names

    def unusable(candidate: str) -> bool:
        folded = candidate.casefold()
        return keyword.iskeyword(candidate) or folded in RESERVED or folded in STDLIB or candidate in exported

    found: dict[str, str] = {}
    for name in sorted(type_names, key=lambda n: (n.lstrip("_").casefold(), len(n), n)):
        base = snake(name).encode("ascii", "ignore").decode().lstrip("_") or "type"  # ASCII: macOS stores NFD
        if not base.isidentifier():
            base = f"t_{base}"
        if unusable(base):
            base = f"{base}_"
        candidate, n = base, 1
        while candidate.casefold() in assigned or unusable(candidate):
            n += 1
            candidate = f"{base}{n}" if base.endswith("_") else f"{base}_{n}"
        assigned.add(candidate.casefold())
        found[name] = candidate
    return {name: found[name] for name in type_names}
