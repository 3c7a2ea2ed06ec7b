package io.cachedfactory.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedCodecTest {

    @TempDir
    Path dir;

    /** The file {@link #write} wrote last. */
    private Path payloadPath;

    /**
     * A rows × cols matrix of doubles kept in one little-endian buffer: rows and cols as two ints,
     * then the values row by row. The buffer is the object's only storage.
     */
    static final class DoubleMatrix {
        private static final int HEADER = 8;

        private final ByteBuffer storage;
        private final DoubleBuffer values;
        private final int rows;
        private final int cols;

        DoubleMatrix(ByteBuffer storage) {
            this.storage = storage;
            ByteBuffer le = storage.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            this.rows = le.getInt(0);
            this.cols = le.getInt(4);
            if (rows < 0 || cols < 0
                    || HEADER + 8L * rows * cols != storage.capacity()) {
                throw new IllegalArgumentException("not a " + rows + "x" + cols + " matrix");
            }
            this.values = le.slice(HEADER, storage.capacity() - HEADER)
                    .order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        }

        /** A matrix with entry (r, c) = r * 1000 + c + 0.5, on a direct or heap buffer. */
        static DoubleMatrix of(int rows, int cols, boolean direct) {
            int size = HEADER + 8 * rows * cols;
            ByteBuffer storage = (direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(
                    size)).order(ByteOrder.LITTLE_ENDIAN);
            storage.putInt(rows).putInt(cols);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    storage.putDouble(r * 1000 + c + 0.5);
                }
            }
            return new DoubleMatrix(storage.clear());
        }

        double get(int row, int col) {
            return values.get(row * cols + col);
        }

        DoubleBuffer values() {
            return values.duplicate();
        }

        ByteBuffer storage() {
            return storage;
        }
    }

    static final class DoubleMatrixCodec extends MappedCodec<DoubleMatrix> {
        @Override
        protected ByteBuffer toBuffer(DoubleMatrix value) {
            return value.storage();
        }

        @Override
        protected DoubleMatrix fromBuffer(ByteBuffer mapped) {
            return new DoubleMatrix(mapped);
        }
    }

    private final DoubleMatrixCodec codec = new DoubleMatrixCodec();

    @Test
    void read_writtenMatrix_equalValues() throws IOException {
        DoubleMatrix matrix = DoubleMatrix.of(300, 200, true);
        DoubleMatrix read = codec.read(write(matrix));
        assertEquals(matrix.values(), read.values());
        assertEquals(299_199.5, read.get(299, 199));
    }

    @Test
    void read_matrix_isBackedByTheReadOnlyMappingNotACopy() throws IOException {
        CodecFilePayload payload = write(DoubleMatrix.of(4, 4, true));

        DoubleMatrix read = codec.read(payload);

        assertInstanceOf(MappedByteBuffer.class, read.storage());
        assertTrue(read.values().isDirect());
        assertTrue(read.values().isReadOnly());
        assertTrue(read.storage().isReadOnly());
        // A change to the file shows through the object: it reads the mapped pages themselves.
        try (FileChannel file = FileChannel.open(payloadPath, StandardOpenOption.WRITE)) {
            ByteBuffer changed = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            changed.putDouble(0, -42.0);
            file.write(changed, 8);
        }
        assertEquals(-42.0, read.get(0, 0));
    }

    @Test
    void write_heapAndDirectBuffers_sameBytes() throws IOException {
        byte[] direct = write(DoubleMatrix.of(7, 9, true)).bytes();
        byte[] heap = write(DoubleMatrix.of(7, 9, false)).bytes();
        assertArrayEquals(direct, heap);
        assertEquals(8 + 8 * 7 * 9, direct.length);
    }

    @Test
    void write_readOnlyView_writesItsBytes() throws IOException {
        DoubleMatrix matrix = DoubleMatrix.of(3, 3, false);
        DoubleMatrix readOnly = new DoubleMatrix(matrix.storage().asReadOnlyBuffer());
        assertArrayEquals(write(matrix).bytes(), write(readOnly).bytes());
    }

    @Test
    void write_leavesTheObjectsBufferUntouched() throws IOException {
        DoubleMatrix matrix = DoubleMatrix.of(5, 5, true);
        write(matrix);
        assertEquals(0, matrix.storage().position());
        assertEquals(matrix.storage().capacity(), matrix.storage().limit());
    }

    @Test
    void read_bytesOfAnotherLayout_ioException() throws IOException {
        CodecFilePayload payload = CodecFilePayload.of(dir.resolve("bad"),
                new byte[] {9, 0, 0, 0, 9, 0, 0, 0, 1, 2, 3});
        assertThrows(IOException.class, () -> codec.read(payload));
    }

    @Test
    void id_default_isClassNameVersionOne() {
        assertEquals(DoubleMatrixCodec.class.getName() + "/1", codec.id());
    }

    private CodecFilePayload write(DoubleMatrix matrix) throws IOException {
        payloadPath = dir.resolve("payload-" + System.nanoTime());
        return CodecFilePayload.written(payloadPath, out -> codec.write(matrix, out));
    }
}
