package io.cachedfactory;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks the cachedfactory annotation processor to generate a caching factory for an expensive,
 * immutable type.
 *
 * <p>On a class {@code X}, every non-private constructor of {@code X} becomes a {@code get} method
 * of the generated {@code XFactory}. On one constructor, only that constructor does. On a static
 * method returning the cached type, the factory method takes that method's name.
 *
 * <pre>{@code
 * @CachedFactory(dependsOn = Schema.class, resources = "tables/columns.csv",
 *                versions = @Version(owner = "alice", value = 3), maxAge = "P30D")
 * public final class Table {
 *     public Table(String name, int year) { ... expensive ... }
 * }
 *
 * Table table = new TableFactory().get("sales", 2024);
 * }</pre>
 *
 * <p>The processor computes a fingerprint of the class's own source (comments and formatting do not
 * count), the sources of {@link #dependsOn()} classes (transitively), the bytes of
 * {@link #resources()} and the {@link #versions()} counters. A stored object built under another
 * fingerprint is never served.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.CONSTRUCTOR, ElementType.METHOD})
public @interface CachedFactory {

    /**
     * Simple name of the generated factory class; empty means the cached type's simple name
     * followed by {@code Factory}.
     */
    String name() default "";

    /**
     * Classes whose code the cached object depends on. Their sources (or class files, when they come
     * from a jar) are part of the fingerprint, transitively through {@link CacheDependency} and
     * {@code @CachedFactory} on those classes.
     */
    Class<?>[] dependsOn() default {};

    /**
     * Build-time data files, as paths relative to the class output or source path (for Maven, relative
     * to {@code src/main/resources}). Their bytes are part of the fingerprint; a missing file is a
     * compile error.
     */
    String[] resources() default {};

    /** Developers' manual invalidation counters: bump yours to invalidate stored objects. */
    Version[] versions() default {};

    /** What the fingerprint covers; {@link Sensitivity#SOURCE} by default. */
    Sensitivity sensitivity() default Sensitivity.SOURCE;

    /**
     * Maximum age of a stored entry as an ISO-8601 duration such as {@code "PT12H"} or {@code "P30D"};
     * empty means entries never expire.
     */
    String maxAge() default "";

    /**
     * How stored objects are written and read: {@code void.class} (the default) means
     * {@code io.cachedfactory.runtime.ForyCodec}, Apache Fory's object-graph format configured
     * strictly for a cache; {@code io.cachedfactory.runtime.JavaSerializationCodec.class} means
     * Java serialization, for classes that need their own {@code writeObject}/{@code readObject};
     * any other class must implement {@code io.cachedfactory.runtime.Codec} of the cached type and
     * have a public no-argument constructor.
     */
    Class<?> codec() default void.class;

    /** How the memory tier holds built objects; {@link MemoryPolicy#WEAK} by default. */
    MemoryPolicy memory() default MemoryPolicy.WEAK;

    /** Whether objects are stored on disk; {@code false} keeps them in memory only. */
    boolean persistent() default true;
}
