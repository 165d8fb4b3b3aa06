//! The TOML configuration: this service's public URL, the trusted CDS clients and their
//! keys, the FHIR servers it may call, and its limits.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

/// The configuration file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The base URL clients call (no trailing slash), e.g. `https://cds.example.org`. A
    /// token's `aud` must be `{public_url}/cds-services/poh-patient-view` (the feedback
    /// endpoint: its own URL), and card links point under it.
    pub public_url: String,
    /// One table per trusted CDS client.
    #[serde(default, rename = "issuer")]
    pub issuers: Vec<IssuerConfig>,
    /// Base URLs of the FHIR servers the service may call for data the prefetch lacks;
    /// a request naming another `fhirServer` gets 412 when the prefetch is incomplete.
    #[serde(default)]
    pub fhir_servers: Vec<String>,
    /// Limits; every one has a default.
    #[serde(default)]
    pub limits: Limits,
}

/// A trusted CDS client.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssuerConfig {
    /// The `iss` its tokens carry.
    pub iss: String,
    /// A JWK Set file exchanged out of band (relative paths are relative to the config).
    pub jwks_file: Option<PathBuf>,
    /// The allow-listed JWK Set URL; a token's `jku` header, when present, must equal it.
    pub jku: Option<String>,
    /// Tenants accepted from this issuer (the token's `tenant`); empty accepts any.
    #[serde(default)]
    pub tenants: Vec<String>,
}

/// Capacities and time limits.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Largest request body, in bytes (413 above).
    pub body_bytes: usize,
    /// Requests handled at once; more are refused with 503.
    pub concurrency: usize,
    /// Time allowed for all FHIR fetches of one request, in milliseconds (504 after).
    pub fhir_timeout_ms: u64,
    /// Largest FHIR response read, in bytes (502 above).
    pub fhir_response_bytes: usize,
    /// Pages of a paged FHIR search followed per prefetch key.
    pub fhir_pages: usize,
    /// Assessment pages kept at once (the oldest is dropped).
    pub assessments: usize,
    /// How long an assessment page stays readable, in seconds.
    pub assessment_ttl_s: u64,
    /// Longest token lifetime accepted (`exp - iat`), in seconds; the spec's best
    /// practice: no more than an hour.
    pub max_token_lifetime_s: u64,
    /// Clock skew allowed on `exp` and `iat`, in seconds.
    pub leeway_s: u64,
    /// Token ids kept for replay detection; when full of unexpired ids, 503.
    pub replay_cache: usize,
    /// Seconds to wait for requests in flight after SIGTERM or SIGINT.
    pub shutdown_grace_s: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            body_bytes: 2 << 20,
            concurrency: 256,
            fhir_timeout_ms: 3000,
            fhir_response_bytes: 4 << 20,
            fhir_pages: 10,
            assessments: 10_000,
            assessment_ttl_s: 3600,
            max_token_lifetime_s: 3600,
            leeway_s: 30,
            replay_cache: 100_000,
            shutdown_grace_s: 10,
        }
    }
}

impl Limits {
    /// The FHIR fetch budget.
    pub fn fhir_timeout(&self) -> Duration {
        Duration::from_millis(self.fhir_timeout_ms)
    }
}

/// A configuration error, with the file and what is wrong.
#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

fn is_http_url(u: &str) -> bool {
    (u.starts_with("https://") || u.starts_with("http://")) && reqwest::Url::parse(u).is_ok()
}

impl Config {
    /// Read and check a configuration file; relative `jwks_file` paths are resolved.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError(format!("{}: {e}", path.display())))?;
        let mut c = Config::parse(&text)
            .map_err(|e| ConfigError(format!("{}: {}", path.display(), e.0)))?;
        let dir = path.parent().unwrap_or(Path::new("."));
        for i in &mut c.issuers {
            if let Some(f) = &i.jwks_file {
                if f.is_relative() {
                    i.jwks_file = Some(dir.join(f));
                }
            }
        }
        Ok(c)
    }

    /// Parse and check configuration text.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let mut c: Config = toml::from_str(text).map_err(|e| ConfigError(e.to_string()))?;
        c.public_url = c.public_url.trim_end_matches('/').to_string();
        if !is_http_url(&c.public_url) {
            return Err(ConfigError(format!(
                "public_url {:?} is not an http(s) URL",
                c.public_url
            )));
        }
        for s in &mut c.fhir_servers {
            *s = s.trim_end_matches('/').to_string();
            if !is_http_url(s) {
                return Err(ConfigError(format!(
                    "fhir_servers: {s:?} is not an http(s) URL"
                )));
            }
        }
        for (n, i) in c.issuers.iter().enumerate() {
            if i.iss.is_empty() {
                return Err(ConfigError(format!("issuer {}: empty iss", n + 1)));
            }
            match (&i.jwks_file, &i.jku) {
                (Some(_), None) => {}
                (None, Some(u)) if is_http_url(u) => {}
                (None, Some(u)) => {
                    return Err(ConfigError(format!(
                        "issuer {:?}: jku {u:?} is not an http(s) URL",
                        i.iss
                    )))
                }
                _ => {
                    return Err(ConfigError(format!(
                        "issuer {:?}: give exactly one of jwks_file and jku",
                        i.iss
                    )))
                }
            }
        }
        let l = &c.limits;
        if l.body_bytes == 0 || l.concurrency == 0 || l.replay_cache == 0 || l.fhir_pages == 0 {
            return Err(ConfigError(
                "limits: body_bytes, concurrency, replay_cache and fhir_pages must be at least 1"
                    .into(),
            ));
        }
        Ok(c)
    }

    /// The URL a token must name as `aud` for `path` (e.g. `/cds-services/poh-patient-view`).
    pub fn audience(&self, path: &str) -> String {
        format!("{}{}", self.public_url, path)
    }

    /// Whether `server` (a request's `fhirServer`) is one the configuration allows.
    pub fn fhir_server_allowed(&self, server: &str) -> bool {
        let s = server.trim_end_matches('/');
        self.fhir_servers.iter().any(|a| a == s)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_minimal_config_parses_and_bad_ones_say_why() {
        let c = Config::parse(
            "public_url = \"http://127.0.0.1:8080/\"\nfhir_servers = [\"http://127.0.0.1:9/fhir/\"]\n[[issuer]]\niss = \"https://ehr\"\njwks_file = \"k.json\"\n",
        )
        .unwrap();
        assert_eq!(
            c.audience("/cds-services/poh-patient-view"),
            "http://127.0.0.1:8080/cds-services/poh-patient-view"
        );
        assert!(c.fhir_server_allowed("http://127.0.0.1:9/fhir"));
        assert!(!c.fhir_server_allowed("http://127.0.0.1:9/other"));
        for (bad, says) in [
            ("public_url = \"ftp://x\"", "public_url"),
            (
                "public_url = \"http://x\"\n[[issuer]]\niss = \"a\"",
                "exactly one",
            ),
            ("public_url = \"http://x\"\nbogus = 1", "bogus"),
            (
                "public_url = \"http://x\"\n[limits]\nconcurrency = 0",
                "concurrency",
            ),
        ] {
            let e = Config::parse(bad).unwrap_err().0;
            assert!(e.contains(says), "{bad}: {e}");
        }
    }
}
