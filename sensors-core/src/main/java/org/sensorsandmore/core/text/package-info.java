/**
 * Text the library writes by hand for other programs: {@link org.sensorsandmore.core.text.JsonText}
 * is the one JSON string escaper of the dashboard and the alert notices.
 */
package org.sensorsandmore.core.text;
