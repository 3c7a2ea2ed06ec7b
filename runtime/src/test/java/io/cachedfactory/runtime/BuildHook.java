package io.cachedfactory.runtime;

/**
 * A hook a test's cached type runs at the start of its constructor, inside a build: child JVMs set
 * it to log, signal or block their builds ({@link RemoteTierChild}). One per JVM; by default it
 * does nothing.
 */
public final class BuildHook {

    /** What runs before each build of {@code name}. */
    @FunctionalInterface
    public interface Action {
        void run(String name) throws Exception;
    }

    private static volatile Action action = name -> { };

    private BuildHook() {
    }

    /** Sets the action every later build in this JVM runs first. */
    public static void set(Action next) {
        action = next;
    }

    /** Runs the action; for the cached type's constructor. */
    public static void runBefore(String name) {
        try {
            action.run(name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted before building " + name, e);
        } catch (Exception e) {
            throw new IllegalStateException("the hook before building " + name + " failed", e);
        }
    }
}
