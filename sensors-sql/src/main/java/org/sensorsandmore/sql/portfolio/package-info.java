/**
 * The whole portfolio at a glance: every store's last complete week and four weeks against its
 * baseline and a year earlier, read from the stored views in one pass ({@link
 * org.sensorsandmore.sql.portfolio.Portfolio#of(org.sensorsandmore.sql.Warehouse, double)}).
 */
package org.sensorsandmore.sql.portfolio;
