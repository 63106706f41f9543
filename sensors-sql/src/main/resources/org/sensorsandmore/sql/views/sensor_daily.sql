-- sensor_daily: one row per sensor and day, with its same-weekday baseline.
--
-- One text for DuckDB and Spark; placeholders and columns as in sensor_hourly.sql.
-- A day is complete when all 24 hourly readings are stored (failed ones included).
WITH days AS (
    SELECT
        store_id,
        sensor_id,
        epoch_day,
        weekday,
        CAST(SUM(CASE WHEN status = 1 AND {{legacy_zero}} = 0 THEN NULL ELSE COALESCE(visits, 0) END) AS BIGINT)
            AS visits,
        CAST(COUNT(*) AS INTEGER) AS readings,
        CAST(SUM(CASE WHEN status = 1 THEN 1 ELSE 0 END) AS INTEGER) AS failed
    FROM {{readings}} r
    WHERE {{filter}}
    GROUP BY store_id, sensor_id, epoch_day, weekday
),
based AS (
    SELECT
        days.*,
        AVG(visits) OVER (
            PARTITION BY store_id, sensor_id, weekday
            ORDER BY epoch_day
            RANGE BETWEEN {{baseline_days}} PRECEDING AND CURRENT ROW) AS baseline
    FROM days
)
SELECT
    stores.store,
    sensor_id,
    DATE '1970-01-01' + epoch_day AS date,
    weekday,
    visits,
    readings,
    failed,
    baseline,
    CASE WHEN visits IS NULL OR baseline IS NULL OR baseline = 0 THEN NULL
         ELSE 100.0 * (visits - baseline) / baseline END AS pct_diff,
    readings = 24 AS complete
FROM based
JOIN stores ON stores.store_id = based.store_id
