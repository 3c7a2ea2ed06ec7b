package io.cachedfactory.runtime;

import java.lang.System.Logger.Level;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/*
 * One definition of what every remote tier needs from the runtime and must not copy: the rule for
 * signing keys (the store's own key follows it too), the HMAC the store signs payloads with, the
 * "warn once per cause, count every occurrence" habit, and daemon background threads. A remote
 * tier (Redis today, S3 tomorrow) uses these so that it agrees with the store without repeating it.
 */

/**
 * Building blocks for implementations of {@link RemoteTier}: the signing-key rule and HMAC the
 * store itself uses, warnings logged once per cause, and daemon threads. Applications do not need
 * this class.
 */
public final class RemoteTierSupport {

    /**
     * The fewest bytes a signing key may have, for the store's own key
     * ({@link CacheStore.Builder#signingKey}) and for remote tiers alike.
     */
    public static final int MIN_SIGNING_KEY_BYTES = 16;

    /** The MAC algorithm payloads are signed with: HMAC-SHA256. */
    public static final String HMAC_ALGORITHM = "HmacSHA256";

    private RemoteTierSupport() {
    }

    /**
     * Checks a signing key as the store does, for a builder method named {@code signingKey}.
     *
     * @throws NullPointerException if {@code key} is null
     * @throws IllegalArgumentException if {@code key} is shorter than
     *     {@value #MIN_SIGNING_KEY_BYTES} bytes, with the message
     *     {@code signingKey must be at least 16 bytes, was <length>}
     */
    public static void checkSigningKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_SIGNING_KEY_BYTES) {
            throw new IllegalArgumentException("signingKey must be at least "
                    + MIN_SIGNING_KEY_BYTES + " bytes, was " + key.length);
        }
    }

    /**
     * The {@value #HMAC_ALGORITHM} key for {@code secret}, checked with {@link #checkSigningKey};
     * later changes to {@code secret} do not affect it.
     */
    public static SecretKey hmacKey(byte[] secret) {
        checkSigningKey(secret);
        return new SecretKeySpec(secret.clone(), HMAC_ALGORITHM);
    }

    /**
     * A fresh {@value #HMAC_ALGORITHM} {@link Mac} initialised with {@code key}, ready for
     * {@link Mac#update}; one per signature, as a {@code Mac} is not thread-safe.
     *
     * @param key a key from {@link #hmacKey}
     */
    public static Mac startHmac(SecretKey key) {
        try {
            Mac mac = Mac.getInstance(HMAC_ALGORITHM);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java platform has " + HMAC_ALGORITHM, e);
        }
    }

    /**
     * A thread factory for a tier's background work (a publisher, a lease renewer): every thread
     * is named {@code name} and is a daemon, so an application that forgets to close the tier
     * still exits.
     */
    public static ThreadFactory daemonThreads(String name) {
        Objects.requireNonNull(name, "name");
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Logs each kind of trouble once per tier (or store) and process, so that a broken remote does
     * not print a warning per request; the caller counts every occurrence itself. Thread-safe.
     *
     * <p>A warning reads {@code <subject>: <problem>; <consequence> (reported once; <counted>)}.
     */
    public static final class WarnOnce {

        private final System.Logger logger;
        private final String subject;
        private final String counted;
        private final Set<String> warned = ConcurrentHashMap.newKeySet();

        /**
         * @param logger where warnings go, at {@link Level#WARNING}
         * @param subject what is in trouble, e.g. {@code "cachedfactory redis tier host:6379"}
         * @param counted where every occurrence is counted, e.g.
         *     {@code "RemoteTier.errors() counts each"}
         */
        public WarnOnce(System.Logger logger, String subject, String counted) {
            this.logger = Objects.requireNonNull(logger, "logger");
            this.subject = Objects.requireNonNull(subject, "subject");
            this.counted = Objects.requireNonNull(counted, "counted");
        }

        /**
         * Warns unless a warning with the same {@code cause} was already logged.
         *
         * @param cause the de-duplication key: what went wrong, in a few words, perhaps with the
         *     kind of exception
         * @param problem what went wrong, as the warning says it (the cause and any detail)
         * @param consequence what the tier does instead, e.g. {@code "building instead"}
         * @return whether this call logged
         */
        public boolean warn(String cause, String problem, String consequence) {
            if (!warned.add(cause)) {
                return false;
            }
            logger.log(Level.WARNING, subject + ": " + problem + "; " + consequence
                    + " (reported once; " + counted + ")");
            return true;
        }
    }
}
