//! Reading JSON over HTTP with a byte limit: the FHIR fallback and `jku` key sets.

use serde_json::Value;

/// Why a FHIR fetch failed (each is a clear status to the CDS client, never a hang).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// No answer within the budget (504).
    Timeout,
    /// The server answered with this status (502).
    Status(u16),
    /// Could not connect or the transfer failed (502).
    Transport(&'static str),
    /// The body is over the limit (502).
    TooLarge,
    /// The body is not JSON, or not the FHIR resource expected (502).
    NotFhir(String),
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Timeout => f.write_str("the FHIR server did not answer in time"),
            FetchError::Status(s) => write!(f, "the FHIR server answered HTTP {s}"),
            FetchError::Transport(k) => write!(f, "the FHIR server could not be reached ({k})"),
            FetchError::TooLarge => f.write_str("the FHIR server's answer is over the size limit"),
            FetchError::NotFhir(w) => write!(f, "the FHIR server's answer is not usable: {w}"),
        }
    }
}

/// Install the process-wide rustls crypto provider (ring) once; reqwest is built without
/// its own (aws-lc, several times longer to build on two cores).
pub fn install_crypto() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The HTTP client for FHIR servers and `jku` sets: no redirects followed (one could
/// lead to a server the configuration does not allow), `timeout` for connect and whole
/// requests.
pub fn client(timeout: std::time::Duration) -> Result<reqwest::Client, String> {
    install_crypto();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(timeout)
        .timeout(timeout)
        .build()
        .map_err(|e| format!("HTTP client: {e}"))
}

/// A short, token-free description of a transport error.
pub fn error_kind(e: &reqwest::Error) -> &'static str {
    if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "connect"
    } else if e.is_body() || e.is_decode() {
        "body"
    } else if e.is_request() {
        "request"
    } else {
        "transport"
    }
}

/// Read a response body of at most `max` bytes.
pub async fn read_limited(mut resp: reqwest::Response, max: usize) -> Result<Vec<u8>, String> {
    if resp.content_length().is_some_and(|n| n > max as u64) {
        return Err("body over the size limit".into());
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| error_kind(&e).to_string())? {
        if body.len() + chunk.len() > max {
            return Err("body over the size limit".into());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// GET `url` with the bearer `token` and read the FHIR JSON answer.
pub async fn get_fhir(
    client: &reqwest::Client,
    url: &str,
    token: &str,
    max: usize,
) -> Result<Value, FetchError> {
    let resp = client
        .get(url)
        .bearer_auth(token)
        .header(reqwest::header::ACCEPT, "application/fhir+json")
        .send()
        .await
        .map_err(|e| {
            if e.is_timeout() {
                FetchError::Timeout
            } else {
                FetchError::Transport(error_kind(&e))
            }
        })?;
    let status = resp.status();
    if !status.is_success() {
        return Err(FetchError::Status(status.as_u16()));
    }
    let body = read_limited(resp, max).await.map_err(|e| {
        if e.contains("limit") {
            FetchError::TooLarge
        } else {
            FetchError::Transport("body")
        }
    })?;
    let v: Value = serde_json::from_slice(&body)
        .map_err(|e| FetchError::NotFhir(format!("not JSON ({e})")))?;
    if v.get("resourceType").and_then(Value::as_str).is_none() {
        return Err(FetchError::NotFhir("no resourceType".into()));
    }
    Ok(v)
}
