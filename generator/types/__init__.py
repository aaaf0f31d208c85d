"""The type model: an immutable IR of named types, built from loaded schemas, with naming."""
