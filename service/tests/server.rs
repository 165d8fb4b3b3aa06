//! The real server on 127.0.0.1:0, called over HTTP: discovery, the hook with prefetch
//! and with the FHIR fallback against a fixture FHIR server on loopback (the charts of
//! tests/service/fixtures), every error status, overload, the page, and authentication.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use poh_service::config::Config;
use poh_service::{app, AppState, INSECURE_HEADER};
use serde_json::{json, Value};

const SERVICE: &str = "/cds-services/poh-patient-view";
const FHIR_TOKEN: &str = "fixture-token";

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/service/fixtures")
}

fn chart(name: &str) -> Value {
    serde_json::from_slice(&std::fs::read(fixtures().join(name)).unwrap()).unwrap()
}

fn bundle(rs: Vec<Value>) -> Value {
    json!({"resourceType": "Bundle", "type": "searchset",
           "entry": rs.into_iter().map(|r| json!({"resource": r})).collect::<Vec<_>>()})
}

#[derive(Clone)]
struct Fhir {
    charts: Arc<Vec<Value>>,
    hits: Arc<AtomicUsize>,
}

async fn fhir_get(
    State(f): State<Fhir>,
    Path((base, rest)): Path<(String, String)>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> axum::response::Response {
    f.hits.fetch_add(1, Ordering::SeqCst);
    match base.as_str() {
        "hang" => tokio::time::sleep(Duration::from_secs(10)).await,
        "error" => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        _ => {}
    }
    if headers.get("authorization").and_then(|h| h.to_str().ok())
        != Some(&format!("Bearer {FHIR_TOKEN}"))
    {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let q = q.unwrap_or_default();
    let param = |k: &str| {
        q.split('&')
            .find_map(|kv| kv.strip_prefix(&format!("{k}=")))
            .map(str::to_string)
    };
    let pid = rest
        .strip_prefix("Patient/")
        .map(str::to_string)
        .or_else(|| param("patient"));
    let Some(c) = f
        .charts
        .iter()
        .find(|c| Some(c["patient"]["id"].as_str().unwrap().to_string()) == pid)
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let body = if rest.starts_with("Patient/") {
        c["patient"].clone()
    } else if rest == "Condition" {
        bundle(c["conditions"].as_array().unwrap().clone())
    } else {
        let code = param("code").unwrap_or_default().replace("%7C", "|");
        let code = code.rsplit('|').next().unwrap_or("").to_string();
        bundle(
            c["observations"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|o| o["code"]["coding"][0]["code"] == code.as_str())
                .cloned()
                .collect(),
        )
    };
    axum::Json(body).into_response()
}

async fn start_fhir() -> (SocketAddr, Arc<AtomicUsize>) {
    let f = Fhir {
        charts: Arc::new(vec![chart("poh_like.json"), chart("unrelated.json")]),
        hits: Arc::new(AtomicUsize::new(0)),
    };
    let hits = f.hits.clone();
    let r = Router::new()
        .route("/{base}/{*rest}", get(fhir_get))
        .with_state(f);
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, r).await.unwrap() });
    (addr, hits)
}

struct Svc {
    base: String,
    fhir: SocketAddr,
    hits: Arc<AtomicUsize>,
    http: reqwest::Client,
}

async fn start(extra: &str) -> Svc {
    poh_service::fetch::install_crypto();
    let (fhir, hits) = start_fhir().await;
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    let cfg = Config::parse(&format!(
        "public_url = \"http://{addr}\"\nfhir_servers = [\"http://{fhir}/fhir\", \"http://{fhir}/hang\", \"http://{fhir}/error\"]\n{extra}"
    ))
    .unwrap();
    let st = AppState::new(cfg, true).unwrap();
    tokio::spawn(async move { axum::serve(l, app(st)).await.unwrap() });
    Svc {
        base: format!("http://{addr}"),
        fhir,
        hits,
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap(),
    }
}

fn request(pid: &str) -> Value {
    json!({"hook": "patient-view", "hookInstance": uuid::Uuid::new_v4().to_string(),
           "context": {"userId": "Practitioner/example", "patientId": pid}})
}

fn with_server(mut r: Value, fhir: SocketAddr, base: &str) -> Value {
    r["fhirServer"] = json!(format!("http://{fhir}/{base}"));
    r["fhirAuthorization"] = json!({"access_token": FHIR_TOKEN, "token_type": "Bearer",
        "expires_in": 300, "scope": "user/*.read", "subject": "poh-service"});
    r
}

impl Svc {
    async fn post(&self, body: &Value) -> (StatusCode, HeaderMap, Value) {
        let r = self
            .http
            .post(format!("{}{SERVICE}", self.base))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let (st, h) = (r.status(), r.headers().clone());
        let b = r.bytes().await.unwrap();
        (st, h, serde_json::from_slice(&b).unwrap_or(Value::Null))
    }

    async fn post_raw(&self, body: Vec<u8>, ct: &str) -> StatusCode {
        self.http
            .post(format!("{}{SERVICE}", self.base))
            .header("content-type", ct)
            .body(body)
            .send()
            .await
            .unwrap()
            .status()
    }
}

#[tokio::test]
async fn discovery_then_fallback_gives_one_card_and_its_page() {
    let s = start("").await;
    let d: Value = s
        .http
        .get(format!("{}/cds-services", s.base))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .map(|b| serde_json::from_slice(&b).unwrap())
        .unwrap();
    assert_eq!(d, poh_service::discovery::document());
    let (st, h, v) = s
        .post(&with_server(request("poh-like-1"), s.fhir, "fhir"))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert!(
        h.get(INSECURE_HEADER).is_some(),
        "the insecure mode says so on every response"
    );
    let cards = v["cards"].as_array().unwrap();
    assert_eq!(cards.len(), 1, "{v}");
    let c = &cards[0];
    assert!(["info", "warning"].contains(&c["indicator"].as_str().unwrap()));
    assert!(c["summary"].as_str().unwrap().chars().count() < 140);
    assert!(c["detail"].as_str().unwrap().contains("insecure-no-auth"));
    let url = c["links"][0]["url"].as_str().unwrap();
    let page = s.http.get(url).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("id=\"differential\"") && html.contains("OTHER"));
    assert!(html.contains("insecure-no-auth"));
    assert!(s.hits.load(Ordering::SeqCst) >= 3);
    // The unrelated chart: no card.
    let (st, _, v) = s
        .post(&with_server(request("unrelated-1"), s.fhir, "fhir"))
        .await;
    assert_eq!((st, v), (StatusCode::OK, json!({"cards": []})));
    // An unknown page id: 404.
    let r = s
        .http
        .get(format!("{}/assessments/nope", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn every_error_has_its_status_and_the_service_stays_up() {
    let s = start("[limits]\nbody_bytes = 65536\nfhir_timeout_ms = 500").await;
    assert_eq!(
        s.post(&request("poh-like-1")).await.0,
        StatusCode::PRECONDITION_FAILED
    );
    let (st, _, v) = s
        .post(&with_server(request("poh-like-1"), s.fhir, "hang"))
        .await;
    assert_eq!(st, StatusCode::GATEWAY_TIMEOUT, "{v}");
    assert_eq!(v["resourceType"], "OperationOutcome");
    assert_eq!(
        s.post(&with_server(request("poh-like-1"), s.fhir, "error"))
            .await
            .0,
        StatusCode::BAD_GATEWAY
    );
    // Not allow-listed: nothing fetched, 412.
    let mut r = with_server(request("poh-like-1"), s.fhir, "fhir");
    r["fhirServer"] = json!("http://127.0.0.1:9/fhir");
    assert_eq!(s.post(&r).await.0, StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        s.post_raw(b"{\"hook\":".to_vec(), "application/json").await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        s.post_raw(b"{}".to_vec(), "text/plain").await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    assert_eq!(
        s.post_raw(vec![b' '; 70_000], "application/json").await,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    let mut r = request("x");
    r["hook"] = json!("order-sign");
    let (st, _, v) = s.post(&r).await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert_eq!(v["issue"][0]["details"]["coding"][0]["code"], "wrong_hook");
    // A prefetch value that is not a resource.
    let mut r = request("x");
    r["prefetch"] = json!({"patient": "Patient/x"});
    assert_eq!(s.post(&r).await.0, StatusCode::BAD_REQUEST);
    let h: Value = s
        .http
        .get(format!("{}/healthz", s.base))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .map(|b| serde_json::from_slice(&b).unwrap())
        .unwrap();
    assert_eq!(h["status"], "ok");
}

#[tokio::test]
async fn requests_over_the_concurrency_limit_are_shed_with_503() {
    let s = start("[limits]\nconcurrency = 1\nfhir_timeout_ms = 3000").await;
    let slow = with_server(request("poh-like-1"), s.fhir, "hang");
    let http = s.http.clone();
    let url = format!("{}{SERVICE}", s.base);
    let first = tokio::spawn(async move {
        http.post(url)
            .header("content-type", "application/json")
            .body(slow.to_string())
            .send()
            .await
            .unwrap()
            .status()
    });
    // Wait until the first request is at the hanging FHIR server.
    for _ in 0..200 {
        if s.hits.load(Ordering::SeqCst) > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(s.hits.load(Ordering::SeqCst) > 0);
    let r = s
        .http
        .get(format!("{}/healthz", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(first.await.unwrap(), StatusCode::GATEWAY_TIMEOUT);
    let r = s
        .http
        .get(format!("{}/healthz", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn chart_text_is_escaped_on_the_page() {
    let s = start("").await;
    let mut c = chart("poh_like.json");
    c["conditions"][0]["code"]["coding"][0]["display"] = json!("<script>alert(1)</script>");
    // An unmapped code whose display is markup: it is listed, inert.
    c["conditions"].as_array_mut().unwrap().push(json!({
        "resourceType": "Condition", "id": "c-x", "subject": {"reference": "Patient/poh-like-1"},
        "code": {"coding": [{"system": "http://example.invalid/local", "code": "X1", "display": "<img src=x onerror=alert(1)>"}]}}));
    let mut r = request("poh-like-1");
    r["prefetch"] = json!({"patient": c["patient"], "conditions": bundle(c["conditions"].as_array().unwrap().clone())});
    for (k, _) in poh_service::discovery::templates().into_iter().skip(2) {
        r["prefetch"][k] = Value::Null;
    }
    let (st, _, v) = s.post(&r).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let url = v["cards"][0]["links"][0]["url"]
        .as_str()
        .unwrap()
        .to_string();
    let html = s.http.get(url).send().await.unwrap().text().await.unwrap();
    assert!(
        !html.contains("<img src=x"),
        "markup from the chart reached the page"
    );
    assert!(!html.contains("<script>alert"));
    let detail = v["cards"][0]["detail"].as_str().unwrap();
    // In the Markdown the markup is backslash-escaped: text, not an element.
    assert!(detail.contains("\\<img"), "{detail}");
    assert!(!detail.replace("\\<", "").contains('<'), "{detail}");
}
