//! The CDS client's JWT, checked as CDS Hooks 2.0 §Trusting CDS Clients and the best
//! practices page ask: ES384 or RS384 only (never `none`, never HMAC), a `kid` found in
//! the allow-listed issuer's JWK Set (a file, or the issuer's allow-listed `jku` URL with
//! a rotating cache), `iss` allow-listed, `aud` the endpoint called, `exp` not passed,
//! `iat` not in the future, a lifetime of at most `max_token_lifetime_s`, an allow-listed
//! `tenant` where the issuer lists any, and a `jti` not seen before (kept until the token
//! expires). Every failure is the same 401 to the caller; the reason goes to the log
//! (never the token itself).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use tokio::sync::RwLock;

use crate::config::{Config, ConfigError};
use crate::expiring::{Expiring, Refused};

/// The only signing algorithms accepted (the spec's RECOMMENDED pair).
pub const ALGORITHMS: [Algorithm; 2] = [Algorithm::ES384, Algorithm::RS384];

/// How long keys fetched from a `jku` are used before they are fetched again.
const JKU_KEYS_FOR: Duration = Duration::from_secs(300);
/// An unknown `kid` refetches the set, at most this often (key rotation).
const JKU_REFETCH_AFTER: Duration = Duration::from_secs(30);
/// Largest JWK Set read from a `jku`.
const JKU_MAX_BYTES: usize = 64 << 10;

/// Why a token was refused (for the log and the tests; the caller only sees 401).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No `Authorization: Bearer` header.
    Missing,
    /// Not a JWS the library can read.
    Malformed,
    /// An algorithm other than ES384 or RS384 (`none` and HS256 included).
    Algorithm,
    /// `typ` present and not `JWT`, or no `kid`.
    Header,
    /// `iss` not allow-listed.
    Issuer,
    /// A `jku` that is not the issuer's allow-listed one.
    Jku,
    /// No key with that `kid` (or the issuer's JWK Set could not be had).
    Key,
    /// The signature does not verify, or `aud`/`iss` do not match.
    Signature,
    /// `exp` has passed.
    Expired,
    /// `iat` is in the future, or the lifetime is longer than allowed.
    Lifetime,
    /// No `jti`, or an empty or overlong one.
    Jti,
    /// `tenant` not allow-listed for the issuer.
    Tenant,
    /// The `jti` was seen before.
    Replayed,
    /// The replay cache is full of unexpired ids: refused (503), failing closed.
    ReplayCacheFull,
}

impl Failure {
    /// A stable name for the log.
    pub fn as_str(self) -> &'static str {
        match self {
            Failure::Missing => "missing",
            Failure::Malformed => "malformed",
            Failure::Algorithm => "algorithm",
            Failure::Header => "header",
            Failure::Issuer => "issuer",
            Failure::Jku => "jku",
            Failure::Key => "key",
            Failure::Signature => "signature",
            Failure::Expired => "expired",
            Failure::Lifetime => "lifetime",
            Failure::Jti => "jti",
            Failure::Tenant => "tenant",
            Failure::Replayed => "replayed",
            Failure::ReplayCacheFull => "replay_cache_full",
        }
    }
}

/// What a valid token says, for the log (the spec allows logging these).
#[derive(Debug, Clone)]
pub struct Verified {
    /// The issuer.
    pub iss: String,
    /// The token id.
    pub jti: String,
    /// The tenant, if any.
    pub tenant: Option<String>,
}

#[derive(Deserialize)]
struct Claims {
    iss: String,
    exp: f64,
    iat: Option<f64>,
    jti: Option<String>,
    tenant: Option<String>,
}

#[derive(Deserialize)]
struct IssOnly {
    iss: Option<String>,
}

enum Keys {
    File(JwkSet),
    Jku {
        url: String,
        cache: RwLock<Option<(Instant, JwkSet)>>,
    },
}

struct Issuer {
    iss: String,
    tenants: Vec<String>,
    keys: Keys,
}

/// The token checker, shared by every request.
pub struct Verifier {
    issuers: Vec<Issuer>,
    replay: Mutex<Expiring<(String, String), ()>>,
    leeway: u64,
    max_lifetime: u64,
    http: reqwest::Client,
}

fn read_jwks(bytes: &[u8]) -> Result<JwkSet, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("not a JWK Set: {e}"))
}

impl Verifier {
    /// Build from the configuration, reading every `jwks_file`.
    pub fn new(config: &Config, http: reqwest::Client) -> Result<Verifier, ConfigError> {
        let mut issuers = Vec::new();
        for i in &config.issuers {
            let keys = match (&i.jwks_file, &i.jku) {
                (Some(f), _) => {
                    let bytes = std::fs::read(f).map_err(|e| {
                        ConfigError(format!("issuer {:?}: {}: {e}", i.iss, f.display()))
                    })?;
                    Keys::File(read_jwks(&bytes).map_err(|e| {
                        ConfigError(format!("issuer {:?}: {}: {e}", i.iss, f.display()))
                    })?)
                }
                (None, Some(u)) => Keys::Jku {
                    url: u.clone(),
                    cache: RwLock::new(None),
                },
                (None, None) => {
                    return Err(ConfigError(format!("issuer {:?}: no keys", i.iss)));
                }
            };
            issuers.push(Issuer {
                iss: i.iss.clone(),
                tenants: i.tenants.clone(),
                keys,
            });
        }
        Ok(Verifier {
            issuers,
            replay: Mutex::new(Expiring::new(config.limits.replay_cache)),
            leeway: config.limits.leeway_s,
            max_lifetime: config.limits.max_token_lifetime_s,
            http,
        })
    }

    /// Check the `Authorization` header's value for endpoint URL `aud` at Unix time `now`.
    pub async fn verify(
        &self,
        authorization: Option<&str>,
        aud: &str,
        now: u64,
    ) -> Result<Verified, Failure> {
        let token = authorization
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(Failure::Missing)?;
        let header = jsonwebtoken::decode_header(token).map_err(|_| Failure::Malformed)?;
        if !ALGORITHMS.contains(&header.alg) {
            return Err(Failure::Algorithm);
        }
        if header.typ.as_deref().is_some_and(|t| t != "JWT") {
            return Err(Failure::Header);
        }
        let kid = header.kid.as_deref().ok_or(Failure::Header)?;
        // The claims are read unverified only to choose the issuer's keys; nothing else
        // is taken from them before the signature is checked against those keys.
        let iss = jsonwebtoken::dangerous::insecure_decode_claims::<IssOnly>(token)
            .map_err(|_| Failure::Malformed)?
            .iss
            .ok_or(Failure::Issuer)?;
        let issuer = self
            .issuers
            .iter()
            .find(|i| i.iss == iss)
            .ok_or(Failure::Issuer)?;
        let jwk = self.key(issuer, kid, header.jku.as_deref()).await?;
        if jwk
            .common
            .key_algorithm
            .is_some_and(|a| a.to_string() != format!("{:?}", header.alg))
        {
            return Err(Failure::Algorithm);
        }
        let key = DecodingKey::from_jwk(&jwk).map_err(|_| Failure::Key)?;
        let mut v = Validation::new(header.alg);
        v.algorithms = vec![header.alg];
        v.set_audience(&[aud]);
        v.set_issuer(&[issuer.iss.as_str()]);
        v.set_required_spec_claims(&["exp", "aud", "iss"]);
        // Time is checked below against the injected clock, with the lifetime bound.
        v.validate_exp = false;
        let claims = jsonwebtoken::decode::<Claims>(token, &key, &v)
            .map_err(|_| Failure::Signature)?
            .claims;
        self.check_claims(issuer, claims, now)
    }

    fn check_claims(&self, issuer: &Issuer, c: Claims, now: u64) -> Result<Verified, Failure> {
        let now_f = now as f64;
        let leeway = self.leeway as f64;
        if !c.exp.is_finite() || c.exp + leeway <= now_f {
            return Err(Failure::Expired);
        }
        let iat = c.iat.filter(|i| i.is_finite()).ok_or(Failure::Lifetime)?;
        if iat > now_f + leeway || c.exp - iat > self.max_lifetime as f64 || c.exp < iat {
            return Err(Failure::Lifetime);
        }
        let jti = c
            .jti
            .filter(|j| !j.is_empty() && j.len() <= 256)
            .ok_or(Failure::Jti)?;
        if !issuer.tenants.is_empty()
            && !c
                .tenant
                .as_ref()
                .is_some_and(|t| issuer.tenants.contains(t))
        {
            return Err(Failure::Tenant);
        }
        // Kept until the token could no longer pass the `exp` check.
        let remaining =
            (c.exp + leeway - now_f).clamp(0.0, (self.max_lifetime + 2 * self.leeway) as f64);
        let t = Instant::now();
        let until = t + Duration::from_secs_f64(remaining);
        let mut replay = self.replay.lock().map_err(|_| Failure::ReplayCacheFull)?;
        match replay.insert_new((c.iss.clone(), jti.clone()), (), until, t) {
            Ok(()) => Ok(Verified {
                iss: c.iss,
                jti,
                tenant: c.tenant,
            }),
            Err(Refused::Present) => Err(Failure::Replayed),
            Err(Refused::Full) => Err(Failure::ReplayCacheFull),
        }
    }

    async fn key(&self, issuer: &Issuer, kid: &str, jku: Option<&str>) -> Result<Jwk, Failure> {
        match &issuer.keys {
            Keys::File(set) => {
                if jku.is_some() {
                    return Err(Failure::Jku);
                }
                set.find(kid).cloned().ok_or(Failure::Key)
            }
            Keys::Jku { url, cache } => {
                if jku.is_some_and(|j| j != url) {
                    return Err(Failure::Jku);
                }
                let now = Instant::now();
                if let Some((at, set)) = cache.read().await.as_ref() {
                    let fresh = now.duration_since(*at) < JKU_KEYS_FOR;
                    if let Some(k) = set.find(kid).filter(|_| fresh) {
                        return Ok(k.clone());
                    }
                    if fresh && now.duration_since(*at) < JKU_REFETCH_AFTER {
                        return Err(Failure::Key);
                    }
                }
                let mut w = cache.write().await;
                // Another request may have refreshed the set while this one waited.
                if let Some((at, set)) = w.as_ref() {
                    if now.duration_since(*at) < JKU_REFETCH_AFTER || *at > now {
                        return set.find(kid).cloned().ok_or(Failure::Key);
                    }
                }
                let set = self.fetch_jwks(url).await.map_err(|e| {
                    eprintln!("poh-service: jku {url}: {e}");
                    Failure::Key
                })?;
                let found = set.find(kid).cloned();
                *w = Some((Instant::now(), set));
                found.ok_or(Failure::Key)
            }
        }
    }

    async fn fetch_jwks(&self, url: &str) -> Result<JwkSet, String> {
        let resp = self
            .http
            .get(url)
            .timeout(Duration::from_secs(3))
            .send()
            .await
            .map_err(|e| format!("fetch failed: {}", crate::fetch::error_kind(&e)))?;
        if !resp.status().is_success() {
            return Err(format!("status {}", resp.status()));
        }
        let body = crate::fetch::read_limited(resp, JKU_MAX_BYTES).await?;
        read_jwks(&body)
    }
}

#[cfg(test)]
mod tests;
