package io.cachedfactory;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One developer's manual invalidation counter. Bumping {@link #value()} changes the fingerprint, so
 * every object stored under the old value is rebuilt on its next request. Each developer keeps a
 * counter of their own, so two people never have to agree on one number.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Version {

    /** Who owns this counter, for example a user name; not blank, unique within one annotation. */
    String owner();

    /** The counter; zero or more. */
    int value();
}
