package io.cachedfactory.cli;

import java.io.PrintWriter;

/**
 * A counter line on stderr for long operations, such as {@code prune: 500/5000 entries removed}:
 * printed only when there are at least {@link #threshold()} items, about ten times and at the end,
 * so that stdout stays clean for scripts.
 */
final class Progress {

    /** System property that sets the item count from which progress is shown (tests lower it). */
    static final String THRESHOLD_PROPERTY = "cachedfactory.cli.progressThreshold";
    private static final int DEFAULT_THRESHOLD = 1000;

    private final PrintWriter err;
    private final String label;
    private final int total;
    private final int every;
    private final boolean shown;
    private int done;

    /** A counter for {@code total} items, printed as {@code <label>: <done>/<total> <what>}. */
    Progress(PrintWriter err, String label, int total) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.every = Math.max(1, Math.min(total / 10, 1000));
        this.shown = total > 0 && total >= threshold();
    }

    static int threshold() {
        return Integer.getInteger(THRESHOLD_PROPERTY, DEFAULT_THRESHOLD);
    }

    /** Counts one item done. */
    void step() {
        done++;
        if (shown && (done % every == 0 || done == total)) {
            err.println(label + " " + done + "/" + total);
            err.flush();
        }
    }
}
