//! The one card (CDS Hooks 2.0 §Card Attributes), mapped from the core's assessment: no
//! clinical rule lives here. The core's alert flag decides whether there is a card and
//! its urgency (`none`: no card; `review`: `info`; `likely`: `warning`; never `critical`,
//! since nothing here is an emergency: ehr-integration.md §5 "Card policy"); the text is
//! the assessment's own, arranged for a clinician who has seconds.

use serde::Deserialize;
use serde_json::{json, Value};

use crate::text::{md, permille};

/// What the assessment was based on, from the FHIR reader, as plain text lines.
#[derive(Debug, Default, Clone)]
pub struct BasedOn {
    /// Findings taken from the chart (term, status and the resource it came from).
    pub used: Vec<String>,
    /// Codes the reader could not map, listed so nobody believes they were considered.
    pub unmapped: Vec<String>,
    /// Recorded diagnoses of modelled disorders: shown as recorded, never used as evidence.
    pub recorded: Vec<String>,
    /// Entries left out (entered in error, not final, ...), with why.
    pub dropped: Vec<String>,
}

/// The override reasons offered (ehr-integration.md §5: "Already evaluated / under
/// specialist care", "Findings recorded incorrectly", "Not relevant now").
pub const OVERRIDE_REASONS: [(&str, &str); 3] = [
    (
        "already-evaluated",
        "Already evaluated or under specialist care",
    ),
    ("recorded-incorrectly", "Findings recorded incorrectly"),
    ("not-relevant-now", "Not relevant now"),
];

/// The code system of [`OVERRIDE_REASONS`].
pub const OVERRIDE_SYSTEM: &str = "urn:poh:cds:override-reason";

/// Items shown per list on the card; the rest are counted and are on the page.
const CARD_LIST: usize = 8;

/// The card's urgency for a flag level, or no card.
pub fn indicator(level: &str) -> Option<&'static str> {
    match level {
        "likely" => Some("warning"),
        "review" => Some("info"),
        _ => None,
    }
}

fn summary(level: &str) -> &'static str {
    if level == "likely" {
        "The recorded findings fit the POH criteria: consider specialist review. Decision support, not a diagnosis."
    } else {
        "Heterotopic ossification on record: consider POH and GNAS-related disorders. Decision support, not a diagnosis."
    }
}

/// What the card reads of the core's assessment JSON, read by serde into these types
/// (every other member skipped unread): the assessment of a 100-resource chart is tens of
/// kilobytes, and building a `serde_json::Value` of it for these few fields was a tenth of
/// a request's CPU time (perf, bench/service.sh). A member absent is empty.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct Facts {
    /// `flag`.
    pub flag: Flag,
    /// `poh`.
    pub poh: Poh,
    /// `explanation`.
    pub explanation: Vec<Explained>,
    /// `differential`.
    pub differential: Vec<Ranked>,
    /// `next_steps`.
    pub next_steps: Vec<Step>,
    /// `disclaimer`.
    pub disclaimer: String,
    /// `kb_version`.
    pub kb_version: String,
}

/// `flag`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct Flag {
    /// `level`: `none`, `review` or `likely`.
    pub level: String,
    /// `text`.
    pub text: String,
    /// `cites`.
    pub cites: Vec<String>,
}

/// `poh`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct Poh {
    /// `verdict`.
    pub verdict: String,
    /// `provisional`.
    pub provisional: bool,
    /// `criteria`.
    pub criteria: Vec<Criterion>,
}

/// `poh.criteria[]`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct Criterion {
    /// `text`.
    pub text: String,
    /// `verdict`.
    pub verdict: String,
    /// `provisional`.
    pub provisional: bool,
    /// `cites`.
    pub cites: Vec<String>,
}

/// `explanation[]`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct Explained {
    /// `status`.
    pub status: String,
    /// `finding`.
    pub finding: String,
    /// `about`.
    pub about: String,
}

/// `differential[]`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct Ranked {
    /// `abbreviation`.
    pub abbreviation: String,
    /// `posterior_permille`.
    pub posterior_permille: i64,
}

/// `next_steps[]`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct Step {
    /// `text`.
    pub text: String,
    /// `cites`.
    pub cites: Vec<String>,
}

impl Facts {
    /// The facts of an assessment parsed as a `Value` (the page's); empty if it is not
    /// one.
    pub fn of(a: &Value) -> Facts {
        Facts::deserialize(a).unwrap_or_default()
    }
}

fn cites(c: &[String]) -> String {
    if c.is_empty() {
        String::new()
    } else {
        format!(" \\[{}\\]", md(&c.join(", ")))
    }
}

fn list(o: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    o.push_str(&format!("- {title}:\n"));
    for i in items.iter().take(CARD_LIST) {
        o.push_str(&format!("  - {}\n", md(i)));
    }
    if items.len() > CARD_LIST {
        o.push_str(&format!(
            "  - and {} more (see the full assessment)\n",
            items.len() - CARD_LIST
        ));
    }
}

/// The unknowns that matter: criteria not yet decided, and the findings behind them.
pub fn unknowns(a: &Facts) -> Vec<String> {
    let mut u = Vec::new();
    for c in &a.poh.criteria {
        let v = c.verdict.as_str();
        if v != "met" && v != "not_met" {
            u.push(format!("criterion undecided ({v}): {}", c.text));
        } else if c.provisional {
            u.push(format!("criterion provisional: {}", c.text));
        }
    }
    for e in &a.explanation {
        if e.status == "unknown" {
            u.push(format!(
                "not assessed: {} ({})",
                e.finding.replace('_', " "),
                e.about.replace('_', " ")
            ));
        }
    }
    u
}

/// The detail Markdown.
pub fn detail(a: &Facts, based: &BasedOn, page_url: &str, insecure: bool) -> String {
    let mut o = String::new();
    if insecure {
        o.push_str("**WARNING: this service runs with --insecure-no-auth (local demo only); the request was not authenticated.**\n\n");
    }
    let flag = &a.flag;
    o.push_str(&format!("**{}**{}\n\n", md(&flag.text), cites(&flag.cites)));
    let poh = &a.poh;
    o.push_str(&format!(
        "**POH criteria: {}{}**\n\n",
        md(&poh.verdict.replace('_', " ")),
        if poh.provisional {
            " (provisional)"
        } else {
            ""
        }
    ));
    for c in &poh.criteria {
        o.push_str(&format!(
            "- {}: {}{}\n",
            md(&c.text),
            md(&c.verdict.replace('_', " ")),
            cites(&c.cites)
        ));
    }
    o.push_str("\n**Differential** (posterior):");
    for (i, d) in a.differential.iter().take(3).enumerate() {
        o.push_str(&format!(
            "{} {} {}",
            if i == 0 { "" } else { ";" },
            md(&d.abbreviation),
            permille(d.posterior_permille)
        ));
    }
    o.push_str("\n\n**Based on**\n\n");
    list(&mut o, "Findings used", &based.used);
    list(&mut o, "Codes not used (no sound mapping)", &based.unmapped);
    list(
        &mut o,
        "Recorded diagnoses (shown as recorded, not used as evidence)",
        &based.recorded,
    );
    list(&mut o, "Entries left out", &based.dropped);
    list(&mut o, "Unknowns that matter", &unknowns(a));
    let steps: Vec<&Step> = a.next_steps.iter().take(3).collect();
    if !steps.is_empty() {
        o.push_str("\n**Next steps**\n\n");
        for (i, n) in steps.iter().enumerate() {
            o.push_str(&format!("{}. {}{}\n", i + 1, md(&n.text), cites(&n.cites)));
        }
    }
    o.push_str(&format!(
        "\n{} Full assessment: [{}]({})\n\n_{}_\n",
        md(&a.disclaimer),
        "open",
        page_url,
        md(&a.kb_version)
    ));
    o
}

/// The card for an assessment, or `None` when its flag is `none`.
pub fn card(
    a: &Facts,
    based: &BasedOn,
    page_url: &str,
    source_url: &str,
    insecure: bool,
) -> Option<Value> {
    let level = a.flag.level.as_str();
    let indicator = indicator(level)?;
    let reasons: Vec<Value> = OVERRIDE_REASONS
        .iter()
        .map(|(code, display)| json!({"code": code, "system": OVERRIDE_SYSTEM, "display": display}))
        .collect();
    Some(json!({
        "uuid": uuid::Uuid::new_v4().to_string(),
        "summary": summary(level),
        "detail": detail(a, based, page_url, insecure),
        "indicator": indicator,
        "source": {
            "label": format!("poh decision support ({})", a.kb_version.split(';').next().unwrap_or("poh")),
            "url": source_url,
        },
        "overrideReasons": reasons,
        "links": [{
            "label": "Full assessment: criteria, differential, citations, next steps",
            "url": page_url,
            "type": "absolute",
        }],
    }))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn summaries_are_one_short_sentence_and_never_critical() {
        for level in ["review", "likely"] {
            assert!(summary(level).chars().count() < 140);
            assert_ne!(indicator(level), Some("critical"));
        }
        assert_eq!(indicator("none"), None);
        assert_eq!(indicator("likely"), Some("warning"));
        assert_eq!(indicator("review"), Some("info"));
    }

    #[test]
    fn no_card_without_a_flag_and_chart_text_is_escaped() {
        let a = Facts::of(&json!({"flag": {"level": "none"}}));
        assert!(card(
            &a,
            &BasedOn::default(),
            "http://x/a/1",
            "http://x/about",
            false
        )
        .is_none());
        let a = Facts::of(
            &json!({"flag": {"level": "review", "text": "t", "cites": []}, "poh": {"verdict": "unknown"}}),
        );
        let based = BasedOn {
            unmapped: vec!["http://snomed.info/sct 1 [click](javascript:x)".into()],
            ..BasedOn::default()
        };
        let c = card(&a, &based, "http://x/a/1", "http://x/about", true).unwrap();
        let d = c["detail"].as_str().unwrap();
        assert!(d.contains("\\[click\\]\\(javascript:x\\)"), "{d}");
        assert!(d.contains("insecure-no-auth"));
        assert_eq!(c["indicator"], "info");
        assert_eq!(c["links"][0]["type"], "absolute");
        assert!(c["overrideReasons"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["display"].is_string()));
    }
}
