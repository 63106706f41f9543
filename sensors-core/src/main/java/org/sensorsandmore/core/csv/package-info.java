/**
 * Readings in and out of CSV, in the library's own format and in the original Python system's.
 *
 * <p>{@link org.sensorsandmore.core.csv.ReadingCsvWriter} writes batches of readings;
 * {@link org.sensorsandmore.core.csv.ReadingCsvReader} reads them back, recognising the format by its
 * header, and accounts for every row it rejects in a {@link org.sensorsandmore.core.csv.CsvReadResult}.
 * Files are UTF-8; lines end with {@code \n} when written and with {@code \n}, {@code \r\n} or
 * {@code \r} when read. Cells are quoted as RFC 4180 says; only a store name can need it (when it
 * holds a comma, a double quote or a line break).
 *
 * <h2>The library's format</h2>
 *
 * <pre>
 * store,sensor_id,hour,visits,status,anomaly
 * Paris,3,2024-07-01T09:00,6912,OK,false
 * Paris,4,2024-07-01T09:00,,FAILED,true
 * "Rome, Termini",0,2024-07-01T05:00,,NOT_OPEN,false
 * </pre>
 *
 * <ul>
 *   <li>{@code store}: the store's name, not blank;
 *   <li>{@code sensor_id}: an integer, 0 or more;
 *   <li>{@code hour}: the store-local start of the hour as an ISO local date-time, {@code
 *       2024-07-01T09:00} (a whole hour; {@code 2024-07-01T09:00:00} is read too);
 *   <li>{@code visits}: an integer, 0 or more, when the status is {@code OK}; empty otherwise;
 *   <li>{@code status}: {@code OK}, {@code FAILED} (the sensor did not report) or {@code NOT_OPEN} (an
 *       hour before the store opened);
 *   <li>{@code anomaly}: {@code true} or {@code false}; always {@code false} when {@code NOT_OPEN}.
 * </ul>
 *
 * <h2>The original format</h2>
 *
 * <p>What the original system's download script wrote ({@code data/latest_dat.csv}) and its
 * dashboard shipped:
 *
 * <pre>
 * date,hour,shop,sensor_id,count,units
 * 2024-07-01,9,Paris,3,6912,visits
 * 2024-07-01,9,Paris,4,-1,
 * 2024-07-09,11,Madrid,NULL,929,visits
 * </pre>
 *
 * <ul>
 *   <li>{@code date}: an ISO date {@code yyyy-MM-dd};
 *   <li>{@code hour}: the hour of day, 0 to 23;
 *   <li>{@code shop}: the store's name, not blank;
 *   <li>{@code sensor_id}: an integer, 0 or more;
 *   <li>{@code count}: the visits (0 or more), {@code -1} for a failed sensor or {@code -2} for an hour
 *       before the store opened;
 *   <li>{@code units}: {@code visits} when the count is 0 or more, empty otherwise.
 * </ul>
 *
 * <p>It has no anomaly flag: readings read from it have none, and a reading's flag is not written.
 * The original deliberately dirtied its data: about one row in a hundred has {@code NULL} in one of
 * its first five cells. Such a row is rejected (its reason names the column, {@code "sensor_id is
 * NULL"}), as is any row that breaks a rule above; so is a store actually named {@code NULL}.
 *
 * <p>The writer writes any reading it is given; a reading the reader would reject (a blank store
 * name, or {@code NULL} in the original format) reads back as a rejected row, never as a changed
 * reading.
 */
package org.sensorsandmore.core.csv;
