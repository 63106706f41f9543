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
        {{sums}}
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
    {{measures}},
    readings = sensors.sensor_count AS complete
FROM based
JOIN sensors ON sensors.store_id = based.store_id
JOIN stores ON stores.store_id = based.store_id
