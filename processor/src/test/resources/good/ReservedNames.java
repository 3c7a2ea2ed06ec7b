package com.acme;

import io.cachedfactory.CachedFactory;
import io.cachedfactory.Traits;
import java.io.Serializable;

/**
 * Parameters named like the members of the generated argument record ({@code key}, {@code build},
 * {@code hashCode}) or like its traits component: the record gets other component names, the key
 * keeps the parameter names.
 */
@CachedFactory
public final class ReservedNames implements Serializable {
    private final String name;

    public ReservedNames(String key, int build, long hashCode, String traits) {
        this.name = key + build + hashCode + traits;
    }

    @Traits
    static int traits(String key) {
        return key.length();
    }
}
