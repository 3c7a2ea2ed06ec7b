package io.cachedfactory.cli;

import static io.cachedfactory.cli.EarlierTableBuilds.CHART;
import static io.cachedfactory.cli.EarlierTableBuilds.TABLE;
import static io.cachedfactory.cli.EarlierTableBuilds.V1;
import static io.cachedfactory.cli.EarlierTableBuilds.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachedfactory.runtime.CacheStore;
import io.cachedfactory.runtime.StoredEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real jar against a real store holding, for the generated TableFactory, two entries
 * built under the old fingerprint V1 (sales 2023, sales 2024) and two under the current V2 (sales
 * 2024, costs 2024), plus one entry of a ChartFactory, which no manifest lists.
 */
class StoreCommandsIT {

    /** The generated factory's name in a regular expression. */
    private static final String TABLE_PATTERN = Pattern.quote(TABLE);
    private static final String CHART_PATTERN = Pattern.quote(CHART);
    /** The signing key of the signed store. */
    private static final String KEY = "correct horse battery staple";

    @TempDir
    Path work;

    private Path store;
    private Path manifest;

    @BeforeEach
    void populate() throws IOException {
        store = work.resolve("store");
        try (CacheStore cache = CacheStore.open(store)) {
            EarlierTableBuilds.get(cache, TABLE, V1, "sales", 2023);
            EarlierTableBuilds.get(cache, TABLE, V1, "sales", 2024);
            TableFactory v2 = new TableFactory(cache);
            v2.get("sales", 2024);
            v2.get("costs", 2024);
            EarlierTableBuilds.get(cache, CHART, V1, "sales", 2024);
        }
        manifest = Fixtures.jar(work.resolve("app.jar"), Map.of(TABLE, V2));
    }

    private CliProcess.Result cli(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--store";
        all[1] = store.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliProcess.run(work, all);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object json) {
        return (Map<String, Object>) json;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object json) {
        return (List<Map<String, Object>>) json;
    }

    private Set<String> storedArguments() {
        List<Map<String, Object>> entries = list(object(cli("--json", "ls")
                .expectExit(0).json()).get("entries"));
        Set<String> arguments = new TreeSet<>();
        for (Map<String, Object> entry : entries) {
            String factory = (String) entry.get("factory");
            arguments.add(factory.substring(factory.lastIndexOf('.') + 1) + " "
                    + String.join(", ", list(entry.get("values")).stream()
                            .map(value -> value.get("name") + "=" + value.get("value")).toList())
                    + " "
                    + (entry.get("fingerprint").equals(V1.version()) ? "V1" : "V2"));
        }
        return arguments;
    }

    // ls

    @Test
    void ls_withClasspath_showsEveryEntryMarkedCurrentStaleOrUnknown() {
        CliProcess.Result result = cli("ls", "--classpath", manifest.toString()).expectExit(0);

        List<String> lines = result.out().lines().toList();
        assertTrue(lines.get(0).matches("FACTORY +ARGUMENTS +STATE +SIZE +AGE +FINGERPRINT"),
                lines.get(0));
        String v1 = V1.version().substring(0, 12);
        String v2 = V2.version().substring(0, 12);
        assertTrue(lines.stream().anyMatch(l -> l.matches(TABLE_PATTERN
                + " +name=\"sales\", year=2023 +ON_DISK +[0-9.]+ (B|KiB) +\\d+s +" + v1 + " stale")), result.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches(TABLE_PATTERN
                + " +name=\"costs\", year=2024 +ON_DISK .* " + v2 + " current")), result.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches(CHART_PATTERN + " .* " + v1
                + " unknown")), result.out());
        assertTrue(lines.get(lines.size() - 1).matches("5 entries, [0-9.]+ KiB"), result.out());
        // Nothing on stderr: Chronicle Map opened its index (the jar's manifest carries its JVM
        // options) and SLF4J stays quiet.
        assertEquals("", result.err());
    }

    @Test
    void ls_json_parsesWithEveryEntryAndItsFingerprintComponents() {
        Map<String, Object> document = object(cli("--json", "ls", "--classpath",
                manifest.toString()).expectExit(0).json());

        List<Map<String, Object>> entries = list(document.get("entries"));
        assertEquals(5, entries.size());
        Map<String, Object> stale = entries.stream()
                .filter(e -> e.get("arguments")
                        .equals("Table(String,int) name=\"sales\", year=2023"))
                .findFirst().orElseThrow();
        assertEquals(TABLE, stale.get("factory"));
        assertEquals("ON_DISK", stale.get("state"));
        assertEquals(Boolean.FALSE, stale.get("current"));
        assertEquals(V1.version(), stale.get("fingerprint"));
        assertEquals("3", object(stale.get("components")).get("version:alice"));
        assertEquals(List.of(Map.of("name", "name", "value", "\"sales\""),
                Map.of("name", "year", "value", "2023")), stale.get("values"));
        assertTrue((Long) stale.get("bytes") > Table.ROWS * 100);
        assertTrue(entries.stream().anyMatch(e -> e.get("current") == null));
        assertTrue(entries.stream().allMatch(e -> e.get("lastAccess") != null),
                "the index, which knows last access times, was not used");
    }

    @Test
    void ls_factoryOption_acceptsSimpleNameAndListsOnlyThatFactory() {
        Map<String, Object> document = object(cli("ls", "--factory", "Chart", "--json")
                .expectExit(0).json());

        List<Map<String, Object>> entries = list(document.get("entries"));
        assertEquals(1, entries.size());
        assertEquals(CHART, entries.get(0).get("factory"));
    }

    @Test
    void ls_missingStore_failsWithExitCode2AndSaysSo() {
        CliProcess.Result result = CliProcess.run(work, "ls", "--store",
                work.resolve("nowhere").toString()).expectExit(2);

        assertTrue(result.err().contains("no cachedfactory store at " + work.resolve("nowhere")),
                result.err());
        assertFalse(Files.exists(work.resolve("nowhere")), "the tool must not create a store");
    }

    @Test
    void ls_directoryHoldingNoStore_failsWithExitCode2AndChangesNothing() throws IOException {
        Path shared = work.resolve("shared");
        Files.createDirectories(shared.resolve("payloads").resolve("ab"));
        Files.writeString(shared.resolve("payloads").resolve("ab").resolve("notes.cfp"), "mine");
        Files.createDirectories(shared.resolve("tmp"));
        Files.writeString(shared.resolve("tmp").resolve("somefile"), "someone's work");
        Files.writeString(shared.resolve("README"), "not a cache");
        String before = listing(shared);

        CliProcess.Result result = CliProcess.run(work, "ls", "--store", shared.toString())
                .expectExit(2);

        assertTrue(result.err().contains("no cachedfactory store at " + shared), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertEquals(before, listing(shared), "the tool created, deleted or changed files");
    }

    @Test
    void ls_entryCreatedInTheFuture_showsItAsSuchInTextAndJson() throws IOException {
        Fixtures.postdate(payloadOf("\"costs\""), Duration.ofDays(400));

        CliProcess.Result text = cli("ls").expectExit(0);
        List<Map<String, Object>> entries = list(object(cli("--json", "ls").expectExit(0).json())
                .get("entries"));

        assertTrue(text.out().lines().anyMatch(l -> l.matches(TABLE_PATTERN
                + " +name=\"costs\", year=2024 +ON_DISK +[0-9.]+ (B|KiB) +in the future +\\w+")),
                text.out());
        assertEquals(4, text.out().lines().filter(l -> l.matches(".* \\d+s +\\w+")).count(),
                text.out());
        for (Map<String, Object> entry : entries) {
            boolean costs = ((String) entry.get("arguments")).contains("\"costs\"");
            assertEquals(costs, entry.get("createdInFuture"), entry.toString());
            assertTrue(costs ? (Long) entry.get("ageSeconds") < -399 * 86_400L
                    : (Long) entry.get("ageSeconds") >= 0, entry.toString());
        }
    }

    // stats

    @Test
    void stats_withClasspath_countsEntriesFingerprintsAndStalePerFactory() {
        CliProcess.Result text = cli("stats", "--classpath", manifest.toString()).expectExit(0);
        Map<String, Object> json = object(cli("stats", "--json", "--classpath",
                manifest.toString()).expectExit(0).json());

        assertTrue(text.out().lines().anyMatch(l -> l.matches(
                TABLE_PATTERN + " +4 +[0-9.]+ KiB +\\d+s +\\d+s +2 +2")), text.out());
        assertTrue(text.out().lines().anyMatch(l -> l.matches(
                CHART_PATTERN + " +1 .* +1 +-")), text.out());
        assertEquals(5L, json.get("entries"));
        Map<String, Object> table = list(json.get("factories")).stream()
                .filter(f -> f.get("factory").equals(TABLE)).findFirst().orElseThrow();
        assertEquals(4L, table.get("entries"));
        assertEquals(2L, table.get("fingerprints"));
        assertEquals(2L, table.get("stale"));
    }

    // explain

    @Test
    void explain_storedUnderCurrentFingerprint_wouldBeServedWithExitCode0() {
        CliProcess.Result result = cli("explain", "TableFactory", "sales", "2024",
                "--classpath", manifest.toString()).expectExit(0);

        assertTrue(result.out().startsWith(TABLE + " name=\"sales\", year=2024:"
                + " would be served\n"), result.out());
        assertTrue(result.out().contains("stored under the current fingerprint "
                + V2.version().substring(0, 12)), result.out());
    }

    @Test
    void explain_storedOnlyUnderOldFingerprint_namesExactlyTheChangedComponents() {
        CliProcess.Result result = cli("explain", TABLE, "sales", "2023",
                "--classpath", manifest.toString()).expectExit(3);

        assertEquals(List.of(
                TABLE + " name=\"sales\", year=2023: would be rebuilt; stored only"
                        + " under other fingerprints",
                "    " + EarlierTableBuilds.TABLE_SOURCE + " changed",
                "    version:alice 3 → 4"),
                result.out().lines().filter(l -> !l.startsWith("  " + V1.version()
                        .substring(0, 12))).toList());
    }

    @Test
    void explain_json_parsesWithVerdictAndChanges() {
        Map<String, Object> document = object(cli("--json", "explain", "Table", "sales",
                "2023", "--classpath", manifest.toString()).expectExit(3).json());

        assertEquals("stale", document.get("verdict"));
        assertEquals(V2.version(), document.get("currentFingerprint"));
        Map<String, Object> entry = list(document.get("entries")).get(0);
        assertEquals(List.of(EarlierTableBuilds.TABLE_SOURCE + " changed", "version:alice 3 → 4"),
                entry.get("changes"));
    }

    @Test
    void explain_argumentsNeverStored_isAbsentWithExitCode1() {
        CliProcess.Result result = cli("explain", "TableFactory", "sales", "1999",
                "--classpath", manifest.toString()).expectExit(1);

        assertTrue(result.out().startsWith(TABLE + " sales 1999: absent"),
                result.out());
    }

    @Test
    void explain_withoutClasspath_failsWithExitCode2NamingTheOption() {
        CliProcess.Result result = cli("explain", "TableFactory", "sales", "2024").expectExit(2);

        assertTrue(result.err().contains("explain needs --classpath"), result.err());
    }

    // prune

    @Test
    void prune_staleDryRun_listsOldFingerprintEntriesAndRemovesNothing() {
        CliProcess.Result result = cli("prune", "--stale", "--dry-run", "--classpath",
                manifest.toString()).expectExit(0);

        assertTrue(result.out().contains("dry run: would remove 2 entries and 0 orphans"),
                result.out());
        assertTrue(result.out().contains("kept every entry of factories no manifest names:"
                + " " + CHART), result.out());
        assertEquals(5, storedArguments().size());
    }

    @Test
    void prune_stale_removesOnlyOtherFingerprintEntriesOfListedFactories() {
        CliProcess.Result result = cli("prune", "--stale", "--classpath", manifest.toString())
                .expectExit(0);

        assertTrue(result.out().contains("removed 2 entries and 0 orphans"), result.out());
        assertEquals(Set.of(
                "ChartFactory name=\"sales\", year=2024 V1",
                "TableFactory name=\"costs\", year=2024 V2",
                "TableFactory name=\"sales\", year=2024 V2"), storedArguments());
    }

    @Test
    void prune_json_parsesWithRemovedEntriesAndReasons() {
        Map<String, Object> document = object(cli("--json", "prune", "--stale", "--classpath",
                manifest.toString()).expectExit(0).json());

        List<Map<String, Object>> removed = list(document.get("removed"));
        assertEquals(2, removed.size());
        assertTrue(removed.stream().allMatch(e -> e.get("reasons").equals(List.of("stale"))));
        assertEquals(List.of(CHART), document.get("factoriesNotInManifests"));
        assertEquals(Boolean.FALSE, document.get("dryRun"));
    }

    @Test
    void prune_olderThan_removesOnlyEntriesStoredLongerAgo() throws IOException {
        backdate("\"costs\"", Duration.ofDays(40));

        CliProcess.Result result = cli("prune", "--older-than", "30d").expectExit(0);

        assertTrue(result.out().contains("older than 30d"), result.out());
        assertEquals(4, storedArguments().size());
        assertFalse(storedArguments().contains("TableFactory name=\"costs\", year=2024 V2"));
    }

    @Test
    void prune_olderThanWithEntryCreatedInTheFuture_removesItSayingWhy() throws IOException {
        Fixtures.postdate(payloadOf("\"costs\""), Duration.ofDays(400));

        Map<String, Object> json = object(cli("--json", "prune", "--older-than", "30d")
                .expectExit(0).json());

        List<Map<String, Object>> removed = list(json.get("removed"));
        assertEquals(1, removed.size(), removed.toString());
        assertEquals(List.of("created in the future"), removed.get(0).get("reasons"));
        assertEquals(Boolean.TRUE, removed.get(0).get("createdInFuture"));
        assertEquals(4, storedArguments().size());
    }

    @Test
    void prune_durationOrSizeBeyondRange_failsWithExitCode2InOneLine() {
        for (String[] args : new String[][] {
            {"prune", "--older-than", "999999999999999d"},
            {"prune", "--older-than", "P999999999999999D"},
            {"prune", "--max-size", "99999999999999999999TB"}}) {
            CliProcess.Result result = cli(args).expectExit(2);

            assertEquals(1, result.err().lines().count(), result.err());
            assertTrue(result.err().startsWith("cachedfactory: "), result.err());
            assertFalse(result.err().contains("Exception") || result.out().contains("Exception")
                    || result.err().contains("at io."), result.err());
        }
        assertEquals(5, storedArguments().size());
    }

    @Test
    void prune_tmpReplacedByLinkOutside_leavesTheLinkAndEveryFileItLeadsTo()
            throws IOException {
        Path outside = Files.createDirectories(work.resolve("outside"));
        Path tempLike = outside.resolve("ab".repeat(32) + ".cfp.2147483647.ab12.tmp");
        Files.writeString(tempLike, "looks like a killed writer's payload");
        Path plain = outside.resolve("thesis.tex");
        Files.writeString(plain, "someone's only copy");
        Path tmp = store.resolve("tmp");
        deleteRecursively(tmp);
        Files.createSymbolicLink(tmp, outside);

        cli("ls").expectExit(0);
        cli("prune", "--orphans").expectExit(0);

        assertEquals("looks like a killed writer's payload", Files.readString(tempLike));
        assertEquals("someone's only copy", Files.readString(plain));
        try (Stream<Path> files = Files.list(outside)) {
            assertEquals(2, files.count());
        }
        assertTrue(Files.isSymbolicLink(tmp), "the tool repaired the store");
        assertEquals(5, storedArguments().size());
    }

    @Test
    void prune_maxSize_removesLeastRecentlyUsedUntilUnderTheSize() throws IOException {
        long oneEntry;
        try (CacheStore cache = CacheStore.open(store)) {
            oneEntry = cache.maintenance().list().get(0).payloadBytes();
        }

        CliProcess.Result result = cli("prune", "--max-size", Long.toString(2 * oneEntry + 10))
                .expectExit(0);

        assertTrue(result.out().contains("removed 3 entries"), result.out());
        assertEquals(2, storedArguments().size());
    }

    @Test
    void prune_orphans_leavesNoTmpFileOfADeadWriter() throws IOException {
        Path deadWriter = store.resolve("tmp").resolve("ab".repeat(32)
                + ".cfp.2147483647.ab12.tmp");
        Files.createDirectories(deadWriter.getParent());
        Files.write(deadWriter, new byte[100]);

        // Opening the store while no other process uses it already removes killed writers' temp
        // files; prune --orphans removes whatever is left.
        CliProcess.Result result = cli("prune", "--orphans").expectExit(0);

        assertTrue(result.out().contains("removed 0 entries"), result.out());
        assertFalse(Files.exists(deadWriter));
        assertEquals(5, storedArguments().size());
    }

    @Test
    void prune_manyEntries_showsProgressOnStderrOnly() {
        CliProcess.Result result = CliProcess.runWith(work,
                List.of("-D" + Progress.THRESHOLD_PROPERTY + "=2"), "--store", store.toString(),
                "prune", "--stale", "--classpath", manifest.toString()).expectExit(0);

        assertTrue(result.err().contains("prune: entries 2/2"), result.err());
        assertFalse(result.out().contains("prune: entries"), result.out());
    }

    @Test
    void prune_misuse_failsWithExitCode2AndSaysWhatIsAllowed() {
        cli("prune").expectExit(2)
                .expectErr("nothing to prune: give --stale, --older-than, --max-size or --orphans");
        cli("prune", "--stale").expectExit(2).expectErr("--stale needs --classpath");
        cli("prune", "--older-than", "soon").expectExit(2).expectErr("invalid duration 'soon'");
        cli("prune", "--max-size", "10XB").expectExit(2).expectErr("invalid size '10XB'");
        assertEquals(5, storedArguments().size());
    }

    // verify

    @Test
    void verify_healthyStore_isOkWithExitCode0() {
        CliProcess.Result result = cli("verify").expectExit(0);

        assertEquals("checked 5 payloads: OK\n", result.out());
    }

    @Test
    void verify_corruptPayload_namesItWithExitCode1AndJson() throws IOException {
        Path payload = payloadOf("\"costs\"");
        byte[] bytes = Files.readAllBytes(payload);
        bytes[bytes.length - 1] ^= 0x55;
        Files.write(payload, bytes);

        CliProcess.Result text = cli("verify").expectExit(1);
        Map<String, Object> json = object(cli("verify", "--json").expectExit(1).json());

        String relative = store.relativize(payload).toString();
        assertTrue(text.out().startsWith("problem  " + relative + ": "), text.out());
        assertTrue(text.out().contains("checked 5 payloads: 1 problem"), text.out());
        assertEquals(Boolean.FALSE, json.get("ok"));
        assertEquals(5L, json.get("payloadsChecked"));
        assertEquals(1, ((List<?>) json.get("problems")).size());
    }

    @Test
    void verify_signedStore_needsTheKeyToCheckSignatures() {
        store = work.resolve("signed");
        try (CacheStore cache = CacheStore.builder(store)
                .signingKey(KEY.getBytes(StandardCharsets.UTF_8)).open()) {
            TableFactory factory = new TableFactory(cache);
            factory.get("sales", 2024);
            factory.get("costs", 2024);
        }

        CliProcess.Result noKey = cli("verify").expectExit(CachedFactoryCli.UNCHECKED);
        Map<String, Object> noKeyJson = object(cli("--json", "verify")
                .expectExit(CachedFactoryCli.UNCHECKED).json());
        cli("verify", "--signing-key", KEY).expectExit(0).expectOut("checked 2 payloads: OK");
        CliProcess.Result wrongKey = cli("verify", "--signing-key",
                "not the key it was signed with").expectExit(1);
        CliProcess.runWith(work, List.of(), Map.of("CACHEDFACTORY_SIGNING_KEY", KEY),
                "--store", store.toString(), "verify").expectExit(0);

        assertTrue(noKey.out().contains("2 payloads are signed but signatures were NOT checked"
                + " (give --signing-key or set CACHEDFACTORY_SIGNING_KEY)"), noKey.out());
        assertEquals(2L, noKeyJson.get("signedPayloads"));
        assertEquals(Boolean.FALSE, noKeyJson.get("signaturesChecked"));
        assertEquals(Boolean.TRUE, noKeyJson.get("ok"));
        assertEquals(2, wrongKey.out().lines().filter(l -> l.startsWith("problem  ")).count(),
                wrongKey.out());
    }

    @Test
    void verify_signingKeyTooShort_failsWithExitCode2InOneLine() {
        CliProcess.Result result = cli("verify", "--signing-key", "short").expectExit(2);

        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains("invalid signing key"), result.err());
    }

    @Test
    void verify_indexHeaderZeroed_reportsTheIndexProblemWithExitCode1() throws IOException {
        try (FileChannel index = FileChannel.open(store.resolve("index.cmap"),
                StandardOpenOption.WRITE)) {
            index.write(ByteBuffer.allocate(64), 0);
        }

        long started = System.nanoTime();
        CliProcess.Result result = cli("verify").expectExit(1);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertTrue(result.out().lines().anyMatch(l -> l.startsWith("problem  index: ")),
                result.out());
        assertFalse(result.out().contains("OK"), result.out());
        // Chronicle Map waits 60 s for a header another process is still writing; the index is
        // refused at once instead. Far above a normal run on a loaded machine, far below 60 s.
        assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "verify took " + took);
    }

    // rm

    @Test
    void rm_arguments_removesThemUnderEveryFingerprintOnly() {
        CliProcess.Result result = cli("rm", "TableFactory", "sales", "2024").expectExit(0);

        assertTrue(result.out().contains("removed 2 entries"), result.out());
        assertEquals(Set.of(
                "ChartFactory name=\"sales\", year=2024 V1",
                "TableFactory name=\"costs\", year=2024 V2",
                "TableFactory name=\"sales\", year=2023 V1"), storedArguments());
    }

    @Test
    void rm_all_removesEveryEntryOfTheFactoryAndJsonParses() {
        Map<String, Object> json = object(cli("rm", "Chart", "--all", "--json").expectExit(0)
                .json());

        assertEquals(1, ((List<?>) json.get("removed")).size());
        assertEquals(4, storedArguments().size());
    }

    @Test
    void rm_noMatchOrNoArguments_exitsWith1Or2AndRemovesNothing() {
        cli("rm", "TableFactory", "sales", "1999").expectExit(1)
                .expectOut("no entry of " + TABLE + " has the arguments sales 1999");
        cli("rm", "TableFactory").expectExit(2)
                .expectErr("give the arguments of the entries to remove, or --all");
        assertEquals(5, storedArguments().size());
    }

    /** Every path under {@code root}, links not followed: type, mode, size, time and content. */
    private static String listing(Path root) throws IOException {
        StringBuilder listing = new StringBuilder();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted().toList()) {
                PosixFileAttributes attributes = Files.readAttributes(path,
                        PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                listing.append(root.relativize(path)).append(' ')
                        .append(attributes.isDirectory() ? "dir" : attributes.isSymbolicLink()
                                ? "link" : attributes.isRegularFile() ? "file" : "other")
                        .append(' ').append(PosixFilePermissions.toString(attributes.permissions()))
                        .append(' ').append(attributes.size())
                        .append(' ').append(attributes.lastModifiedTime());
                if (attributes.isRegularFile()) {
                    listing.append(' ').append(HexFormat.of().formatHex(Files.readAllBytes(path)));
                }
                listing.append('\n');
            }
        }
        return listing.toString();
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private Path payloadOf(String argument) throws IOException {
        try (CacheStore cache = CacheStore.open(store)) {
            return cache.maintenance().list().stream()
                    .filter(e -> e.arguments().contains(argument))
                    .map(StoredEntry::file).findFirst().orElseThrow();
        }
    }

    private void backdate(String argument, Duration by) throws IOException {
        Fixtures.backdate(payloadOf(argument), by);
    }
}
