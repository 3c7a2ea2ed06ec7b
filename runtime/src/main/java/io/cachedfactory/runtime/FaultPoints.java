package io.cachedfactory.runtime;

import java.io.PrintStream;

/*
 * Fault injection for the crash tests (issue 6): with -Dcachedfactory.faults.stopAt=N, the N-th
 * file-system operation of store writes (counted across the process) prints
 * "FAULT-POINT <n> <name>" on standard output and then blocks forever, so that the test harness can
 * kill the process with SIGKILL at exactly that point. Without the property every call is a
 * constant-false branch the JIT removes.
 */

/** Named points in the write path where crash tests stop the process. */
final class FaultPoints {

    private static final long STOP_AT = Long.getLong("cachedfactory.faults.stopAt", 0);
    private static final boolean ENABLED = STOP_AT > 0;
    private static long reached;

    private FaultPoints() {
    }

    /** Marks that the write path is about to perform operation {@code name}. */
    static void reach(String name) {
        if (ENABLED) {
            stopIfDue(name);
        }
    }

    private static synchronized void stopIfDue(String name) {
        if (++reached != STOP_AT) {
            return;
        }
        PrintStream out = System.out;
        out.println("FAULT-POINT " + reached + " " + name);
        out.flush();
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // Only SIGKILL ends this.
            }
        }
    }
}
