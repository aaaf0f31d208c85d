"""Witness payloads: a concrete value valid under one version and invalid under the other.

Candidates come from the change's hints and from samples of the local subschemas; each is placed
into a sample of the whole entry (the document root or a ``$defs`` type) along the instance path
the comparison walked. A payload is a witness only when python-jsonschema *and* the generated
validators of both versions (:func:`generator.targets.validators.compile_validator`) agree that it
is valid under one and invalid under the other. Otherwise the verdict stays ``unknown``.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for
from referencing.exceptions import Unresolvable

from generator.diagnostics import SchemaError
from generator.diff.keywords import canonical
from generator.diff.kinds import Change, Direction, Drop, Dup, Size
from generator.diff.load import Version
from generator.diff.sample import STRINGS, Sampler, transform
from generator.schema import pointer

_FAIL = object()
MAX_TRIES = 150
_KEYS = ("extra", "x_extra", "zz_extra", "k", *STRINGS)


class Oracle:
    """One version's validators: python-jsonschema and schemagen's generated code, per place."""

    def __init__(self, version: Version) -> None:
        self.version = version
        self.registry = version.workspace.registry
        self.sampler = Sampler(self.registry)
        self._js: dict[str, Any] = {}
        self._gen: dict[str, Any] = {}

    def entry_ref(self, entry: str) -> str:
        root = self.version.root
        if not entry:
            return f"{root.uri}#"
        contents = root.contents if isinstance(root.contents, dict) else {}
        key = "definitions" if "$defs" not in contents and "definitions" in contents else "$defs"
        return f"{root.uri}#{pointer.join('', key, entry)}"

    def js_valid(self, ref: str, value: Any) -> bool | None:
        checker = self._js.get(ref)
        if checker is None:
            dialect = getattr(self.version.root, "dialect", None)
            cls = validator_for({"$schema": dialect}, default=Draft202012Validator) if dialect else Draft202012Validator
            checker = cls({"$ref": ref}, registry=self.registry)
            self._js[ref] = checker
        try:
            return bool(checker.is_valid(value))
        except (Unresolvable, RecursionError, Exception):  # a pointer that is not there, a bad pattern...
            return None

    def gen_valid(self, ref: str, value: Any) -> bool | None:
        from generator.targets.validators import compile_validator
        from generator.validation import PlanError

        if ref not in self._gen:
            try:
                self._gen[ref] = compile_validator({"$ref": ref}, registry=self.registry, types=[])
            except (SchemaError, PlanError, Unresolvable, ValueError, TypeError, KeyError, NotImplementedError):
                self._gen[ref] = None  # a schema the generator refuses: no witness can be confirmed
        validator = self._gen[ref]
        if validator is None:
            return None
        try:
            return bool(validator.is_valid(value))
        except RecursionError:
            return None


def _key(avoid: Any, leaf: Any) -> str | None:
    names, patterns = avoid
    from generator.diff.applicators import _search

    for key in _KEYS:
        if key not in names and not any(_search(p, key) for p in patterns):
            return key
    return None


def embed(value: Any, path: tuple[tuple[str, Any, str, str], ...], leaf: Any, oracle: Oracle, old: bool) -> Any:
    """``value`` with ``leaf`` placed at the end of ``path`` (missing containers sampled on the way)."""
    if not path:
        return leaf
    kind, arg, oref, nref = path[0]
    child = oref if old else nref

    def fresh() -> Any:
        found = oracle.sampler.at(child)
        return found[0] if found else None

    if kind == "item":
        items = list(value) if isinstance(value, list) else []
        while len(items) <= arg:
            items.append(items[-1] if items else fresh())
        items[arg] = embed(items[arg], path[1:], leaf, oracle, old)
        return items
    obj = dict(value) if isinstance(value, dict) else {}
    if kind == "key":
        if path[1:] or not isinstance(leaf, str):
            return _FAIL
        obj[leaf] = next(iter(obj.values()), 0)
        return obj
    if kind == "prop":
        key: str | None = arg
    elif kind == "extra":
        key = _key(arg, leaf)
    else:
        from generator.diff.applicators import _search

        key = next((k for k in ("a", "k", *STRINGS) if _search(arg, k)), None)
    if key is None:
        return _FAIL
    obj[key] = embed(obj[key] if key in obj else fresh(), path[1:], leaf, oracle, old)
    return obj


def _leaves(hints: list[Any], local: tuple[Oracle, Oracle], refs: tuple[str, str]) -> list[Any]:
    """Candidate values at the changed place: hints first, then samples of both local schemas."""
    (local_from, local_to), (from_ref, to_ref) = local, refs
    seeds = local_from.sampler.at(from_ref)
    others = local_to.sampler.at(to_ref)
    out: list[Any] = []
    for hint in hints:
        if isinstance(hint, (Drop, Size, Dup)):
            for seed in seeds[:4]:
                made = transform(seed, hint, seed)
                if made is not None:
                    out.append(made)
        else:
            out.append(hint)
    out += seeds + others
    unique: dict[str, Any] = {}
    for value in out:
        unique.setdefault(canonical(value), value)
    kept = []
    for value in unique.values():
        if local_from.js_valid(from_ref, value) is False or local_to.js_valid(to_ref, value) is True:
            continue
        kept.append(value)
    return kept


def find(change: Change, direction: Direction, old: Oracle, new: Oracle) -> tuple[dict[str, Any] | None, str]:
    """A verified witness for ``change`` breaking ``direction``, or None and why not."""
    src, dst = (old, new) if direction == "backward" else (new, old)
    sites = [(s, change.hints.get(direction, [])) for s in change.sites]
    for part in change.parts:
        sites += [(s, part.hints.get(direction, [])) for s in part.sites]
    tries = 0
    disagreement = ""
    for site, hints in sites[:6]:
        from_old = (direction == "backward") != site.negated
        local_from, local_to = (old, new) if from_old else (new, old)
        from_ref, to_ref = (site.old, site.new) if from_old else (site.new, site.old)
        leaves = _leaves(hints, (local_from, local_to), (from_ref, to_ref))
        entry, other = src.entry_ref(site.entry), dst.entry_ref(site.entry)
        bases = src.sampler.at(entry)[:4]
        for leaf in leaves[:16]:
            for base in bases:
                payload = embed(base, site.path, leaf, src, old=src is old)
                if payload is _FAIL:
                    continue
                tries += 1
                if tries > MAX_TRIES:
                    return None, "no witness payload found"
                if src.js_valid(entry, payload) is not True or dst.js_valid(other, payload) is not False:
                    continue
                ok_src, ok_dst = src.gen_valid(entry, payload), dst.gen_valid(other, payload)
                if ok_src is True and ok_dst is False:
                    return {
                        "type": site.entry or None,
                        "payload": payload,
                        "valid": "old" if src is old else "new",
                        "invalid": "new" if src is old else "old",
                    }, ""
                if ok_src is None or ok_dst is None:
                    disagreement = "a witness was found, but the generated validators cannot be built to confirm it"
                else:
                    disagreement = f"python-jsonschema and the generated validators disagree on {payload!r:.80}"
    return None, disagreement or "no witness payload found"
