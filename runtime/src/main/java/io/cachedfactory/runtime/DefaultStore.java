package io.cachedfactory.runtime;

/*
 * The process-wide store behind CacheStore.defaultStore(): opened on first use (class
 * initialization, so exactly once and thread-safely), configured from system properties and
 * environment variables, closed by a shutdown hook. Its initialization must never throw: a class
 * that failed to initialize stays failed for the JVM's life, and every factory using the default
 * store would then fail with NoClassDefFoundError. CacheStore's constructor already degrades
 * instead of throwing; bad settings are logged and ignored here.
 */

/** The default store and the settings it reads from the environment. */
final class DefaultStore {

    static final CacheStore STORE = openDefault();

    private static CacheStore openDefault() {
        CacheStore.Builder builder = CacheStore.builder(CacheStore.defaultDirectory());
        try {
            CacheStore.signingKeyFromEnvironment().ifPresent(builder::signingKey);
        } catch (IllegalArgumentException e) {
            StorageWarnings.log().log(System.Logger.Level.ERROR, "cachedfactory: ignoring "
                    + "the signing key setting: " + e.getMessage());
        }
        setting("cachedfactory.remote", "CACHEDFACTORY_REMOTE").ifPresent(uri -> {
            try {
                // one URI, or several separated by commas: a chain, nearest first
                builder.remote(RemoteTierProvider.openFromClassPath(uri,
                        setting("cachedfactory.remote.key", "CACHEDFACTORY_REMOTE_KEY").map(key ->
                                key.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        CacheStore.class.getClassLoader()));
            } catch (RuntimeException e) {
                // A bad setting must not make the factory class unusable: run without it.
                StorageWarnings.log().log(System.Logger.Level.ERROR, "cachedfactory: ignoring "
                        + "the remote tier setting " + uri.replaceAll("//[^@/]*@", "//***@")
                        + ": " + e.getMessage());
            }
        });
        CacheStore store = builder.open();
        Runtime.getRuntime().addShutdownHook(new Thread(store::close, "cachedfactory-close"));
        return store;
    }

    static java.util.Optional<String> setting(String property, String environment) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(environment);
        }
        return value == null || value.isBlank() ? java.util.Optional.empty()
                : java.util.Optional.of(value);
    }

    private DefaultStore() {
    }
}
