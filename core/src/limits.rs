//! Every capacity of the core, in one place. Input over a capacity is an error naming the
//! limit (`Error::TooManyPhenotypes`, ...); nothing is dropped silently. Outputs are sized
//! from these so that they can never overflow.

/// Phenotype entries of terms the knowledge base's HPO subset knows, in one findings record
/// (present and excluded together). Terms outside the subset never count against it:
/// real records carry up to ~200 features, at most 39 of them in the subset (the
/// phenopacket-store dev split). Over it is `TooManyPhenotypes`.
pub const MAX_PHENOTYPES: usize = 64;
/// Well-formed ids outside the HPO subset (entries and modifiers) listed in an assessment;
/// more are counted (`unrecognized_total`) but not listed. They are otherwise ignored.
pub const MAX_UNRECOGNIZED_LISTED: usize = 32;
/// Modifiers on one phenotype entry.
pub const MAX_MODIFIERS: usize = 4;
/// Largest accepted age or onset, in months (150 years).
pub const MAX_AGE_MONTHS: u16 = 1800;
/// `options.pretest_per_million`: a clinic's pretest probability of the modelled set, in
/// parts per million (docs/RULES.md, "Posterior: the open world").
pub const PRETEST_PER_MILLION: core::ops::RangeInclusive<u32> = 1..=999_999;
/// Largest accepted JSON input, in bytes.
pub const MAX_INPUT_BYTES: usize = 65_536;
/// Deepest accepted JSON nesting (objects and arrays). Checked before parsing so that
/// hostile input cannot exhaust the stack of a small device.
pub const MAX_JSON_DEPTH: usize = 12;
/// Findings the evaluator derives: every phenotype plus one per lab value.
pub const MAX_RESOLVED: usize = MAX_PHENOTYPES + 4;
/// Next steps listed in an assessment (there are fewer step items in the tables).
pub const MAX_NEXT_STEPS: usize = 16;
/// Bytes of an error detail's path (`phenotypes[3].modifiers[1]`); a longer one ends in
/// `…`.
pub const MAX_DETAIL_PATH: usize = 64;
/// Bytes of an error detail's offending value, shortened with `…` beyond it.
pub const MAX_DETAIL_VALUE: usize = 48;
/// Bytes of an error detail's hint.
pub const MAX_DETAIL_HINT: usize = 160;
