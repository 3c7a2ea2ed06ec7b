package io.cachedfactory.examples.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.runtime.CacheState;
import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.FactoryStats;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, acceptance 2: the generated factory keys memory by a record of its arguments where their
 * equals agrees with the key bytes, and by the bytes elsewhere. Either way, equal arguments hit the
 * same memory entry and distinct ones never do, by the same rule as the disk key: {@code -0.0} is
 * not {@code 0.0}, every NaN is one NaN, {@code 1.0} is not {@code 1.00}, and arrays and lists of
 * them follow their elements.
 */
class MemoryKeyTest {

    private static final double OTHER_NAN = Double.longBitsToDouble(0x7ff8000000000001L);
    private static final float OTHER_FLOAT_NAN = Float.intBitsToFloat(0x7fc00001);

    @TempDir
    Path directory;

    private CacheStore store;
    private ProbeFactory probes;

    @BeforeEach
    void openStore() {
        store = CacheStore.open(directory);
        probes = new ProbeFactory(store);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** Asks for {@code first} then {@code second} and returns whether the second was a memory hit. */
    private boolean secondIsMemoryHit(Supplier<Probe> first, Supplier<Probe> second) {
        Probe built = first.get();
        FactoryStats before = probes.stats();
        Probe served = second.get();
        FactoryStats after = probes.stats();
        if (after.memoryHits() == before.memoryHits() + 1) {
            assertSame(built, served, "a memory hit serves the one instance");
            assertEquals(before.builds(), after.builds());
            return true;
        }
        assertNotSame(built, served);
        assertEquals(before.builds() + 1, after.builds(), "distinct arguments build their own");
        return false;
    }

    @Test
    void primitiveDouble_equalValuesHit_zeroAndNegativeZeroAreDistinct() {
        assertTrue(secondIsMemoryHit(() -> probes.get(1.5), () -> probes.get(3.0 / 2)));
        assertFalse(secondIsMemoryHit(() -> probes.get(0.0), () -> probes.get(-0.0)));
        assertEquals("double " + Double.doubleToRawLongBits(-0.0), probes.get(-0.0).builtFrom());
    }

    @Test
    void primitiveDouble_everyNaNIsOneKey() {
        assertTrue(secondIsMemoryHit(() -> probes.get(Double.NaN), () -> probes.get(OTHER_NAN)));
    }

    @Test
    void boxedFloatAndString_followTheirEquals() {
        assertTrue(secondIsMemoryHit(() -> probes.get(2.5f, "a"),
                () -> probes.get(Float.valueOf(2.5f), new String("a"))));
        assertFalse(secondIsMemoryHit(() -> probes.get(0.0f, "a"), () -> probes.get(-0.0f, "a")));
        assertTrue(secondIsMemoryHit(() -> probes.get(Float.NaN, "a"),
                () -> probes.get(OTHER_FLOAT_NAN, "a")));
        assertFalse(secondIsMemoryHit(() -> probes.get(1f, "a"), () -> probes.get(1f, "A")));
        assertTrue(secondIsMemoryHit(() -> probes.get((Float) null, "a"),
                () -> probes.get((Float) null, "a")));
        assertFalse(secondIsMemoryHit(() -> probes.get((Float) null, "b"),
                () -> probes.get(0f, "b")));
    }

    @Test
    void bigDecimal_theScaleCounts() {
        assertFalse(secondIsMemoryHit(() -> probes.get(new BigDecimal("1.0")),
                () -> probes.get(new BigDecimal("1.00"))));
        assertTrue(secondIsMemoryHit(() -> probes.get(new BigDecimal("2.50")),
                () -> probes.get(new BigDecimal("250E-2"))));
    }

    @Test
    void arrays_equalContentsHit_thoughArraysCompareByIdentity() {
        assertTrue(secondIsMemoryHit(() -> probes.get(new double[] {1, 2}),
                () -> probes.get(new double[] {1, 2})));
        assertFalse(secondIsMemoryHit(() -> probes.get(new double[] {0.0}),
                () -> probes.get(new double[] {-0.0})));
        assertTrue(secondIsMemoryHit(() -> probes.get(new double[] {Double.NaN}),
                () -> probes.get(new double[] {OTHER_NAN})));
        assertFalse(secondIsMemoryHit(() -> probes.get(new double[] {1}),
                () -> probes.get(new double[] {1, 1})));
    }

    @Test
    void lists_equalElementsHit_whateverTheListsClass() {
        assertTrue(secondIsMemoryHit(() -> probes.get(List.of(1.0, 2.0)),
                () -> probes.get(new ArrayList<>(Arrays.asList(1.0, 2.0)))));
        assertFalse(secondIsMemoryHit(() -> probes.get(List.of(0.0)),
                () -> probes.get(List.of(-0.0))));
        assertTrue(secondIsMemoryHit(() -> probes.get(List.of(Double.NaN)),
                () -> probes.get(List.of(OTHER_NAN))));
        assertFalse(secondIsMemoryHit(() -> probes.get(List.of(1.0, 2.0)),
                () -> probes.get(List.of(2.0, 1.0))));
    }

    @Test
    void setsOfDecimals_theScaleCounts_theOrderDoesNot() {
        assertFalse(secondIsMemoryHit(() -> probes.get(Set.of(new BigDecimal("1.0"))),
                () -> probes.get(Set.of(new BigDecimal("1.00")))));
        assertTrue(secondIsMemoryHit(
                () -> probes.get(new LinkedHashSet<>(List.of(BigDecimal.ONE, BigDecimal.TEN))),
                () -> probes.get(new LinkedHashSet<>(List.of(BigDecimal.TEN, BigDecimal.ONE)))));
    }

    @Test
    void records_implicitEqualsHits_zeroAndNegativeZeroComponentsAreDistinct() {
        assertTrue(secondIsMemoryHit(() -> probes.get(new Point(1.5, "a")),
                () -> probes.get(new Point(1.5, new String("a")))));
        assertFalse(secondIsMemoryHit(() -> probes.get(new Point(0.0, "a")),
                () -> probes.get(new Point(-0.0, "a"))));
        assertTrue(secondIsMemoryHit(() -> probes.get(new Point(Double.NaN, "a")),
                () -> probes.get(new Point(OTHER_NAN, "a"))));
    }

    @Test
    void records_withTheirOwnLooserEquals_neverShareAnEntryTheirBytesDoNot() {
        assertTrue(new Tolerant(1.0).equals(new Tolerant(1.2)), "the record's own equals");
        assertFalse(secondIsMemoryHit(() -> probes.get(new Tolerant(1.0)),
                () -> probes.get(new Tolerant(1.2))));
        assertEquals("tolerant 1.2", probes.get(new Tolerant(1.2)).builtFrom());
        assertTrue(secondIsMemoryHit(() -> probes.get(new Tolerant(3.0)),
                () -> probes.get(new Tolerant(3.0))));
    }

    @Test
    void memoryAndDisk_followOneRule_afterAReopenTheDiskServesWhatMemoryDid() {
        Probe zero = probes.get(0.0);
        Probe negativeZero = probes.get(-0.0);
        Probe decimal = probes.get(new BigDecimal("1.00"));
        store.close();

        openStore();
        assertEquals(CacheState.ON_DISK, probes.state(-0.0));
        assertEquals(negativeZero.builtFrom(), probes.get(-0.0).builtFrom());
        assertEquals(zero.builtFrom(), probes.get(0.0).builtFrom());
        assertEquals(decimal.builtFrom(), probes.get(new BigDecimal("1.00")).builtFrom());
        assertEquals(3, probes.stats().diskHits());
        assertEquals(0, probes.stats().builds());
    }

    @Test
    void stateAndInvalidate_findTheEntryGetKeptInMemory() {
        Probe kept = probes.get(7.0);
        assertEquals(CacheState.IN_MEMORY, probes.state(7.0));
        assertEquals(CacheState.ABSENT, probes.state(List.of(7.0)));

        assertTrue(probes.invalidate(7.0));
        assertEquals(CacheState.ABSENT, probes.state(7.0));
        assertNotSame(kept, probes.get(7.0));
        assertEquals(2, probes.stats().builds());
    }
}
