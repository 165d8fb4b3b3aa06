//! The completed prefetch read by poh-fhir and evaluated by poh-core: the only place the
//! service touches either, and it adds no rule of its own.

use poh_core::{Assessment, Findings};
use serde::de::DeserializeOwned;

use crate::card::{BasedOn, Facts};
use crate::hook::Problem;

/// An evaluated chart.
pub struct Assessed {
    /// What the card reads of the core's assessment JSON.
    pub facts: Facts,
    /// The findings it was computed from (kept for the page, to add counseling).
    pub findings: Findings,
    /// What it was based on, for the card and the page.
    pub based: BasedOn,
}

/// Today's date in UTC (the evaluation date for ages).
pub fn today() -> poh_fhir::Date {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    civil_from_days(days as i64)
}

/// The proleptic Gregorian date `days` after 1970-01-01 (H. Hinnant, "chrono-Compatible
/// Low-Level Date Algorithms", civil_from_days).
fn civil_from_days(days: i64) -> poh_fhir::Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    poh_fhir::Date::new(
        u16::try_from(y).unwrap_or(1970),
        u8::try_from(m).unwrap_or(1),
        u8::try_from(d).unwrap_or(1),
    )
    .unwrap_or(poh_fhir::Date {
        year: 1970,
        month: 1,
        day: 1,
    })
}

thread_local! {
    // One assessment and one output buffer per worker thread, reused: both are larger
    // than glibc's mmap threshold, so a fresh allocation per request cost an mmap, page
    // faults over every page and a munmap (seen in `perf` under load).
    static SCRATCH: std::cell::RefCell<(Box<Assessment>, Vec<u8>)> =
        std::cell::RefCell::new((Box::<Assessment>::default(), vec![0u8; 256 << 10]));
}

/// Evaluate `findings` into assessment JSON (with counseling when asked for), read as
/// `T`: a `Value` (the page's), or the card's [`Facts`].
pub fn evaluate<T: DeserializeOwned>(findings: &Findings, counseling: bool) -> Result<T, Problem> {
    let mut f = findings.clone();
    f.options.counseling = counseling;
    SCRATCH.with(|cell| {
        let mut scratch = cell.try_borrow_mut().map_err(|_| Problem {
            status: 500,
            code: "internal",
            at: None,
            message: "evaluation re-entered on one thread".into(),
        })?;
        let (a, buf) = &mut *scratch;
        poh_core::evaluate(&f, a).map_err(core_problem)?;
        let n = poh_core::json::write_assessment(a, buf).map_err(core_problem)?;
        serde_json::from_slice(buf.get(..n).unwrap_or_default()).map_err(|e| Problem {
            status: 500,
            code: "internal",
            at: None,
            message: format!("the assessment JSON did not parse: {e}"),
        })
    })
}

fn core_problem(e: poh_core::Error) -> Problem {
    Problem {
        status: 422,
        code: e.kind(),
        at: None,
        message: format!(
            "the findings read from the chart were refused by the core (error {}): {}",
            e.code(),
            e.message()
        ),
    }
}

/// Read the completed prefetch and evaluate it.
pub fn assess(prefetch: &poh_fhir::Node<'_>, date: poh_fhir::Date) -> Result<Assessed, Problem> {
    let opts = poh_fhir::ReadOptions {
        evaluation_date: date,
    };
    let record = poh_fhir::read_node(prefetch, &opts).map_err(|e| Problem {
        status: 422,
        code: e.kind,
        at: Some(e.path.clone()),
        message: format!(
            "the FHIR data could not be read (error {}): {}",
            e.code, e.message
        ),
    })?;
    let facts = evaluate(&record.findings, false)?;
    let based = based_on(&record);
    Ok(Assessed {
        facts,
        findings: record.findings,
        based,
    })
}

fn coded(system: &str, code: &str, display: Option<&str>) -> String {
    match display {
        Some(d) => format!("{d} ({system} {code})"),
        None => format!("{system} {code}"),
    }
}

/// The reader's record as plain lines for the card and the page.
pub fn based_on(r: &poh_fhir::FhirRecord) -> BasedOn {
    BasedOn {
        used: r
            .used
            .iter()
            .map(|u| {
                format!(
                    "{} {}: {} in {} ({})",
                    u.finding,
                    u.state,
                    coded(&u.system, &u.code, u.display.as_deref()),
                    u.resource,
                    u.how
                )
            })
            .collect(),
        unmapped: r
            .unmapped
            .iter()
            .map(|u| {
                format!(
                    "{} in {}: {}",
                    coded(&u.system, &u.code, u.display.as_deref()),
                    u.resource,
                    u.why
                )
            })
            .collect(),
        recorded: r
            .recorded_diagnoses
            .iter()
            .map(|d| {
                format!(
                    "{}: {} in {} ({}; {})",
                    d.label,
                    coded(&d.system, &d.code, d.display.as_deref()),
                    d.resource,
                    d.verification,
                    d.source
                )
            })
            .collect(),
        dropped: r
            .dropped
            .iter()
            .map(|d| format!("{} {}: {}", d.resource, d.what, d.why))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_from_days(0).to_string(), "1970-01-01");
        assert_eq!(civil_from_days(19_782).to_string(), "2024-02-29");
        assert_eq!(civil_from_days(11_016).to_string(), "2000-02-29");
        assert_eq!(civil_from_days(11_017).to_string(), "2000-03-01");
    }
}
