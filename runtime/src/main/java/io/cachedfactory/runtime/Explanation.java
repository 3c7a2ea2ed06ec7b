package io.cachedfactory.runtime;

import java.util.List;
import java.util.Optional;

/**
 * Why a request would or would not be served from the store, as a generated factory's
 * {@code explain(arguments)} tells it (through
 * {@link io.cachedfactory.runtime.internal.FactoryCache#explain}), without loading or building.
 *
 * @param state where the object stands now
 * @param reason why a {@code get} would build, or empty when it would be served
 * @param changes for {@link MissReason#OTHER_FINGERPRINT}: which fingerprint components differ from
 *     the stored entry's, as {@link Fingerprint#changesSince} words them; otherwise empty
 */
public record Explanation(CacheState state, Optional<MissReason> reason, List<String> changes) {

    /** Copies {@code changes}. */
    public Explanation {
        changes = List.copyOf(changes);
    }

    @Override
    public String toString() {
        if (reason.isEmpty()) {
            return state.toString();
        }
        return reason.get() + (changes.isEmpty() ? "" : ": " + String.join(", ", changes));
    }
}
