package io.cachedfactory.benchmarks.report;

import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the two-process single-flight harness counted. {@code TwoProcessSingleFlight} writes it,
 * {@link Report} reads it: one line of JSON, {@code {"processes": 2, "threadsPerProcess": 16, ...}}.
 *
 * @param processes JVMs sharing the store
 * @param threadsPerProcess threads asking in each JVM
 * @param keys absent keys asked for
 * @param builds builds counted across the processes
 * @param buildMillis how long one build takes
 * @param millis the slowest process's time
 */
public record TwoProcessResult(int processes, int threadsPerProcess, long keys, long builds,
        long buildMillis, long millis) {

    /** One line: members separated by ", ", names from values by ": ". */
    private static final DefaultPrettyPrinter ONE_LINE = new DefaultPrettyPrinter(
            Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEntrySpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultPrettyPrinter.NopIndenter());

    /** This result as one line of JSON, ending with a line separator. */
    public String toJson() throws IOException {
        return Report.JSON.writer(ONE_LINE).writeValueAsString(this) + System.lineSeparator();
    }

    /** Writes {@link #toJson()} to {@code file}. */
    public void write(Path file) throws IOException {
        Files.writeString(file, toJson());
    }

    /** Reads a result {@link #write(Path)} wrote. */
    static TwoProcessResult read(Path file) throws IOException {
        return Report.JSON.readValue(file.toFile(), TwoProcessResult.class);
    }
}
