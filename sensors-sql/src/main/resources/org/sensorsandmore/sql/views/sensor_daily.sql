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
        {{sums}}
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
    {{measures}},
    readings = 24 AS complete
FROM based
JOIN stores ON stores.store_id = based.store_id
