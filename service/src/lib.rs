//! # poh-service
//!
//! A CDS Hooks 2.0 service over the poh core: `patient-view` in, at most one card out,
//! and the assessment page the card links to. The FHIR prefetch (or the CDS client's
//! FHIR server, when keys are missing) is read by `poh-fhir` and evaluated by
//! `poh-core`; this crate holds no clinical rule. **Decision support, not diagnosis.**
//!
//! Endpoints: `GET /cds-services` (discovery), `POST /cds-services/poh-patient-view`,
//! `POST /cds-services/poh-patient-view/feedback`, `GET /assessments/{id}`, `GET /about`,
//! `GET /healthz`. See `service/README.md` for the configuration and the security model.

pub mod assess;
pub mod auth;
pub mod card;
pub mod config;
pub mod discovery;
pub mod expiring;
pub mod fetch;
pub mod hook;
pub mod page;
pub mod text;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::error_handling::HandleErrorLayer;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};
use tower::ServiceBuilder;

use crate::auth::{Failure, Verifier};
use crate::card::BasedOn;
use crate::config::Config;
use crate::discovery::{FEEDBACK_PATH, SERVICE_PATH};
use crate::expiring::Expiring;
use crate::hook::Problem;

/// The header every response carries when authentication is off.
pub const INSECURE_HEADER: &str = "x-poh-warning";
/// Its value.
pub const INSECURE_TEXT: &str = "insecure-no-auth: requests are NOT authenticated; local demo only";

/// Feedback entries accepted per request.
const FEEDBACK_MAX: usize = 100;

/// A kept assessment: what its page is rendered from (no identifier of the patient).
struct Kept {
    findings: poh_core::Findings,
    based: BasedOn,
}

/// Feedback counts (bounded: one counter per known override reason, one for the rest).
#[derive(Default)]
struct FeedbackCounts {
    accepted: u64,
    overridden: u64,
    reasons: BTreeMap<&'static str, u64>,
}

/// Shared state.
pub struct AppState {
    config: Config,
    verifier: Option<Verifier>,
    client: reqwest::Client,
    store: Mutex<Expiring<String, Arc<Kept>>>,
    feedback: Mutex<FeedbackCounts>,
}

impl AppState {
    /// Build from a checked configuration; `insecure` turns authentication off.
    pub fn new(config: Config, insecure: bool) -> Result<Arc<AppState>, config::ConfigError> {
        let client = fetch::client(config.limits.fhir_timeout()).map_err(config::ConfigError)?;
        let verifier = if insecure {
            None
        } else {
            Some(Verifier::new(&config, client.clone())?)
        };
        let store = Mutex::new(Expiring::new(config.limits.assessments));
        Ok(Arc::new(AppState {
            config,
            verifier,
            client,
            store,
            feedback: Mutex::new(FeedbackCounts::default()),
        }))
    }
}

fn now_unix() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn problem(p: &Problem) -> Response {
    let status = StatusCode::from_u16(p.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CONTENT_TYPE, "application/fhir+json")],
        p.to_json().to_string(),
    )
        .into_response()
}

/// Check the token for `path`; `Err` is the response to send (401 with no body, or 503).
async fn authenticate(st: &AppState, headers: &HeaderMap, path: &str) -> Result<(), Response> {
    let Some(v) = &st.verifier else {
        return Ok(());
    };
    let h = headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok());
    match v.verify(h, &st.config.audience(path), now_unix()).await {
        Ok(ok) => {
            eprintln!(
                "poh-service: token ok iss={} jti={} tenant={}",
                ok.iss,
                ok.jti,
                ok.tenant.as_deref().unwrap_or("-")
            );
            Ok(())
        }
        Err(f) => {
            eprintln!("poh-service: token refused ({})", f.as_str());
            Err(if f == Failure::ReplayCacheFull {
                StatusCode::SERVICE_UNAVAILABLE.into_response()
            } else {
                StatusCode::UNAUTHORIZED.into_response()
            })
        }
    }
}

/// The request body as JSON of type `T` (a `Value`, or a `Node` borrowing the body).
fn json_body<'a, T: serde::Deserialize<'a>>(
    headers: &HeaderMap,
    body: &'a Bytes,
) -> Result<T, Problem> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let mime = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if mime != "application/json" && mime != "application/fhir+json" {
        return Err(Problem {
            status: 415,
            code: "unsupported_media_type",
            at: None,
            message: "the body must be JSON (Content-Type: application/json)".into(),
        });
    }
    // Valid UTF-8 is checked once for the whole body, not string by string (serde_json's
    // reader of bytes checks each string; its reader of text does not need to). Bytes
    // that are not UTF-8 go to the reader of bytes, whose error names the place.
    match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(body),
    }
    .map_err(|e| Problem {
        status: 400,
        code: "malformed_json",
        at: Some(format!("line {}, column {}", e.line(), e.column())),
        message: format!("the body is not JSON: {e}"),
    })
}

async fn discovery() -> Response {
    axum::Json(discovery::document()).into_response()
}

async fn service(State(st): State<Arc<AppState>>, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(r) = authenticate(&st, &headers, SERVICE_PATH).await {
        return r;
    }
    match run_hook(&st, &headers, &body).await {
        Ok(v) => axum::Json(v).into_response(),
        Err(p) => {
            eprintln!("poh-service: request refused: {} {}", p.status, p.code);
            problem(&p)
        }
    }
}

async fn run_hook(st: &AppState, headers: &HeaderMap, body: &Bytes) -> Result<Value, Problem> {
    let v: poh_fhir::Node<'_> = json_body(headers, body)?;
    let mut req = hook::parse(v)?;
    let prefetch = hook::complete(&mut req, &st.config, &st.client).await?;
    // The prefetched Patient must be the patient in context.
    let patient_id = req
        .context
        .get("patientId")
        .and_then(Value::as_str)
        .unwrap_or("");
    if let Some(id) = prefetch
        .get("patient")
        .and_then(|p| p.get("id"))
        .and_then(poh_fhir::Node::as_str)
    {
        if id != patient_id {
            return Err(Problem::bad(
                "patient_mismatch",
                "prefetch.patient.id",
                "the prefetched Patient is not context.patientId",
            ));
        }
    }
    let assessed = assess::assess(&poh_fhir::Node::Object(prefetch), assess::today())?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    let page_url = format!("{}/assessments/{id}", st.config.public_url);
    let source_url = format!("{}/about", st.config.public_url);
    let card = card::card(
        &assessed.facts,
        &assessed.based,
        &page_url,
        &source_url,
        st.verifier.is_none(),
    );
    let cards = match card {
        Some(c) => {
            let now = Instant::now();
            let ttl = Duration::from_secs(st.config.limits.assessment_ttl_s);
            if let Ok(mut s) = st.store.lock() {
                s.insert_evicting(
                    id,
                    Arc::new(Kept {
                        findings: assessed.findings,
                        based: assessed.based,
                    }),
                    now + ttl,
                    now,
                );
            }
            vec![c]
        }
        None => vec![],
    };
    eprintln!(
        "poh-service: hook {} answered, {} card(s)",
        req.hook_instance,
        cards.len()
    );
    Ok(json!({ "cards": cards }))
}

#[derive(serde::Deserialize)]
struct PageQuery {
    counseling: Option<String>,
}

async fn assessment_page(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let kept = st
        .store
        .lock()
        .ok()
        .and_then(|s| s.get(&id, Instant::now()).cloned());
    let Some(kept) = kept else {
        return (
            StatusCode::NOT_FOUND,
            Html("<!doctype html><title>Not found</title><p>This assessment is not (or no longer) available.</p>"),
        )
            .into_response();
    };
    let counseling = q.counseling.as_deref() == Some("1");
    match assess::evaluate::<Value>(&kept.findings, counseling) {
        Ok(a) => {
            let url = format!("{}/assessments/{id}?counseling=1", st.config.public_url);
            let html = page::render(
                &a,
                &kept.based,
                (!counseling).then_some(url.as_str()),
                st.verifier.is_none(),
            );
            (
                [
                    (header::CACHE_CONTROL, "no-store"),
                    (
                        header::CONTENT_SECURITY_POLICY,
                        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
                    ),
                ],
                Html(html),
            )
                .into_response()
        }
        Err(p) => problem(&p),
    }
}

fn feedback_problem(i: usize, at: &str, message: &str) -> Problem {
    Problem::bad(
        "invalid_feedback",
        &format!("feedback[{i}].{at}"),
        message.to_string(),
    )
}

async fn feedback(State(st): State<Arc<AppState>>, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(r) = authenticate(&st, &headers, FEEDBACK_PATH).await {
        return r;
    }
    let v: Value = match json_body(&headers, &body) {
        Ok(v) => v,
        Err(p) => return problem(&p),
    };
    match count_feedback(&st, &v) {
        Ok(n) => {
            eprintln!("poh-service: feedback for {n} card(s)");
            StatusCode::OK.into_response()
        }
        Err(p) => problem(&p),
    }
}

fn count_feedback(st: &AppState, v: &Value) -> Result<usize, Problem> {
    let Some(items) = v.get("feedback").and_then(Value::as_array) else {
        return Err(Problem::bad(
            "invalid_feedback",
            "feedback",
            "feedback must be an array",
        ));
    };
    if items.len() > FEEDBACK_MAX {
        return Err(Problem::bad(
            "invalid_feedback",
            "feedback",
            format!("at most {FEEDBACK_MAX} feedback entries per request"),
        ));
    }
    let mut accepted = 0;
    let mut reasons: Vec<&'static str> = Vec::new();
    for (i, f) in items.iter().enumerate() {
        if f.get("card")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            return Err(feedback_problem(
                i,
                "card",
                "card (the card's uuid) is required",
            ));
        }
        if f.get("outcomeTimestamp")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            return Err(feedback_problem(
                i,
                "outcomeTimestamp",
                "outcomeTimestamp is required",
            ));
        }
        match f.get("outcome").and_then(Value::as_str) {
            Some("accepted") => {
                if !f.get("acceptedSuggestions").is_some_and(Value::is_array) {
                    return Err(feedback_problem(
                        i,
                        "acceptedSuggestions",
                        "acceptedSuggestions is required for an accepted outcome",
                    ));
                }
                accepted += 1;
            }
            Some("overridden") => {
                let code = f
                    .pointer("/overrideReason/reason/code")
                    .and_then(Value::as_str);
                let known = card::OVERRIDE_REASONS
                    .iter()
                    .find(|(c, _)| Some(*c) == code)
                    .map(|(c, _)| *c);
                reasons.push(match (code, known) {
                    (_, Some(k)) => k,
                    (None, None) => "none",
                    (Some(_), None) => "other",
                });
            }
            _ => {
                return Err(feedback_problem(
                    i,
                    "outcome",
                    "outcome must be accepted or overridden",
                ))
            }
        }
    }
    if let Ok(mut c) = st.feedback.lock() {
        c.accepted += accepted;
        c.overridden += reasons.len() as u64;
        for r in reasons {
            *c.reasons.entry(r).or_default() += 1;
        }
    }
    Ok(items.len())
}

async fn healthz(State(st): State<Arc<AppState>>) -> Response {
    let kept = st.store.lock().map(|s| s.len()).unwrap_or(0);
    let fb = st.feedback.lock().map_or(json!({}), |c| {
        json!({"accepted": c.accepted, "overridden": c.overridden, "override_reasons": c.reasons})
    });
    axum::Json(json!({
        "status": "ok",
        "authentication": if st.verifier.is_some() { "jwt" } else { "OFF (--insecure-no-auth)" },
        "assessments_kept": kept,
        "feedback": fb,
    }))
    .into_response()
}

async fn about() -> Response {
    Html(page::about()).into_response()
}

async fn overloaded(_: tower::BoxError) -> Response {
    (StatusCode::SERVICE_UNAVAILABLE, "overloaded").into_response()
}

/// The router with every limit: body size (413), requests in flight (503 above the
/// limit, shed at once rather than queued), and the insecure warning header.
pub fn app(st: Arc<AppState>) -> Router {
    let limits = &st.config.limits;
    let insecure = st.verifier.is_none();
    let router = Router::new()
        .route("/cds-services", get(discovery))
        .route(SERVICE_PATH, post(service))
        .route(FEEDBACK_PATH, post(feedback))
        .route("/assessments/{id}", get(assessment_page))
        .route("/about", get(about))
        .route("/healthz", get(healthz))
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(overloaded))
                .load_shed()
                // One semaphore for the whole router (a plain ConcurrencyLimitLayer
                // would give each route its own).
                .layer(tower::limit::GlobalConcurrencyLimitLayer::new(
                    limits.concurrency,
                )),
        )
        .layer(DefaultBodyLimit::disable())
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            limits.body_bytes,
        ))
        .with_state(st);
    if insecure {
        router.layer(axum::middleware::map_response(
            |mut r: Response| async move {
                r.headers_mut()
                    .insert(INSECURE_HEADER, HeaderValue::from_static(INSECURE_TEXT));
                r
            },
        ))
    } else {
        router
    }
}
