package io.cachedfactory.redis;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps Lettuce and Netty quiet by default. Without SLF4J or Log4j on the class path they log
 * through java.util.logging, at INFO and WARNING on every reconnect attempt, which would print a
 * line per second while Redis is down; the tier already reports an outage once. Loggers that the
 * application configured (a level set in logging.properties or in code) are left alone, and with
 * SLF4J or Log4j present the application's own configuration decides.
 */
final class LettuceLogging {

    // Strong references: java.util.logging holds loggers weakly, and a collected logger forgets
    // the level set here.
    private static final List<Logger> QUIETED = List.of(
            Logger.getLogger("io.lettuce.core"), Logger.getLogger("io.netty"));

    static {
        for (Logger logger : QUIETED) {
            if (!configured(logger)) {
                logger.setLevel(Level.SEVERE);
            }
        }
    }

    private LettuceLogging() {
    }

    /** Whether the logger or one of its ancestors below the root has a level of its own. */
    private static boolean configured(Logger logger) {
        for (Logger at = logger; at != null && at.getParent() != null; at = at.getParent()) {
            if (at.getLevel() != null) {
                return true;
            }
        }
        return false;
    }

    /** Applies the defaults, once per class loader. */
    static void quiet() {
        // The static initializer did the work.
    }
}
