//! Every operation of every API of the generated client called over real HTTP against the
//! spec-built mock server on 127.0.0.1: each must succeed, reach the mock under its API's base
//! path, and send the right credentials.

use std::collections::BTreeMap;

use altegio::exercise::exercise;
use altegio::mock::{MockApi, MockServer, ReceivedRequest};
use altegio::runtime::{Auth, FilePart, Method, Multipart, Operation, Request};
use integration_tests::AltegioApi;

/// Calls the operation `id` of the API `api` (its mock id) with placeholder arguments.
async fn exercise_in(api: &str, client: &altegio::Client, id: &str) -> Option<altegio::Result<()>> {
    match api {
        "b2b-v1" => exercise(client, id).await,
        "public" => altegio::booking::exercise::exercise(client, id).await,
        "developers" => altegio::developers::exercise::exercise(client, id).await,
        "b2b-v2" => altegio::v2::exercise::exercise(client, id).await,
        other => panic!("no exercise function for API `{other}`"),
    }
}

/// Mock id (`v2.get_service` outside v1) -> the credentials the spec asks for: the first
/// security scheme of the operation (or of the document), `None` for `security: []`, and the
/// generator config's `auth_overrides` where the spec is wrong.
fn expected_security(api: &AltegioApi, prefix: &str) -> BTreeMap<String, Option<String>> {
    let text = std::fs::read_to_string(&api.spec).unwrap_or_else(|e| panic!("{e}"));
    let doc: serde_json::Value = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let overrides = api.config().auth_overrides;
    let scheme = |security: Option<&serde_json::Value>| {
        security
            .and_then(|s| s.as_array())
            .and_then(|s| s.first())
            .and_then(|r| r.as_object())
            .and_then(|r| r.keys().next().cloned())
    };
    let mut expected = BTreeMap::new();
    let paths = doc["paths"].as_object().into_iter().flatten();
    for (_, item) in paths {
        for (method, op) in item.as_object().into_iter().flatten() {
            let Some(id) = op.get("operationId").and_then(|v| v.as_str()) else {
                continue;
            };
            if !["get", "put", "post", "delete", "patch"].contains(&method.as_str()) {
                continue;
            }
            let declared = scheme(op.get("security").or(doc.get("security")));
            let auth = match overrides.get(id) {
                Some(codegen::ir::Auth::Partner) => Some("BearerPartner".to_string()),
                Some(codegen::ir::Auth::PartnerUser) => Some("BearerPartnerUser".to_string()),
                Some(codegen::ir::Auth::None) => None,
                None => declared,
            };
            expected.insert(format!("{prefix}{id}"), auth);
        }
    }
    expected
}

/// What the `Authorization` header of an operation with this security scheme must be.
fn expected_authorization(security: Option<&str>) -> Result<Option<String>, String> {
    let partner = format!("Bearer {}", MockServer::PARTNER_TOKEN);
    match security {
        Some("BearerPartnerUser") => {
            Ok(Some(format!("{partner}, User {}", MockServer::USER_TOKEN)))
        }
        Some("BearerPartner") => Ok(Some(partner)),
        None => Ok(None),
        Some(other) => Err(format!("unknown security scheme `{other}`")),
    }
}

/// Problems with what the mock received for one operation.
fn check_received(
    id: &str,
    requests: &[&ReceivedRequest],
    security: Option<&Option<String>>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let [request] = requests else {
        problems.push(format!(
            "{id}: the mock received {} requests, expected 1",
            requests.len()
        ));
        return problems;
    };
    if let Some(rejection) = &request.rejection {
        problems.push(format!("{id}: the mock refused the request: {rejection}"));
    }
    match security.map(|s| expected_authorization(s.as_deref())) {
        None => problems.push(format!("{id}: not an operation of the spec")),
        Some(Err(e)) => problems.push(format!("{id}: {e}")),
        Some(Ok(expected)) => {
            if request.authorization() != expected.as_deref() {
                problems.push(format!(
                    "{id}: Authorization {:?}, expected {expected:?}",
                    request.authorization()
                ));
            }
        }
    }
    if request.accept() != Some(altegio::runtime::DEFAULT_ACCEPT) {
        problems.push(format!("{id}: Accept {:?}", request.accept()));
    }
    let url = format!(
        "{}?{}",
        request.path,
        request.query.as_deref().unwrap_or("")
    );
    if url.contains(MockServer::PARTNER_TOKEN) || url.contains(MockServer::USER_TOKEN) {
        problems.push(format!("{id}: a token is in the URL"));
    }
    problems
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_operation_of_every_api_round_trips_through_the_mock_server() {
    let mut failures = Vec::new();
    for api in integration_tests::altegio_apis() {
        let table = MockApi::named(&api.name)
            .unwrap_or_else(|| panic!("the mock has no API `{}`", api.name));
        failures.extend(exercise_api(&api, table).await);
    }
    assert!(
        failures.is_empty(),
        "{} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Calls every operation of one API on a fresh mock; prints the figure, returns the problems.
async fn exercise_api(api: &AltegioApi, table: &MockApi) -> Vec<String> {
    let (server, client) = start_mock().await;
    let prefix = match table.operations.first().map(|op| op.id) {
        Some(id) => id.find('.').map_or("", |dot| &id[..=dot]),
        None => "",
    };
    let security = expected_security(api, prefix);
    let operations = table.operations;

    let mut failures = Vec::new();
    let mut succeeded = Vec::new();
    for op in operations {
        match exercise_in(table.name, &client, op.id).await {
            None => failures.push(format!("{}: `exercise` does not know this id", op.id)),
            Some(Err(e)) => failures.push(format!("{}: {e}", op.id)),
            Some(Ok(())) => succeeded.push(op.id),
        }
    }

    let received = server.received();
    let unmatched: Vec<String> = received
        .iter()
        .filter(|r| r.operation_id.is_none())
        .map(|r| {
            format!(
                "{} {}: {}",
                r.method,
                r.path,
                r.rejection.as_deref().unwrap_or("")
            )
        })
        .collect();
    let mut exercised = 0;
    for op in operations {
        let requests: Vec<&ReceivedRequest> = received
            .iter()
            .filter(|r| r.operation_id == Some(op.id))
            .collect();
        // A list form sends what the operation it comes from sends.
        let spec_id = op
            .list_form_of
            .map_or(op.id.to_string(), |id| format!("{prefix}{id}"));
        let problems = check_received(op.id, &requests, security.get(&spec_id));
        if problems.is_empty() && succeeded.contains(&op.id) {
            exercised += 1;
        }
        failures.extend(problems);
    }
    failures.extend(
        unmatched
            .into_iter()
            .map(|u| format!("no operation matched {u}")),
    );
    failures.sort();
    failures.dedup();

    let from_example = operations
        .iter()
        .filter(|op| altegio::mock::documented_example(op).is_some())
        .count();
    let list_forms = operations
        .iter()
        .filter(|op| op.list_form_of.is_some())
        .count();
    println!(
        "{}: operations exercised: {exercised}/{} ({} in the spec, {list_forms} list forms; {from_example} answered with the spec's example response, the rest with a body synthesized from the response type)",
        api.name,
        operations.len(),
        operations.len() - list_forms,
    );
    if operations.len() - list_forms != security.len() {
        failures.push(format!(
            "{}: {} operations in the table (list forms aside), {} in the spec",
            api.name,
            operations.len() - list_forms,
            security.len()
        ));
    }
    failures
}

/// A mock server on 127.0.0.1 and a client pointed at it.
async fn start_mock() -> (MockServer, altegio::Client) {
    let server = MockServer::start()
        .await
        .unwrap_or_else(|e| panic!("mock server: {e}"));
    let client = server
        .client_builder()
        .build()
        .unwrap_or_else(|e| panic!("client: {e}"));
    (server, client)
}

/// Sends a hand-made request through the client runtime and returns the mock's refusal.
async fn refusal(client: &altegio::Client, request: Request) -> (Option<u16>, String) {
    match client.send_json::<serde_json::Value>(request).await {
        Ok(response) => panic!("the mock accepted the request: {:?}", response.data),
        Err(err) => (
            err.status().map(|s| s.as_u16()),
            err.message().unwrap_or_default().to_owned(),
        ),
    }
}

const fn op(id: &'static str, method: Method, path: &'static str) -> Operation {
    Operation {
        id,
        method,
        path,
        auth: Auth::Partner,
    }
}

static UNKNOWN: Operation = op("unknown", Method::Get, "/no/such/path");
static WRONG_METHOD: Operation = op("wrong_method", Method::Patch, "/companies");
static SEARCH_EVENTS: Operation = op(
    "search_events",
    Method::Get,
    "/activity/{location_id}/search",
);
static CREATE_LOCATION: Operation = op("create_location", Method::Post, "/companies");
static UPLOAD_IMAGE: Operation = op("upload_image", Method::Post, "/images/{entity}");

#[tokio::test]
async fn the_mock_refuses_what_the_spec_does_not_allow() {
    let (server, client) = start_mock().await;
    let table_path = |id: &str| altegio::mock::operation(id).map(|op| op.path);
    assert_eq!(table_path("search_events"), Some(SEARCH_EVENTS.path));
    assert_eq!(table_path("create_location"), Some(CREATE_LOCATION.path));

    let (status, message) = refusal(&client, Request::new(&UNKNOWN)).await;
    assert_eq!(status, Some(404), "{message}");
    assert_eq!(
        message,
        "mock: no operation matches GET /no/such/path (no operation)"
    );

    let (status, message) = refusal(&client, Request::new(&WRONG_METHOD)).await;
    assert_eq!(status, Some(405), "{message}");

    // search_events requires `from` and `till`.
    let request = Request::new(&SEARCH_EVENTS)
        .path_param("location_id", &1)
        .query_param("from", &"2026-01-01", true);
    let (status, message) = refusal(&client, request).await;
    assert_eq!(status, Some(400), "{message}");
    assert_eq!(
        message,
        "mock: missing required query parameter(s) `till` (search_events)"
    );

    // A JSON body of the wrong shape is refused with the path of the failing field.
    let body = serde_json::json!({ "title": { "not": "a string" } });
    let request = Request::new(&CREATE_LOCATION).json_body(&body);
    let (status, message) = refusal(&client, request).await;
    assert_eq!(status, Some(422), "{message}");
    assert!(
        message.contains("`title`") && message.ends_with("(create_location)"),
        "{message}"
    );

    // An upload must be multipart/form-data; a JSON body is refused.
    let request = Request::new(&UPLOAD_IMAGE)
        .path_param("entity", &"master")
        .json_body(&serde_json::json!({ "image": "not a file" }));
    let (status, message) = refusal(&client, request).await;
    assert_eq!(status, Some(400), "{message}");
    assert!(message.contains("multipart/form-data"), "{message}");

    let received = server.received();
    assert_eq!(received.len(), 5);
    assert!(received.iter().all(|r| r.rejection.is_some()));
    assert_eq!(server.hits("search_events"), 1);
    assert_eq!(server.hits("unknown"), 0);
}

#[tokio::test]
async fn the_mock_accepts_a_multipart_upload() {
    let (server, client) = start_mock().await;
    let photo = FilePart::new(vec![0x89, b'P', b'N', b'G'], "photo.png", "image/png");
    let request = Request::new(&UPLOAD_IMAGE)
        .path_param("entity", &"master")
        .multipart_body(Multipart::new().file("image", &photo));
    let response = client.send_json::<serde_json::Value>(request).await;
    assert!(response.is_ok(), "{:?}", response.err());
    let received = server.received();
    let content_type = received.first().and_then(|r| r.header("content-type"));
    assert!(
        content_type.is_some_and(|ct| ct.starts_with("multipart/form-data; boundary=")),
        "{content_type:?}"
    );
    assert_eq!(received.first().and_then(|r| r.rejection.clone()), None);
}

#[tokio::test]
async fn replies_can_be_overridden_per_operation() {
    let (server, client) = start_mock().await;
    assert!(server.set_reply(
        "get_location",
        altegio::mock::MockReply::error(404, "Location not found")
    ));
    assert!(!server.set_reply(
        "no_such_operation",
        altegio::mock::MockReply::error(500, "x")
    ));

    let err = match exercise(&client, "get_location").await {
        Some(Err(err)) => err,
        other => panic!("expected an error, got {:?}", other.map(|r| r.is_ok())),
    };
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.message(), Some("Location not found"));

    server.clear_replies();
    assert!(matches!(
        exercise(&client, "get_location").await,
        Some(Ok(()))
    ));
    assert_eq!(server.hits("get_location"), 2);
}

fn ok<T>(what: &str, result: Result<T, altegio::Error>) -> T {
    result.unwrap_or_else(|e| panic!("{what}: {e}"))
}

/// "List or one" operations: the spec's method fetches one item, the generated list form
/// (`list_*`, the path without its trailing id) gets every item, here a list of two.
#[tokio::test]
async fn list_or_one_operations_fetch_one_item_or_the_list() {
    let (server, client) = start_mock().await;

    let one = ok("get_team_member", client.get_team_member(4564, 7).await);
    let all = ok("list_team_members", client.list_team_members(4564).await);
    assert_eq!(all.data.len(), 2, "the mock serves a two-item list");
    assert_eq!(
        all.data[0], one.data,
        "each item has the single form's type and content"
    );

    let query = altegio::services::GetServiceQuery::default();
    let services = ok("list_services", client.list_services(4564, &query).await);
    assert_eq!(services.data.len(), 2);
    let categories = ok(
        "list_service_categories",
        client
            .list_service_categories(4564, &Default::default())
            .await,
    );
    assert_eq!(categories.data.len(), 2);

    let paths: Vec<String> = server.received().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [
            "/company/4564/staff/7",
            "/company/4564/staff",
            "/company/4564/services",
            "/company/4564/service_categories",
        ]
    );
}

/// One client reaches all four APIs through its handles; each request lands under its API's
/// base path: v1, online booking and developer tools at the base URL, B2B v2 with `/api/v2`.
#[tokio::test]
async fn each_api_reaches_its_base_path_through_one_client() {
    let (server, client) = start_mock().await;
    ok("v1", client.get_location(1, &Default::default()).await);
    ok("booking", client.booking().get_booking_form_config(2).await);
    ok("developers", client.developers().get_country_list().await);
    let v2 = client.v2();
    let services = ok("v2", v2.list_services(3, &Default::default()).await);
    assert!(
        !services.data.data.is_empty(),
        "the v2 example lists a service"
    );

    let seen: Vec<(Option<&str>, String)> = server
        .received()
        .into_iter()
        .map(|r| (r.operation_id, r.path))
        .collect();
    assert_eq!(
        seen,
        [
            (Some("get_location"), "/company/1".to_string()),
            (
                Some("booking.get_booking_form_config"),
                "/bookform/2".to_string()
            ),
            (
                Some("developers.get_country_list"),
                "/countries".to_string()
            ),
            (
                Some("v2.list_services"),
                "/api/v2/locations/3/services".to_string()
            ),
        ]
    );
}

/// A v2 (JSON:API) list page: services with these ids, the bare `{data, included}` body v2 sends.
fn v2_services_page(ids: &[&str]) -> serde_json::Value {
    let data: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| {
            serde_json::json!({
                "type": "service",
                "id": id,
                "attributes": {"title": format!("Service {id}"), "category_id": 5}
            })
        })
        .collect();
    serde_json::json!({ "data": data, "included": [] })
}

/// The next service of a v2 stream as `(id, title)`; `None` once the stream ends.
async fn next_service(
    services: &mut (impl futures::Stream<Item = altegio::Result<altegio::v2::models::ServiceResource>>
              + Unpin),
) -> Option<(String, String)> {
    use futures::StreamExt;
    match services.next().await {
        Some(Ok(service)) => Some((service.id, service.attributes.title)),
        Some(Err(e)) => panic!("list_services_stream: {e}"),
        None => None,
    }
}

/// `page` and `limit` of a received query string, in order of appearance.
fn page_and_limit(query: Option<&str>) -> Vec<String> {
    query
        .unwrap_or("")
        .split('&')
        .filter(|pair| pair.starts_with("page=") || pair.starts_with("limit="))
        .map(str::to_owned)
        .collect()
}

/// A v2 `_stream` walks JSON:API pages with v2's own `page` and `limit` (no total is sent):
/// two pages of services, then an empty third page ends it. Pages are fetched lazily, so
/// each page's reply is set just before the stream needs it.
#[tokio::test]
async fn a_v2_stream_walks_json_api_pages_until_an_empty_one() {
    let (server, client) = start_mock().await;
    let v2 = client.v2();
    let query = altegio::v2::services::ListServicesQuery {
        limit: Some(2),
        ..Default::default()
    };
    let mut services = std::pin::pin!(v2.list_services_stream(3, &query));

    let pages: [&[&str]; 3] = [&["100", "101"], &["102", "103"], &[]];
    let mut seen = Vec::new();
    for ids in pages {
        let reply = altegio::mock::MockReply::json(200, &v2_services_page(ids));
        assert!(server.set_reply("v2.list_services", reply));
        for _ in 0..ids.len() {
            seen.extend(next_service(&mut services).await);
        }
    }
    assert_eq!(
        next_service(&mut services).await,
        None,
        "the empty third page ends the stream"
    );
    let ids: Vec<&str> = seen.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["100", "101", "102", "103"]);
    assert_eq!(seen[3].1, "Service 103", "attributes are typed");

    let received = server.received();
    let requests: Vec<(Option<&str>, &str, Vec<String>)> = received
        .iter()
        .map(|r| {
            (
                r.operation_id,
                r.path.as_str(),
                page_and_limit(r.query.as_deref()),
            )
        })
        .collect();
    let expected: Vec<(Option<&str>, &str, Vec<String>)> = (1..=3)
        .map(|page| {
            (
                Some("v2.list_services"),
                "/api/v2/locations/3/services",
                vec![format!("page={page}"), "limit=2".to_string()],
            )
        })
        .collect();
    assert_eq!(requests, expected);
    assert!(received.iter().all(|r| r.rejection.is_none()));
}
