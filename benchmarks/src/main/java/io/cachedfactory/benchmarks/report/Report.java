package io.cachedfactory.benchmarks.report;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/*
 * Turns one run's JMH JSON (and the two-process harness's line) into the ratio table of issues 7
 * and 12:
 * each target is a ratio of two scores from the same run. Scores are average times (lower is
 * faster), so "A at least k times B's throughput" is time(B) / time(A) >= k, and "A at most k
 * times B's time" is time(A) / time(B) <= k.
 */

/**
 * Writes the ratio table (Markdown) and chart (SVG) of a benchmark run and prints the table.
 *
 * <p>Usage: {@code Report <jmh.json[,more.json]> <two-process.json|-> <machine.txt|-> <out.md>
 * <out.svg> <command>}
 */
public final class Report {

    private static final String PKG = "io.cachedfactory.benchmarks.";
    /** Where the same key is loaded again from one open store: not what a process usually does. */
    private static final String REPEATED = "Disk hit, repeated load (body verified before), ";

    private final Map<String, Score> scores = new TreeMap<>();
    private final List<Row> rows = new ArrayList<>();

    private Report() {
    }

    /** One benchmark's score: average time in {@code unit}, with its 99.9% error. */
    record Score(String name, double value, double error, String unit) {
    }

    /** One line of the ratio table. */
    record Row(String what, String ratio, Double measured, String comparison, double target,
            String note) {

        boolean known() {
            return measured != null && !measured.isNaN();
        }

        boolean met() {
            if (!known()) {
                return false;
            }
            return switch (comparison) {
                case "<=" -> measured <= target;
                case "<" -> measured < target;
                default -> measured >= target;
            };
        }

        /** How far the measurement is from failing: above 1 means met, whichever the direction. */
        double margin() {
            return comparison.startsWith("<") ? target / measured : measured / target;
        }
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) throws IOException {
        if (args.length != 6) {
            System.err.println("usage: Report <jmh.json> <two-process.json|-> <machine.txt|->"
                    + " <out.md> <out.svg> <command>");
            System.exit(2);
        }
        Report report = new Report();
        for (String file : args[0].split(",")) {
            if (Files.exists(Path.of(file))) {
                report.readJmh(Path.of(file));
            }
        }
        Optional<TwoProcessResult> twoProcess = args[1].equals("-")
                || !Files.exists(Path.of(args[1])) ? Optional.empty()
                : Optional.of(TwoProcessResult.read(Path.of(args[1])));
        String machine = args[2].equals("-") || !Files.exists(Path.of(args[2])) ? ""
                : Files.readString(Path.of(args[2]));
        report.computeRows(twoProcess);
        String table = report.ratioTable();
        System.out.println(table);
        Files.writeString(Path.of(args[3]), report.markdown(table, machine, args[5],
                Path.of(args[4]).getFileName().toString()));
        Files.writeString(Path.of(args[4]), report.svg());
    }

    /** Reads JMH's result files (-rf json) and the two-process harness's result. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .build();

    private void readJmh(Path file) throws IOException {
        for (JsonNode result : JSON.readTree(file.toFile())) {
            String name = result.get("benchmark").asText().replace(PKG, "");
            JsonNode params = result.get("params");
            if (params != null && params.isObject()) {
                Map<String, String> sorted = new TreeMap<>();
                params.properties().forEach(p -> sorted.put(p.getKey(), p.getValue().asText()));
                StringBuilder suffix = new StringBuilder();
                sorted.values().forEach(v -> suffix.append(':').append(v));
                name += suffix;
            }
            JsonNode metric = result.get("primaryMetric");
            scores.put(name, new Score(name, score(metric.get("score")),
                    score(metric.get("scoreError")), metric.get("scoreUnit").asText()));
        }
    }

    /** A JMH score: a number, or NaN where JMH wrote "NaN" (a score it could not compute). */
    private static double score(JsonNode value) {
        return value != null && value.isNumber() ? value.doubleValue() : Double.NaN;
    }

    private Double score(String name) {
        Score score = scores.get(name);
        return score == null ? null : score.value();
    }

    private static Double ratio(Double numerator, Double denominator) {
        return numerator == null || denominator == null ? null : numerator / denominator;
    }

    private void computeRows(Optional<TwoProcessResult> twoProcess) {
        for (String t : List.of("1t", "2t")) {
            String threads = t.equals("1t") ? "1 thread" : "2 threads";
            Double generated = score("MemoryHitBenchmark.generated_" + t);
            rows.add(new Row("Memory hit, " + threads, "generated get / Caffeine getIfPresent"
                    + " (time)", ratio(generated, score("MemoryHitBenchmark.caffeine_" + t)),
                    "<=", 1.5, memoryNote(t)));
            rows.add(new Row("Memory hit, " + threads, "generated get / Ehcache 3 heap (time)",
                    ratio(generated, score("MemoryHitBenchmark.ehcacheHeap_" + t)), "<", 1.0,
                    ""));
        }
        rows.add(new Row("Memory hit, diagnostics", "RequestKey build / record key build (time)",
                ratio(score("MemoryHitBreakdownBenchmark.requestKey"),
                        score("MemoryHitBreakdownBenchmark.recordKey")), "info", Double.NaN,
                "RequestKey " + fmtScore("MemoryHitBreakdownBenchmark.requestKey")
                        + ", with its hash " + fmtScore("MemoryHitBreakdownBenchmark"
                        + ".requestKeyAndHash") + ", record " + fmtScore(
                        "MemoryHitBreakdownBenchmark.recordKey")));
        List<Integer> sizes = scores.keySet().stream()
                .filter(n -> n.startsWith("DiskHitLargeBenchmark.mappedCodec:"))
                .map(n -> Integer.parseInt(n.substring(n.indexOf(':') + 1)))
                .sorted().toList();
        for (int size : sizes) {
            String suffix = ":" + size;
            Double mapped = score("DiskHitLargeBenchmark.mappedCodec" + suffix);
            Double channel = score("DiskHitLargeBenchmark.fileChannel" + suffix);
            rows.add(new Row(REPEATED + size + " MiB array-backed",
                    "mapped codec / FileChannel read (throughput)", ratio(channel, mapped), ">=",
                    0.9, "mapped " + fmtScore("DiskHitLargeBenchmark.mappedCodec" + suffix)
                            + ", FileChannel " + fmtScore("DiskHitLargeBenchmark.fileChannel"
                            + suffix) + ", Java serialization " + fmtScore(
                            "DiskHitLargeBenchmark.javaSerialization" + suffix) + " ("
                            + throughputNote(channel, score(
                            "DiskHitLargeBenchmark.javaSerialization" + suffix))
                            + "), Ehcache disk " + fmtScore(
                            "DiskHitLargeBenchmark.ehcacheDisk" + suffix) + " ("
                            + throughputNote(channel, score("DiskHitLargeBenchmark.ehcacheDisk"
                            + suffix)) + ")"));
        }
        if (sizes.size() > 1) {
            int small = sizes.get(0);
            int large = sizes.get(sizes.size() - 1);
            rows.add(new Row(REPEATED + "mapped codec, constant in size",
                    "time at " + large + " MiB / time at " + small + " MiB",
                    ratio(score("DiskHitLargeBenchmark.mappedCodec:" + large),
                            score("DiskHitLargeBenchmark.mappedCodec:" + small)), "<=", 1.5,
                    "FileChannel: " + fmt(ratio(score("DiskHitLargeBenchmark.fileChannel:"
                            + large), score("DiskHitLargeBenchmark.fileChannel:" + small)))
                            + "x"));
        }
        rows.add(new Row(REPEATED + "1 MiB object graph",
                "store with Java serialization / plain ObjectInputStream (throughput)",
                ratio(score("DiskHitGraphBenchmark.objectInputStream"),
                        score("DiskHitGraphBenchmark.javaSerialization")), ">=", 1.0,
                "Java serialization " + fmtScore("DiskHitGraphBenchmark.javaSerialization")
                        + ", ObjectInputStream " + fmtScore(
                        "DiskHitGraphBenchmark.objectInputStream") + ", Ehcache disk "
                        + fmtScore("DiskHitGraphBenchmark.ehcacheDisk") + " (" + throughputNote(
                        score("DiskHitGraphBenchmark.objectInputStream"),
                        score("DiskHitGraphBenchmark.ehcacheDisk")) + ")"));
        firstLoadRows();
        for (String name : scores.keySet()) {
            if (name.startsWith("MissPersistBenchmark.mappedCodec:")) {
                String suffix = name.substring(name.indexOf(':'));
                Double raw = score("MissPersistBenchmark.rawWrite" + suffix);
                rows.add(new Row("Miss + persist, " + suffix.substring(1) + " MiB",
                        "build + store (mapped codec) / raw write + fsync (throughput)",
                        ratio(raw, score(name)), ">=", 0.5, "mapped " + fmtScore(name)
                        + ", raw " + fmtScore("MissPersistBenchmark.rawWrite" + suffix)
                        + ", default codec " + fmtScore("MissPersistBenchmark.defaultCodec"
                        + suffix) + " (" + throughputNote(raw,
                        score("MissPersistBenchmark.defaultCodec" + suffix)) + ")"));
            }
        }
        rows.add(new Row("Store open", "open at 1,000,000 entries / open at 1,000 (time)",
                ratio(score("StoreOpenBenchmark.openAndClose:1000000"),
                        score("StoreOpenBenchmark.openAndClose:1000")), "<=", 1.5,
                "ms/op: 1,000 " + fmtScore("StoreOpenBenchmark.openAndClose:1000") + ", 100,000 "
                        + fmtScore("StoreOpenBenchmark.openAndClose:100000") + ", 1,000,000 "
                        + fmtScore("StoreOpenBenchmark.openAndClose:1000000")));
        rows.add(new Row("Single flight, 32 threads, 1 absent key",
                "generated / Caffeine get(key, loader) (time per flight)",
                ratio(score("SingleFlightBenchmark.generated"),
                        score("SingleFlightBenchmark.caffeine")), "info", Double.NaN,
                "generated " + fmtScore("SingleFlightBenchmark.generated") + ", Caffeine "
                        + fmtScore("SingleFlightBenchmark.caffeine") + ", harness alone "
                        + fmtScore("SingleFlightBenchmark.harnessOnly") + "; 1 build per flight"
                        + " checked; generated persists (fsync), Caffeine does not"));
        twoProcess.ifPresentOrElse(counted -> {
            rows.add(new Row("Single flight, 2 processes x 16 threads",
                    "builds / absent keys", (double) counted.builds() / counted.keys(), "<=", 1.0,
                    String.format(Locale.ROOT, "%d builds for %d keys, %d ms per build, %d ms"
                            + " total", counted.builds(), counted.keys(), counted.buildMillis(),
                            counted.millis())));
        }, () -> rows.add(new Row("Single flight, 2 processes x 16 threads",
                "builds / absent keys", null, "<=", 1.0, "")));
        for (String reach : List.of("module", "library")) {
            String with = "ProcessorCostBenchmark.withProcessor:" + reach;
            String without = "ProcessorCostBenchmark.withoutProcessor:" + reach;
            String generated = "ProcessorCostBenchmark.generatedSourcesWithoutProcessor:" + reach;
            String module = "200 classes / 50 @CachedFactory"
                    + (reach.equals("library") ? ", reaching into Commons Math" : "");
            rows.add(new Row("Processor cost, " + module,
                    "javac with processor / without (time)", ratio(score(with), score(without)),
                    "<=", 1.25, "with " + fmtScore(with) + ", without " + fmtScore(without)));
            rows.add(new Row("Processor cost, split, " + module, "javac with processor / javac"
                    + " of the same sources plus the generated factories, no processor (time)",
                    ratio(score(with), score(generated)), "<=", 1.5, "the processor's own share"
                    + " (issue 11's target); sources plus factories without processor: "
                    + fmtScore(generated)));
            String replay = "ProcessorCostBenchmark.replayingProcessor:" + reach;
            rows.add(new Row("Processor cost, floor, " + module, "javac with a processor that"
                    + " only writes the same factories / javac of sources plus factories (time)",
                    ratio(score(replay), score(generated)), "info", Double.NaN, "what any processor"
                    + " writing sources costs javac (its rounds): " + fmtScore(replay)));
            rows.add(new Row("Processor cost, analysis, " + module, "javac with processor /"
                    + " javac with the replaying processor (time)",
                    ratio(score(with), score(replay)), "info", Double.NaN, "the fingerprint's reach"
                    + " analysis and writing the factories"));
            String coldWith = "ProcessorCostBenchmark.coldWithProcessor:" + reach;
            String coldGenerated = "ProcessorCostBenchmark.coldGeneratedSourcesWithoutProcessor:"
                    + reach;
            rows.add(new Row("Processor cost, split, cold javac, " + module, "javac process with"
                    + " processor / javac process of the sources plus the factories, no processor"
                    + " (time)", ratio(score(coldWith), score(coldGenerated)), "<=", 1.5,
                    "a new javac per compilation, as mvn compile in a fresh JVM: with "
                    + fmtScore(coldWith) + ", without " + fmtScore(coldGenerated)));
        }
    }

    /** Issue 12: first loads in a process, and a cold process. */
    private void firstLoadRows() {
        String graph = "DiskFirstLoadGraphBenchmark.";
        for (String suffix : suffixes(graph + "defaultCodec", ":1", ":64")) {
            Double first = score(graph + "defaultCodec" + suffix);
            String what = "Disk hit, first load, " + suffix.substring(1) + " MiB object graph";
            String note = "default codec " + fmtScore(graph + "defaultCodec" + suffix)
                    + ", store with Java serialization " + fmtScore(graph + "javaSerialization"
                    + suffix) + ", ObjectInputStream " + fmtScore(graph + "objectInputStream"
                    + suffix) + ", Ehcache disk " + fmtScore(graph + "ehcacheDisk" + suffix);
            rows.add(new Row(what, "default codec / plain ObjectInputStream (throughput)",
                    ratio(score(graph + "objectInputStream" + suffix), first), ">=", 3.0, note));
            rows.add(new Row(what, "default codec / Ehcache 3 disk tier (throughput)",
                    ratio(score(graph + "ehcacheDisk" + suffix), first), ">=", 1.5,
                    "Java serialization in the store / ObjectInputStream: " + throughputNote(
                    score(graph + "objectInputStream" + suffix),
                    score(graph + "javaSerialization" + suffix))));
        }
        String large = "DiskFirstLoadLargeBenchmark.";
        for (String suffix : suffixes(large + "defaultCodec", ":64", ":512")) {
            String size = suffix.substring(1) + " MiB double[]";
            Double channel = score(large + "fileChannelCrc32c" + suffix);
            // Issue 12 sets the target for large arrays, 64 MiB and up; 1 MiB is for reference.
            boolean large64 = Integer.parseInt(suffix.substring(1)) >= 64;
            rows.add(new Row("Disk hit, first load, " + size,
                    "default codec / FileChannel read + CRC32C (throughput)",
                    ratio(channel, score(large + "defaultCodec" + suffix)),
                    large64 ? ">=" : "info", large64 ? 0.7 : Double.NaN,
                    "default codec " + fmtScore(large + "defaultCodec" + suffix)
                            + ", FileChannel + CRC32C " + fmtScore(large + "fileChannelCrc32c"
                            + suffix)));
            rows.add(new Row(REPEATED + size,
                    "default codec / FileChannel read + CRC32C (throughput)",
                    ratio(channel, score(large + "repeatedDefaultCodec" + suffix)), "info",
                    Double.NaN, "default codec " + fmtScore(large + "repeatedDefaultCodec"
                            + suffix) + " (the store open, its payload verified at setup)"));
        }
        String cold = "ColdProcessBenchmark.";
        for (String suffix : suffixes(cold + "defaultCodec", ":")) {
            Double first = score(cold + "defaultCodec" + suffix);
            Double java = score(cold + "javaSerialization" + suffix);
            Double floor = score(cold + "jvmStartFloor" + suffix);
            String args = suffix.substring(1);
            rows.add(new Row("Cold process, 64 MiB object graph" + (args.isEmpty() ? ""
                    : " (child " + args + ")"), "Java serialization / default codec (time from"
                    + " JVM start to exit)", ratio(java, first), ">=", 1.0, "default codec "
                    + fmtScore(cold + "defaultCodec" + suffix) + ", Java serialization "
                    + fmtScore(cold + "javaSerialization" + suffix) + ", JVM start floor "
                    + fmtScore(cold + "jvmStartFloor" + suffix) + "; the same ratio above the"
                    + " floor: " + throughputNote(minus(java, floor), minus(first, floor))));
        }
    }

    /**
     * The parameter suffixes (":64"; ":" for an empty parameter) {@code benchmark} was run with,
     * in numeric order; {@code expected} when it was not run, for rows that say so.
     */
    private List<String> suffixes(String benchmark, String... expected) {
        List<String> run = scores.keySet().stream().filter(n -> n.startsWith(benchmark + ":"))
                .map(n -> n.substring(benchmark.length()))
                .sorted(Comparator.comparing(String::length).thenComparing(n -> n))
                .toList();
        return run.isEmpty() ? List.of(expected) : run;
    }

    private static Double minus(Double a, Double b) {
        return a == null || b == null ? null : a - b;
    }

    private String memoryNote(String t) {
        return "generated " + fmtScore("MemoryHitBenchmark.generated_" + t)
                + ", Caffeine " + fmtScore("MemoryHitBenchmark.caffeine_" + t)
                + " (with recordStats " + fmtScore("MemoryHitBenchmark.caffeineWithStats_" + t)
                + ")"
                + ", ConcurrentHashMap " + fmtScore("MemoryHitBenchmark.concurrentHashMap_" + t)
                + ", Ehcache " + fmtScore("MemoryHitBenchmark.ehcacheHeap_" + t);
    }

    private static String throughputNote(Double baseline, Double contender) {
        Double ratio = ratio(baseline, contender);
        return ratio == null || ratio.isNaN() ? "n/a" : fmt(ratio) + "x";
    }

    private String fmtScore(String name) {
        Score score = scores.get(name);
        return score == null ? "n/a" : fmt(score.value()) + " " + score.unit();
    }

    private static String fmt(Double value) {
        if (value == null || value.isNaN()) {
            return "n/a";
        }
        double abs = Math.abs(value);
        String pattern = abs >= 100 ? "%.0f" : abs >= 10 ? "%.1f" : abs >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, value);
    }

    private String ratioTable() {
        StringBuilder out = new StringBuilder();
        out.append("| benchmark | ratio | measured | target | met | notes |\n");
        out.append("| --- | --- | ---: | --- | --- | --- |\n");
        for (Row row : rows) {
            boolean info = row.comparison().equals("info");
            out.append("| ").append(row.what()).append(" | ").append(row.ratio()).append(" | ")
                    .append(row.known() ? fmt(row.measured()) + "x" : "not measured")
                    .append(" | ").append(info ? "-" : row.comparison() + " "
                            + fmt(row.target()) + "x")
                    .append(" | ").append(info ? "-" : !row.known() ? "?" : row.met() ? "yes"
                            : "**no**")
                    .append(" | ").append(row.note()).append(" |\n");
        }
        return out.toString();
    }

    private String markdown(String table, String machine, String command, String chart) {
        StringBuilder out = new StringBuilder();
        out.append("# cachedfactory benchmarks\n\n");
        out.append("Command: `").append(command).append("`\n\n");
        if (!machine.isBlank()) {
            out.append("Machine:\n\n```\n").append(machine.strip()).append("\n```\n\n");
        }
        out.append("## Ratios against the targets of issues 7 and 12\n\n").append(table)
                .append('\n');
        out.append("![ratios](").append(chart).append(")\n\n");
        out.append("Profiles of the missed targets and the proposed fixes:"
                + " [FINDINGS.md](../FINDINGS.md).\n\n");
        out.append("## Every score\n\n| benchmark | score | ± 99.9% | unit |\n"
                + "| --- | ---: | ---: | --- |\n");
        for (Score score : scores.values()) {
            out.append("| ").append(score.name()).append(" | ").append(fmt(score.value()))
                    .append(" | ").append(fmt(score.error())).append(" | ")
                    .append(score.unit()).append(" |\n");
        }
        return out.toString();
    }

    /** A horizontal bar per target: margin to the target, 1.0 being exactly on it. */
    private String svg() {
        List<Row> charted = rows.stream().filter(r -> !r.comparison().equals("info")).toList();
        // About 6.6 px per character of 12 px sans-serif.
        int labelWidth = 20 + (int) (6.6 * charted.stream()
                .mapToInt(r -> (r.what() + ": " + shortRatio(r.ratio())).length()).max()
                .orElse(40));
        int barWidth = 360;
        int rowHeight = 26;
        double max = 3.0;
        int height = 60 + charted.size() * rowHeight + 30;
        int width = labelWidth + barWidth + 150;
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                width, height));
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        out.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"22\" font-size=\"15\" "
                + "font-weight=\"bold\">cachedfactory vs targets: margin to target (right of"
                + " the line = met)</text>%n"));
        int top = 40;
        double scale = barWidth / max;
        int x0 = labelWidth;
        for (int i = 0; i < charted.size(); i++) {
            Row row = charted.get(i);
            int y = top + i * rowHeight;
            out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">"
                    + "%s</text>%n", labelWidth - 8, y + 16, escape(row.what() + ": "
                    + shortRatio(row.ratio()))));
            if (!row.known()) {
                out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#777\">"
                        + "not measured</text>%n", x0 + 4, y + 16));
                continue;
            }
            double margin = Math.min(max, row.margin());
            out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" "
                    + "height=\"18\" fill=\"%s\"/>%n", x0, y + 3, margin * scale,
                    row.met() ? "#3a9a4a" : "#c8423b"));
            out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%sx (target %s "
                    + "%sx)</text>%n", x0 + margin * scale + 6, y + 16, fmt(row.measured()),
                    escape(row.comparison()), fmt(row.target())));
        }
        int bottom = top + charted.size() * rowHeight;
        out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\""
                + " stroke=\"black\" stroke-dasharray=\"4 3\"/>%n", x0 + scale, top - 4,
                x0 + scale, bottom + 4));
        out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">"
                + "target</text>%n", x0 + scale, bottom + 20));
        out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
                + "stroke=\"#999\"/>%n", x0, top - 4, x0, bottom + 4));
        out.append("</svg>\n");
        return out.toString();
    }

    private static String shortRatio(String ratio) {
        int paren = ratio.indexOf(" (");
        return paren < 0 ? ratio : ratio.substring(0, paren);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
