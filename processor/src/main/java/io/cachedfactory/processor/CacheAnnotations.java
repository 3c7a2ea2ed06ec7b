package io.cachedfactory.processor;

import java.util.List;

/*
 * The @CachedFactory and @CacheDependency annotations (with their attributes) are cut from the
 * token stream before hashing: what they declare is fingerprinted as components of its own
 * (dependencies, resources, counters, codec), and the rest (name, maxAge, memory, persistent) does
 * not change what a constructor builds. So reordering dependsOn, or changing maxAge, keeps VERSION.
 */

/** Cuts the cache annotations out of a normalized token stream. */
final class CacheAnnotations {

    private CacheAnnotations() {
    }

    /**
     * Cuts every {@code @CachedFactory(...)} and {@code @CacheDependency(...)} (simple or qualified
     * name) out of a normalized token stream, one token per line.
     */
    static String cut(String normalized) {
        List<String> tokens = List.of(normalized.split("\n", -1));
        StringBuilder kept = new StringBuilder(normalized.length());
        int i = 0;
        int count = tokens.size() - 1; // the stream ends with a line feed
        while (i < count) {
            int after = cacheAnnotationEnd(tokens, i, count);
            if (after > i) {
                i = after;
                continue;
            }
            kept.append(tokens.get(i)).append('\n');
            i++;
        }
        return kept.toString();
    }

    /** The index after the cache annotation starting at {@code start}, or {@code start}. */
    private static int cacheAnnotationEnd(List<String> tokens, int start, int count) {
        if (!tokens.get(start).equals("@")) {
            return start;
        }
        int name = start + 1;
        if (name + 4 < count && tokens.get(name).equals("io") && tokens.get(name + 1).equals(".")
                && tokens.get(name + 2).equals("cachedfactory")
                && tokens.get(name + 3).equals(".")) {
            name += 4;
        }
        if (name >= count || !(tokens.get(name).equals("CachedFactory")
                || tokens.get(name).equals("CacheDependency"))) {
            return start;
        }
        int next = name + 1;
        if (next < count && tokens.get(next).equals("(")) {
            int depth = 0;
            do {
                String token = tokens.get(next);
                depth += token.equals("(") ? 1 : token.equals(")") ? -1 : 0;
                next++;
            } while (depth > 0 && next < count);
        }
        return next;
    }
}
