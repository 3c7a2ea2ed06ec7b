package io.cachedfactory;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares, on a helper class shared by several cached types, what that helper itself depends on.
 * When a {@link CachedFactory} lists this class in {@code dependsOn}, these dependencies and
 * resources join its fingerprint too.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface CacheDependency {

    /** Further classes whose code this class depends on. */
    Class<?>[] dependsOn() default {};

    /** Build-time data files this class reads, as in {@link CachedFactory#resources()}. */
    String[] resources() default {};
}
