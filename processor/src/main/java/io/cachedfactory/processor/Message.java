package io.cachedfactory.processor;

import java.util.Locale;
import javax.tools.Diagnostic;

/**
 * Every diagnostic the processor reports, in one catalogue. Each message says what is wrong and
 * what is allowed, and starts with a tag such as {@code [CachedFactoryKey]} that users can search
 * for.
 */
enum Message {

    NOT_CONCRETE("CachedFactoryConcrete",
            "%s is %s; @CachedFactory on a type or constructor needs a concrete class or record"
                    + " whose objects the factory can build (an abstract type may use a static"
                    + " method returning it instead)"),
    NO_CONSTRUCTOR("CachedFactoryConstructor",
            "%s has no non-private constructor for its factory to call; add a package-private or"
                    + " public one, or put @CachedFactory on a static method returning %s"),
    PRIVATE_MEMBER("CachedFactoryPrivate",
            "%s is private, so the generated factory cannot call it; make it package-private or"
                    + " public"),
    PRIVATE_TYPE("CachedFactoryPrivate",
            "%s is private, so the generated factory cannot use it; make it package-private or"
                    + " public"),
    INNER_CLASS("CachedFactoryInner",
            "%s is an inner (non-static) class; make it a static nested or top-level class, since"
                    + " its factory builds objects without an enclosing instance"),
    LOCAL_CLASS("CachedFactoryInner",
            "%s is a local or anonymous class; @CachedFactory needs a top-level or static nested"
                    + " class"),
    GENERIC("CachedFactoryGeneric",
            "%s declares type parameters; a cached type and its factory constructors or methods"
                    + " cannot be generic, since a stored object's type must be known without"
                    + " them"),
    NOT_STATIC("CachedFactoryStatic",
            "method %s is not static; @CachedFactory goes on a class, on a constructor, or on a"
                    + " static method returning the class it is declared in"),
    STATIC_RETURN("CachedFactoryReturn",
            "static method %s returns %s; a @CachedFactory method must return the class it is"
                    + " declared in, %s"),
    PLACEMENT("CachedFactoryPlacement",
            "@CachedFactory is on class %s and on its member %s; put it on the class (every"
                    + " non-private constructor) or on chosen constructors and static methods, not"
                    + " both"),
    CONFLICT("CachedFactoryConflict",
            "this @CachedFactory's attributes differ from those on %s, which makes the same"
                    + " factory %s; give the attributes once, or the same on every annotation"),
    KEY("CachedFactoryKey",
            "parameter '%s' of type %s cannot be part of a persistent key%s; use a primitive,"
                    + " String, enum, record, List/Set/Map of those, or implement"
                    + " io.cachedfactory.CacheKey (also allowed: arrays, Optional, UUID,"
                    + " BigInteger, BigDecimal and java.time values)"),
    MAX_AGE("CachedFactoryMaxAge",
            "maxAge \"%s\" is not a positive ISO-8601 duration; use for example \"PT12H\" or"
                    + " \"P30D\" (days, hours, minutes and seconds, as java.time.Duration reads"
                    + " them)"),
    VERSION_BLANK("CachedFactoryVersion",
            "@Version owner is blank; name the developer who owns the counter, for example"
                    + " @Version(owner = \"alice\", value = 1)"),
    VERSION_DUPLICATE("CachedFactoryVersion",
            "@Version owner \"%s\" appears more than once; each developer keeps one counter, so"
                    + " bump its value instead of adding another"),
    VERSION_NEGATIVE("CachedFactoryVersion",
            "@Version(owner = \"%s\") has value %d; counters start at 0 and only go up"),
    RESOURCE_PATH("CachedFactoryResource",
            "resource \"%s\" is not a relative path; name a file relative to the class output or"
                    + " source path, such as \"tables/columns.csv\""),
    RESOURCE_MISSING("CachedFactoryResource",
            "resource \"%s\"%s not found; looked in %s. Paths are relative to the class output"
                    + " or source path (for Maven, to src/main/resources)"),
    DEPENDS_ON("CachedFactoryDependsOn",
            "dependsOn names %s, which is not a class or interface; list the classes whose code"
                    + " %s depends on"),
    NAME_INVALID("CachedFactoryName",
            "factory name \"%s\" is not a Java identifier; give a simple class name such as"
                    + " \"TableFactory\""),
    NAME_CLASH("CachedFactoryName",
            "factory name %s is already taken by %s; set @CachedFactory(name = ...) to another"
                    + " name"),
    METHOD_CLASH("CachedFactoryMethod",
            "%s would become factory method %s, which clashes with %s in %s; rename the static"
                    + " method or change its parameter types"),
    CODEC("CachedFactoryCodec",
            "codec %s does not implement io.cachedfactory.runtime.Codec<%s>; name a class that"
                    + " does, leave codec unset for the default (Apache Fory), or name"
                    + " io.cachedfactory.runtime.JavaSerializationCodec for Java serialization"),
    CODEC_CONSTRUCTOR("CachedFactoryCodec",
            "codec %s needs to be a public, non-abstract class with a public no-argument"
                    + " constructor, since the generated factory creates it"),
    TRAITS("CachedFactoryTraits",
            "@Traits method %s must be static and non-private, take only parameters of every"
                    + " factory method (same name and type) and return a key-encodable value; %s"),
    TRAITS_DUPLICATE("CachedFactoryTraits",
            "%s has more than one @Traits method; combine them into one that returns a record or"
                    + " a list"),
    INVARIANT("CachedFactoryInvariant",
            "@Invariant method %s must be a non-private, non-static method without parameters"
                    + " returning boolean; %s"),
    MUTABLE_FIELD("CachedFactoryMutable",
            "field %s is not final; cached objects are shared and stored, so %s should be"
                    + " immutable", Diagnostic.Kind.WARNING),
    LOCK_OPTION("CachedFactoryLock",
            "option -A%s=%s is %s; %s"),
    LOCK_UPDATE_ALONE("CachedFactoryLock",
            "-A%s=true has no effect without -A%s=<path>; add the lock file's path (with Maven,"
                    + " -A%2$s=${project.basedir}/cachedfactory.lock)",
            Diagnostic.Kind.WARNING),
    LOCK_MISSING("CachedFactoryLock",
            "lock file %s does not exist; create it: %s"),
    LOCK_UNREADABLE("CachedFactoryLock",
            "lock file %s cannot be read: %s; do not edit or merge it by hand, regenerate it: %s"),
    LOCK_CHANGED("CachedFactoryLock",
            "the fingerprint of %s differs from lock file %s, so objects it stored will be"
                    + " rebuilt:%s%nIf this change is intended, update the lock file: %s"),
    LOCK_NEW("CachedFactoryLock",
            "%s is a new factory, not in lock file %s; update the lock file: %s"),
    LOCK_REMOVED("CachedFactoryLock",
            "lock file %s lists %s (the factory of %s), which this compilation no longer"
                    + " generates; update the lock file: %s"),
    LOCK_WRITTEN("CachedFactoryLock",
            "lock file %s %s", Diagnostic.Kind.NOTE),
    LOCK_WRITE_FAILED("CachedFactoryLock",
            "cannot write lock file %s: %s"),
    DYNAMIC_EDGE("CachedFactoryDynamic",
            "%s loads code chosen at run time, which the fingerprint of %s cannot see; list it in"
                    + " dependsOn or bump a @Version counter when it changes (or add"
                    + " @SuppressWarnings(\"cachedfactory\") to this member)",
            Diagnostic.Kind.WARNING),
    OUTSIDE_INPUT("CachedFactoryInput",
            "%s reads %s from outside the code, which the fingerprint of %s cannot see; make it an"
                    + " argument or a @Traits value, or set maxAge (or add"
                    + " @SuppressWarnings(\"cachedfactory\") to this member)",
            Diagnostic.Kind.WARNING),
    UNEXPECTED("CachedFactoryBug",
            "unexpected error while processing %s; no factory was written for it. Please report"
                    + " this with the trace:%n%s");

    private final String tag;
    private final String format;
    private final Diagnostic.Kind kind;

    Message(String tag, String format) {
        this(tag, format, Diagnostic.Kind.ERROR);
    }

    Message(String tag, String format, Diagnostic.Kind kind) {
        this.tag = tag;
        this.format = format;
        this.kind = kind;
    }

    /** ERROR for every message but the warnings and notes. */
    Diagnostic.Kind kind() {
        return kind;
    }

    /** The tagged text, such as {@code [CachedFactoryKey] parameter 'rows' of type ...}. */
    String format(Object... args) {
        return "[" + tag + "] " + String.format(Locale.ROOT, format, args);
    }
}
