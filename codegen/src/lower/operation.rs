//! Operations -> IR: modules per tag, method names, parameters, bodies, responses, auth, paging.
//! Transport headers (per config) are dropped here so they never become arguments.

use openapiv3::{
    MediaType, Operation, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, Response,
    StatusCode,
};

use super::shape::SchemaRef;
use super::{pointer, Lowered, Lowerer, Place};
use crate::ir::{
    self, Auth, Body, BodyKind, BodyPart, Diagnostic, Field, HttpMethod, Lenient, Param,
    ResponseKind, TypeKind, TypeRef,
};
use crate::naming::{self, Namespace};

/// Client methods the runtime defines itself; generated operations never take these names.
const RUNTIME_METHODS: &[&str] = &[
    "builder",
    "login",
    "send_envelope",
    "send_json",
    "send_json_maybe_enveloped",
    "send_empty",
    "send_bytes",
    "send_text",
    "with_options",
    "with_timeout",
    "with_user_token",
    "with_retry_non_idempotent",
    "clone",
    "base_url",
    "fmt",
];

/// (module name, tag, tag doc, operations)
pub(super) type ModuleOps = (String, String, Option<String>, Vec<ir::Operation>);

const UNTAGGED: &str = "untagged";

fn method_of(name: &str) -> Option<HttpMethod> {
    Some(match name {
        "get" => HttpMethod::Get,
        "put" => HttpMethod::Put,
        "post" => HttpMethod::Post,
        "delete" => HttpMethod::Delete,
        "options" => HttpMethod::Options,
        "head" => HttpMethod::Head,
        "patch" => HttpMethod::Patch,
        "trace" => HttpMethod::Trace,
        _ => return None,
    })
}

fn non_empty(text: &Option<String>) -> Option<String> {
    text.clone().filter(|t| !t.trim().is_empty())
}

/// The first example of a media type: `example`, else the first of `examples`.
fn media_example(media: &MediaType) -> Option<String> {
    media
        .example
        .as_ref()
        .or_else(|| {
            media.examples.values().find_map(|e| match e {
                ReferenceOr::Item(example) => example.value.as_ref(),
                ReferenceOr::Reference { .. } => None,
            })
        })
        .map(|v| v.to_string())
}

impl<'a> Lowerer<'a> {
    /// Lowers every operation, grouped into one module per (first) tag.
    pub(super) fn lower_operations(&mut self) -> Vec<ModuleOps> {
        let mut module_names = Namespace::new();
        module_names.reserve(super::MODELS);
        module_names.reserve("runtime");
        module_names.reserve("mock");
        module_names.reserve(crate::emit::WEBHOOK_EVENTS);
        for reserved in crate::emit::mock::MOCK_MODULES {
            module_names.reserve(reserved);
        }
        let mut modules: Vec<ModuleOps> = Vec::new();
        for tag in &self.spec.tags {
            let name = module_names.claim_snake(naming::snake(&tag.name));
            modules.push((
                name,
                tag.name.clone(),
                non_empty(&tag.description),
                Vec::new(),
            ));
        }
        let mut fn_names = Namespace::new();
        for reserved in RUNTIME_METHODS {
            fn_names.reserve(reserved);
        }
        for (path, item) in &self.spec.paths.paths {
            let item_ptr = pointer("#/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    self.diagnostics.push(Diagnostic::error(
                        &item_ptr,
                        format!("path item $ref '{reference}' is not supported; path skipped"),
                    ));
                    continue;
                }
            };
            for (method_name, op) in item.iter() {
                let Some(method) = method_of(method_name) else {
                    continue;
                };
                let op_ptr = pointer(&item_ptr, method_name);
                let tag = op
                    .tags
                    .first()
                    .cloned()
                    .unwrap_or_else(|| UNTAGGED.to_string());
                let index = match modules.iter().position(|m| m.1 == tag) {
                    Some(i) => i,
                    None => {
                        let name = module_names.claim_snake(naming::snake(&tag));
                        modules.push((name, tag, None, Vec::new()));
                        modules.len() - 1
                    }
                };
                let module = modules[index].0.clone();
                let lowered = self.lower_operation(
                    OpSite {
                        path,
                        method,
                        module: &module,
                        pointer: &op_ptr,
                    },
                    op,
                    &item.parameters,
                    &mut fn_names,
                );
                modules[index].3.push(lowered);
            }
        }
        modules.retain(|m| !m.3.is_empty());
        self.add_list_forms(&mut modules, &mut fn_names);
        modules
    }

    fn lower_operation(
        &mut self,
        site: OpSite<'_>,
        op: &'a Operation,
        shared_params: &'a [ReferenceOr<Parameter>],
        fn_names: &mut Namespace,
    ) -> ir::Operation {
        let id = op
            .operation_id
            .clone()
            .unwrap_or_else(|| format!("{} {}", site.method.as_str().to_lowercase(), site.path));
        let fn_name = fn_names.claim_snake(naming::snake(&id));
        let camel = naming::camel(&fn_name);
        let place = |suffix: &str| Place::root(site.module, format!("{camel}{suffix}"));

        let mut params = ParamSet::default();
        self.lower_params(&site, shared_params, op, &camel, &mut params);
        let query_type = self.query_struct(&site, &camel, &params.query);
        let body = self.lower_body(&site, op, &place("Body"));
        let response = self.lower_response(&site, op, &place("Response"), &place("Error"));
        // Only plain GET lists page: a page stream re-sends the request once per page.
        let pagination =
            (site.method == HttpMethod::Get && body.is_none() && params.header.is_empty())
                .then(|| self.pagination(&params.query, &response.kind))
                .flatten();
        if pagination.is_some() {
            fn_names.reserve(&format!("{fn_name}_stream"));
        }
        let request_path = self
            .config
            .strip_path_prefixes
            .iter()
            .find_map(|prefix| {
                site.path
                    .strip_prefix(prefix.as_str())
                    .filter(|rest| rest.starts_with('/'))
            })
            .unwrap_or(site.path)
            .to_string();
        ir::Operation {
            auth: self.auth_of(op, &id),
            id,
            fn_name,
            method: site.method,
            path: site.path.to_string(),
            request_path,
            summary: non_empty(&op.summary),
            description: non_empty(&op.description),
            deprecated: op.deprecated,
            path_params: params.path,
            query_params: params.query,
            query_type,
            header_params: params.header,
            body,
            response,
            transport_params: params.transport,
            pagination,
            pointer: site.pointer.to_string(),
            list_form_of: None,
            server: self.own_server(op),
        }
    }

    /// The operation's first server URL when it overrides the document's first one.
    fn own_server(&self, op: &Operation) -> Option<String> {
        let own = op.servers.first()?.url.trim_end_matches('/');
        let document = self
            .spec
            .servers
            .first()
            .map(|s| s.url.trim_end_matches('/'));
        (Some(own) != document).then(|| own.to_string())
    }

    fn auth_of(&self, op: &Operation, id: &str) -> Auth {
        if let Some(auth) = self.config.auth_overrides.get(id) {
            return *auth;
        }
        let requirements = op.security.as_ref().or(self.spec.security.as_ref());
        match requirements {
            None => self.config.default_auth.unwrap_or(Auth::None),
            Some(alternatives) => match alternatives.iter().find_map(|req| req.keys().next()) {
                None => Auth::None,
                Some(scheme) => self
                    .config
                    .security
                    .get(scheme)
                    .copied()
                    .unwrap_or(Auth::PartnerUser),
            },
        }
    }

    /// Resolves path-level and operation-level parameters (operation wins) into their sets.
    fn lower_params(
        &mut self,
        site: &OpSite<'_>,
        shared: &'a [ReferenceOr<Parameter>],
        op: &'a Operation,
        camel: &str,
        out: &mut ParamSet,
    ) {
        let mut resolved: Vec<(&'a Parameter, String)> = Vec::new();
        let sources = shared
            .iter()
            .enumerate()
            .map(|(i, p)| {
                (
                    p,
                    format!(
                        "{}/parameters/{i}",
                        site.pointer.rsplit_once('/').map_or("", |x| x.0)
                    ),
                )
            })
            .chain(
                op.parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, format!("{}/parameters/{i}", site.pointer))),
            );
        for (param, ptr) in sources {
            let Some((param, ptr)) = self.resolve_param(param, &ptr) else {
                continue;
            };
            let data = param.parameter_data_ref();
            resolved.retain(|(p, _)| {
                !(p.parameter_data_ref().name == data.name
                    && std::mem::discriminant(*p) == std::mem::discriminant(param))
            });
            resolved.push((param, ptr));
        }
        let mut arg_names = Namespace::new();
        for reserved in ["query", "body", "self", "request"] {
            arg_names.reserve(reserved);
        }
        let mut query_names = Namespace::new();
        for (param, ptr) in resolved {
            let data = param.parameter_data_ref();
            if self.config.is_transport_header(&data.name) {
                out.transport.push(data.name.clone());
                continue;
            }
            let (in_path, in_query, in_header) = match param {
                Parameter::Path { .. } => (true, false, false),
                Parameter::Query { .. } => (false, true, false),
                Parameter::Header { .. } => (false, false, true),
                Parameter::Cookie { .. } => {
                    self.diagnostics.push(Diagnostic::warning(
                        &ptr,
                        "cookie parameters are not supported; skipped",
                    ));
                    continue;
                }
            };
            if in_path && !site.path.contains(&format!("{{{}}}", data.name)) {
                self.diagnostics.push(Diagnostic::warning(
                    &ptr,
                    format!(
                        "path parameter '{}' is not in the path template; skipped",
                        data.name
                    ),
                ));
                continue;
            }
            let place = Place::root(site.module, format!("{camel}{}", naming::camel(&data.name)));
            let lowered = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    self.lower_ref(SchemaRef::of(schema), &place, &format!("{ptr}/schema"))
                }
                ParameterSchemaOrContent::Content(_) => Lowered {
                    ty: self.fallback(&ptr, "parameter described by content, not schema"),
                    nullable: false,
                },
            };
            let explode = data.explode.unwrap_or(true);
            let is_array = matches!(lowered.ty, TypeRef::Vec(_));
            let mut wire_name = data.name.clone();
            if in_query && is_array && explode {
                if let Some(suffix) = &self.config.array_query_suffix {
                    if !wire_name.ends_with(suffix.as_str()) {
                        wire_name.push_str(suffix);
                    }
                }
            }
            let required = data.required || in_path;
            let names = if in_query {
                &mut query_names
            } else {
                &mut arg_names
            };
            let rust_name = names.claim_snake(naming::snake(&data.name));
            let param = Param {
                rust_name,
                wire_name,
                ty: if required {
                    lowered.ty
                } else {
                    lowered.ty.option()
                },
                required,
                doc: non_empty(&data.description),
                deprecated: data.deprecated.unwrap_or(false),
                explode,
            };
            if in_path {
                out.path.push(param);
            } else if in_query {
                out.query.push(param);
            } else if in_header {
                out.header.push(param);
            }
        }
        for var in path_template_vars(site.path) {
            if !out.path.iter().any(|p| p.wire_name == var) {
                self.diagnostics.push(Diagnostic::warning(
                    site.pointer,
                    format!("path template variable '{var}' has no parameter; taken as a string"),
                ));
                out.path.push(Param {
                    rust_name: arg_names.claim_snake(naming::snake(&var)),
                    wire_name: var,
                    ty: TypeRef::String,
                    required: true,
                    doc: None,
                    deprecated: false,
                    explode: false,
                });
            }
        }
    }

    /// The parameter and the pointer it is written at (its component, when reached by `$ref`).
    fn resolve_param(
        &mut self,
        param: &'a ReferenceOr<Parameter>,
        ptr: &str,
    ) -> Option<(&'a Parameter, String)> {
        let mut current = param;
        let mut at = ptr.to_string();
        for _ in 0..16 {
            match current {
                ReferenceOr::Item(p) => return Some((p, at)),
                ReferenceOr::Reference { reference } => {
                    at = reference.clone();
                    let next = reference
                        .strip_prefix("#/components/parameters/")
                        .and_then(|name| self.spec.components.as_ref()?.parameters.get(name));
                    match next {
                        Some(next) => current = next,
                        None => break,
                    }
                }
            }
        }
        self.diagnostics.push(Diagnostic::error(
            ptr,
            "parameter $ref does not resolve to a component parameter; skipped",
        ));
        None
    }

    /// All query parameters of an operation become one struct, passed by reference.
    fn query_struct(&mut self, site: &OpSite<'_>, camel: &str, query: &[Param]) -> Option<String> {
        if query.is_empty() {
            return None;
        }
        let module = self.module_mut(site.module);
        let name = module.names.claim_camel(format!("{camel}Query"));
        let fields = query
            .iter()
            .map(|p| Field {
                rust_name: p.rust_name.clone(),
                wire_name: p.wire_name.clone(),
                ty: p.ty.clone(),
                required: p.required,
                nullable: false,
                doc: p.doc.clone(),
                deprecated: p.deprecated,
                default: None,
                lenient: Lenient::Plain,
            })
            .collect();
        module.types.push(ir::TypeDef {
            name: name.clone(),
            doc: Some(format!(
                "Query parameters of `{} {}`.",
                site.method.as_str(),
                site.path
            )),
            pointer: format!("{}/parameters", site.pointer),
            deprecated: false,
            kind: TypeKind::Struct {
                fields,
                additional: None,
                multipart: false,
            },
        });
        Some(name)
    }

    fn lower_body(&mut self, site: &OpSite<'_>, op: &'a Operation, place: &Place) -> Option<Body> {
        let ptr = format!("{}/requestBody", site.pointer);
        let body: &'a RequestBody = match op.request_body.as_ref()? {
            ReferenceOr::Item(body) => body,
            ReferenceOr::Reference { reference } => {
                match reference
                    .strip_prefix("#/components/requestBodies/")
                    .and_then(|n| self.spec.components.as_ref()?.request_bodies.get(n))
                {
                    Some(ReferenceOr::Item(body)) => body,
                    _ => {
                        self.diagnostics.push(Diagnostic::error(
                            &ptr,
                            format!("request body $ref '{reference}' not supported; body skipped"),
                        ));
                        return None;
                    }
                }
            }
        };
        let (media_type, media, kind) = pick_body_media(body)?;
        let media_ptr = pointer(&format!("{ptr}/content"), media_type);
        let mut place = place.clone();
        place.multipart = kind == BodyKind::Multipart;
        let ty = match (&media.schema, kind) {
            (_, BodyKind::Bytes) => TypeRef::Bytes,
            (_, BodyKind::Text) => TypeRef::String,
            (Some(schema), _) => {
                self.lower_ref(
                    SchemaRef::of(schema),
                    &place,
                    &format!("{media_ptr}/schema"),
                )
                .ty
            }
            (None, _) => self.fallback(&media_ptr, "request body without schema"),
        };
        let parts = if kind == BodyKind::Multipart {
            self.multipart_parts(&ty)
        } else {
            Vec::new()
        };
        Some(Body {
            kind,
            ty,
            required: body.required,
            media_type: media_type.to_string(),
            doc: non_empty(&body.description),
            parts,
            example: media_example(media),
        })
    }

    fn multipart_parts(&self, ty: &TypeRef) -> Vec<BodyPart> {
        let TypeRef::Named(path) = ty else {
            return Vec::new();
        };
        let Some((module, name)) = path.split_once("::") else {
            return Vec::new();
        };
        self.modules
            .get(module)
            .and_then(|m| m.types.iter().find(|t| t.name == name))
            .map(|t| match &t.kind {
                TypeKind::Struct { fields, .. } => fields
                    .iter()
                    .map(|f| BodyPart {
                        rust_name: f.rust_name.clone(),
                        wire_name: f.wire_name.clone(),
                        is_file: matches!(f.ty, TypeRef::Bytes)
                            || matches!(&f.ty, TypeRef::Option(inner) if **inner == TypeRef::Bytes),
                        required: !f.ty.is_option(),
                    })
                    .collect(),
                _ => Vec::new(),
            })
            .unwrap_or_default()
    }

    fn lower_response(
        &mut self,
        site: &OpSite<'_>,
        op: &'a Operation,
        place: &Place,
        error_place: &Place,
    ) -> ir::Response {
        let responses = &op.responses;
        let mut success: Option<(String, &'a ReferenceOr<Response>)> = None;
        let mut error: Option<(String, &'a ReferenceOr<Response>)> = None;
        for (code, response) in &responses.responses {
            let text = status_text(code);
            let class = match code {
                StatusCode::Code(c) => c / 100,
                StatusCode::Range(r) => *r,
            };
            if class == 2 && success.is_none() {
                success = Some((text, response));
            } else if (class == 4 || class == 5) && error.is_none() {
                error = Some((text, response));
            }
        }
        if success.is_none() {
            success = responses
                .default
                .as_ref()
                .map(|r| ("default".to_string(), r));
        }
        let error_code = error.as_ref().map(|(code, _)| code.clone());
        let error_ty = error.and_then(|(code, response)| {
            let (schema, schema_ptr) = self.json_schema_of(site, &code, response)?;
            Some(
                self.lower_ref(SchemaRef::of(schema), error_place, &schema_ptr)
                    .ty,
            )
        });
        let success_code = success.as_ref().map(|(code, _)| code.clone());
        let mut response = self.success_response(site, success, place);
        response.error_ty = error_ty;
        response.other_statuses = self.other_statuses(
            site,
            op,
            success_code.as_deref(),
            error_code.as_deref(),
            response.error_ty.as_ref(),
        );
        response
    }

    /// The chosen success response; `error_ty` and `other_statuses` are left for the caller.
    fn success_response(
        &mut self,
        site: &OpSite<'_>,
        success: Option<(String, &'a ReferenceOr<Response>)>,
        place: &Place,
    ) -> ir::Response {
        let empty = |status: Option<String>, doc: Option<String>| ir::Response {
            kind: ResponseKind::Empty,
            status,
            media_type: None,
            doc,
            error_ty: None,
            other_statuses: Vec::new(),
            example: None,
            maybe_enveloped: false,
        };
        let Some((status, response)) = success else {
            return empty(None, None);
        };
        let ptr = pointer(&format!("{}/responses", site.pointer), &status);
        let Some(response) = self.resolve_response(response, &ptr) else {
            return empty(Some(status), None);
        };
        let doc = Some(response.description.clone()).filter(|d| !d.trim().is_empty());
        let Some((media_type, media)) = response
            .content
            .iter()
            .find(|(m, _)| is_json(m))
            .or_else(|| response.content.iter().next())
        else {
            return empty(Some(status), doc);
        };
        let media_ptr = pointer(&format!("{ptr}/content"), media_type);
        let example = media_example(media).or_else(|| self.schema_example(media));
        let kind = if is_json(media_type) {
            match &media.schema {
                Some(schema) => self.json_response(schema, place, &format!("{media_ptr}/schema")),
                None => ResponseKind::Json {
                    ty: self.fallback(&media_ptr, "response without schema"),
                },
            }
        } else if media_type.starts_with("text/") {
            ResponseKind::Text
        } else {
            ResponseKind::Bytes
        };
        let maybe_enveloped = matches!(kind, ResponseKind::Json { .. })
            && media
                .schema
                .as_ref()
                .is_some_and(|schema| self.lacks_envelope_data(schema));
        ir::Response {
            kind,
            status: Some(status),
            media_type: Some(media_type.clone()),
            doc,
            error_ty: None,
            other_statuses: Vec::new(),
            example,
            maybe_enveloped,
        }
    }

    /// With an envelope configured, a bare body whose schema has no `data` property of its own
    /// may still arrive wrapped; one that has it is ambiguous and stays as documented.
    fn lacks_envelope_data(&self, schema: &'a ReferenceOr<openapiv3::Schema>) -> bool {
        let Some(envelope) = &self.config.envelope else {
            return false;
        };
        match self
            .resolve_schema(schema)
            .map(|(s, _)| super::shape::shape_of(s))
        {
            Some(super::shape::Shape::Object(object)) => !object
                .properties
                .iter()
                .any(|(name, _)| *name == envelope.data),
            Some(_) => true,
            None => false,
        }
    }

    /// The JSON schema documented for `code` and its pointer.
    fn json_schema_of(
        &mut self,
        site: &OpSite<'_>,
        code: &str,
        response: &'a ReferenceOr<Response>,
    ) -> Option<(&'a ReferenceOr<openapiv3::Schema>, String)> {
        let ptr = pointer(&format!("{}/responses", site.pointer), code);
        let response = self.resolve_response(response, &ptr)?;
        let (media_type, media) = response.content.iter().find(|(m, _)| is_json(m))?;
        let schema = media.schema.as_ref()?;
        Some((
            schema,
            format!("{}/schema", pointer(&format!("{ptr}/content"), media_type)),
        ))
    }

    /// Types of the JSON bodies of every status but the success one, in spec order; the first
    /// error status reuses `error_ty`.
    fn other_statuses(
        &mut self,
        site: &OpSite<'_>,
        op: &'a Operation,
        success: Option<&str>,
        error: Option<&str>,
        error_ty: Option<&TypeRef>,
    ) -> Vec<ir::StatusBody> {
        let documented = op
            .responses
            .responses
            .iter()
            .map(|(code, response)| (status_text(code), response))
            .chain(
                op.responses
                    .default
                    .as_ref()
                    .map(|r| ("default".to_string(), r)),
            );
        let mut out = Vec::new();
        for (code, response) in documented {
            if Some(code.as_str()) == success {
                continue;
            }
            let ty = match (Some(code.as_str()) == error, error_ty) {
                (true, Some(ty)) => ty.clone(),
                _ => {
                    let Some((schema, ptr)) = self.json_schema_of(site, &code, response) else {
                        continue;
                    };
                    self.lower_status_body(schema, &code, &ptr)
                }
            };
            out.push(ir::StatusBody { status: code, ty });
        }
        out
    }

    fn schema_example(&self, media: &'a MediaType) -> Option<String> {
        let (schema, _) = self.resolve_schema(media.schema.as_ref()?)?;
        schema.schema_data.example.as_ref().map(|v| v.to_string())
    }

    fn resolve_response(
        &mut self,
        response: &'a ReferenceOr<Response>,
        ptr: &str,
    ) -> Option<&'a Response> {
        match response {
            ReferenceOr::Item(r) => Some(r),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/responses/")
                    .and_then(|n| self.spec.components.as_ref()?.responses.get(n));
                match found {
                    Some(ReferenceOr::Item(r)) => Some(r),
                    _ => {
                        self.diagnostics.push(Diagnostic::error(
                            ptr,
                            format!("response $ref '{reference}' not supported"),
                        ));
                        None
                    }
                }
            }
        }
    }

    /// A JSON body is an envelope when the configured `success`/`data` properties are there.
    fn json_response(
        &mut self,
        schema: &'a ReferenceOr<openapiv3::Schema>,
        place: &Place,
        ptr: &str,
    ) -> ResponseKind {
        let whole = self.lower_ref(SchemaRef::of(schema), place, ptr);
        let Some(envelope) = self.config.envelope.clone() else {
            return ResponseKind::Json { ty: whole.ty };
        };
        let object = self.resolve_schema(schema).and_then(|(s, from)| {
            let base = from.unwrap_or_else(|| ptr.to_string());
            match super::shape::shape_of(s) {
                super::shape::Shape::Object(o) => Some((o, base)),
                _ => None,
            }
        });
        let Some((object, base)) = object else {
            return ResponseKind::Json { ty: whole.ty };
        };
        let find = |name: &str| {
            object
                .properties
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, s)| *s)
        };
        let names: Vec<&str> = object.properties.iter().map(|(k, _)| *k).collect();
        let (Some(data), true) = (
            find(&envelope.data),
            super::envelope::is_envelope(&envelope, |n| names.contains(&n)),
        ) else {
            return ResponseKind::Json { ty: whole.ty };
        };
        let props = pointer(&base, "properties");
        let data_ty = self.lower_ref(data, &place.child("Data"), &pointer(&props, &envelope.data));
        let meta_ptr = pointer(&props, &envelope.meta);
        let meta = match find(&envelope.meta) {
            Some(m) => Some(
                match self.envelope_meta(&names, &envelope.meta, m, &meta_ptr) {
                    Some(meta) => meta.ty,
                    None => self.lower_ref(m, &place.child("Meta"), &meta_ptr).ty,
                },
            ),
            // No `meta` documented: the server still sends one, which the runtime type reads.
            None => self.runtime_meta(ptr),
        };
        let data = if data_ty.nullable {
            data_ty.ty.option()
        } else {
            data_ty.ty
        };
        ResponseKind::Envelope { data, meta }
    }
}

/// A status key as the spec writes it: `200`, `4XX`.
fn status_text(code: &StatusCode) -> String {
    match code {
        StatusCode::Code(c) => c.to_string(),
        StatusCode::Range(r) => format!("{r}XX"),
    }
}

fn is_json(media_type: &str) -> bool {
    let m = media_type.to_ascii_lowercase();
    m == "application/json" || m.ends_with("+json") || m.starts_with("application/json;")
}

/// JSON first, then `*/*` (sent as JSON), multipart, form, text, anything else as bytes.
fn pick_body_media(body: &RequestBody) -> Option<(&str, &MediaType, BodyKind)> {
    let find = |pred: &dyn Fn(&str) -> bool| {
        body.content
            .iter()
            .find(|(m, _)| pred(&m.to_ascii_lowercase()))
    };
    if let Some((m, media)) = find(&|m| is_json(m) || m == "*/*" || m == "application/*") {
        return Some((m, media, BodyKind::Json));
    }
    if let Some((m, media)) = find(&|m| m.starts_with("multipart/")) {
        return Some((m, media, BodyKind::Multipart));
    }
    if let Some((m, media)) = find(&|m| m == "application/x-www-form-urlencoded") {
        return Some((m, media, BodyKind::Form));
    }
    if let Some((m, media)) = find(&|m| m.starts_with("text/")) {
        return Some((m, media, BodyKind::Text));
    }
    body.content
        .iter()
        .next()
        .map(|(m, media)| (m.as_str(), media, BodyKind::Bytes))
}

fn path_template_vars(path: &str) -> Vec<String> {
    let mut vars = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        vars.push(rest[start + 1..start + len].to_string());
        rest = &rest[start + len + 1..];
    }
    vars
}

pub(super) struct OpSite<'s> {
    pub path: &'s str,
    pub method: HttpMethod,
    pub module: &'s str,
    pub pointer: &'s str,
}

#[derive(Default)]
struct ParamSet {
    path: Vec<Param>,
    query: Vec<Param>,
    header: Vec<Param>,
    transport: Vec<String>,
}
