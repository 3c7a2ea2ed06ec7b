package io.cachedfactory.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The digest and the comparison every generated {@code VERSION} and every "what changed" message
 * depend on. The fixture is the fingerprint of the processor's golden
 * {@code processor/src/test/resources/expected/TablesByYear.java}, with the {@code VERSION} written
 * there: if this test fails, stored entries of every user would be orphaned.
 */
class FingerprintDigestTest {

    /** {@code TablesByYear.VERSION} of the processor's golden. */
    static final String GOLDEN_VERSION =
            "976cfefbbac3aeb7820940aa5c5d84abc0838a5ef00e91b43f2faefb18c3ce33";

    /** {@code TablesByYear.FINGERPRINT} of the processor's golden, in its (sorted) order. */
    static Map<String, String> goldenComponents() {
        Map<String, String> components = new LinkedHashMap<>();
        components.put("codec:com.acme.EveryAttributeCodec",
                "sha256:0aa931d500008921db13084e1111cb215525d07b7450f0935ac43181a1f9ff69");
        components.put("format:1", "1");
        components.put("resource:tables/columns.csv",
                "sha256:51ea95ede4c599121e03f66b61f9de9a4810a01fa67143b2febfb191bfcb365b");
        components.put("source:com.acme.EveryAttribute",
                "sha256:467be44cebdff54ea1f651d85a4597986e0280728aaeab10aee7346e3a15797d");
        components.put("source:com.acme.Rounding",
                "sha256:0f4562edb67e843b6047ccbf33dda1233fd697bb0af628fea1417a045a31f4db");
        components.put("source:com.acme.Schema",
                "sha256:82025d88ba8ea9f11f67175d9efc53db38c9765196cc9e9f9e34e2111ee52ea3");
        components.put("source:com.acme.Units",
                "sha256:097cf24f99977bc14437841dc080ab1bfb63175e563c135737aaddd69e2f93b0");
        components.put("version:alice", "3");
        components.put("version:bob", "1");
        return components;
    }

    @Test
    void version_goldenComponents_isTheGeneratedVersion() {
        assertEquals(GOLDEN_VERSION, FingerprintDigest.version(goldenComponents()));
        assertEquals(GOLDEN_VERSION, FingerprintDigest.version(new TreeMap<>(goldenComponents())));
    }

    @Test
    void version_unsortedMap_digestsInNameOrder() {
        List<Map.Entry<String, String>> entries = List.copyOf(goldenComponents().entrySet());
        Map<String, String> reversed = new LinkedHashMap<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            reversed.put(entries.get(i).getKey(), entries.get(i).getValue());
        }
        assertEquals(GOLDEN_VERSION, FingerprintDigest.version(reversed));
    }

    @Test
    void version_noComponents_isTheDigestOfNothing() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                FingerprintDigest.version(Map.of()));
    }

    @Test
    void sha256Hex_bytes_isLowerCaseHex() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                FingerprintDigest.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void changes_eachKindOfDifference_isWordedOncePerComponentInNameOrder() {
        Map<String, String> before = goldenComponents();
        Map<String, String> after = new TreeMap<>(before);
        after.put("source:com.acme.Schema", "sha256:00");
        after.put("version:alice", "4");
        after.remove("version:bob");
        after.put("resource:tables/rows.csv", "sha256:11");

        assertEquals(List.of(
                "resource:tables/rows.csv added",
                "source:com.acme.Schema changed",
                "version:alice 3 → 4",
                "version:bob removed"), FingerprintDigest.changes(before, after));
    }

    @Test
    void changes_libraryAndMember_nameTheVersionsAndTheMember() {
        Map<String, String> before = new TreeMap<>(Map.of(
                "library:com.acme:lib", "1.0 sha256:aa",
                "library:com.acme:snapshot", "2.0-SNAPSHOT sha256:bb",
                "source:com.acme.Kernel#mix(double,int)", "sha256:cc"));
        Map<String, String> after = new TreeMap<>(Map.of(
                "library:com.acme:lib", "1.1 sha256:aa",
                "library:com.acme:snapshot", "2.0-SNAPSHOT sha256:dd",
                "source:com.acme.Kernel#mix(double,int)", "sha256:ee"));

        assertEquals(List.of(
                "library:com.acme:lib 1.0 → 1.1",
                "library:com.acme:snapshot changed",
                "source:com.acme.Kernel#mix(double,int) changed"),
                FingerprintDigest.changes(before, after));
    }

    @Test
    void changes_equalComponents_isEmpty() {
        assertEquals(List.of(), FingerprintDigest.changes(goldenComponents(),
                new TreeMap<>(goldenComponents())));
    }

    @Test
    void componentNames_prefixes_areTheGeneratedSpelling() {
        assertEquals(List.of("source:", "resource:", "version:", "codec:", "format:", "sha256:",
                "class:", "library:", "factory:", "absent"),
                List.of(ComponentNames.SOURCE, ComponentNames.RESOURCE, ComponentNames.VERSION,
                        ComponentNames.CODEC, ComponentNames.FORMAT, ComponentNames.SHA256_VALUE,
                        ComponentNames.CLASS, ComponentNames.LIBRARY, ComponentNames.FACTORY,
                        ComponentNames.ABSENT_VALUE));
    }
}
