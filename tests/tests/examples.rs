//! Every example in the vendored spec decoded into the generated type it belongs to; request
//! examples must also re-encode to the same JSON. Failures need a reviewed allowlist entry.

use std::collections::BTreeMap;
use std::fmt;

use altegio::mock::MockApi;
use codegen::evidence::entries;
use serde::Deserialize;
use serde_json::Value;

/// Where an example sits, which decides what it must survive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    /// In a response: must decode.
    Response,
    /// In a request body: must decode and re-encode to equal JSON.
    Request,
    /// On a parameter: must decode.
    Parameter,
    /// On a component schema (outside any operation): must decode.
    Component,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Response => "response",
            Kind::Request => "request",
            Kind::Parameter => "parameter",
            Kind::Component => "component schema",
        })
    }
}

/// One example value and the schema it illustrates.
struct Example {
    /// JSON pointer of the example value itself.
    pointer: String,
    /// JSON pointer of the schema the value is an instance of.
    schema: String,
    kind: Kind,
    value: Value,
}

/// Escapes one JSON pointer token (RFC 6901).
fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Collects examples from a normalized OpenAPI document.
struct Collector<'a> {
    doc: &'a Value,
    config: &'a codegen::Config,
    found: Vec<Example>,
    /// Examples of transport-header parameters (`Accept`, ...): the runtime sets those headers,
    /// so the generator makes no type for them by design.
    transport_headers: usize,
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl Collector<'_> {
    fn push(&mut self, pointer: String, schema: String, kind: Kind, value: &Value) {
        self.found.push(Example {
            pointer,
            schema,
            kind,
            value: value.clone(),
        });
    }

    fn document(&mut self) {
        let doc = self.doc;
        for (path, item) in entries(doc, "paths") {
            let base = format!("#/paths/{}", token(path));
            self.parameters(&base, item);
            for method in METHODS {
                let Some(op) = item.get(*method) else {
                    continue;
                };
                let at = format!("{base}/{method}");
                self.parameters(&at, op);
                if let Some(body) = op.get("requestBody") {
                    self.content(&format!("{at}/requestBody"), body, Kind::Request);
                }
                for (code, response) in entries(op, "responses") {
                    self.content(
                        &format!("{at}/responses/{}", token(code)),
                        response,
                        Kind::Response,
                    );
                }
            }
        }
        let Some(components) = doc.get("components") else {
            return;
        };
        for (name, schema) in entries(components, "schemas") {
            self.schema(
                &format!("#/components/schemas/{}", token(name)),
                schema,
                Kind::Component,
            );
        }
        for (name, parameter) in entries(components, "parameters") {
            self.parameter(
                &format!("#/components/parameters/{}", token(name)),
                parameter,
            );
        }
        for (name, body) in entries(components, "requestBodies") {
            self.content(
                &format!("#/components/requestBodies/{}", token(name)),
                body,
                Kind::Request,
            );
        }
        for (name, response) in entries(components, "responses") {
            self.content(
                &format!("#/components/responses/{}", token(name)),
                response,
                Kind::Response,
            );
        }
    }

    fn parameters(&mut self, at: &str, owner: &Value) {
        let list = owner.get("parameters").and_then(Value::as_array);
        for (i, parameter) in list.into_iter().flatten().enumerate() {
            self.parameter(&format!("{at}/parameters/{i}"), parameter);
        }
    }

    /// A parameter: its schema, `example`, `examples` and `content`. A `$ref` is skipped:
    /// the component it points to is walked on its own.
    fn parameter(&mut self, at: &str, parameter: &Value) {
        if parameter.get("$ref").is_some() {
            return;
        }
        let name = parameter.get("name").and_then(Value::as_str).unwrap_or("");
        if self.config.is_transport_header(name) {
            let before = self.found.len();
            self.examples(at, parameter, "", Kind::Parameter);
            self.transport_headers += self.found.len() - before;
            self.found.truncate(before);
            return;
        }
        let schema = format!("{at}/schema");
        if let Some(s) = parameter.get("schema") {
            self.schema(&schema, s, Kind::Parameter);
        }
        self.examples(at, parameter, &schema, Kind::Parameter);
        self.media_types(at, parameter, Kind::Parameter);
    }

    /// A request body or response: `$ref`s skipped, as for parameters.
    fn content(&mut self, at: &str, owner: &Value, kind: Kind) {
        if owner.get("$ref").is_none() {
            self.media_types(at, owner, kind);
        }
    }

    fn media_types(&mut self, at: &str, owner: &Value, kind: Kind) {
        for (media, object) in entries(owner, "content") {
            let at = format!("{at}/content/{}", token(media));
            let schema = format!("{at}/schema");
            if let Some(s) = object.get("schema") {
                self.schema(&schema, s, kind);
            }
            self.examples(&at, object, &schema, kind);
        }
    }

    /// `example` and `examples.<name>.value` (following an Example Object `$ref`).
    fn examples(&mut self, at: &str, owner: &Value, schema: &str, kind: Kind) {
        if let Some(example) = owner.get("example") {
            self.push(format!("{at}/example"), schema.to_owned(), kind, example);
        }
        for (name, example) in entries(owner, "examples") {
            let (pointer, example) = match example.get("$ref").and_then(Value::as_str) {
                Some(target) => (target.to_owned(), resolve(self.doc, target)),
                None => (format!("{at}/examples/{}", token(name)), Some(example)),
            };
            if let Some(value) = example.and_then(|e| e.get("value")) {
                self.push(format!("{pointer}/value"), schema.to_owned(), kind, value);
            }
        }
    }

    /// A schema and every schema inside it (a `$ref` target is walked where it is defined).
    fn schema(&mut self, at: &str, schema: &Value, kind: Kind) {
        if !schema.is_object() || schema.get("$ref").is_some() {
            return;
        }
        if let Some(example) = schema.get("example") {
            self.push(format!("{at}/example"), at.to_owned(), kind, example);
        }
        for (name, property) in entries(schema, "properties") {
            self.schema(&format!("{at}/properties/{}", token(name)), property, kind);
        }
        for key in ["items", "additionalProperties", "not"] {
            if let Some(inner) = schema.get(key) {
                self.schema(&format!("{at}/{key}"), inner, kind);
            }
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            let list = schema.get(key).and_then(Value::as_array);
            for (i, inner) in list.into_iter().flatten().enumerate() {
                self.schema(&format!("{at}/{key}/{i}"), inner, kind);
            }
        }
    }
}

/// The node at a `#/...` pointer.
fn resolve<'a>(doc: &'a Value, pointer: &str) -> Option<&'a Value> {
    doc.pointer(pointer.strip_prefix('#')?)
}

/// What decoding an example showed.
enum Outcome {
    /// Decoded (and for requests re-encoded to the same JSON) through this Rust type.
    Decoded,
    /// The spec gives no schema: the client reads such a body as `serde_json::Value`.
    NoSchema,
    /// The spec gives a schema but the generator made no type for it.
    NoType(String),
    /// The generated type rejects the example.
    Failed(String),
}

/// The codec of the generated type for the schema at `pointer`, following `$ref`s.
fn codec_for(
    api: &MockApi,
    doc: &Value,
    pointer: &str,
) -> Result<(String, &'static altegio::mock::TypeCodec), Outcome> {
    let mut pointer = pointer.to_owned();
    for _ in 0..16 {
        if let Some(codec) = api.codec(&pointer) {
            return Ok((pointer, codec));
        }
        let Some(node) = resolve(doc, &pointer) else {
            return Err(Outcome::NoSchema);
        };
        match node.get("$ref").and_then(Value::as_str) {
            Some(target) => pointer = target.to_owned(),
            None => {
                return Err(Outcome::NoType(format!(
                    "no generated type for `{pointer}`"
                )))
            }
        }
    }
    Err(Outcome::NoType(format!(
        "`$ref` chain too long at `{pointer}`"
    )))
}

/// Whether a re-encoded request example still says what the original says: every key of the
/// re-encoded JSON is in the original with an equal value (numbers compared numerically),
/// arrays keep length and order, and an original key may be missing only if its value was null.
fn same_json(original: &Value, reencoded: &Value, path: &str) -> Result<(), String> {
    match (original, reencoded) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in b {
                let at = format!("{path}.{key}");
                match a.get(key) {
                    Some(original) => same_json(original, value, &at)?,
                    None => return Err(format!("`{at}`: added by re-encoding as {value}")),
                }
            }
            match a
                .iter()
                .find(|(key, value)| !b.contains_key(*key) && !value.is_null())
            {
                Some((key, value)) => {
                    Err(format!("`{path}.{key}`: {value} dropped by re-encoding"))
                }
                None => Ok(()),
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .try_for_each(|(i, (x, y))| same_json(x, y, &format!("{path}[{i}]"))),
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => Ok(()),
        _ if original == reencoded => Ok(()),
        _ => Err(format!("`{path}`: {original} re-encoded as {reencoded}")),
    }
}

/// Decodes an example into its generated type (and re-encodes a request example).
fn check(api: &MockApi, doc: &Value, example: &Example) -> Outcome {
    let (pointer, codec) = match codec_for(api, doc, &example.schema) {
        Ok(found) => found,
        Err(outcome) => return outcome,
    };
    let describe = |e: String| Outcome::Failed(format!("{} ({pointer}): {e}", codec.rust_type));
    match (codec.roundtrip)(&example.value) {
        Err(e) => describe(format!("does not decode {e}")),
        Ok(reencoded) if example.kind == Kind::Request => {
            match same_json(&example.value, &reencoded, "") {
                Ok(()) => Outcome::Decoded,
                Err(e) => describe(format!("re-encodes differently at {e}")),
            }
        }
        Ok(_) => Outcome::Decoded,
    }
}

/// Per-kind figures.
#[derive(Default)]
struct Tally {
    total: usize,
    decoded: usize,
    no_schema: usize,
    no_type: usize,
    allowlisted: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Allowed {
    /// The API of spec/apis.yaml the pointer is in (default `b2b-v1`).
    #[serde(default = "b2b_v1")]
    api: String,
    pointer: String,
    reason: String,
}

fn b2b_v1() -> String {
    "b2b-v1".to_string()
}

/// The allowlisted example pointers of one API, with their reasons.
fn allowlist(api: &str) -> BTreeMap<String, String> {
    let path = integration_tests::workspace_root().join("tests/fixtures/examples-allowlist.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let entries: Vec<Allowed> = serde_yaml::from_str::<Option<Vec<Allowed>>>(&text)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .unwrap_or_default();
    let mut map = BTreeMap::new();
    for entry in entries.into_iter().filter(|e| e.api == api) {
        assert!(
            !entry.reason.trim().is_empty(),
            "{}: `{}` has no reason",
            path.display(),
            entry.pointer
        );
        let pointer = entry.pointer.clone();
        assert!(
            map.insert(entry.pointer, entry.reason).is_none(),
            "{}: `{pointer}` listed twice",
            path.display()
        );
    }
    map
}

/// The spec as the generator reads it: parsed, with the reviewed spec patches, normalized.
fn normalized_spec(path: &std::path::Path, config: &codegen::Config) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    codegen::prepare_str(&text, &path.display().to_string(), config)
        .unwrap_or_else(|e| panic!("{e}"))
        .document
}

#[test]
fn every_spec_example_of_every_api_decodes_into_its_generated_type() {
    let mut problems = Vec::new();
    for api in integration_tests::altegio_apis() {
        problems.extend(check_api(&api));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// Decodes every example of one API's spec; prints its figures, returns what failed.
fn check_api(api: &integration_tests::AltegioApi) -> Option<String> {
    let name = api.name.as_str();
    let tables = MockApi::named(name).unwrap_or_else(|| panic!("the mock has no API `{name}`"));
    let config = api.config();
    let doc = normalized_spec(&api.spec, &config);
    let mut collector = Collector {
        doc: &doc,
        config: &config,
        found: Vec::new(),
        transport_headers: 0,
    };
    collector.document();
    let (examples, transport_headers) = (collector.found, collector.transport_headers);
    let allowed = allowlist(name);

    let mut tallies: BTreeMap<Kind, Tally> = BTreeMap::new();
    let mut unexpected = Vec::new();
    let mut untyped = Vec::new();
    let mut still_failing = Vec::new();
    for example in &examples {
        let tally = tallies.entry(example.kind).or_default();
        tally.total += 1;
        match check(tables, &doc, example) {
            Outcome::Decoded => tally.decoded += 1,
            Outcome::NoSchema => {
                tally.decoded += 1;
                tally.no_schema += 1;
            }
            Outcome::NoType(why) => {
                tally.no_type += 1;
                untyped.push(format!("[{}] {}: {why}", example.kind, example.pointer));
            }
            Outcome::Failed(_) if allowed.contains_key(&example.pointer) => {
                tally.allowlisted += 1;
                still_failing.push(example.pointer.clone());
            }
            Outcome::Failed(why) => {
                unexpected.push(format!("[{}] {}\n    {why}", example.kind, example.pointer));
            }
        }
    }

    if !untyped.is_empty() {
        println!(
            "{name}: examples without a generated type (the generator lowers no schema there):"
        );
        for line in &untyped {
            println!("  {line}");
        }
    }
    let mut sum = Tally::default();
    for (kind, t) in &tallies {
        println!(
            "{name}: examples: decoded {}/{} {kind} ({} allowlisted, {} without a generated type, {} without a schema read as serde_json::Value)",
            t.decoded, t.total, t.allowlisted, t.no_type, t.no_schema
        );
        sum.total += t.total;
        sum.decoded += t.decoded;
        sum.allowlisted += t.allowlisted;
        sum.no_type += t.no_type;
    }
    println!(
        "{name}: examples: decoded {}/{} total ({} allowlisted, {} without a generated type; {transport_headers} transport-header parameter examples skipped: the runtime sets those headers)",
        sum.decoded, sum.total, sum.allowlisted, sum.no_type
    );

    let stale: Vec<&String> = allowed
        .keys()
        .filter(|p| !still_failing.contains(p))
        .collect();
    if unexpected.is_empty() && stale.is_empty() {
        return None;
    }
    Some(format!(
        "{name}: {} example(s) fail and are not in tests/fixtures/examples-allowlist.yaml:\n{}\n\n\
         {} allowlist entr(ies) no longer fail or are no longer found (remove them):\n{}",
        unexpected.len(),
        unexpected.join("\n"),
        stale.len(),
        stale
            .iter()
            .map(|p| format!("  {p}"))
            .collect::<Vec<_>>()
            .join("\n"),
    ))
}

#[test]
fn request_comparison_allows_only_absent_nulls_and_numeric_spelling() {
    use serde_json::json;
    let same = |a: Value, b: Value| same_json(&a, &b, "");
    assert!(same(
        json!({"a": 1, "b": null, "c": [1.0]}),
        json!({"c": [1], "a": 1.0})
    )
    .is_ok());
    assert!(same(json!({"a": 1, "ccoordinate_lat": 2}), json!({"a": 1})).is_err());
    assert!(same(json!({"a": "1"}), json!({"a": 1})).is_err());
    assert!(same(json!({"a": 1}), json!({"a": 1, "b": 0})).is_err());
    assert!(same(json!([1, 2]), json!([1])).is_err());
}

/// Whether a JSON value holds an `example`/`examples` key anywhere.
fn holds_example(value: &Value) -> bool {
    match value {
        Value::Object(map) => map
            .iter()
            .any(|(key, v)| key == "example" || key == "examples" || holds_example(v)),
        Value::Array(items) => items.iter().any(holds_example),
        _ => false,
    }
}

/// The spec patches in spec/codegen.yaml correct schemas so the examples decode; patching an
/// example instead would make this whole test prove nothing.
#[test]
fn spec_patches_never_touch_an_example() {
    let config = integration_tests::altegio_config();
    assert!(
        !config.spec_patches.is_empty(),
        "spec/codegen.yaml lists the reviewed spec patches"
    );
    for spec_patch in &config.spec_patches {
        let operations = serde_json::to_value(&spec_patch.patch).expect("a patch serializes");
        for operation in operations.as_array().expect("a patch is a list") {
            for key in ["path", "from"] {
                let Some(pointer) = operation.get(key).and_then(Value::as_str) else {
                    continue;
                };
                assert!(
                    !pointer
                        .split('/')
                        .any(|t| t == "example" || t == "examples"),
                    "patch `{}` addresses an example: {pointer}",
                    spec_patch.reason
                );
            }
            let value = operation.get("value").unwrap_or(&Value::Null);
            assert!(
                !holds_example(value),
                "patch `{}` writes an example",
                spec_patch.reason
            );
        }
    }
}
