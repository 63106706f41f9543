-- sensor_hourly: one row per sensor and hour, with its same-weekday, same-hour baseline.
--
-- One text for DuckDB and Spark. Placeholders, filled by ViewSql:
--   {{readings}}       the stored readings (store_id, sensor_id, epoch_hour, status, visits) with
--                      their calendar columns: epoch_day, hour_of_day and weekday (0 = Monday),
--                      derived with arithmetic both engines share
--   {{legacy_zero}}    1 when a failed reading counts as 0 visits (the original's rule), else 0
--   {{baseline_days}}  7 * (weeks - 1): the baseline covers the current and the previous weeks
--   {{filter}}         a condition on {{readings}}' columns that keeps every reading the asked
--                      rows and their baselines need (the asked stores, sensors, hours and
--                      weekdays; the dates widened back by {{baseline_days}}), with bind
--                      parameters only; TRUE for every row
--   {{store_filter}}   (store views) a condition on store_id alone, so that "complete" counts a
--                      store's sensors over all its readings; TRUE for every store
-- The filters only narrow what is read: a row's values never depend on them.
-- Stores are grouped and sorted by their number; the name (table stores) joins the finished rows.
--
-- The baseline frame is RANGE over the day number, not ROWS: within one (sensor, weekday, hour)
-- partition the days are 7 apart, so a missing week is missing rather than replaced by an older one.
WITH cells AS (
    SELECT
        store_id,
        sensor_id,
        epoch_day,
        hour_of_day,
        weekday,
        CAST(CASE WHEN status = 1 AND {{legacy_zero}} = 0 THEN NULL ELSE COALESCE(visits, 0) END AS BIGINT) AS visits,
        CASE WHEN status = 1 THEN 1 ELSE 0 END AS failed
    FROM {{readings}} r
    WHERE {{filter}}
),
based AS (
    SELECT
        cells.*,
        AVG(visits) OVER (
            PARTITION BY store_id, sensor_id, weekday, hour_of_day
            ORDER BY epoch_day
            RANGE BETWEEN {{baseline_days}} PRECEDING AND CURRENT ROW) AS baseline
    FROM cells
)
SELECT
    stores.store,
    sensor_id,
    DATE '1970-01-01' + epoch_day AS date,
    hour_of_day AS hour,
    weekday,
    visits,
    1 AS readings,
    failed,
    baseline,
    CASE WHEN visits IS NULL OR baseline IS NULL OR baseline = 0 THEN NULL
         ELSE 100.0 * (visits - baseline) / baseline END AS pct_diff,
    TRUE AS complete
FROM based
JOIN stores ON stores.store_id = based.store_id
