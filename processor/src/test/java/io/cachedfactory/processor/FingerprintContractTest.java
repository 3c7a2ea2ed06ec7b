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
            "02dade002b9f66308e17f4ba22e1c97b1cf8c531235af171d5893f4d55dea102";

    static final List<Component> PLAIN = List.of(
            new Component("codec:java-serialization/1", "java-serialization/1", "the codec"),
            new Component("format:1", "1", "the store format"),
            new Component("source:com.acme.Plain",
                    "sha256:c0fe6f75af1ddd31b1005c626e7489e21e77c884fc041691a5fb573de3531c1a",
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
        after.put("source:com.acme.Plain", "sha256:00");
        after.put("version:alice", "1");
        after.remove("format:1");
        FactoryRecord was = new FactoryRecord("com.acme.PlainFactory", "com.acme.Plain",
                PLAIN_VERSION, before);
        FactoryRecord now = new FactoryRecord("com.acme.PlainFactory", "com.acme.Plain",
                Fingerprint.of(after).version(), after);

        List<String> runtime = Fingerprint.of(after).changesSince(Fingerprint.of(before));
        assertEquals(List.of("format:1 removed", "source:com.acme.Plain changed",
                "version:alice added"), runtime);
        assertEquals(runtime, LockFileCheck.changes(was, now));
    }
}
