-- poh OMOP screen, step 2: one findings row per person (DuckDB dialect).
-- Reads the temp views poh_person, poh_observation_period, poh_condition, poh_observation,
-- poh_measurement (the site's tables with types and names normalised by poh.omop, so this
-- file is the same for CDM v5.3 and v5.4) and poh_concepts (resolve.sql), poh_map.
--
-- Semantics (docs/COHORT.md):
-- * a mapped condition_occurrence row is a present term (the CDM has no negation there);
-- * a mapped observation row is present when its value_as_concept_id is empty (NULL or 0)
--   or the Present answer, excluded for the Absent answer, and not read for any other value;
-- * a term with any present record is present, else excluded; nothing else is ever excluded
--   (a term never recorded stays unknown);
-- * onset_months: the age at the term's first present record bounds its onset from above,
--   so it is given only when below the knowledge base's onset threshold (map row `onset`);
-- * labs: the latest measurement of the analyte's preferred codes (lowest priority), read
--   against its own range_low/range_high; a missing value or range, an inverted range or
--   any comparison operator gives unknown (NULL), never normal;
-- * recorded diagnoses of the modelled disorders go to recorded_diagnoses, never to findings;
-- * age_months: whole months from birth to the end of the latest observation period.
WITH
onset_rule AS (
    SELECT CAST(target AS INTEGER) AS below_months FROM poh_map WHERE kind = 'onset'
),
birth AS (
    SELECT person_id, gender_concept_id,
           COALESCE(birth_date,
                    TRY(make_date(year_of_birth, COALESCE(month_of_birth, 7),
                                  COALESCE(day_of_birth, 1)))) AS birth_date
    FROM poh_person
),
obs_end AS (
    SELECT person_id, max(observation_period_end_date) AS observation_end
    FROM poh_observation_period
    GROUP BY person_id
),
phenotype_concepts AS (
    SELECT concept_id, target FROM poh_concepts WHERE kind = 'phenotype'
),
phen_events AS (
    SELECT e.person_id, m.target AS id, e.event_date, 'present' AS state
    FROM poh_condition AS e JOIN phenotype_concepts AS m ON m.concept_id = e.condition_concept_id
    UNION ALL
    SELECT e.person_id, m.target, e.event_date, 'present'
    FROM poh_condition AS e JOIN phenotype_concepts AS m
      ON m.concept_id = e.condition_source_concept_id
    UNION ALL
    SELECT o.person_id, o.id, o.event_date,
           CASE WHEN o.value_as_concept_id IS NULL OR o.value_as_concept_id = 0 THEN 'present'
                ELSE v.target END
    FROM (
        SELECT e.person_id, m.target AS id, e.event_date, e.value_as_concept_id
        FROM poh_observation AS e JOIN phenotype_concepts AS m
          ON m.concept_id = e.observation_concept_id
        UNION ALL
        SELECT e.person_id, m.target, e.event_date, e.value_as_concept_id
        FROM poh_observation AS e JOIN phenotype_concepts AS m
          ON m.concept_id = e.observation_source_concept_id
    ) AS o
    LEFT JOIN poh_concepts AS v ON v.kind = 'value' AND v.concept_id = o.value_as_concept_id
),
phen AS (
    SELECT person_id, id,
           bool_or(state = 'present') AS present,
           min(event_date) FILTER (WHERE state = 'present') AS first_present,
           max(event_date) AS last_date
    FROM phen_events
    WHERE state IS NOT NULL
    GROUP BY person_id, id
),
phen_list AS (
    SELECT f.person_id,
           list(struct_pack(
                    id := f.id,
                    excluded := NOT f.present,
                    onset_months := CASE
                        WHEN f.present AND poh_months(b.birth_date, f.first_present)
                             BETWEEN 0 AND (SELECT below_months FROM onset_rule) - 1
                        THEN CAST(poh_months(b.birth_date, f.first_present) AS INTEGER)
                    END)
                ORDER BY f.id) AS phenotypes,
           max(f.last_date) AS last_date
    FROM phen AS f LEFT JOIN birth AS b ON b.person_id = f.person_id
    GROUP BY f.person_id
),
lab_latest AS (
    SELECT e.person_id, m.target AS analyte, e.event_date, e.value_as_number,
           e.range_low, e.range_high, e.operator_concept_id
    FROM poh_measurement AS e
    JOIN poh_concepts AS m ON m.kind = 'lab' AND m.concept_id = e.measurement_concept_id
    QUALIFY row_number() OVER (
        PARTITION BY e.person_id, m.target
        ORDER BY m.priority, e.event_date DESC NULLS LAST, e.event_datetime DESC NULLS LAST,
                 e.measurement_id DESC NULLS LAST) = 1
),
lab_read AS (
    SELECT person_id, analyte, event_date,
           CASE
               WHEN value_as_number IS NULL OR isnan(value_as_number) THEN NULL
               WHEN operator_concept_id IS NOT NULL AND operator_concept_id <> 0 THEN NULL
               WHEN range_low IS NOT NULL AND range_high IS NOT NULL
                    AND range_low > range_high THEN NULL
               WHEN range_low IS NOT NULL AND value_as_number < range_low THEN 'low'
               WHEN range_high IS NOT NULL AND value_as_number > range_high THEN 'high'
               WHEN range_low IS NOT NULL AND range_high IS NOT NULL THEN 'normal'
           END AS level
    FROM lab_latest
),
labs AS (
    SELECT person_id,
           any_value(level) FILTER (WHERE analyte = 'pth') AS labs_pth,
           any_value(level) FILTER (WHERE analyte = 'calcium') AS labs_calcium,
           any_value(level) FILTER (WHERE analyte = 'phosphate') AS labs_phosphate,
           any_value(level) FILTER (WHERE analyte = 'tsh') AS labs_tsh,
           max(event_date) AS last_date
    FROM lab_read
    GROUP BY person_id
),
diagnosis_concepts AS (
    SELECT concept_id, target || ' ' || vocabulary_id || ':' || code AS label
    FROM poh_concepts WHERE kind = 'diagnosis'
),
dx AS (
    SELECT person_id, list(DISTINCT label ORDER BY label) AS recorded_diagnoses
    FROM (
        SELECT e.person_id, d.label FROM poh_condition AS e
        JOIN diagnosis_concepts AS d ON d.concept_id = e.condition_concept_id
        UNION ALL
        SELECT e.person_id, d.label FROM poh_condition AS e
        JOIN diagnosis_concepts AS d ON d.concept_id = e.condition_source_concept_id
        UNION ALL
        SELECT e.person_id, d.label FROM poh_observation AS e
        JOIN diagnosis_concepts AS d ON d.concept_id = e.observation_concept_id
        UNION ALL
        SELECT e.person_id, d.label FROM poh_observation AS e
        JOIN diagnosis_concepts AS d ON d.concept_id = e.observation_source_concept_id
    )
    GROUP BY person_id
)
SELECT
    b.person_id,
    CAST(CASE WHEN b.birth_date IS NOT NULL AND o.observation_end IS NOT NULL
              THEN poh_months(b.birth_date, o.observation_end) END AS INTEGER) AS age_months,
    s.target AS sex,
    COALESCE(p.phenotypes,
             CAST([] AS STRUCT(id VARCHAR, excluded BOOLEAN, onset_months INTEGER)[]))
        AS phenotypes,
    l.labs_pth, l.labs_calcium, l.labs_phosphate, l.labs_tsh,
    CAST(NULL AS VARCHAR) AS gnas_result,
    CAST(NULL AS VARCHAR) AS gnas_parent_of_origin,
    CAST(NULL AS BOOLEAN) AS history_trauma_or_surgery_at_site,
    CAST(NULL AS BOOLEAN) AS history_neurological_injury,
    CAST(NULL AS BOOLEAN) AS history_father_affected,
    CAST(NULL AS BOOLEAN) AS history_mother_affected,
    CAST(NULL AS BOOLEAN) AS imaging_specific_pattern,
    COALESCE(d.recorded_diagnoses, CAST([] AS VARCHAR[])) AS recorded_diagnoses,
    CASE WHEN p.last_date IS NULL THEN l.last_date
         WHEN l.last_date IS NULL THEN p.last_date
         ELSE greatest(p.last_date, l.last_date) END AS evidence_date,
    o.observation_end
FROM birth AS b
LEFT JOIN obs_end AS o ON o.person_id = b.person_id
LEFT JOIN poh_concepts AS s ON s.kind = 'sex' AND s.concept_id = b.gender_concept_id
LEFT JOIN phen_list AS p ON p.person_id = b.person_id
LEFT JOIN labs AS l ON l.person_id = b.person_id
LEFT JOIN dx AS d ON d.person_id = b.person_id
ORDER BY b.person_id
