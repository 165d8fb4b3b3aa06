//! Every refusal path of the token check, with keys that openssl makes for the test, and
//! the spec's own example token (current.md §Security, "Example") under its own clock.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::*;
use jsonwebtoken::{encode, EncodingKey, Header};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;

const AUD: &str = "http://127.0.0.1:8080/cds-services/poh-patient-view";
const ISS: &str = "https://ehr.example.test/";
const NOW: u64 = 1_800_000_000;

struct TestKeys {
    es384: EncodingKey,
    rs384: EncodingKey,
    es256: EncodingKey,
    other_es384: EncodingKey,
    dir: PathBuf,
}

fn openssl(dir: &Path, name: &str, args: &[&str]) -> EncodingKey {
    let out = dir.join(name);
    let st = Command::new("openssl")
        .arg("genpkey")
        .args(args)
        .arg("-out")
        .arg(&out)
        .status()
        .expect("openssl (make setup installs it)");
    assert!(st.success());
    let pem = std::fs::read(&out).unwrap();
    if name.starts_with("rsa") {
        EncodingKey::from_rsa_pem(&pem).unwrap()
    } else {
        EncodingKey::from_ec_pem(&pem).unwrap()
    }
}

fn keys() -> &'static TestKeys {
    static KEYS: std::sync::OnceLock<TestKeys> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("poh-service-auth-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let ec = |n| {
            openssl(
                &dir,
                n,
                &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"],
            )
        };
        let keys = TestKeys {
            es384: ec("ec384.pem"),
            other_es384: ec("ec384-other.pem"),
            rs384: openssl(
                &dir,
                "rsa.pem",
                &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
            ),
            es256: openssl(
                &dir,
                "ec256.pem",
                &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
            ),
            dir,
        };
        let jwk = |k: &EncodingKey, alg, kid: &str| {
            let mut j = Jwk::from_encoding_key(k, alg).unwrap();
            j.common.key_id = Some(kid.into());
            j
        };
        // The ES256 key is listed too (without an alg), so that only the algorithm rule
        // can refuse it.
        let mut es256 = jwk(&keys.es256, Algorithm::ES256, "ec256");
        es256.common.key_algorithm = None;
        let set = JwkSet {
            keys: vec![
                jwk(&keys.es384, Algorithm::ES384, "ec384"),
                jwk(&keys.rs384, Algorithm::RS384, "rsa"),
                es256,
            ],
        };
        std::fs::write(
            keys.dir.join("jwks.json"),
            serde_json::to_string(&set).unwrap(),
        )
        .unwrap();
        keys
    })
}

fn verifier(extra: &str) -> Verifier {
    let k = keys();
    let cfg = format!(
        "public_url = \"http://127.0.0.1:8080\"\n{extra}\n[[issuer]]\niss = \"{ISS}\"\njwks_file = \"{}\"\n",
        k.dir.join("jwks.json").display()
    );
    Verifier::new(
        &Config::parse(&cfg).unwrap(),
        crate::fetch::client(std::time::Duration::from_secs(3)).unwrap(),
    )
    .unwrap()
}

fn claims() -> serde_json::Value {
    json!({"iss": ISS, "aud": AUD, "exp": NOW + 300, "iat": NOW, "jti": uuid::Uuid::new_v4().to_string()})
}

fn sign(alg: Algorithm, kid: &str, key: &EncodingKey, c: &serde_json::Value) -> String {
    let mut h = Header::new(alg);
    h.kid = Some(kid.into());
    encode(&h, c, key).unwrap()
}

fn es(c: &serde_json::Value) -> String {
    sign(Algorithm::ES384, "ec384", &keys().es384, c)
}

async fn check(v: &Verifier, token: &str) -> Result<Verified, Failure> {
    v.verify(Some(&format!("Bearer {token}")), AUD, NOW).await
}

#[tokio::test]
async fn es384_and_rs384_tokens_pass_once() {
    let v = verifier("");
    let c = claims();
    assert_eq!(check(&v, &es(&c)).await.unwrap().iss, ISS);
    assert_eq!(check(&v, &es(&c)).await.unwrap_err(), Failure::Replayed);
    let t = sign(Algorithm::RS384, "rsa", &keys().rs384, &claims());
    assert!(check(&v, &t).await.is_ok());
    // `aud` as an array of strings, as RFC 7519 allows.
    let mut c = claims();
    c["aud"] = json!([AUD]);
    assert!(check(&v, &es(&c)).await.is_ok());
}

#[tokio::test]
async fn a_bad_signature_is_refused() {
    let v = verifier("");
    let t = es(&claims());
    // Another payload under the first token's signature.
    let other = es(&json!({"iss": ISS, "aud": AUD, "exp": NOW + 300, "iat": NOW, "jti": "x"}));
    let parts: Vec<&str> = t.split('.').collect();
    let o: Vec<&str> = other.split('.').collect();
    let forged = format!("{}.{}.{}", parts[0], o[1], parts[2]);
    assert_eq!(check(&v, &forged).await.unwrap_err(), Failure::Signature);
    // Signed by a key of the same kind that the issuer does not hold.
    let t = sign(Algorithm::ES384, "ec384", &keys().other_es384, &claims());
    assert_eq!(check(&v, &t).await.unwrap_err(), Failure::Signature);
    assert_eq!(
        check(&v, "not-a-jwt").await.unwrap_err(),
        Failure::Malformed
    );
    assert_eq!(
        v.verify(None, AUD, NOW).await.unwrap_err(),
        Failure::Missing
    );
    assert_eq!(
        v.verify(Some(&format!("Basic {}", es(&claims()))), AUD, NOW)
            .await
            .unwrap_err(),
        Failure::Missing
    );
}

#[tokio::test]
async fn wrong_algorithms_are_refused_hs256_and_none_included() {
    let v = verifier("");
    // HS256 keyed with the issuer's public key bytes (the classic confusion attack).
    let jwks = std::fs::read(keys().dir.join("jwks.json")).unwrap();
    let t = sign(
        Algorithm::HS256,
        "ec384",
        &EncodingKey::from_secret(&jwks).unwrap(),
        &claims(),
    );
    assert_eq!(check(&v, &t).await.unwrap_err(), Failure::Algorithm);
    let t = sign(
        Algorithm::HS384,
        "ec384",
        &EncodingKey::from_secret(b"secret").unwrap(),
        &claims(),
    );
    assert_eq!(check(&v, &t).await.unwrap_err(), Failure::Algorithm);
    // ES256: a sound algorithm, but not one this service accepts.
    let t = sign(Algorithm::ES256, "ec256", &keys().es256, &claims());
    assert_eq!(check(&v, &t).await.unwrap_err(), Failure::Algorithm);
    // An RS384 header on the EC key: the JWK's own alg refuses it.
    let t = sign(Algorithm::RS384, "ec384", &keys().rs384, &claims());
    assert_eq!(check(&v, &t).await.unwrap_err(), Failure::Algorithm);
    // alg none, unsigned (the library cannot even read the header: refused all the same).
    use base64::Engine as _;
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let t = format!(
        "{}.{}.",
        b64(r#"{"alg":"none","typ":"JWT","kid":"ec384"}"#),
        b64(&claims().to_string())
    );
    let e = check(&v, &t).await.unwrap_err();
    assert!(
        matches!(e, Failure::Algorithm | Failure::Malformed),
        "{e:?}"
    );
}

#[tokio::test]
async fn time_audience_issuer_and_ids_are_checked() {
    let v = verifier("");
    let with = |k: &str, val: serde_json::Value| {
        let mut c = claims();
        c[k] = val;
        c
    };
    let mut old = with("exp", json!(NOW - 31));
    old["iat"] = json!(NOW - 100);
    assert_eq!(check(&v, &es(&old)).await.unwrap_err(), Failure::Expired);
    // Within the 30 s leeway.
    let mut c = with("exp", json!(NOW - 29));
    c["iat"] = json!(NOW - 100);
    assert!(check(&v, &es(&c)).await.is_ok());
    assert_eq!(
        check(&v, &es(&with("iat", json!(NOW + 120))))
            .await
            .unwrap_err(),
        Failure::Lifetime
    );
    assert_eq!(
        check(&v, &es(&with("exp", json!(NOW + 7200))))
            .await
            .unwrap_err(),
        Failure::Lifetime
    );
    assert_eq!(
        check(
            &v,
            &es(&with("aud", json!("http://127.0.0.1:8080/cds-services")))
        )
        .await
        .unwrap_err(),
        Failure::Signature
    );
    assert_eq!(
        check(&v, &es(&with("iss", json!("https://evil.example.test/"))))
            .await
            .unwrap_err(),
        Failure::Issuer
    );
    let mut c = claims();
    c.as_object_mut().unwrap().remove("jti");
    assert_eq!(check(&v, &es(&c)).await.unwrap_err(), Failure::Jti);
    let mut c = claims();
    c.as_object_mut().unwrap().remove("iat");
    assert_eq!(check(&v, &es(&c)).await.unwrap_err(), Failure::Lifetime);
    let mut c = claims();
    c.as_object_mut().unwrap().remove("exp");
    assert_eq!(check(&v, &es(&c)).await.unwrap_err(), Failure::Signature);
    // Unknown kid; a jku on an issuer whose keys were exchanged out of band.
    let t = sign(Algorithm::ES384, "nope", &keys().es384, &claims());
    assert_eq!(check(&v, &t).await.unwrap_err(), Failure::Key);
    let mut h = Header::new(Algorithm::ES384);
    h.kid = Some("ec384".into());
    h.jku = Some("https://evil.example.test/jwks".into());
    let t = encode(&h, &claims(), &keys().es384).unwrap();
    assert_eq!(check(&v, &t).await.unwrap_err(), Failure::Jku);
    // A typ other than JWT.
    let mut h = Header::new(Algorithm::ES384);
    h.kid = Some("ec384".into());
    h.typ = Some("at+jwt".into());
    let t = encode(&h, &claims(), &keys().es384).unwrap();
    assert_eq!(check(&v, &t).await.unwrap_err(), Failure::Header);
}

#[tokio::test]
async fn a_full_replay_cache_fails_closed() {
    let v = verifier("[limits]\nreplay_cache = 2");
    assert!(check(&v, &es(&claims())).await.is_ok());
    assert!(check(&v, &es(&claims())).await.is_ok());
    assert_eq!(
        check(&v, &es(&claims())).await.unwrap_err(),
        Failure::ReplayCacheFull
    );
}

/// The spec's example (current.md §Security and Safety, "Example"): its JWK Set verifies
/// its token when the clock is the token's own and the one-hour lifetime bound is lifted
/// (the example's `iat` is years before its `exp`); with the bound it is refused.
#[tokio::test]
async fn the_spec_example_token_verifies_under_its_own_clock() {
    const TOKEN: &str = "eyJhbGciOiJFUzM4NCIsInR5cCI6IkpXVCIsImtpZCI6ImV4YW1wbGUta2lkIiwiamt1IjoiaHR0cHM6Ly9maGlyLWVoci5leGFtcGxlLmNvbS9qd2tfdXJpIn0.eyJpc3MiOiJodHRwczovL2ZoaXItZWhyLmV4YW1wbGUuY29tLyIsImF1ZCI6Imh0dHBzOi8vY2RzLmV4YW1wbGUub3JnL2Nkcy1zZXJ2aWNlcy9zb21lLXNlcnZpY2UiLCJleHAiOjE0MjI1Njg4NjAsImlhdCI6MTMxMTI4MDk3MCwianRpIjoiZWUyMmIwMjEtZTFiNy00NjExLWJhNWItOGVlYzZhMzNhYzFlIiwidGVuYW50IjoiMmRkZDZjM2EtOGU5YS00NGM2LWEzMDUtNTIxMTFhZDMwMmEyIn0.d1WfLjGRKlcWB94l9do4cM8REXeYJLL6SGUBO8VHZhfM8mwKYP70EMxJ67War4TQblEpaQrp11wx5p7oPFm2ETYgCicS84vXWEIYTdjooZdooCSDf2L8-i4awdoUwiEb";
    const JWKS: &str = r#"{"keys":[{"kty":"EC","use":"sig","crv":"P-384","kid":"example-kid","x":"46SDH7Znh821wblCBglA61sNE9ZrHYKKt3qRtRTmSXyOI_FIGBLWrWa0GPUkDCEk","y":"XMcRuuoGW7CXjQdy-F5i3FeBE0x9hPLdeFdSoDd3ELmx404tLX0VRRcqzAsPhXcI","alg":"ES384"}]}"#;
    let aud = "https://cds.example.org/cds-services/some-service";
    let make = |lifetime: u64| {
        let mut c = Config::parse(&format!(
            "public_url = \"https://cds.example.org\"\n[limits]\nmax_token_lifetime_s = {lifetime}\n[[issuer]]\niss = \"https://fhir-ehr.example.com/\"\njku = \"https://fhir-ehr.example.com/jwk_uri\"\n"
        ))
        .unwrap();
        c.issuers[0].jku = None;
        let dir = keys().dir.join("spec-jwks.json");
        std::fs::write(&dir, JWKS).unwrap();
        c.issuers[0].jwks_file = Some(dir);
        let mut v = Verifier::new(
            &c,
            crate::fetch::client(std::time::Duration::from_secs(3)).unwrap(),
        )
        .unwrap();
        // The example header names a jku: this issuer's keys come from that URL, and the
        // set is the one the spec prints (no network in tests).
        v.issuers[0].keys = super::Keys::Jku {
            url: "https://fhir-ehr.example.com/jwk_uri".into(),
            cache: RwLock::new(Some((Instant::now(), serde_json::from_str(JWKS).unwrap()))),
        };
        v
    };
    let at = 1_422_568_800;
    let ok = make(200_000_000)
        .verify(Some(&format!("Bearer {TOKEN}")), aud, at)
        .await
        .unwrap();
    assert_eq!(ok.jti, "ee22b021-e1b7-4611-ba5b-8eec6a33ac1e");
    assert_eq!(
        ok.tenant.as_deref(),
        Some("2ddd6c3a-8e9a-44c6-a305-52111ad302a2")
    );
    let v = make(3600);
    assert_eq!(
        v.verify(Some(&format!("Bearer {TOKEN}")), aud, at)
            .await
            .unwrap_err(),
        Failure::Lifetime
    );
    // Under today's clock it has long expired.
    assert_eq!(
        make(200_000_000)
            .verify(Some(&format!("Bearer {TOKEN}")), aud, NOW)
            .await
            .unwrap_err(),
        Failure::Expired
    );
    // Addressed to another endpoint.
    assert_eq!(
        make(200_000_000)
            .verify(
                Some(&format!("Bearer {TOKEN}")),
                "https://cds.example.org/cds-services/poh-patient-view",
                at
            )
            .await
            .unwrap_err(),
        Failure::Signature
    );
}

#[tokio::test]
async fn tenants_are_allow_listed_when_listed() {
    let k = keys();
    let cfg = format!(
        "public_url = \"http://127.0.0.1:8080\"\n[[issuer]]\niss = \"{ISS}\"\njwks_file = \"{}\"\ntenants = [\"t1\"]\n",
        k.dir.join("jwks.json").display()
    );
    let v = Verifier::new(
        &Config::parse(&cfg).unwrap(),
        crate::fetch::client(std::time::Duration::from_secs(3)).unwrap(),
    )
    .unwrap();
    assert_eq!(
        check(&v, &es(&claims())).await.unwrap_err(),
        Failure::Tenant
    );
    let mut c = claims();
    c["tenant"] = json!("t1");
    assert!(check(&v, &es(&c)).await.is_ok());
}
