/**
 * Internal, not API: the views kept in tables ({@code sensor_days}, {@code store_days}) and
 * maintained with each write transaction, so that a query reads the rows it asks for instead of
 * recomputing baselines over every reading, and an hourly run recomputes the days it changed.
 * The view texts ({@link org.sensorsandmore.sql.views.ViewSql}) stay the specification these
 * tables are tested against, and the SQL that fills them ({@code DayTable}) the specification of
 * the Java kernels that rebuild them whole ({@code RebuildKernel}) and recompute the days a
 * transaction changed ({@code RefreshKernel}).
 */
package org.sensorsandmore.sql.materialized;
