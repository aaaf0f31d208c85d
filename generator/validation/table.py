"""The keyword tables: JSON Schema 2020-12, and each older draft derived from it by the rows it changes.

=============  ==============================================================================
2019-09        array-form ``items`` + ``additionalItems``; ``$recursiveRef`` for ``$dynamicRef``;
               ``unevaluated*`` in the applicator vocabulary; no ``prefixItems``
draft-07       2019-09 minus ``$defs``-era keywords (``dependentRequired``, ``dependentSchemas``,
               ``unevaluated*``, ``minContains``/``maxContains``, ``$recursiveRef``), with
               ``dependencies``; ``$ref`` overrides its siblings; no vocabularies
draft-06       draft-07 minus ``if``/``then``/``else``
draft-04       draft-06 minus ``const``, ``contains``, ``propertyNames``; ``id`` for ``$id``;
               boolean ``exclusiveMinimum``/``exclusiveMaximum`` modify ``minimum``/``maximum``
=============  ==============================================================================

Formats: each draft asserts (with ``formats=True``) only the formats its specification defines.
"""

from __future__ import annotations

from dataclasses import replace

from generator.schema import vocabulary as v
from generator.validation import keywords_apply as a
from generator.validation import keywords_legacy as leg
from generator.validation import keywords_structure as s
from generator.validation import keywords_values as val
from generator.validation.dialect import Dialect, Keyword
from generator.validation.formats import CHECKERS, HOSTNAME_RFC1123, Checker


def _formats(*names: str, **changed: Checker) -> dict[str, Checker]:
    return {name: changed.get(name, CHECKERS[name]) for name in names}


_NAMES_04 = ("date-time", "email", "hostname", "ipv4", "ipv6", "uri")
_NAMES_06 = (*_NAMES_04, "uri-reference", "uri-template", "json-pointer")
_NAMES_07 = (*_NAMES_06, "date", "time", "idn-email", "idn-hostname", "iri", "iri-reference",
             "relative-json-pointer", "regex")  # fmt: skip
FORMATS_04 = _formats(*_NAMES_04, hostname=HOSTNAME_RFC1123)
FORMATS_06 = _formats(*_NAMES_06, hostname=HOSTNAME_RFC1123)
FORMATS_07 = _formats(*_NAMES_07)
FORMATS_2019_09 = _formats(*_NAMES_07, "duration", "uuid")


def table_2020_12() -> Dialect:
    """JSON Schema 2020-12 (with the draft-07 ``dependencies`` still honoured)."""
    rows = [
        # name, vocabulary, group, builder
        Keyword("type", "validation", None, build=val.k_type, expr=True),
        Keyword("enum", "validation", None, build=val.k_enum, expr=True),
        Keyword("const", "validation", None, build=val.k_const, expr=True),
        # number
        Keyword("minimum", "validation", "number", build=val.k_minimum),
        Keyword("maximum", "validation", "number", build=val.k_maximum),
        Keyword("exclusiveMinimum", "validation", "number", build=val.k_exclusive_minimum),
        Keyword("exclusiveMaximum", "validation", "number", build=val.k_exclusive_maximum),
        Keyword("multipleOf", "validation", "number", build=val.k_multiple_of),
        # string
        Keyword("minLength", "validation", "string", build=val.k_min_length),
        Keyword("maxLength", "validation", "string", build=val.k_max_length),
        Keyword("pattern", "validation", "string", build=val.k_pattern),
        # format: an annotation in any vocabulary set; the builder asserts it (format-assertion, or --formats)
        Keyword("format", None, "string", build=val.k_format),
        # array
        Keyword("minItems", "validation", "array", build=s.k_min_items),
        Keyword("maxItems", "validation", "array", build=s.k_max_items),
        Keyword("uniqueItems", "validation", "array", build=s.k_unique_items),
        Keyword("prefixItems", "applicator", "array", build=s.k_prefix_items),
        Keyword("items", "applicator", "array", build=s.k_items),
        Keyword("contains", "applicator", "array", build=s.k_contains),
        # object
        Keyword("required", "validation", "object", build=s.k_required),
        Keyword("minProperties", "validation", "object", build=s.k_min_properties),
        Keyword("maxProperties", "validation", "object", build=s.k_max_properties),
        Keyword("dependentRequired", "validation", "object", build=s.k_dependent_required),
        # dependencies: draft-07, in no 2020-12 vocabulary; honoured as its compatibility tests ask
        Keyword("dependencies", None, "object", build=s.k_dependencies),
        Keyword("properties", "applicator", "object", build=s.k_properties),
        Keyword("patternProperties", "applicator", "object", build=s.k_pattern_properties),
        Keyword("additionalProperties", "applicator", "object", build=s.k_additional_properties),
        Keyword("propertyNames", "applicator", "object", build=s.k_property_names),
        Keyword("dependentSchemas", "applicator", "object", build=s.k_dependent_schemas),
        # in place
        Keyword("$ref", "core", None, build=a.k_ref),
        Keyword("$dynamicRef", "core", None, build=a.k_dynamic_ref),
        Keyword("allOf", "applicator", None, build=a.k_all_of),
        Keyword("anyOf", "applicator", None, build=a.k_any_of),
        Keyword("oneOf", "applicator", None, build=a.k_one_of),
        Keyword("not", "applicator", None, build=a.k_not),
        Keyword("if", "applicator", None, build=a.k_if),
        # last: they depend on everything else
        Keyword("unevaluatedItems", "unevaluated", "array", build=a.k_unevaluated_items),
        Keyword("unevaluatedProperties", "unevaluated", "object", build=a.k_unevaluated_properties),
        # read by other rows' builders
        Keyword("then", "applicator"),
        Keyword("else", "applicator"),
        Keyword("minContains", "validation"),
        Keyword("maxContains", "validation"),
        Keyword("$id", "core"),
        Keyword("$schema", "core"),
    ]
    names = ("core", "applicator", "unevaluated", "validation", "meta-data", "format-annotation",
             "format-assertion", "content")  # fmt: skip
    base = "https://json-schema.org/draft/2020-12/vocab/"
    return Dialect(
        uri=v.DRAFT_2020_12,
        name="JSON Schema 2020-12",
        keywords={row.name: replace(row, order=10 * i) for i, row in enumerate(rows)},
        vocabularies={base + name: name for name in names},
        default_vocab=frozenset(n for n in names if n != "format-assertion"),
        formats=CHECKERS,
    )


def _at(table: Dialect, name: str, row: Keyword, offset: int = 1) -> Keyword:
    """``row`` ordered just after (``offset`` > 0) or in place of (0) the table's row ``name``."""
    return replace(row, order=table.keywords[name].order + offset)


def table_2019_09(base: Dialect) -> Dialect:
    names = ("core", "applicator", "validation", "meta-data", "format", "content")
    prefix = "https://json-schema.org/draft/2019-09/vocab/"
    return base.derive(
        v.DRAFT_2019_09,
        "JSON Schema 2019-09",
        remove=["prefixItems", "$dynamicRef"],
        add=[
            _at(base, "items", Keyword("items", "applicator", "array", build=leg.k_items), 0),
            _at(base, "items", Keyword("additionalItems", "applicator", "array", build=leg.k_additional_items)),
            _at(base, "$dynamicRef", Keyword("$recursiveRef", "core", None, build=a.k_recursive_ref), 0),
            Keyword("$recursiveAnchor", "core"),
            # 2019-09 has no unevaluated vocabulary: these two are applicators
            replace(base.keywords["unevaluatedItems"], vocabulary="applicator"),
            replace(base.keywords["unevaluatedProperties"], vocabulary="applicator"),
        ],
        vocabularies={prefix + name: name for name in names},
        default_vocab=frozenset(names),
        formats=FORMATS_2019_09,
        legacy_items=True,
    )


_NO_VOCABULARIES = frozenset({"core", "applicator", "validation", "meta-data", "format", "content"})
"""Drafts before 2019-09 have no vocabularies: every row is active (its vocabulary is one of these)."""


_SINCE_2019_09 = (
    "dependentRequired", "dependentSchemas", "unevaluatedItems", "unevaluatedProperties", "minContains",
    "maxContains", "$recursiveRef", "$recursiveAnchor",
)  # fmt: skip


def table_07(base: Dialect) -> Dialect:
    return base.derive(
        v.DRAFT_07,
        "JSON Schema draft-07",
        remove=_SINCE_2019_09,
        vocabularies={},
        default_vocab=_NO_VOCABULARIES,
        formats=FORMATS_07,
        ref_overrides=True,
    )


def table_06(base: Dialect) -> Dialect:
    return base.derive(v.DRAFT_06, "JSON Schema draft-06", remove=["if", "then", "else"], formats=FORMATS_06)


def table_04(base: Dialect) -> Dialect:
    return base.derive(
        v.DRAFT_04,
        "JSON Schema draft-04",
        remove=["const", "contains", "propertyNames", "$id"],
        add=[
            replace(base.keywords["type"], build=leg.k_type_04),
            replace(base.keywords["minimum"], build=leg.k_minimum_04),
            replace(base.keywords["maximum"], build=leg.k_maximum_04),
            replace(base.keywords["exclusiveMinimum"], build=None),  # read by minimum
            replace(base.keywords["exclusiveMaximum"], build=None),  # read by maximum
            Keyword("id", "core"),
        ],
        formats=FORMATS_04,
        id_keyword="id",
    )


DRAFT_2020_12 = table_2020_12()
DRAFT_2019_09 = table_2019_09(DRAFT_2020_12)
DRAFT_07 = table_07(DRAFT_2019_09)
DRAFT_06 = table_06(DRAFT_07)
DRAFT_04 = table_04(DRAFT_06)

DIALECTS: dict[str, Dialect] = {t.uri: t for t in (DRAFT_2020_12, DRAFT_2019_09, DRAFT_07, DRAFT_06, DRAFT_04)}
"""Every dialect schemagen validates, by its metaschema URI (without the empty fragment)."""
REFUSED = {v.DRAFT_03: "draft-03"}
"""Known dialects schemagen does not validate."""
