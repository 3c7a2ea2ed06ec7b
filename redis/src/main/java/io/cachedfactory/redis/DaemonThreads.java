package io.cachedfactory.redis;

import java.util.concurrent.ThreadFactory;

/**
 * Names the tier's background threads (the publisher, the lease renewer) and makes them daemons,
 * so that an application that forgets to close the tier still exits.
 */
final class DaemonThreads implements ThreadFactory {

    private final String name;

    DaemonThreads(String name) {
        this.name = name;
    }

    @Override
    public Thread newThread(Runnable runnable) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
