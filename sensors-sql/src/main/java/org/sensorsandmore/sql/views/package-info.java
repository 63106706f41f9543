/**
 * The view contract: the client's four views ({@link org.sensorsandmore.sql.views.View}, by {@link
 * org.sensorsandmore.sql.views.Level} and {@link org.sensorsandmore.sql.views.Resolution}), what to
 * ask of them ({@link org.sensorsandmore.sql.views.ViewQuery}, {@link
 * org.sensorsandmore.sql.views.FailurePolicy}) and the rows they answer ({@link
 * org.sensorsandmore.sql.views.ViewRow}).
 *
 * <p>Each view has one SQL text, {@code <view>.sql} in this package's resource folder, written for
 * DuckDB and Spark alike. {@link org.sensorsandmore.sql.views.ViewSql} builds the warehouse's
 * filtered queries around them; {@link org.sensorsandmore.sql.views.ViewTexts} hands them to other
 * engines ({@code sensors-spark}), ready to run. {@link org.sensorsandmore.sql.views.StatusCodes}
 * is how any statement tests or converts a stored status code.
 */
package org.sensorsandmore.sql.views;
