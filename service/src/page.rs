//! The assessment page the card links to: the whole assessment in HTML, readable on a
//! phone (one column, system fonts, no external assets, no script), every value from the
//! chart or the knowledge base HTML-escaped. Like the card it only arranges the core's
//! assessment JSON.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::card::{unknowns, BasedOn, Facts};
use crate::text::{html, permille};

const STYLE: &str = "\
*{box-sizing:border-box}\
body{margin:0;font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1f24;background:#f6f7f9}\
main{max-width:46rem;margin:0 auto;padding:1rem}\
h1{font-size:1.35rem;margin:.2rem 0 .8rem}h2{font-size:1.1rem;margin:1.4rem 0 .5rem;border-bottom:2px solid #d0d7de;padding-bottom:.2rem}\
.banner{background:#fff4ce;border-left:6px solid #bf8700;padding:.7rem .9rem;margin:.6rem 0;border-radius:4px}\
.insecure{background:#ffd8d3;border-left-color:#cf222e;font-weight:600}\
.flag{background:#ddf4ff;border-left:6px solid #0969da;padding:.7rem .9rem;border-radius:4px}\
.flag.likely{background:#fff1e5;border-left-color:#bc4c00}\
section{background:#fff;border-radius:6px;padding:.2rem .9rem .8rem;margin:.8rem 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}\
table{width:100%;border-collapse:collapse;font-size:.95rem}th,td{text-align:left;padding:.35rem .3rem;border-bottom:1px solid #eaeef2;vertical-align:top}\
td.num{text-align:right;white-space:nowrap}\
.v{display:inline-block;padding:0 .4rem;border-radius:3px;font-size:.85rem;font-weight:600;background:#eaeef2}\
.v.met,.v.present{background:#dafbe1;color:#116329}.v.not_met,.v.absent{background:#ffebe9;color:#a40e26}\
.cite{color:#57606a;font-size:.85rem}ul,ol{padding-left:1.2rem}li{margin:.25rem 0}\
a{color:#0969da}small{color:#57606a}\
@media (max-width:480px){body{font-size:15px}main{padding:.6rem}th.opt,td.opt{display:none}}";

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

fn arr<'a>(v: &'a Value, k: &str) -> impl Iterator<Item = &'a Value> {
    v.get(k).and_then(Value::as_array).into_iter().flatten()
}

struct Page {
    o: String,
    cited: BTreeSet<String>,
}

impl Page {
    fn cites(&mut self, v: &Value) -> String {
        let ids: Vec<String> = arr(v, "cites")
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();
        if ids.is_empty() {
            return String::new();
        }
        let links: Vec<String> = ids
            .iter()
            .map(|id| format!("<a href=\"#ref-{0}\">{0}</a>", html(id)))
            .collect();
        self.cited.extend(ids);
        format!(" <span class=\"cite\">[{}]</span>", links.join(", "))
    }

    fn verdict(v: &str) -> String {
        format!(
            "<span class=\"v {0}\">{1}</span>",
            html(v),
            html(&v.replace('_', " "))
        )
    }

    fn list(&mut self, title: &str, items: &[String]) {
        if items.is_empty() {
            return;
        }
        self.o.push_str(&format!("<h3>{}</h3><ul>", html(title)));
        for i in items {
            self.o.push_str(&format!("<li>{}</li>", html(i)));
        }
        self.o.push_str("</ul>");
    }
}

/// Render the page for assessment `a` (with `a["counseling"]` when asked for).
pub fn render(a: &Value, based: &BasedOn, counseling_url: Option<&str>, insecure: bool) -> String {
    let mut p = Page {
        o: String::new(),
        cited: BTreeSet::new(),
    };
    p.o.push_str(&format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<meta name=\"referrer\" content=\"no-referrer\"><meta name=\"robots\" content=\"noindex\">\
<title>poh assessment</title><style>{STYLE}</style></head><body><main>\
<h1>POH and GNAS-related disorders: assessment</h1>"
    ));
    if insecure {
        p.o.push_str("<p class=\"banner insecure\">WARNING: this service runs with --insecure-no-auth, for a local demo only. Requests are not authenticated.</p>");
    }
    p.o.push_str(&format!(
        "<p class=\"banner\" id=\"disclaimer\"><strong>Decision support, not a diagnosis.</strong> {}</p>",
        html(s(a, "disclaimer"))
    ));
    let flag = &a["flag"];
    let c = p.cites(flag);
    p.o.push_str(&format!(
        "<p class=\"flag {}\" id=\"flag\"><strong>Alert: {}.</strong> {}{}</p>",
        html(s(flag, "level")),
        html(s(flag, "level")),
        html(s(flag, "text")),
        c
    ));

    // Criteria and supporting findings.
    let poh = &a["poh"];
    p.o.push_str(&format!(
        "<section id=\"criteria\"><h2>POH criteria: {}{}</h2><table><tr><th>Criterion</th><th>Verdict</th></tr>",
        Page::verdict(s(poh, "verdict")),
        if poh["provisional"] == Value::Bool(true) { " <small>(provisional)</small>" } else { "" }
    ));
    for cr in arr(poh, "criteria") {
        let c = p.cites(cr);
        let reason = s(cr, "provisional_reason");
        p.o.push_str(&format!(
            "<tr><td>{}{}{}</td><td>{}{}</td></tr>",
            html(s(cr, "text")),
            c,
            if reason.is_empty() {
                String::new()
            } else {
                format!("<br><small>Provisional: {}</small>", html(reason))
            },
            Page::verdict(s(cr, "verdict")),
            if cr["provisional"] == Value::Bool(true) {
                " <small>provisional</small>"
            } else {
                ""
            }
        ));
    }
    p.o.push_str(
        "</table><h3>Supporting findings</h3><table><tr><th>Finding</th><th>Status</th></tr>",
    );
    for su in arr(poh, "supporting") {
        let c = p.cites(su);
        p.o.push_str(&format!(
            "<tr><td>{}{}</td><td>{}</td></tr>",
            html(s(su, "text")),
            c,
            Page::verdict(s(su, "status"))
        ));
    }
    p.o.push_str("</table></section>");

    // The differential, OTHER included.
    p.o.push_str(&format!(
        "<section id=\"differential\"><h2>Differential</h2><p><small>Posterior probabilities, open world: {}</small></p>\
<table><tr><th>Disorder</th><th class=\"opt\">Id</th><th>Posterior</th><th class=\"opt\">log10 LR</th></tr>",
        html(s(&poh["score"], "method"))
    ));
    for d in arr(a, "differential") {
        let lr = d["log10_lr_milli"].as_i64().unwrap_or(0);
        p.o.push_str(&format!(
            "<tr><td><strong>{}</strong> {}</td><td class=\"opt\">{}</td><td class=\"num\">{}</td><td class=\"num opt\">{}{}.{:03}</td></tr>",
            html(s(d, "abbreviation")),
            html(s(d, "name")),
            html(s(d, "id")),
            permille(d["posterior_permille"].as_i64().unwrap_or(0)),
            if lr < 0 { "-" } else { "" },
            lr.abs() / 1000,
            lr.abs() % 1000
        ));
    }
    p.o.push_str("</table></section>");

    // Explanation.
    p.o.push_str("<section id=\"explanation\"><h2>Explanation</h2><ul>");
    for e in arr(a, "explanation") {
        let c = p.cites(e);
        p.o.push_str(&format!(
            "<li>{}: {} {} <small>({}, criterion {})</small>{}</li>",
            html(&s(e, "finding").replace('_', " ")),
            Page::verdict(s(e, "status")),
            html(s(e, "input")),
            html(&s(e, "about").replace('_', " ")),
            html(&s(e, "criterion_verdict").replace('_', " ")),
            c
        ));
    }
    p.o.push_str("</ul></section>");

    // Next steps.
    p.o.push_str("<section id=\"next-steps\"><h2>Next steps</h2><ol>");
    for n in arr(a, "next_steps") {
        let c = p.cites(n);
        p.o.push_str(&format!("<li>{}{}</li>", html(s(n, "text")), c));
    }
    p.o.push_str("</ol></section>");

    // Based on.
    p.o.push_str("<section id=\"based-on\"><h2>Based on</h2>");
    p.list("Findings used", &based.used);
    p.list("Codes not used (no sound mapping)", &based.unmapped);
    p.list(
        "Recorded diagnoses (shown as recorded, never used as evidence)",
        &based.recorded,
    );
    p.list("Entries left out", &based.dropped);
    p.list("Unknowns that matter", &unknowns(&Facts::of(a)));
    let unrec: Vec<String> = arr(a, "unrecognized")
        .map(|u| format!("unrecognized term {}", s(u, "id")))
        .collect();
    p.list("Terms the knowledge base does not hold", &unrec);
    p.o.push_str("</section>");

    // Notes (management, prognosis, genetics).
    p.o.push_str("<section id=\"notes\"><h2>Notes</h2><ul>");
    for n in arr(a, "notes") {
        let c = p.cites(n);
        p.o.push_str(&format!(
            "<li><small>{}</small> {}{}</li>",
            html(s(n, "topic")),
            html(s(n, "text")),
            c
        ));
    }
    p.o.push_str("</ul></section>");

    // Counseling, on request.
    p.o.push_str("<section id=\"counseling\"><h2>Inheritance counseling</h2>");
    match (&a["counseling"], counseling_url) {
        (Value::Object(_), _) => {
            let cn = &a["counseling"];
            p.o.push_str("<ul>");
            for st in arr(cn, "statements") {
                let c = p.cites(st);
                p.o.push_str(&format!("<li>{}{}</li>", html(s(st, "text")), c));
            }
            p.o.push_str("</ul>");
        }
        (_, Some(url)) => p.o.push_str(&format!(
            "<p><a href=\"{}\">Show inheritance counseling for this person's children</a></p>",
            html(url)
        )),
        _ => {}
    }
    p.o.push_str("</section>");

    // References: every citation id used above, with its full text.
    p.o.push_str("<section id=\"references\"><h2>References</h2><ul>");
    let cited = std::mem::take(&mut p.cited);
    for id in &cited {
        let text = poh_core::kb::citation_by_id(id).map_or("", |c| c.text);
        p.o.push_str(&format!(
            "<li id=\"ref-{0}\"><strong>{0}</strong> {1}</li>",
            html(id),
            html(text)
        ));
    }
    p.o.push_str(&format!(
        "</ul></section><p><small>{}; HPO {}</small></p></main></body></html>",
        html(s(a, "kb_version")),
        html(s(a, "hpo_release"))
    ));
    p.o
}

/// The small page the card's `source.url` points to.
pub fn about() -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>poh decision support</title><style>{STYLE}</style></head><body><main>\
<h1>poh decision support</h1><p class=\"banner\"><strong>Decision support, not a diagnosis.</strong></p><section><p>poh checks the findings recorded in a chart against the published criteria for progressive osseous heteroplasia (POH) and ranks the GNAS-related disorders it must be told apart from, with a citation for every rule. Knowledge base: {}.</p>\
<p>A card appears only when heterotopic ossification is on record. A diagnosis recorded in the chart is shown as recorded and never used as evidence; a finding not assessed is unknown, never absent.</p></section></main></body></html>",
        html(poh_core::KB_VERSION)
    )
}
