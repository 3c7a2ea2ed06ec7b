package io.cachedfactory.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cachedfactory.common.FactoryRecord;
import io.cachedfactory.processor.FactoryFingerprint.Component;
import io.cachedfactory.runtime.Fingerprint;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * How a fingerprint is digested and how two are compared is one contract with two sides: the
 * processor writes {@code VERSION} and words a lock file's changes, the runtime recomputes the
 * version and explains a rebuild. Both take the rule from {@code cachedfactory-common}'s
 * {@code FingerprintDigest}; this test holds them to the same answers on the fingerprint of the
 * golden {@code expected/PlainFactory.java}.
 */
class FingerprintContractTest {

    /** {@code PlainFactory.VERSION} of the golden. */
    static final String PLAIN_VERSION =
            "adc5fa52d516cd24799a4675974e5b7af5159e5d24ac14b4eb1b9bd8b1a8dd35";

    static final List<Component> PLAIN = List.of(
            new Component("codec:fory-1.6.0/1", "fory-1.6.0/1", "the codec"),
            new Component("format:1", "1", "the store format"),
            new Component("source:com.acme.Plain#Plain(String,int)",
                    "sha256:f3457d738df92755bed547f3db71272d519399845009a258935433d97a055c8c",
                    "the source"),
            new Component("source:com.acme.Plain#class",
                    "sha256:e5272358f2e3bf5a5498dedbadb222da6d1c84e71965d1f75b857192b2d7b9a7",
                    "the source"),
            new Component("source:com.acme.Plain#name",
                    "sha256:c4d64e9a356c00c172c68a1c092c1a1bed66bd4f3ee0e74a4feb0e5343be2b2a",
                    "the source"),
            new Component("source:com.acme.Plain#year",
                    "sha256:8a1ebc708955957e7b7abf03a4fe6a55d2a321f33131c2c7688694bfca03f2e1",
                    "the source"));

    @Test
    void version_goldenComponents_processorAndRuntimeGiveTheGoldenVersion() {
        FactoryFingerprint processor = FactoryFingerprint.of(PLAIN);
        Fingerprint runtime = Fingerprint.of(processor.valuesByName());

        assertEquals(PLAIN_VERSION, processor.version());
        assertEquals(PLAIN_VERSION, runtime.version());
    }

    @Test
    void changes_sameEdit_lockFileCheckWordsItAsTheRuntime() {
        TreeMap<String, String> before = new TreeMap<>(FactoryFingerprint.of(PLAIN).valuesByName());
        TreeMap<String, String> after = new TreeMap<>(before);
        after.put("source:com.acme.Plain#class", "sha256:00");
        after.put("version:alice", "1");
        after.remove("format:1");
        FactoryRecord was = new FactoryRecord("com.acme.PlainFactory", "com.acme.Plain",
                PLAIN_VERSION, before);
        FactoryRecord now = new FactoryRecord("com.acme.PlainFactory", "com.acme.Plain",
                Fingerprint.of(after).version(), after);

        List<String> runtime = Fingerprint.of(after).changesSince(Fingerprint.of(before));
        assertEquals(List.of("format:1 removed", "source:com.acme.Plain#class changed",
                "version:alice added"), runtime);
        assertEquals(runtime, LockFileCheck.changes(was, now));
    }
}
