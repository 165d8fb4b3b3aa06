//! Code systems and the codes the reader knows, each with its source. Nothing here is
//! typed from memory: URIs and codes come from `../shared/reference/ehr-integration.md`
//! (cited as [EHR] with its section), the project's `core/data` (through the core's own
//! tables at run time) or the public page named beside them; the SNOMED CT map and the
//! disorder codes are data files (`fhir/data/`), each row with its source.

use std::collections::HashMap;
use std::sync::OnceLock;

use poh_core::HpoId;

/// HPO as FHIR names it: [EHR] §2.4 (HL7 Phenomics Exchange IG `aliases.fsh`), also the
/// `url` of HL7 Terminology's CodeSystem HPO
/// (build.fhir.org/ig/HL7/UTG/CodeSystem-HPO.json).
pub const HPO_SYSTEM: &str = "http://human-phenotype-ontology.org";
/// HPO by its HL7 Terminology identifier: the `identifier` of the same CodeSystem HPO
/// (`urn:oid:2.16.840.1.113883.6.339`, build.fhir.org/ig/HL7/UTG/CodeSystem-HPO.json).
pub const HPO_SYSTEM_HL7_OID: &str = "urn:oid:2.16.840.1.113883.6.339";
/// HPO by its OBO PURL: the `url` of the HPO resource in the phenopacket-store metaData
/// (tests/phenopackets/*.json); codes are `HP:0000000` or the PURL form `HP_0000000`.
pub const HPO_SYSTEM_OBO: &str = "http://purl.obolibrary.org/obo/hp.owl";
/// The three HPO system forms.
pub const HPO_SYSTEMS: [&str; 3] = [HPO_SYSTEM, HPO_SYSTEM_HL7_OID, HPO_SYSTEM_OBO];
/// The OBO PURL prefix of an HPO term IRI (`http://purl.obolibrary.org/obo/HP_0002507`
/// in the OBO term IRIs, e.g. biopragmatics/oquat docs/invalids/source/hp.md).
const HPO_TERM_IRI_PREFIX: &str = "http://purl.obolibrary.org/obo/";

/// SNOMED CT (hl7.org/fhir/r4/namingsystem-terminologies.html).
pub const SNOMED_SYSTEM: &str = "http://snomed.info/sct";
/// LOINC ([EHR] §2.3 prefetch templates; the same page as SNOMED CT).
pub const LOINC_SYSTEM: &str = "http://loinc.org";
/// UCUM (hl7.org/fhir/r4/namingsystem-terminologies.html).
pub const UCUM_SYSTEM: &str = "http://unitsofmeasure.org";
/// ICD-10-CM (the FHIR system URI as listed in HL7 IG terminology reports, e.g.
/// hl7.org/fhir/us/davinci-cdex/STU2.1-snapshot/qa-txservers.html).
pub const ICD10CM_SYSTEM: &str = "http://hl7.org/fhir/sid/icd-10-cm";
/// WHO ICD-10 (build.fhir.org/ig/InteropEHRate-project/research-data-sharing/qa-txservers.html).
pub const ICD10_SYSTEM: &str = "http://hl7.org/fhir/sid/icd-10";
/// MONDO: the `url` of HL7 Terminology's CodeSystem MONDO
/// (build.fhir.org/ig/HL7/UTG/CodeSystem-MONDO.xml.html).
pub const MONDO_SYSTEM: &str = "http://purl.obolibrary.org/obo/mondo.owl";
/// Orphanet: `https://www.orpha.net` is the CodeSystem url of the HL7 Europe PanCareSurPass
/// IG (build.fhir.org/ig/hl7-eu/pcsp/CodeSystem-OrphaNet.json.html); the `http` form is
/// UNVERIFIED as a FHIR system (it is Orphanet's web address, clinical-facts.md).
pub const ORPHA_SYSTEMS: [&str; 2] = ["https://www.orpha.net", "http://www.orpha.net"];
/// OMIM: no FHIR system URI for OMIM is in the project's references (UNVERIFIED); these
/// are OMIM's web addresses (`http://www.omim.org/entry/...` links in hp.obo). OMIM codes
/// are also recognised in CURIE form (`OMIM:166350`) under any system.
pub const OMIM_SYSTEMS: [&str; 2] = ["https://omim.org", "http://www.omim.org"];

/// Condition verification status ([EHR] §2.2).
pub const CONDITION_VER_STATUS: &str = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
/// Observation interpretation: [EHR] §2.3 names `v3-ObservationInterpretation`; the URI
/// follows HL7 Terminology's `CodeSystem/<id>` form as `condition-ver-status` does.
pub const OBSERVATION_INTERPRETATION: &str =
    "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

/// LOINC answers of the HL7 Phenomics Exchange IG phenotype Observation ([EHR] §2.4,
/// answer list LL1937-3): present.
pub const LOINC_PRESENT: &str = "LA9633-4";
/// Absent (the same list).
pub const LOINC_ABSENT: &str = "LA9634-2";

/// The analytes the core takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Analyte {
    /// Parathyroid hormone.
    Pth,
    /// Calcium (total preferred over albumin-corrected, then ionized).
    Calcium,
    /// Phosphate.
    Phosphate,
    /// Thyroid-stimulating hormone.
    Tsh,
}

impl Analyte {
    /// The findings JSON name (`labs.pth`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Analyte::Pth => "pth",
            Analyte::Calcium => "calcium",
            Analyte::Phosphate => "phosphate",
            Analyte::Tsh => "tsh",
        }
    }
}

/// One LOINC code the reader reads: its analyte, a preference rank within the analyte
/// (0 first) and the form, all from [EHR] §2.3 "LOINC codes". Codes that table lists only
/// as secondary (`~`) or with an UNVERIFIED name (2000-8, 17863-2) and the discontinued
/// 32045-7 are not read: they are listed as unmapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoincCode {
    /// The LOINC code.
    pub code: &'static str,
    /// Which analyte.
    pub analyte: Analyte,
    /// Preference within the analyte: 0 is used first whenever it has a result.
    pub rank: u8,
    /// What the code measures, in words ([EHR] §2.3).
    pub form: &'static str,
}

/// [EHR] §2.3 "LOINC codes": PTH 2731-8 (loinc.org/2731-8); calcium 17861-6, ionized
/// 1994-3 / 1995-0 / 17864-0 and albumin-corrected 29265-6 (HL7 PDDI IG
/// `valueset-calcium-LOINC`); phosphate 2777-1 (ARUP 0020028, loinc2hpo; `~`); TSH 3016-3,
/// 11579-0, 11580-8 (loinc.org/LP14487-0). "Prefer total calcium over ionized".
pub const LOINC_CODES: [LoincCode; 10] = [
    LoincCode {
        code: "2731-8",
        analyte: Analyte::Pth,
        rank: 0,
        form: "PTH intact, mass/volume",
    },
    LoincCode {
        code: "17861-6",
        analyte: Analyte::Calcium,
        rank: 0,
        form: "calcium, total, serum or plasma",
    },
    LoincCode {
        code: "29265-6",
        analyte: Analyte::Calcium,
        rank: 1,
        form: "calcium, albumin-corrected",
    },
    LoincCode {
        code: "1995-0",
        analyte: Analyte::Calcium,
        rank: 2,
        form: "calcium, ionized, serum or plasma",
    },
    LoincCode {
        code: "1994-3",
        analyte: Analyte::Calcium,
        rank: 2,
        form: "calcium, ionized, blood",
    },
    LoincCode {
        code: "17864-0",
        analyte: Analyte::Calcium,
        rank: 2,
        form: "calcium, ionized (ISE), mass",
    },
    LoincCode {
        code: "2777-1",
        analyte: Analyte::Phosphate,
        rank: 0,
        form: "phosphate (inorganic phosphorus), serum or plasma",
    },
    LoincCode {
        code: "3016-3",
        analyte: Analyte::Tsh,
        rank: 0,
        form: "TSH",
    },
    LoincCode {
        code: "11579-0",
        analyte: Analyte::Tsh,
        rank: 0,
        form: "TSH, 2nd generation",
    },
    LoincCode {
        code: "11580-8",
        analyte: Analyte::Tsh,
        rank: 0,
        form: "TSH, 3rd generation",
    },
];

/// The LOINC code, if the reader reads it.
pub fn loinc(code: &str) -> Option<&'static LoincCode> {
    LOINC_CODES.iter().find(|l| l.code == code)
}

/// An HPO code in any of its accepted spellings (`HP:0001234`, `HP_0001234`, or the OBO
/// term IRI), if well formed.
pub fn parse_hpo_code(code: &str) -> Option<HpoId> {
    let c = code.strip_prefix(HPO_TERM_IRI_PREFIX).unwrap_or(code);
    let c = match c.strip_prefix("HP_") {
        Some(rest) => format!("HP:{rest}"),
        None => c.to_string(),
    };
    HpoId::parse(&c).ok()
}

/// Is `system` one of the HPO forms?
pub fn is_hpo_system(system: &str) -> bool {
    HPO_SYSTEMS.contains(&system)
}

// ---- the SNOMED CT -> HPO map -----------------------------------------------------------

/// The committed map, generated by `tools/snomed_map.py` (`make fhir-map`).
pub const SNOMED_MAP_TSV: &str = include_str!("../data/snomed_hpo.tsv");

/// One row of the SNOMED CT -> HPO map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnomedRow {
    /// The SNOMED CT concept id.
    pub snomed: &'static str,
    /// The HPO term.
    pub hpo: HpoId,
    /// The HPO label (from the release).
    pub label: &'static str,
    /// The row's source: the hp.obo xref line.
    pub source: &'static str,
}

/// The header value of `key` (`# key: value`) in the committed map.
pub fn snomed_map_header(key: &str) -> Option<&'static str> {
    SNOMED_MAP_TSV.lines().find_map(|l| {
        let rest = l.strip_prefix("# ")?;
        let (k, v) = rest.split_once(": ")?;
        (k == key).then_some(v)
    })
}

fn parse_snomed_map() -> Result<HashMap<&'static str, SnomedRow>, String> {
    let mut out = HashMap::new();
    let mut header_seen = false;
    for (n, line) in SNOMED_MAP_TSV.lines().enumerate() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let cols: Vec<&'static str> = line.split('\t').collect();
        let [snomed, hpo, label, source] = cols.as_slice() else {
            return Err(format!("line {}: expected 4 columns", n + 1));
        };
        if !header_seen {
            if *snomed != "snomed" {
                return Err(format!("line {}: expected the column header", n + 1));
            }
            header_seen = true;
            continue;
        }
        let id = HpoId::parse(hpo).map_err(|_| format!("line {}: bad HPO id {hpo}", n + 1))?;
        if snomed.is_empty() || !snomed.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("line {}: bad SNOMED id {snomed}", n + 1));
        }
        let row = SnomedRow {
            snomed,
            hpo: id,
            label,
            source,
        };
        if out.insert(*snomed, row).is_some() {
            return Err(format!("line {}: SNOMED id {snomed} twice", n + 1));
        }
    }
    if !header_seen {
        return Err("no column header".into());
    }
    Ok(out)
}

/// The parsed map (parsed once; an error is a bug in the committed file, which the tests
/// catch).
pub fn snomed_map() -> Result<&'static HashMap<&'static str, SnomedRow>, String> {
    static MAP: OnceLock<Result<HashMap<&'static str, SnomedRow>, String>> = OnceLock::new();
    MAP.get_or_init(parse_snomed_map)
        .as_ref()
        .map_err(Clone::clone)
}

// ---- recorded diagnoses of the modelled disorders ---------------------------------------

/// The ICD-10(-CM) and SNOMED CT disorder codes and group codes, generated into no
/// table: hand-copied rows of [EHR] §3.3 and clinical-facts.md §2, each with its source.
pub const DISORDER_CODES_TSV: &str = include_str!("../data/disorder_codes.tsv");

/// The code systems a disorder code can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisorderSystem {
    /// ICD-10-CM or WHO ICD-10 (codes compared without the dot).
    Icd10,
    /// SNOMED CT.
    Snomed,
    /// OMIM (number, or `OMIM:` CURIE).
    Omim,
    /// Orphanet (number, or `ORPHA:` CURIE).
    Orpha,
    /// MONDO (`MONDO:0000000`).
    Mondo,
}

/// A code of a modelled disorder, or of a group of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisorderCode {
    /// The system.
    pub system: DisorderSystem,
    /// The code (ICD: without the dot, upper case); with `prefix`, a code prefix.
    pub code: String,
    /// The code matches every code it begins (ICD sub-codes).
    pub prefix: bool,
    /// The poh ids of the disorders (core `kb::DISEASES[..].id`); empty for a disorder
    /// code of a disease the core does not model (kept out of the SNOMED map only).
    pub disorders: Vec<&'static str>,
    /// Its label, as the source names it.
    pub label: String,
    /// Its source.
    pub source: String,
}

fn system_of(name: &str) -> Option<DisorderSystem> {
    Some(match name {
        "icd10" => DisorderSystem::Icd10,
        "snomed" => DisorderSystem::Snomed,
        "omim" => DisorderSystem::Omim,
        "orpha" => DisorderSystem::Orpha,
        "mondo" => DisorderSystem::Mondo,
        _ => return None,
    })
}

fn disease_id(key: &str) -> Option<&'static str> {
    poh_core::kb::DISEASES
        .iter()
        .find(|d| d.key == key)
        .map(|d| d.id)
}

fn parse_disorder_codes() -> Result<Vec<DisorderCode>, String> {
    let mut out = Vec::new();
    // The core's own ids and xrefs of every modelled disorder (core/data/diseases.toml).
    for d in poh_core::kb::DISEASES.iter() {
        for id in core::iter::once(&d.id).chain(d.xrefs.iter()) {
            let Some((prefix, local)) = id.split_once(':') else {
                continue;
            };
            let system = match prefix {
                "OMIM" => DisorderSystem::Omim,
                "ORPHA" => DisorderSystem::Orpha,
                "MONDO" => DisorderSystem::Mondo,
                _ => continue,
            };
            let code = if system == DisorderSystem::Mondo {
                (*id).to_string()
            } else {
                local.to_string()
            };
            out.push(DisorderCode {
                system,
                code,
                prefix: false,
                disorders: vec![d.id],
                label: d.name.to_string(),
                source: "core/data/diseases.toml (id and xrefs)".into(),
            });
        }
    }
    let mut header_seen = false;
    for (n, line) in DISORDER_CODES_TSV.lines().enumerate() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [system, code, matching, keys, label, source] = cols.as_slice() else {
            return Err(format!(
                "disorder_codes.tsv line {}: expected 6 columns",
                n + 1
            ));
        };
        if !header_seen {
            header_seen = *system == "system";
            if !header_seen {
                return Err("disorder_codes.tsv: expected the column header".into());
            }
            continue;
        }
        let system = system_of(system)
            .ok_or_else(|| format!("disorder_codes.tsv line {}: unknown system", n + 1))?;
        let prefix = match *matching {
            "exact" => false,
            "prefix" => true,
            _ => return Err(format!("disorder_codes.tsv line {}: match", n + 1)),
        };
        let mut disorders = Vec::new();
        if *keys != "-" {
            for k in keys.split(',') {
                disorders.push(disease_id(k).ok_or_else(|| {
                    format!("disorder_codes.tsv line {}: unknown disorder {k}", n + 1)
                })?);
            }
        }
        out.push(DisorderCode {
            system,
            code: normalise(system, code),
            prefix,
            disorders,
            label: (*label).to_string(),
            source: (*source).to_string(),
        });
    }
    Ok(out)
}

fn normalise(system: DisorderSystem, code: &str) -> String {
    match system {
        DisorderSystem::Icd10 => code.replace('.', "").trim().to_ascii_uppercase(),
        _ => code.trim().to_string(),
    }
}

/// Every disorder code (parsed once).
pub fn disorder_codes() -> Result<&'static [DisorderCode], String> {
    static CODES: OnceLock<Result<Vec<DisorderCode>, String>> = OnceLock::new();
    CODES
        .get_or_init(parse_disorder_codes)
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

/// The disorder system a FHIR coding is in, and its code in the table's form.
fn disorder_key(system: Option<&str>, code: &str) -> Option<(DisorderSystem, String)> {
    // CURIE forms are recognised under any system (they name their own system).
    for (prefix, s) in [
        ("OMIM:", DisorderSystem::Omim),
        ("ORPHA:", DisorderSystem::Orpha),
        ("Orphanet:", DisorderSystem::Orpha),
    ] {
        if let Some(local) = code.strip_prefix(prefix) {
            return Some((s, local.to_string()));
        }
    }
    if code.starts_with("MONDO:") {
        return Some((DisorderSystem::Mondo, code.to_string()));
    }
    let system = system?;
    let s = if system == ICD10CM_SYSTEM || system == ICD10_SYSTEM {
        DisorderSystem::Icd10
    } else if system == SNOMED_SYSTEM {
        DisorderSystem::Snomed
    } else if system == MONDO_SYSTEM {
        DisorderSystem::Mondo
    } else if ORPHA_SYSTEMS.contains(&system) {
        DisorderSystem::Orpha
    } else if OMIM_SYSTEMS.contains(&system) {
        DisorderSystem::Omim
    } else {
        return None;
    };
    Some((s, normalise(s, code)))
}

/// The disorder row a coding names, if it is a code of a modelled disorder (or of a
/// disease kept out of the map: then `disorders` is empty).
pub fn disorder(
    table: &'static [DisorderCode],
    system: Option<&str>,
    code: &str,
) -> Option<&'static DisorderCode> {
    let (s, c) = disorder_key(system, code)?;
    table.iter().find(|d| {
        d.system == s
            && if d.prefix {
                c.starts_with(d.code.as_str())
            } else {
                c == d.code
            }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_tables_parse() {
        let map = snomed_map().unwrap();
        assert!(!map.is_empty());
        for row in map.values() {
            // Every mapped term is in the committed HPO subset, under the label it has there.
            assert!(
                poh_core::hpo::subset_index(row.hpo).is_some(),
                "{}",
                row.hpo
            );
            assert_eq!(
                poh_core::hpo::label(row.hpo),
                Some(row.label),
                "{}",
                row.hpo
            );
            assert!(row.source.contains(row.snomed), "{}", row.source);
        }
        let table = disorder_codes().unwrap();
        // Disorder codes are never mapped to findings.
        for d in table.iter().filter(|d| d.system == DisorderSystem::Snomed) {
            assert!(!map.contains_key(d.code.as_str()), "{}", d.code);
        }
        assert!(snomed_map_header("source").is_some());
    }

    #[test]
    fn hpo_code_spellings() {
        let id = HpoId::parse("HP:0025027").unwrap();
        assert_eq!(parse_hpo_code("HP:0025027"), Some(id));
        assert_eq!(parse_hpo_code("HP_0025027"), Some(id));
        assert_eq!(
            parse_hpo_code("http://purl.obolibrary.org/obo/HP_0025027"),
            Some(id)
        );
        assert_eq!(parse_hpo_code("0025027"), None);
        assert_eq!(parse_hpo_code("HP:25027"), None);
    }
}
