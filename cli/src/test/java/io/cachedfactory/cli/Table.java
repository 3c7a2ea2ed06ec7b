package io.cachedfactory.cli;

import java.io.Serializable;
import java.util.Arrays;

/** The cached type of the CLI tests: its payload size follows from {@code rows}. */
final class Table implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final int year;
    private final byte[] cells;

    Table(String name, int year, int rows) {
        this.name = name;
        this.year = year;
        this.cells = new byte[rows * 100];
        Arrays.fill(cells, (byte) year);
    }

    @Override
    public String toString() {
        return "Table(" + name + ", " + year + ", " + cells.length + " bytes)";
    }
}
