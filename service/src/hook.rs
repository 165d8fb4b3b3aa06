//! The CDS Hooks request (CDS Hooks 2.0 §Calling a CDS Service, and the patient-view
//! hook's context), checked field by field, and its prefetch completed from the FHIR
//! server when keys are missing (§Prefetch and §FHIR Resource Access).

use std::time::Duration;

use poh_fhir::{Node, Object};
use serde_json::{Map, Value};

use crate::config::Config;
use crate::discovery::{render, templates, HOOK};
use crate::fetch::{get_fhir, FetchError};

/// A refused request: its HTTP status, a stable code, where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The HTTP status.
    pub status: u16,
    /// A stable snake_case code (the OperationOutcome's `details.coding.code`).
    pub code: &'static str,
    /// Where in the request (a FHIRPath-like expression), if anywhere.
    pub at: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl Problem {
    /// A 400.
    pub fn bad(code: &'static str, at: &str, message: impl Into<String>) -> Problem {
        Problem {
            status: 400,
            code,
            at: Some(at.to_string()),
            message: message.into(),
        }
    }

    /// The OperationOutcome body (CDS Hooks 3.0 ballot: a non-2xx response SHOULD carry
    /// one).
    pub fn to_json(&self) -> Value {
        let issue_code = match self.status {
            400 | 413 | 415 => "invalid",
            412 => "incomplete",
            422 => "processing",
            502 | 504 => "transient",
            _ => "exception",
        };
        let mut issue = serde_json::json!({
            "severity": "error",
            "code": issue_code,
            "details": {
                "coding": [{"system": "urn:poh:cds:error", "code": self.code}],
                "text": self.message,
            },
        });
        if let (Some(at), Some(o)) = (&self.at, issue.as_object_mut()) {
            o.insert(
                "expression".into(),
                Value::Array(vec![Value::String(at.clone())]),
            );
        }
        serde_json::json!({"resourceType": "OperationOutcome", "issue": [issue]})
    }
}

/// The request's parts the service uses.
#[derive(Debug)]
pub struct HookRequest<'a> {
    /// The hook instance (logged; not PHI).
    pub hook_instance: String,
    /// The hook context.
    pub context: Map<String, Value>,
    /// The prefetch as sent (keys the client did not fill are absent), its strings
    /// borrowed from the request body.
    pub prefetch: Object<'a>,
    /// `fhirServer`, if given.
    pub fhir_server: Option<String>,
    /// `fhirAuthorization.access_token`, if given. Never logged, never stored.
    pub access_token: Option<String>,
}

fn non_empty_str<'a>(o: &'a Object<'_>, k: &str, at: &str) -> Result<&'a str, Problem> {
    match o.get(k) {
        Some(Node::String(s)) if !s.is_empty() => Ok(s),
        Some(_) => Err(Problem::bad(
            "invalid_field",
            at,
            format!("{at} must be a non-empty string"),
        )),
        None => Err(Problem::bad(
            "missing_field",
            at,
            format!("{at} is required"),
        )),
    }
}

/// Check a parsed request body (parsed as a [`Node`], its strings borrowed from the
/// body: building a `serde_json::Value` of the prefetch was most of a request's CPU).
pub fn parse(body: Node<'_>) -> Result<HookRequest<'_>, Problem> {
    let Node::Object(mut o) = body else {
        return Err(Problem::bad(
            "invalid_request",
            "$",
            "the request body must be a JSON object",
        ));
    };
    let hook = non_empty_str(&o, "hook", "hook")?;
    if hook != HOOK {
        return Err(Problem::bad(
            "wrong_hook",
            "hook",
            format!("this service answers the {HOOK} hook, not {hook:?}"),
        ));
    }
    let hook_instance = non_empty_str(&o, "hookInstance", "hookInstance")?.to_string();
    if hook_instance.len() > 128 {
        return Err(Problem::bad(
            "invalid_field",
            "hookInstance",
            "hookInstance is longer than 128 characters",
        ));
    }
    let context = match o.swap_remove("context") {
        Some(Node::Object(c)) => c,
        Some(_) => {
            return Err(Problem::bad(
                "invalid_field",
                "context",
                "context must be an object",
            ))
        }
        None => {
            return Err(Problem::bad(
                "missing_field",
                "context",
                "context is required",
            ))
        }
    };
    non_empty_str(&context, "patientId", "context.patientId")?;
    non_empty_str(&context, "userId", "context.userId")?;
    let prefetch = match o.swap_remove("prefetch") {
        Some(Node::Object(p)) => p,
        None => Object::new(),
        Some(_) => {
            return Err(Problem::bad(
                "invalid_field",
                "prefetch",
                "prefetch must be an object",
            ))
        }
    };
    let fhir_server = match o.get("fhirServer") {
        None => None,
        Some(Node::String(s))
            if reqwest::Url::parse(s).is_ok_and(|u| matches!(u.scheme(), "http" | "https")) =>
        {
            Some(s.trim_end_matches('/').to_string())
        }
        Some(_) => {
            return Err(Problem::bad(
                "invalid_field",
                "fhirServer",
                "fhirServer must be an http(s) URL",
            ))
        }
    };
    let access_token = match o.get("fhirAuthorization") {
        None => None,
        Some(Node::Object(a)) => {
            if fhir_server.is_none() {
                return Err(Problem::bad(
                    "missing_field",
                    "fhirServer",
                    "fhirServer is required when fhirAuthorization is given",
                ));
            }
            let token = non_empty_str(a, "access_token", "fhirAuthorization.access_token")?;
            let kind = non_empty_str(a, "token_type", "fhirAuthorization.token_type")?;
            if !kind.eq_ignore_ascii_case("bearer") {
                return Err(Problem::bad(
                    "invalid_field",
                    "fhirAuthorization.token_type",
                    "token_type must be Bearer",
                ));
            }
            non_empty_str(a, "scope", "fhirAuthorization.scope")?;
            non_empty_str(a, "subject", "fhirAuthorization.subject")?;
            if !a.get("expires_in").is_some_and(Node::is_number) {
                return Err(Problem::bad(
                    "missing_field",
                    "fhirAuthorization.expires_in",
                    "fhirAuthorization.expires_in (a number) is required",
                ));
            }
            Some(token.to_string())
        }
        Some(_) => {
            return Err(Problem::bad(
                "invalid_field",
                "fhirAuthorization",
                "fhirAuthorization must be an object",
            ))
        }
    };
    Ok(HookRequest {
        hook_instance,
        context: context.to_map(),
        prefetch,
        fhir_server,
        access_token,
    })
}

fn is_operation_outcome(v: &Node<'_>) -> bool {
    v.get("resourceType").and_then(Node::as_str) == Some("OperationOutcome")
}

/// A Bundle's `next` link (of a prefetch value as sent).
fn next_link(v: &Node<'_>) -> Option<String> {
    v.get("link")?
        .as_array()?
        .iter()
        .find(|l| l.get("relation").and_then(Node::as_str) == Some("next"))?
        .get("url")?
        .as_str()
        .map(str::to_string)
}

/// A Bundle's `next` link (of a page fetched): its `link` member read as [`next_link`]
/// reads a prefetch value's.
fn next_link_value(v: &Value) -> Option<String> {
    let mut links = Object::new();
    links.insert("link".into(), Node::borrowed(v.get("link")?));
    next_link(&Node::Object(links))
}

/// What one key needs.
enum Need {
    /// Usable as sent.
    Ready,
    /// Fetch the whole query.
    Fetch,
    /// A paged Bundle: fetch from its `next` link on.
    Pages(String),
}

fn fetch_problem(key: &str, e: &FetchError) -> Problem {
    Problem {
        status: if *e == FetchError::Timeout { 504 } else { 502 },
        code: if *e == FetchError::Timeout {
            "fhir_timeout"
        } else {
            "fhir_error"
        },
        at: Some(format!("prefetch.{key}")),
        message: format!("fetching prefetch key {key:?}: {e}"),
    }
}

/// A FHIR server the service may use for this request.
struct Server<'a> {
    base: &'a str,
    token: &'a str,
    client: &'a reqwest::Client,
    max_bytes: usize,
    max_pages: usize,
}

impl Server<'_> {
    fn url_of(&self, relative: &str) -> String {
        format!("{}/{}", self.base, relative.trim_start_matches('/'))
    }

    /// Fetch `url` and every later page (same server only, at most `max_pages`),
    /// merging the pages' entries into the first Bundle.
    async fn fetch_all(
        &self,
        key: &str,
        url: String,
        mut into: Option<Value>,
    ) -> Result<Value, Problem> {
        let mut next = Some(url);
        let mut pages = 0;
        while let Some(u) = next.take() {
            if !(u.starts_with(&format!("{}/", self.base))
                || u.starts_with(&format!("{}?", self.base)))
            {
                return Err(Problem {
                    status: 502,
                    code: "fhir_error",
                    at: Some(format!("prefetch.{key}")),
                    message: format!(
                        "a page link of prefetch key {key:?} leaves the FHIR server; not followed"
                    ),
                });
            }
            pages += 1;
            if pages > self.max_pages {
                return Err(Problem {
                    status: 502,
                    code: "fhir_too_many_pages",
                    at: Some(format!("prefetch.{key}")),
                    message: format!(
                        "prefetch key {key:?} has more than {} pages",
                        self.max_pages
                    ),
                });
            }
            let v = get_fhir(self.client, &u, self.token, self.max_bytes)
                .await
                .map_err(|e| fetch_problem(key, &e))?;
            next = next_link_value(&v);
            into = Some(match into {
                None => v,
                Some(mut first) => {
                    let more = v
                        .get("entry")
                        .and_then(Value::as_array)
                        .cloned()
                        .unwrap_or_default();
                    if let Some(Value::Array(e)) = first.get_mut("entry") {
                        e.extend(more);
                    } else if let Some(o) = first.as_object_mut() {
                        o.insert("entry".into(), Value::Array(more));
                    }
                    first
                }
            });
        }
        if let Some(Value::Object(o)) = into.as_mut() {
            // The merged Bundle is complete: drop its paging links.
            o.remove("link");
        }
        into.ok_or_else(|| Problem::bad("fhir_error", key, "no page fetched"))
    }
}

/// Complete the prefetch: every discovery key present (a resource, a Bundle or `null`).
pub async fn complete<'a>(
    req: &mut HookRequest<'a>,
    config: &Config,
    client: &reqwest::Client,
) -> Result<Object<'a>, Problem> {
    let mut needs = Vec::new();
    for (key, template) in templates() {
        let need = match req.prefetch.get(&key) {
            Some(Node::Null) => Need::Ready,
            Some(v) if is_operation_outcome(v) => Need::Fetch,
            Some(v) if !v.is_object() => {
                return Err(Problem::bad(
                    "invalid_prefetch",
                    &format!("prefetch.{key}"),
                    format!("prefetch.{key} must be a FHIR resource or null"),
                ))
            }
            Some(v) => match next_link(v) {
                Some(next) => Need::Pages(next),
                None => Need::Ready,
            },
            None => Need::Fetch,
        };
        if !matches!(need, Need::Ready) {
            needs.push((key, template, need));
        }
    }
    let mut out = std::mem::take(&mut req.prefetch);
    if needs.is_empty() {
        return Ok(out);
    }
    let missing: Vec<&str> = needs.iter().map(|(k, _, _)| k.as_str()).collect();
    let precondition = |why: &str| Problem {
        status: 412,
        code: "prefetch_incomplete",
        at: Some("prefetch".into()),
        message: format!(
            "prefetch keys missing or incomplete ({}) and {why}",
            missing.join(", ")
        ),
    };
    let (Some(base), Some(token)) = (req.fhir_server.as_deref(), req.access_token.as_deref())
    else {
        return Err(precondition(
            "no fhirServer with fhirAuthorization to fetch them from",
        ));
    };
    if !config.fhir_server_allowed(base) {
        return Err(precondition(
            "the fhirServer is not one this service is configured to call",
        ));
    }
    let server = Server {
        base,
        token,
        client,
        max_bytes: config.limits.fhir_response_bytes,
        max_pages: config.limits.fhir_pages,
    };
    let mut jobs = Vec::new();
    for (key, template, need) in needs {
        let (url, partial) = match need {
            // Fetched pages are merged as `serde_json::Value`s (the fallback path).
            Need::Pages(next) => (next, out.swap_remove(&key).map(|v| v.to_value())),
            _ => {
                let rel = render(&template, &req.context)
                    .map_err(|e| Problem::bad("invalid_context", "context", e))?;
                (server.url_of(&rel), None)
            }
        };
        let server = &server;
        jobs.push(async move {
            let v = server.fetch_all(&key, url, partial).await;
            (key, v)
        });
    }
    let budget: Duration = config.limits.fhir_timeout();
    let results = tokio::time::timeout(budget, futures_util::future::join_all(jobs))
        .await
        .map_err(|_| Problem {
            status: 504,
            code: "fhir_timeout",
            at: Some("fhirServer".into()),
            message: format!(
                "the FHIR server did not answer within {} ms",
                budget.as_millis()
            ),
        })?;
    for (key, v) in results {
        let v = v?;
        // A read that found nothing is the spec's `null`; an error stays an error.
        out.insert(key.into(), Node::from_value(v));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    /// The spec's example request (current.md §Calling a CDS Service, Example).
    const SPEC_REQUEST: &str = r#"{
  "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
  "fhirServer": "http://hooks.smarthealthit.org:9080",
  "hook": "patient-view",
  "fhirAuthorization": {
    "access_token": "some-opaque-fhir-access-token",
    "token_type": "Bearer",
    "expires_in": 300,
    "scope": "user/Patient.read user/Observation.read",
    "subject": "cds-service4"
  },
  "context": {
    "userId": "Practitioner/example",
    "patientId": "1288992",
    "encounterId": "89284"
  },
  "prefetch": {
    "patientToGreet": {
      "resourceType": "Patient",
      "gender": "male",
      "birthDate": "1925-12-23",
      "id": "1288992",
      "active": true
    }
  }
}"#;

    #[test]
    fn the_spec_example_request_is_accepted_and_broken_ones_say_where() {
        let r = parse(serde_json::from_str(SPEC_REQUEST).unwrap()).unwrap();
        assert_eq!(r.hook_instance, "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea");
        assert_eq!(
            r.access_token.as_deref(),
            Some("some-opaque-fhir-access-token")
        );
        let mut v: Value = serde_json::from_str(SPEC_REQUEST).unwrap();
        v["hook"] = "order-select".into();
        assert_eq!(parse(Node::from_value(v)).unwrap_err().code, "wrong_hook");
        let mut v: Value = serde_json::from_str(SPEC_REQUEST).unwrap();
        v.as_object_mut().unwrap().remove("fhirServer");
        assert_eq!(
            parse(Node::from_value(v)).unwrap_err().at.as_deref(),
            Some("fhirServer")
        );
        let mut v: Value = serde_json::from_str(SPEC_REQUEST).unwrap();
        v["context"].as_object_mut().unwrap().remove("patientId");
        assert_eq!(
            parse(Node::from_value(v)).unwrap_err().at.as_deref(),
            Some("context.patientId")
        );
        assert_eq!(parse(Node::Array(vec![])).unwrap_err().status, 400);
    }

    #[tokio::test]
    async fn missing_keys_without_a_server_are_412() {
        let config = Config::parse("public_url = \"http://127.0.0.1:1\"").unwrap();
        let mut r = parse(serde_json::from_str(SPEC_REQUEST).unwrap()).unwrap();
        r.access_token = None;
        let e = complete(
            &mut r,
            &config,
            &crate::fetch::client(std::time::Duration::from_secs(3)).unwrap(),
        )
        .await
        .unwrap_err();
        assert_eq!((e.status, e.code), (412, "prefetch_incomplete"));
        // With a token but a server the config does not allow: 412 too, nothing fetched.
        let mut r = parse(serde_json::from_str(SPEC_REQUEST).unwrap()).unwrap();
        let e = complete(
            &mut r,
            &config,
            &crate::fetch::client(std::time::Duration::from_secs(3)).unwrap(),
        )
        .await
        .unwrap_err();
        assert_eq!(e.status, 412);
        assert!(e.message.contains("not one this service is configured"));
    }
}
