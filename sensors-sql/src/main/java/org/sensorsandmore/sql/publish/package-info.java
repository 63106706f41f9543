/**
 * The views published beside a warehouse file for readers in other processes: {@link
 * org.sensorsandmore.sql.publish.PublishedViews} reads them without the database, while one
 * process writes it. {@code Publisher} is the writer's side, internal.
 */
package org.sensorsandmore.sql.publish;
