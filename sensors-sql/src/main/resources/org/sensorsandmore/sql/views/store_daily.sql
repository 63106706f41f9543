-- store_daily: one row per store and day (the sum over its sensors), with its same-weekday
-- baseline.
--
-- One text for DuckDB and Spark; placeholders and columns as in sensor_hourly.sql.
-- A day is complete when every sensor the store has ever reported from has all 24 readings.
WITH sensors AS (
    SELECT store_id, COUNT(DISTINCT sensor_id) AS sensor_count
    FROM readings
    WHERE {{store_filter}}
    GROUP BY store_id
),
days AS (
    SELECT
        store_id,
        epoch_day,
        weekday,
        {{sums}}
    FROM {{readings}} r
    WHERE {{filter}}
    GROUP BY store_id, epoch_day, weekday
),
based AS (
    SELECT
        days.*,
        AVG(visits) OVER (
            PARTITION BY store_id, weekday
            ORDER BY epoch_day
            RANGE BETWEEN {{baseline_days}} PRECEDING AND CURRENT ROW) AS baseline
    FROM days
)
SELECT
    stores.store,
    DATE '1970-01-01' + epoch_day AS date,
    weekday,
    {{measures}},
    readings = 24 * sensors.sensor_count AS complete
FROM based
JOIN sensors ON sensors.store_id = based.store_id
JOIN stores ON stores.store_id = based.store_id
