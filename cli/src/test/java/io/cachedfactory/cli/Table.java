package io.cachedfactory.cli;

import io.cachedfactory.CachedFactory;
import io.cachedfactory.Version;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The cached type of the CLI tests; the processor generates its {@link TableFactory} when the
 * tests compile. Its payload is {@link #ROWS} rows of 100 bytes. alice's counter is 4: the
 * entries {@link EarlierTableBuilds} writes were built when it was 3.
 */
@CachedFactory(versions = @Version(owner = "alice", value = 4))
final class Table implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Rows of every table, so the key holds only what the CLI shows: name and year. */
    static final int ROWS = 10;

    private final String name;
    private final int year;
    private final byte[] cells;

    Table(String name, int year) {
        this.name = name;
        this.year = year;
        this.cells = new byte[ROWS * 100];
        Arrays.fill(cells, (byte) year);
    }

    @Override
    public String toString() {
        return "Table(" + name + ", " + year + ", " + cells.length + " bytes)";
    }
}
