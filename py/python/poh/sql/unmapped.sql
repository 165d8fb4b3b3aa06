-- poh OMOP screen: what the map did not read, counted per concept (DuckDB dialect).
-- A condition or observation row is read when its concept or source concept is in the
-- resolved map (any kind); a measurement row when its concept is a mapped lab. Concept 0 is
-- the CDM's "no matching concept"; a row whose concept is 0 is counted under its source
-- concept when it has one. Observations of a mapped phenotype whose value is neither
-- empty nor a Present/Absent answer are counted as `unread_value`, per value concept.
WITH
known AS (SELECT DISTINCT concept_id FROM poh_concepts),
labs AS (SELECT DISTINCT concept_id FROM poh_concepts WHERE kind = 'lab'),
phenotypes AS (SELECT DISTINCT concept_id FROM poh_concepts WHERE kind = 'phenotype'),
answers AS (SELECT DISTINCT concept_id FROM poh_concepts WHERE kind = 'value'),
counted AS (
    SELECT 'condition_occurrence' AS table_name, 'unmapped' AS reason,
           CASE WHEN COALESCE(e.condition_concept_id, 0) = 0 THEN COALESCE(e.condition_source_concept_id, 0)
                ELSE e.condition_concept_id END AS concept_id, e.person_id
    FROM poh_condition AS e
    WHERE NOT EXISTS (SELECT 1 FROM known AS k WHERE k.concept_id = e.condition_concept_id)
      AND NOT EXISTS (SELECT 1 FROM known AS k WHERE k.concept_id = e.condition_source_concept_id)
    UNION ALL
    SELECT 'observation', 'unmapped', CASE WHEN COALESCE(e.observation_concept_id, 0) = 0 THEN COALESCE(e.observation_source_concept_id, 0)
                ELSE e.observation_concept_id END, e.person_id
    FROM poh_observation AS e
    WHERE NOT EXISTS (SELECT 1 FROM known AS k WHERE k.concept_id = e.observation_concept_id)
      AND NOT EXISTS (SELECT 1 FROM known AS k WHERE k.concept_id = e.observation_source_concept_id)
    UNION ALL
    SELECT 'observation', 'unread_value', e.value_as_concept_id, e.person_id
    FROM poh_observation AS e
    WHERE e.value_as_concept_id IS NOT NULL AND e.value_as_concept_id <> 0
      AND NOT EXISTS (SELECT 1 FROM answers AS a WHERE a.concept_id = e.value_as_concept_id)
      AND (EXISTS (SELECT 1 FROM phenotypes AS p WHERE p.concept_id = e.observation_concept_id)
           OR EXISTS (SELECT 1 FROM phenotypes AS p
                      WHERE p.concept_id = e.observation_source_concept_id))
    UNION ALL
    SELECT 'measurement', 'unmapped', COALESCE(e.measurement_concept_id, 0), e.person_id
    FROM poh_measurement AS e
    WHERE NOT EXISTS (SELECT 1 FROM labs AS k WHERE k.concept_id = e.measurement_concept_id)
)
SELECT c.table_name, c.reason, c.concept_id,
       any_value(v.concept_name) AS concept_name,
       any_value(v.vocabulary_id) AS vocabulary_id,
       any_value(v.concept_code) AS concept_code,
       count(*) AS records,
       count(DISTINCT c.person_id) AS persons
FROM counted AS c
LEFT JOIN (
    SELECT concept_id, any_value(concept_name) AS concept_name,
           any_value(vocabulary_id) AS vocabulary_id, any_value(concept_code) AS concept_code
    FROM poh_concept GROUP BY concept_id
) AS v ON v.concept_id = c.concept_id
GROUP BY c.table_name, c.reason, c.concept_id
ORDER BY c.table_name, c.reason, persons DESC, records DESC, c.concept_id
