"""The loader's side of dialects and references (issue 11 items 1, 5, 6; issue 12 item 6).

Each resource's ``$schema`` chooses its dialect and metaschema; ``default-dialect`` covers the rest.
Remote ``$ref``s resolve from local copies (``ref-map``) or, opted in, from a one-time download
into the vendor directory; never from the network otherwise. Local ``$ref``s stay inside the
project root. An unresolvable reference is one message, the same whatever the target.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from generator.cli import main
from generator.diagnostics import SchemaError
from generator.schema import remote, vocabulary
from generator.schema.loader import load
from generator.schema.remote import Sources
from tests.conftest import REFERENCE, tree

TARGETS = ("dataclasses", "typeddicts", "validators", "docs", "jsonschema")


def write(folder: Path, **files: str) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.chdir(tmp_path)
    return main(list(args))


# ---- dialects ----------------------------------------------------------------------------------------

LEGACY_BOOLEAN_EXCLUSIVE = "type: object\nproperties:\n  age: {type: integer, minimum: 0, exclusiveMinimum: true}\n"
"""Valid only in draft-04, where exclusiveMinimum is a boolean."""


@pytest.mark.parametrize(
    ("declared", "defs"),
    [
        ("http://json-schema.org/draft-04/schema#", "definitions"),
        ("http://json-schema.org/draft-06/schema#", "definitions"),
        ("http://json-schema.org/draft-07/schema#", "definitions"),
        ("https://json-schema.org/draft/2019-09/schema", "$defs"),
        ("https://json-schema.org/draft/2020-12/schema", "$defs"),
    ],
)
def test_every_dialect_loads_with_its_own_metaschema(tmp_path: Path, declared: str, defs: str) -> None:
    write(tmp_path, **{"s.yaml": f"$schema: '{declared}'\n{defs}:\n  Pet:\n    type: object\n    title: Pet\n"})
    workspace = load([tmp_path / "s.yaml"], base=tmp_path)
    assert workspace.roots[0].dialect == vocabulary.dialect_uri(declared)
    # draft-04's boolean exclusiveMinimum is valid there and nowhere else
    write(tmp_path, **{"b.yaml": f"$schema: '{declared}'\n{LEGACY_BOOLEAN_EXCLUSIVE}"})
    if "draft-04" in declared:
        load([tmp_path / "b.yaml"], base=tmp_path)
    else:
        with pytest.raises(SchemaError) as caught:
            load([tmp_path / "b.yaml"], base=tmp_path)
        assert [d.message for d in caught.value.diagnostics] == [
            "invalid schema at /properties/age/exclusiveMinimum: True is not of type 'number'"
        ]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("dialect", ["draft-04", "draft-06", "draft-07", "2019-09"])
def test_older_dialects_generate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str, target: str) -> None:
    uri = vocabulary.schema_value(vocabulary.dialect_uri(dialect) or "")
    body = LEGACY_BOOLEAN_EXCLUSIVE if dialect == "draft-04" else LEGACY_BOOLEAN_EXCLUSIVE.replace("true", "5")
    write(tmp_path, **{"s.yaml": f"$schema: '{uri}'\ntitle: Person\n{body}"})
    assert run(tmp_path, monkeypatch, "generate", "s.yaml", "--out", "out", "--target", target) == 0
    if target == "jsonschema":
        bundled = json.loads((tmp_path / "out" / "s" / "schema.json").read_text())
        assert bundled["$schema"] == uri
        jsonschema.validators.validator_for(bundled).check_schema(bundled)
    if target == "validators":  # each dialect's exclusiveMinimum: a boolean modifier in draft-04, a bound after
        from generator import compile_validator

        bound = 0 if dialect == "draft-04" else 5
        validator = compile_validator(tmp_path / "s.yaml")
        assert validator.is_valid({"age": bound + 1})
        assert not validator.is_valid({"age": bound})


def test_default_dialect_from_flag_config_and_api(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, **{"s.yaml": LEGACY_BOOLEAN_EXCLUSIVE})
    with pytest.raises(SchemaError):
        load([tmp_path / "s.yaml"], base=tmp_path)  # 2020-12 when unset
    assert load([tmp_path / "s.yaml"], base=tmp_path, default_dialect="draft-04").roots[0].dialect == (
        vocabulary.DRAFT_04
    )
    common = ("generate", "s.yaml", "--out", "out", "--target", "typeddicts")
    assert run(tmp_path, monkeypatch, *common) == 2
    assert "exclusiveMinimum: True is not of type 'number'" in capsys.readouterr().err
    assert run(tmp_path, monkeypatch, *common, "--default-dialect", "http://json-schema.org/draft-04/schema#") == 0
    write(tmp_path, **{"pyproject.toml": '[tool.schemagen]\ndefault-dialect = "draft-04"\n'})
    assert run(tmp_path, monkeypatch, *common) == 0
    capsys.readouterr()
    assert run(tmp_path, monkeypatch, *common, "--default-dialect", "draft-03") == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "schemagen: error: unknown default dialect 'draft-03': schemagen reads JSON Schema draft-04, draft-06, "
        "draft-07, 2019-09 and 2020-12 (their official metaschema URIs)"
    )


@pytest.mark.parametrize(("dialect", "resolves"), [("draft-04", True), ("draft-07", False), ("2020-12", False)])
def test_base_uris_follow_the_dialects_id_keyword(tmp_path: Path, dialect: str, resolves: bool) -> None:
    uri = vocabulary.schema_value(vocabulary.dialect_uri(dialect) or "")
    write(
        tmp_path,
        **{
            "s.yaml": f"$schema: '{uri}'\ndefinitions:\n  A: {{id: 'http://example.com/a.json', type: string}}\n"
            "properties:\n  a: {$ref: 'http://example.com/a.json'}\n"
        },
    )
    if resolves:  # draft-04's `id` names the embedded resource
        load([tmp_path / "s.yaml"], base=tmp_path)
        return
    with pytest.raises(SchemaError) as caught:  # later dialects: `id` is no keyword, the URI is remote
        load([tmp_path / "s.yaml"], base=tmp_path)
    assert [d.message for d in caught.value.diagnostics] == [remote.unresolvable("http://example.com/a.json")]


def test_the_python_api_takes_the_same_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import generate
    from generator.diagnostics import UsageError

    monkeypatch.chdir(tmp_path)
    write(
        tmp_path,
        **{
            "s.yaml": LEGACY_BOOLEAN_EXCLUSIVE + f"  home: {{$ref: '{REMOTE}'}}\n",
            "v/address.json": ADDRESS,
            "v/country.json": COUNTRY,
        },
    )
    result = generate(
        ["s.yaml"], "out", targets=["typeddicts"], default_dialect="draft-04",
        ref_map={"https://example.com/schemas/": "v"},
    )  # fmt: skip
    assert "class Address" in (tmp_path / "out" / "s" / "typeddicts.py").read_text()
    assert result.written
    with pytest.raises(UsageError):
        generate(["s.yaml"], "out", targets=["typeddicts"], default_dialect="draft-5")


def test_a_nested_resource_is_checked_against_its_own_dialect(tmp_path: Path) -> None:
    nested = "$defs:\n  Old:\n    $id: https://example.com/old\n    $schema: http://json-schema.org/draft-04/schema#\n"
    write(tmp_path, **{"s.yaml": nested + "    minimum: 0\n    exclusiveMinimum: true\n"})
    load([tmp_path / "s.yaml"], base=tmp_path)
    write(tmp_path, **{"t.yaml": nested.replace("$schema: http://json-schema.org/draft-04/schema#", "title: x")})
    write(tmp_path, **{"t.yaml": (tmp_path / "t.yaml").read_text() + "    minimum: 0\n    exclusiveMinimum: true\n"})
    with pytest.raises(SchemaError):
        load([tmp_path / "t.yaml"], base=tmp_path)


def test_a_referenced_document_has_its_own_dialect(tmp_path: Path) -> None:
    write(
        tmp_path,
        **{
            "root.yaml": "$schema: https://json-schema.org/draft/2019-09/schema\n"
            "properties:\n  a: {$ref: old.yaml}\n  b: {$ref: plain.yaml}\n",
            "old.yaml": f"$schema: http://json-schema.org/draft-04/schema#\n{LEGACY_BOOLEAN_EXCLUSIVE}",
            "plain.yaml": "type: string\n",
        },
    )
    workspace = load([tmp_path / "root.yaml"], base=tmp_path, default_dialect="draft-07")
    dialects = {doc.display: doc.dialect for doc in workspace.documents.values()}
    assert dialects == {  # plain.yaml declares none: it is read in its referrer's dialect, as the validators do
        "root.yaml": vocabulary.DRAFT_2019_09,
        "old.yaml": vocabulary.DRAFT_04,
        "plain.yaml": vocabulary.DRAFT_2019_09,
    }
    write(tmp_path, **{"lone.yaml": "properties:\n  b: {$ref: plain.yaml}\n"})
    workspace = load([tmp_path / "lone.yaml"], base=tmp_path, default_dialect="draft-07")
    assert {doc.dialect for doc in workspace.documents.values()} == {vocabulary.DRAFT_07}


def test_a_draft_07_bundle_pulls_files_into_definitions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    draft7 = "$schema: http://json-schema.org/draft-07/schema#\n"
    write(
        tmp_path,
        **{
            "root.yaml": draft7 + "title: Root\ntype: object\nproperties:\n  n: {$ref: 'common.yaml#/definitions/N'}\n"
            "  c: {$ref: common.yaml}\n",
            "common.yaml": draft7 + "type: object\nproperties:\n  n: {$ref: '#/definitions/N'}\n"
            "definitions:\n  N: {type: integer, exclusiveMinimum: 0}\n",
        },
    )
    assert run(tmp_path, monkeypatch, "generate", "root.yaml", "--out", "out", "--target", "jsonschema") == 0
    bundled = json.loads((tmp_path / "out" / "root" / "schema.json").read_text())
    assert "$defs" not in bundled
    assert set(bundled["definitions"]) == {"N", "Common"}
    assert bundled["definitions"]["Common"]["properties"]["n"] == {"$ref": "#/definitions/N"}
    checker = jsonschema.Draft7Validator(bundled)
    checker.check_schema(bundled)
    assert checker.is_valid({"n": 1, "c": {"n": 2}})
    assert not checker.is_valid({"c": {"n": 0}})


def test_the_bundle_embeds_a_document_of_another_dialect_as_its_own_resource(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path,
        **{
            "root.yaml": "title: Root\ntype: object\nproperties:\n  age: {$ref: 'old.yaml#/definitions/Age'}\n"
            "  name: {$ref: '#/$defs/Name'}\n$defs:\n  Name: {type: string}\n",
            "old.yaml": "$schema: http://json-schema.org/draft-04/schema#\ndefinitions:\n"
            "  Age: {type: integer, minimum: 0, exclusiveMinimum: true}\n",
        },
    )
    assert run(tmp_path, monkeypatch, "generate", "root.yaml", "--out", "out", "--target", "jsonschema") == 0
    written = tmp_path / "out" / "root" / "schema.json"
    bundled = json.loads(written.read_text())
    assert bundled["$schema"] == vocabulary.DRAFT_2020_12
    embedded = bundled["$defs"]["Old"]
    assert embedded["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert embedded["id"] == embedded["$id"] == bundled["$id"] + "/Old"
    assert bundled["properties"]["age"] == {"$ref": "#/$defs/Old/definitions/Age"}
    # schemagen reads its own bundle back: each resource meta-validated in its dialect, every $ref resolves
    workspace = load([written], base=tmp_path)
    resolver = workspace.registry.resolver(bundled["$id"])
    assert resolver.lookup("#/$defs/Old/definitions/Age").contents == {
        "type": "integer", "minimum": 0, "exclusiveMinimum": True
    }  # fmt: skip


def test_an_empty_fragment_id_keeps_pointer_refs_working(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        tmp_path,
        **{
            "s.yaml": "$id: 'https://example.com/s#'\n$defs:\n  A: {type: string}\n  B:\n    type: object\n"
            "    properties:\n      a: {$ref: '#/$defs/A'}\n"
        },
    )
    targets = [arg for target in TARGETS for arg in ("--target", target)]
    assert run(tmp_path, monkeypatch, "generate", "s.yaml", "--out", "out", *targets) == 0
    assert "class B" in (tmp_path / "out" / "s" / "models.py").read_text()


@pytest.mark.parametrize("target", TARGETS)
def test_a_nested_schema_reached_by_ref_outside_defs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    write(
        tmp_path,
        **{
            "s.yaml": "$defs:\n  B:\n    type: object\n    properties:\n      x: {$ref: '#/components/X'}\n"
            "components:\n  X:\n    $schema: http://json-schema.org/draft-07/schema#\n    type: string\n"
        },
    )
    code = run(tmp_path, monkeypatch, "generate", "s.yaml", "--out", "out", "--target", target)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert code == 0, err
    if target == "validators":  # the draft-07 resource is validated as draft-07, wherever it sits
        from generator import compile_validator

        validator = compile_validator(tmp_path / "s.yaml", types=["B"]).for_type("B")
        assert validator.is_valid({"x": "s"})
        assert not validator.is_valid({"x": 1})


# ---- references: one message -------------------------------------------------------------------------

REMOTE = "https://example.com/schemas/address.json"
USES_REMOTE = f"title: Person\ntype: object\nproperties:\n  home: {{$ref: '{REMOTE}'}}\n"
ADDRESS = '{"type": "object", "properties": {"street": {"type": "string"}, "country": {"$ref": "country.json"}}}'
COUNTRY = '{"type": "string", "enum": ["FR", "DE"]}'


@pytest.mark.parametrize("target", TARGETS)
def test_an_unresolvable_remote_ref_is_one_message_in_every_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    write(tmp_path, **{"person.yaml": USES_REMOTE})
    assert run(tmp_path, monkeypatch, "generate", "person.yaml", "--out", "out", "--target", target) == 2
    assert capsys.readouterr().err == (
        f"person.yaml:4:16: cannot resolve $ref '{REMOTE}': map its prefix to a local copy with "
        "--ref-map PREFIX=DIR, or let schemagen download it once with --fetch\n"
    )
    assert not (tmp_path / "out").exists()


def test_every_reference_to_an_unresolvable_document_is_reported(tmp_path: Path) -> None:
    write(tmp_path, **{"person.yaml": USES_REMOTE + f"  work: {{$ref: '{REMOTE}#/properties/street'}}\n"})
    with pytest.raises(SchemaError) as caught:
        load([tmp_path / "person.yaml"], base=tmp_path)
    assert [(d.line, d.message) for d in caught.value.diagnostics] == [
        (4, remote.unresolvable(REMOTE)),
        (5, remote.unresolvable(REMOTE + "#/properties/street")),
    ]


def test_a_broken_mapped_copy_reports_its_own_problem(tmp_path: Path) -> None:
    write(tmp_path, **{"person.yaml": USES_REMOTE, "v/address.json": '{"type": 12}'})
    sources = Sources.create(tmp_path, (("https://example.com/schemas/", tmp_path / "v"),))
    with pytest.raises(SchemaError) as caught:
        load([tmp_path / "person.yaml"], base=tmp_path, sources=sources)
    assert [str(d) for d in caught.value.diagnostics] == [
        "v/address.json:1:10: invalid schema at /type: 12 is not one of "
        "['array', 'boolean', 'integer', 'null', 'number', 'object', 'string']"
    ]


def test_compile_validator_resolves_remote_refs_from_the_users_registry(tmp_path: Path) -> None:
    import referencing
    import referencing.jsonschema

    from generator import compile_validator

    write(tmp_path, **{"person.yaml": USES_REMOTE})
    resource = referencing.jsonschema.DRAFT7.create_resource({"type": "object", "required": ["street"]})
    registry: referencing.Registry[object] = referencing.Registry().with_resource(REMOTE, resource)
    validator = compile_validator(tmp_path / "person.yaml", registry=registry)
    assert validator.is_valid({"home": {"street": "x"}})
    assert not validator.is_valid({"home": {}})
    with pytest.raises(SchemaError):
        compile_validator(tmp_path / "person.yaml")


def test_the_message_is_the_agreed_text() -> None:
    assert remote.unresolvable("https://x/y") == (
        "cannot resolve $ref 'https://x/y': map its prefix to a local copy with --ref-map PREFIX=DIR, "
        "or let schemagen download it once with --fetch"
    )


def test_ref_map_from_flags_and_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        tmp_path,
        **{"person.yaml": USES_REMOTE, "vendor/schemas/address.json": ADDRESS, "vendor/schemas/country.json": COUNTRY},
    )
    common = ("generate", "person.yaml", "--out", "out", "--target", "dataclasses", "--target", "jsonschema")
    assert run(tmp_path, monkeypatch, *common, "--ref-map", "https://example.com/schemas/=vendor/schemas") == 0
    by_flag = tree(tmp_path / "out")
    assert "class Address" in by_flag["person/models.py"]
    assert "class Country" in by_flag["person/models.py"]
    bundled = json.loads(by_flag["person/schema.json"])
    assert set(bundled["$defs"]) == {"Address", "Country"}
    assert "example.com" not in by_flag["person/schema.json"]
    (tmp_path / "out").rename(tmp_path / "out-flag")
    write(
        tmp_path,
        **{"pyproject.toml": '[tool.schemagen]\nref-map = {"https://example.com/schemas/" = "vendor/schemas/"}\n'},
    )
    assert run(tmp_path, monkeypatch, *common) == 0
    assert tree(tmp_path / "out") == by_flag


def test_a_mapped_copy_that_is_missing_is_reported_at_the_ref(tmp_path: Path) -> None:
    write(tmp_path, **{"person.yaml": USES_REMOTE})
    sources = Sources.create(tmp_path, (("https://example.com/schemas/", tmp_path / "vendor"),))
    with pytest.raises(SchemaError) as caught:
        load([tmp_path / "person.yaml"], base=tmp_path, sources=sources)
    assert [str(d) for d in caught.value.diagnostics] == [
        f"person.yaml:4:16: cannot resolve $ref '{REMOTE}': no such file vendor/address.json"
    ]


def test_the_well_known_metaschemas_resolve_offline(tmp_path: Path) -> None:
    write(tmp_path, **{"s.yaml": "properties:\n  schema: {$ref: 'http://json-schema.org/draft-07/schema#'}\n"})
    workspace = load([tmp_path / "s.yaml"], base=tmp_path)
    assert workspace.registry.resolver(workspace.roots[0].uri).lookup("http://json-schema.org/draft-07/schema#")


SUITE = REFERENCE / "json-schema-test-suite"
FOLDERS = {"draft4": "draft-04", "draft6": "draft-06", "draft7": "draft-07", "draft2019-09": "2019-09",
           "draft2020-12": "2020-12"}  # fmt: skip


@pytest.mark.skipif(not SUITE.is_dir(), reason=f"the official test suite is not at {SUITE}")
@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_the_suites_remote_refs_through_a_ref_map(tmp_path: Path, folder: str) -> None:
    """Every refRemote case loads with ``http://localhost:1234/`` mapped to ``remotes/``, each document in its
    dialect; python-jsonschema, given the loader's registry, then agrees with every label."""
    dialect = vocabulary.dialect_uri(FOLDERS[folder]) or ""
    fallback = jsonschema.validators.validator_for({"$schema": dialect})
    sources = Sources.create(tmp_path, (("http://localhost:1234/", SUITE / "remotes"),))
    cases = json.loads((SUITE / "tests" / folder / "refRemote.json").read_text())
    verdicts = []
    for number, case in enumerate(cases):
        path = tmp_path / f"case{number}.json"
        path.write_text(json.dumps(case["schema"]))
        workspace = load([path], base=tmp_path, default_dialect=dialect, sources=sources)
        checker = jsonschema.validators.validator_for(case["schema"], default=fallback)(
            case["schema"], registry=workspace.registry
        )
        verdicts += [checker.is_valid(test["data"]) == test["valid"] for test in case["tests"]]
    assert len(verdicts) >= 17
    assert all(verdicts)


SAMPLE = REFERENCE / "schemastore-sample" / "schemas"


@pytest.mark.skipif(not SAMPLE.is_dir(), reason=f"the SchemaStore sample is not at {SAMPLE}")
def test_the_schemastore_sample_loads_in_its_own_dialects() -> None:
    """Real draft-04/-07 schemas: each loads (meta-validated in its dialect, every $ref resolved), or its one
    problem is a reference to a SchemaStore document that the sample does not hold (the agreed message)."""
    loaded, missing = 0, []
    for path in sorted(SAMPLE.glob("*.json")):
        try:
            workspace = load([path], base=SAMPLE)
        except SchemaError as exc:
            assert all("--ref-map PREFIX=DIR" in d.message for d in exc.diagnostics), str(exc.diagnostics[0])
            missing.append(path.name)
            continue
        assert workspace.roots[0].dialect in (vocabulary.DRAFT_04, vocabulary.DRAFT_07, vocabulary.DRAFT_2019_09)
        loaded += 1
    assert loaded >= 82
    assert len(missing) <= 8


def test_the_bundle_of_a_remote_document_with_its_own_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A copied document that is a resource (its own ``$id``) reaches the bundle's entries absolutely."""
    address = {
        "$id": REMOTE, "type": "object",
        "properties": {"zip": {"$ref": "#/$defs/Zip"}, "code": {"$ref": "#/properties/zip"}},
        "$defs": {"Zip": {"type": "string", "pattern": "^[0-9]{5}$"}},
    }  # fmt: skip
    write(tmp_path, **{"person.yaml": USES_REMOTE, "v/address.json": json.dumps(address)})
    args = ("generate", "person.yaml", "--out", "out", "--target", "jsonschema")
    assert run(tmp_path, monkeypatch, *args, "--ref-map", "https://example.com/schemas/=v") == 0
    bundled = json.loads((tmp_path / "out" / "person" / "schema.json").read_text())
    checker = jsonschema.Draft202012Validator(bundled)
    checker.check_schema(bundled)
    assert checker.is_valid({"home": {"zip": "12345"}})
    assert not checker.is_valid({"home": {"zip": "1234"}})
    assert not checker.is_valid({"home": {"code": "1234"}})
    assert "$ref" not in json.dumps(bundled).replace('"$ref": "urn:schemagen:bundle#/$defs/', "").replace(
        '"$ref": "#/$defs/', ""
    )  # every reference points into the bundle


def test_a_ref_map_never_leaves_its_directory(tmp_path: Path) -> None:
    sources = Sources.create(tmp_path, (("https://example.com/s/", tmp_path / "v"),))
    assert sources.local_copy("https://example.com/s/a/b.json") == tmp_path / "v" / "a" / "b.json"
    assert sources.local_copy("https://example.com/s/%2e%2e/secret.json") is None
    assert sources.local_copy("https://example.com/s/a//b.json") is None
    assert sources.local_copy("https://example.com/other.json") is None


# ---- fetching ----------------------------------------------------------------------------------------


class _Server:
    def __init__(self, folder: Path) -> None:
        self.requests: list[str] = []
        requests = self.requests

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args: object, **kwargs: object) -> None:
                super().__init__(*args, directory=str(folder), **kwargs)  # type: ignore[arg-type]

            def do_GET(self) -> None:
                requests.append(self.path)
                super().do_GET()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        if self.thread.is_alive():
            self.httpd.shutdown()
            self.httpd.server_close()
            self.thread.join()


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[_Server]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    monkeypatch.setenv("SCHEMAGEN_NO_CACHE", "1")  # every run really loads: no memo hit hides the network
    served = tmp_path / "served"
    write(served, **{"schemas/address.json": ADDRESS, "schemas/country.json": COUNTRY})
    running = _Server(served)
    yield running
    running.stop()


def test_fetch_downloads_once_into_the_vendor_dir_and_later_runs_stay_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], server: _Server
) -> None:
    base = f"http://127.0.0.1:{server.port}/schemas/"
    project = tmp_path / "project"
    write(
        project,
        **{
            "person.yaml": USES_REMOTE.replace("https://example.com/schemas/", base)
            + f"  work: {{$ref: '{base}address.json#/properties/street'}}\n"
        },
    )
    common = ("generate", "person.yaml", "--out", "out", "--target", "dataclasses")
    # no network access without the opt-in
    assert run(project, monkeypatch, *common) == 2
    assert "cannot resolve $ref" in capsys.readouterr().err
    assert server.requests == []
    # --fetch: each document once, into .schemagen/vendor/
    assert run(project, monkeypatch, *common, "--fetch") == 0
    assert sorted(server.requests) == ["/schemas/address.json", "/schemas/country.json"]
    vendored = project / ".schemagen" / "vendor" / f"127.0.0.1_{server.port}" / "schemas"
    assert sorted(p.name for p in vendored.iterdir()) == ["address.json", "country.json"]
    first = tree(project / "out")
    # the server is gone: generate and check read the vendored copies, offline
    server.stop()
    assert run(project, monkeypatch, *common) == 0
    assert run(project, monkeypatch, "check", "person.yaml", "--out", "out", "--target", "dataclasses") == 0
    assert tree(project / "out") == first
    assert len(server.requests) == 2


def test_check_never_downloads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], server: _Server
) -> None:
    base = f"http://127.0.0.1:{server.port}/schemas/"
    project = tmp_path / "project"
    write(
        project,
        **{
            "person.yaml": USES_REMOTE.replace("https://example.com/schemas/", base),
            "pyproject.toml": '[tool.schemagen]\nfetch = true\nvendor-dir = "third_party"\n',
        },
    )
    assert run(project, monkeypatch, "check", "person.yaml", "--out", "out", "--target", "dataclasses") == 2
    assert "cannot resolve $ref" in capsys.readouterr().err
    assert server.requests == []
    assert not (project / "third_party").exists()
    assert run(project, monkeypatch, "generate", "person.yaml", "--out", "out", "--target", "dataclasses") == 0
    assert (project / "third_party" / f"127.0.0.1_{server.port}" / "schemas" / "address.json").is_file()


def test_a_failed_download_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], server: _Server
) -> None:
    missing = f"http://127.0.0.1:{server.port}/schemas/missing.json"
    project = tmp_path / "project"
    write(project, **{"s.yaml": f"properties:\n  a: {{$ref: '{missing}'}}\n"})
    assert run(project, monkeypatch, "generate", "s.yaml", "--out", "out", "--fetch") == 2
    assert capsys.readouterr().err == f"s.yaml:2:13: cannot fetch $ref '{missing}': HTTP 404 File not found\n"
    assert not (project / "out").exists()


# ---- confinement -------------------------------------------------------------------------------------


def test_refs_stay_inside_the_project_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = '{"password": "hunter2", "type": "string"}'
    write(
        tmp_path,
        **{
            "creds.json": secret,
            "project/pyproject.toml": '[tool.schemagen]\nschemas = ["schemas/s.yaml"]\nout = "out"\n'
            'targets = ["jsonschema", "docs"]\n',
            "project/schemas/s.yaml": "title: S\ntype: object\nproperties:\n  p: {$ref: '../../creds.json'}\n",
        },
    )
    project = tmp_path / "project"
    assert run(project, monkeypatch, "generate") == 2
    err = capsys.readouterr().err
    assert err == (
        "schemas/s.yaml:4:13: cannot resolve $ref '../../creds.json': the file is outside the project root "
        "(the config file's directory, the working directory, or --root DIR)\n"
    )
    assert "hunter2" not in err
    assert not (project / "out").exists()
    # the config file's directory is the root, wherever the command runs from
    assert run(tmp_path, monkeypatch, "generate", "--config", "project/pyproject.toml") == 2
    capsys.readouterr()
    # --root widens it
    assert run(project, monkeypatch, "generate", "--root", "..") == 0
    assert "hunter2" in (project / "out" / "s" / "schema.json").read_text()  # read as a schema, on purpose


def test_a_symlink_out_of_the_root_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        tmp_path,
        **{"outside/creds.json": '{"type": "string"}', "project/s.yaml": "properties:\n  p: {$ref: link.json}\n"},
    )
    (tmp_path / "project" / "x.json").symlink_to(tmp_path / "outside" / "creds.json")
    assert run(tmp_path / "project", monkeypatch, "generate", "s.yaml", "--out", "out") == 2


DETACHED = """\
$schema: http://json-schema.org/draft-07/schema#
definitions:
  notifications:
    irc:
      type: object
      properties:
        on_start: {$ref: '#/definitions/notifications/slack'}
    slack: {type: string, minLength: 1}
type: object
properties:
  irc: {$ref: '#/definitions/notifications/irc'}
"""


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (None, None),
        (
            ("on_start: {$ref: '#/definitions/notifications/slack'}", "on_start: {$ref: {$ref: x}}"),
            "d.yaml:7:26: invalid schema at /definitions/notifications/irc/properties/on_start/$ref:",
        ),
        (
            ("on_start: {$ref: '#/definitions/notifications/slack'}", "on_start: {$ref: '#/nowhere'}"),
            "d.yaml:7:26: cannot resolve $ref '#/nowhere': no such location",
        ),
        (("type: object\n      properties", "type: objekt\n      properties"), "d.yaml:5:13: invalid schema at"),
    ],
)
def test_a_subschema_only_a_ref_reaches_is_checked_like_any_other(
    edit: tuple[str, str] | None,
    expected: str | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """SchemaStore groups definitions under an unknown keyword (travis.json: `notificationObject/irc`); a
    `$ref` makes such a node a schema. The metaschema walk never reaches it, so the loader checks it on its
    own: a mutant with `$ref: {$ref: ...}` there (fuzz seed 424242, mutant 95) crashed in `referencing`."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d.yaml").write_text(DETACHED if edit is None else DETACHED.replace(*edit))
    code = main(["generate", "d.yaml", "--out", "out"])
    err = capsys.readouterr().err.strip()
    if expected is None:
        assert (code, err) == (0, "")
        validators = (tmp_path / "out" / "d" / "validators.py").read_text()
        assert "min" in validators or "len(" in validators  # the detached slack schema is honoured
    else:
        assert code == 2 and err.startswith(expected), err
        assert not (tmp_path / "out").exists()
