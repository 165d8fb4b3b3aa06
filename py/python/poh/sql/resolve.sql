-- poh OMOP screen, step 1: resolve the concept map through the site's own vocabulary.
-- DuckDB dialect. Reads the temp views poh_concept (the site's concept table, normalised by
-- poh.omop) and poh_map (py/python/poh/data/omop_concept_map.tsv). The map holds codes, not
-- concept ids: a (vocabulary_id, concept_code) row becomes every site concept with that code
-- (or, for a `prefix` row, every code that starts with it). Rows whose concept id the CDM
-- specification fixes (sex) carry it in cdm_concept_id.
CREATE OR REPLACE TEMP TABLE poh_concepts AS
SELECT m.kind, m.vocabulary_id, c.concept_code AS code, m.target, m.priority,
       c.concept_id, c.concept_name
FROM poh_map AS m
JOIN poh_concept AS c
  ON c.vocabulary_id = m.vocabulary_id
 AND ((m.match = 'exact' AND c.code_norm = m.concept_code)
      OR (m.match = 'prefix' AND starts_with(c.code_norm, m.concept_code)))
WHERE m.cdm_concept_id IS NULL AND m.kind <> 'onset'
UNION ALL
SELECT m.kind, m.vocabulary_id, m.concept_code, m.target, m.priority,
       m.cdm_concept_id, NULL
FROM poh_map AS m
WHERE m.cdm_concept_id IS NOT NULL;
