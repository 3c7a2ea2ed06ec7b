package io.cachedfactory;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a no-argument {@code boolean} instance method of the cached type that must return
 * {@code true} before an object loaded from disk is served. When it returns {@code false} the
 * object is rebuilt and the stored entry replaced.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Invariant {
}
