"""A dialect is a keyword table: one row per keyword, with its vocabulary, group, order and builder.

As python-jsonschema's ``validators.create(validators=...)``, the table is the whole dialect. Another
dialect is this table plus or minus the rows it changes (:meth:`Dialect.derive`), e.g.::

    DRAFT_07 = DRAFT_2020_12.derive(vocabulary.DRAFT_07, "JSON Schema draft-07",
                                    add=[Keyword("additionalItems", ...)], remove=["prefixItems", ...],
                                    ref_overrides=True)

The rows hold what each keyword does; the few facts that are not one keyword's (the identifier keyword,
``$ref`` overriding its siblings, the formats a draft defines) are fields of the :class:`Dialect`.

A builder turns the keyword's value at one :class:`~generator.validation.site.Site` into ops of the
typed plan (:mod:`generator.validation.plan`); the templates render each op by its ``kind``.
The tables themselves live in :mod:`generator.validation.table`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.validation.formats import Checker
    from generator.validation.plan import Op

Builder = Callable[[Any, Any], "list[Op]"]
"""``build(site, value)``: the ops of the keyword's ``value`` at a :class:`~generator.validation.site.Site`."""


@dataclass(frozen=True)
class Keyword:
    """One row of a dialect's keyword table."""

    name: str
    vocabulary: str | None
    """The vocabulary that activates it; ``None`` or ``core``: always active."""
    group: str | None = None
    """The JSON kind it applies to (``object``, ``array``, ``string``, ``number``): its ops render under
    that kind's type guard. ``None``: any instance."""
    order: int = 0
    """Rendering order (ascending): cheap checks first, in-place applicators late, ``unevaluated*`` last."""
    build: Builder | None = None
    """The builder; ``None`` for a keyword another one reads (``then``, ``minContains``, ``$id``)."""
    expr: bool = False
    """Its check is one boolean expression on the instance (a body of only these renders inline)."""


@dataclass(frozen=True, eq=False)
class Dialect:
    """A keyword table with the dialect's URI, name and vocabularies (equal only to itself)."""

    uri: str
    name: str
    keywords: Mapping[str, Keyword]
    vocabularies: Mapping[str, str]
    """Vocabulary URI -> vocabulary name, for ``$vocabulary`` of custom metaschemas."""
    default_vocab: frozenset[str]
    """The vocabularies active when the dialect's own metaschema is used."""
    formats: Mapping[str, Checker] = field(default_factory=dict)
    """The ``format`` values the dialect defines and their checks: only these are asserted (others are
    annotations)."""
    id_keyword: str = "$id"
    """The keyword that gives a subschema its own URI (draft-04: ``id``)."""
    ref_overrides: bool = False
    """``$ref`` overrides its siblings: they are ignored, ``$id`` too (draft-04 to draft-07)."""
    legacy_items: bool = False
    """``items`` may be an array (a tuple), ``additionalItems`` applies after it (draft-04 to 2019-09);
    ``contains`` evaluates no items for ``unevaluatedItems``."""

    def derive(
        self,
        uri: str,
        name: str,
        *,
        add: Iterable[Keyword] = (),
        remove: Iterable[str] = (),
        **changes: Any,
    ) -> Dialect:
        """This table plus ``add`` (new rows, or rows replacing a keyword's) minus ``remove``."""
        rows = {k: row for k, row in self.keywords.items() if k not in set(remove)}
        rows.update((row.name, row) for row in add)
        return replace(self, uri=uri, name=name, keywords=rows, **changes)

    @cached_property
    def ordered(self) -> tuple[Keyword, ...]:
        """The rows that build ops, in rendering order."""
        return tuple(sorted((row for row in self.keywords.values() if row.build is not None), key=lambda r: r.order))

    @cached_property
    def expr_keywords(self) -> frozenset[str]:
        return frozenset(k for k, row in self.keywords.items() if row.expr)

    def has(self, keyword: str, vocab: frozenset[str]) -> bool:
        """Whether ``keyword`` is a row of this table, active under ``vocab``."""
        row = self.keywords.get(keyword)
        return row is not None and (row.vocabulary in (None, "core") or row.vocabulary in vocab)

    def own_id(self, schema: Any) -> str | None:
        """The URI a subschema declares for itself, as ``referencing`` reads it (before 2019-09, an ``$id``
        beside ``$ref`` or holding only a fragment, a plain-name anchor, is none)."""
        own = schema.get(self.id_keyword) if isinstance(schema, Mapping) else None
        if not isinstance(own, str):
            return None
        if self.ref_overrides and ("$ref" in schema or own.startswith("#")):
            return None
        return own

    def active(self, schema: Mapping[str, Any], vocab: frozenset[str]) -> set[str]:
        """The keys of ``schema`` active under ``vocab`` (unknown keys stay: they are annotations)."""
        out = set()
        for key in schema:
            row = self.keywords.get(key)
            if row is None or row.vocabulary in (None, "core") or row.vocabulary in vocab:
                out.add(key)
        return out
