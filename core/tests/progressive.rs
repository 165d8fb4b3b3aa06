#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
//! The rule `progressive_course` reads HP:0003676 Progressive "as a modifier or term"
//! (core/data/diseases.toml): a modifier counts when it qualifies an ossification finding.

use poh_core::{evaluate, Assessment, Findings, HpoId, Phenotype};

fn poh_lr(f: &Findings) -> i32 {
    let mut a = Assessment::new();
    evaluate(f, &mut a).unwrap();
    a.poh().unwrap().log10_lr_milli
}

fn with(id: &str, modifier: Option<&str>) -> Findings {
    let mut f = Findings::new();
    let mut p = Phenotype::present(HpoId::parse(id).unwrap());
    if let Some(m) = modifier {
        p.modifiers.push(HpoId::parse(m).unwrap()).unwrap();
    }
    f.add(p).unwrap();
    f
}

#[test]
fn a_progressive_modifier_on_ossification_fires_the_rule_as_the_term_does() {
    // Ectopic ossification in muscle tissue, plain, with the modifier, and with the term.
    let plain = poh_lr(&with("HP:0011987", None));
    let modified = poh_lr(&with("HP:0011987", Some("HP:0003676")));
    let mut term = with("HP:0011987", None);
    term.add(Phenotype::present(HpoId::parse("HP:0003676").unwrap()))
        .unwrap();
    assert_eq!(modified - plain, 300, "the rule's POH effect is +0.3");
    assert_eq!(poh_lr(&term), modified);
}

#[test]
fn a_progressive_modifier_on_another_finding_does_not() {
    // Short stature marked progressive says nothing of the course of an ossification.
    let mut f = with("HP:0011987", None);
    let base = poh_lr(&f);
    let mut p = Phenotype::present(HpoId::parse("HP:0004322").unwrap());
    p.modifiers
        .push(HpoId::parse("HP:0003676").unwrap())
        .unwrap();
    f.add(p).unwrap();
    let mut g = with("HP:0011987", None);
    g.add(Phenotype::present(HpoId::parse("HP:0004322").unwrap()))
        .unwrap();
    assert_eq!(poh_lr(&f), poh_lr(&g));
    assert_ne!(poh_lr(&g), base);
}
