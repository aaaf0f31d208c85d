"""The keyword tables: JSON Schema 2020-12 (the one dialect schemagen validates today)."""

from __future__ import annotations

from dataclasses import replace

from generator.schema import vocabulary as v
from generator.validation import keywords_apply as a
from generator.validation import keywords_structure as s
from generator.validation import keywords_values as val
from generator.validation.dialect import Dialect, Keyword


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
        refused={
            v.DRAFT_2019_09: "draft 2019-09",
            v.DRAFT_07: "draft-07",
            v.DRAFT_06: "draft-06",
            v.DRAFT_04: "draft-04",
            v.DRAFT_03: "draft-03",
        },
    )


DRAFT_2020_12 = table_2020_12()
