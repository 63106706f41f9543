/**
 * Text the library writes by hand for other programs and people: {@link
 * org.sensorsandmore.core.text.JsonText} is the one JSON string escaper of the dashboard and the
 * alert notices, {@link org.sensorsandmore.core.text.Messages} says a failure in one line.
 */
package org.sensorsandmore.core.text;
