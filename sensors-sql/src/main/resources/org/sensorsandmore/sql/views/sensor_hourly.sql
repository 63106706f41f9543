-- sensor_hourly: one row per sensor and hour, with its same-weekday, same-hour baseline.
--
-- One text for DuckDB and Spark. Placeholders, filled by ViewSql:
--   {{readings}}       the stored readings (store_id, sensor_id, epoch_hour, status, visits) with
--                      their calendar columns: epoch_day, hour_of_day and weekday (0 = Monday),
--                      derived with arithmetic both engines share
--   {{legacy_zero}}    1 when a failed reading counts as 0 visits (the original's rule), else 0
--   {{failed}}         the status code of a failed reading (ReadingStatus.code: the codes have
--                      one home, and no text spells one)
--   {{baseline_days}}  7 * (weeks - 1): the baseline covers the current and the previous weeks
--   {{weeks_sum}}      (this view) the sum of the non-null visits of the current hour and of the
--                      same hour 1 .. weeks - 1 weeks before, read by offset in the order of
--                      (store_id, sensor_id, epoch_hour): LAG(visits, 168 * k)
--   {{weeks_counted}}  (this view) how many of those visits are not null
--   {{sums}}           (the other views) a group's visits, readings and failed columns, summed
--                      from its readings with {{legacy_zero}}'s rule: one text for the three
--   {{measures}}       (the other views) the columns visits, readings, failed, baseline and
--                      pct_diff of a finished row, pct_diff computed as in this view
--   {{filter}}         a condition on {{readings}}' columns that keeps every reading the asked
--                      rows and their baselines need (the asked stores, sensors, hours and
--                      weekdays; the dates widened back by {{baseline_days}}), with bind
--                      parameters only; TRUE for every row
--   {{store_filter}}   (store views) a condition on store_id alone, so that "complete" counts a
--                      store's sensors over all its readings; TRUE for every store
-- The filters only narrow what is read: a row's values never depend on them.
-- Stores are grouped and sorted by their number; the name (table stores) joins the finished rows.
--
-- The baseline is by date: a missing week is missing rather than replaced by an older one. It is
-- computed two ways, with the same result, according to the sensor's readings:
--   - gapless (every hour between its first and last is there, the usual case): the same hour a
--     week before is exactly 168 rows before, so the weeks are read by offset in one pass ordered
--     by hour. This sort is on (store_id, sensor_id, epoch_hour) alone, and is about twice as
--     fast as the window below;
--   - otherwise: a RANGE frame over the day number within (sensor, weekday, hour), where the days
--     are 7 apart.
WITH cells AS (
    SELECT
        store_id,
        sensor_id,
        epoch_hour,
        epoch_day,
        hour_of_day,
        weekday,
        CAST(CASE WHEN status = {{failed}} AND {{legacy_zero}} = 0 THEN NULL ELSE COALESCE(visits, 0) END AS BIGINT) AS visits,
        CASE WHEN status = {{failed}} THEN 1 ELSE 0 END AS failed
    FROM {{readings}} r
    WHERE {{filter}}
),
series AS (
    SELECT store_id, sensor_id, COUNT(*) = MAX(epoch_hour) - MIN(epoch_hour) + 1 AS gapless
    FROM cells
    GROUP BY store_id, sensor_id
),
flagged AS (
    SELECT cells.*, series.gapless
    FROM cells
    JOIN series ON series.store_id = cells.store_id AND series.sensor_id = cells.sensor_id
),
based AS (
    SELECT
        store_id, sensor_id, epoch_day, hour_of_day, weekday, visits, failed,
        CASE WHEN ({{weeks_counted}}) = 0 THEN NULL ELSE ({{weeks_sum}}) / ({{weeks_counted}}) END AS baseline
    FROM flagged
    WHERE gapless
    UNION ALL
    SELECT
        store_id, sensor_id, epoch_day, hour_of_day, weekday, visits, failed,
        AVG(visits) OVER (
            PARTITION BY store_id, sensor_id, weekday, hour_of_day
            ORDER BY epoch_day
            RANGE BETWEEN {{baseline_days}} PRECEDING AND CURRENT ROW) AS baseline
    FROM flagged
    WHERE NOT gapless
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
