-- store_hourly: one row per store and hour (the sum over its sensors), with its same-weekday,
-- same-hour baseline.
--
-- One text for DuckDB and Spark; placeholders and columns as in sensor_hourly.sql.
-- An hour is complete when every sensor the store has ever reported from has a reading in it.
WITH sensors AS (
    SELECT store_id, COUNT(DISTINCT sensor_id) AS sensor_count
    FROM readings
    WHERE {{store_filter}}
    GROUP BY store_id
),
hours AS (
    SELECT
        store_id,
        epoch_day,
        hour_of_day,
        weekday,
        CAST(SUM(CASE WHEN status = 1 AND {{legacy_zero}} = 0 THEN NULL ELSE COALESCE(visits, 0) END) AS BIGINT)
            AS visits,
        CAST(COUNT(*) AS INTEGER) AS readings,
        CAST(SUM(CASE WHEN status = 1 THEN 1 ELSE 0 END) AS INTEGER) AS failed
    FROM {{readings}} r
    WHERE {{filter}}
    GROUP BY store_id, epoch_day, hour_of_day, weekday
),
based AS (
    SELECT
        hours.*,
        AVG(visits) OVER (
            PARTITION BY store_id, weekday, hour_of_day
            ORDER BY epoch_day
            RANGE BETWEEN {{baseline_days}} PRECEDING AND CURRENT ROW) AS baseline
    FROM hours
)
SELECT
    stores.store,
    DATE '1970-01-01' + epoch_day AS date,
    hour_of_day AS hour,
    weekday,
    visits,
    readings,
    failed,
    baseline,
    CASE WHEN visits IS NULL OR baseline IS NULL OR baseline = 0 THEN NULL
         ELSE 100.0 * (visits - baseline) / baseline END AS pct_diff,
    readings = sensors.sensor_count AS complete
FROM based
JOIN sensors ON sensors.store_id = based.store_id
JOIN stores ON stores.store_id = based.store_id
