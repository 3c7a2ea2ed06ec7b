package io.cachedfactory;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method of the cached type whose result joins the cache key of every request.
 *
 * <p>Traits are cheap run-time facts that a stored object must agree with, such as the column names
 * a table will have. The method takes a subset of the factory's parameters (matched by name and
 * type) and returns a key-encodable value; it is called on every {@code get}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Traits {
}
