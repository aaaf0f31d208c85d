"""Load: read YAML/JSON with positions, register documents, translate OpenAPI, meta-validate."""
