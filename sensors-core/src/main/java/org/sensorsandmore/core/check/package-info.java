/**
 * Argument checks shared by the builders and constructors of every module, so that a refused
 * value is told in one form: {@code threads must be at least 1, not 0}.
 */
package org.sensorsandmore.core.check;
