package io.cachedfactory.runtime.internal;

import static io.cachedfactory.runtime.internal.KeyFormat.*;

import io.cachedfactory.runtime.StoredEntry;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Renders canonical key bytes readably, for logs, errors and the store tool.
 *
 * <p>Design notes. The input may come from a damaged or hostile file (and is fuzzed), so parsing
 * is defensive: every declared length or count is checked against the bytes that remain before
 * anything is allocated, nesting is bounded, every loop consumes input, and any inconsistency is an
 * {@code IllegalArgumentException("malformed key: ...")}, never another exception. Output is
 * bounded too: long strings, big collections and very long keys are abbreviated with "…".
 */
public final class KeyDecoder {

    /** Characters of a string shown before "…". */
    static final int MAX_STRING_CHARS = 64;
    /** Characters of a class, constant or component name shown before "…". */
    static final int MAX_NAME_CHARS = 256;
    /** Elements of an array, collection or map shown before "…". */
    static final int MAX_ELEMENTS = 8;
    /** Characters of a whole rendering. */
    static final int MAX_RENDERED_CHARS = 2_000;
    /** Deeper nesting than the encoder ever writes is malformed. */
    private static final int MAX_DEPTH = KeyFormat.MAX_DEPTH + 1;

    private KeyDecoder() {
    }

    /**
     * The key in readable form, such as {@code Table(String,int) name="sales", year=2024}.
     *
     * @param keyBytes a whole key as {@link RequestKey.Builder} writes it: the signature, then each
     *     parameter's name and value
     * @throws IllegalArgumentException with a message starting {@code "malformed key: "} if the
     *     bytes are not such a key
     */
    public static String render(byte[] keyBytes) {
        Renderer renderer = new Renderer(new KeyInput(keyBytes));
        return renderer.guard(() -> {
            renderer.append(renderer.in.readModifiedUtf8());
            boolean first = true;
            while (renderer.in.remaining() > 0) {
                renderer.append(first ? " " : ", ");
                renderer.append(renderer.in.readModifiedUtf8());
                renderer.append("=");
                renderer.value(0);
                first = false;
            }
        });
    }

    /**
     * A key's signature and each named value, rendered as {@link #render} renders them, so that
     * tools never split a rendering again.
     *
     * @throws IllegalArgumentException with a message starting {@code "malformed key: "} if the
     *     bytes are not such a key
     */
    public static StoredEntry.Arguments renderArguments(byte[] keyBytes) {
        KeyInput in = new KeyInput(keyBytes);
        String[] signature = new String[1];
        List<StoredEntry.Argument> values = new ArrayList<>();
        new Renderer(in).guard(() -> {
            signature[0] = in.readModifiedUtf8();
            while (in.remaining() > 0) {
                String name = in.readModifiedUtf8();
                Renderer value = new Renderer(in);
                values.add(new StoredEntry.Argument(name, value.guard(() -> value.value(0))));
            }
        });
        return new StoredEntry.Arguments(signature[0], values);
    }

    /**
     * One encoded value (as {@link KeyEncoder#encode} writes it) in readable form, such as
     * {@code [1, 2]} or {@code Point[x=1, y=2]}.
     *
     * @throws IllegalArgumentException with a message starting {@code "malformed key: "} if the
     *     bytes are not exactly one value
     */
    static String renderValue(byte[] valueBytes) {
        Renderer renderer = new Renderer(new KeyInput(valueBytes));
        return renderer.guard(() -> {
            renderer.value(0);
            if (renderer.in.remaining() > 0) {
                throw malformed(renderer.in.remaining() + " bytes after the value");
            }
        });
    }

    static IllegalArgumentException malformed(String detail) {
        return new IllegalArgumentException("malformed key: " + detail);
    }

    /** Appends to bounded output; muted while parsing elements that are not shown. */
    private static final class Renderer {
        final KeyInput in;
        private final StringBuilder out = new StringBuilder();
        private int muted;

        Renderer(KeyInput in) {
            this.in = in;
        }

        String guard(Runnable parse) {
            try {
                parse.run();
            } catch (IllegalArgumentException e) {
                throw e.getMessage() != null && e.getMessage().startsWith("malformed key: ")
                        ? e : new IllegalArgumentException("malformed key: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                // Value types' factories reject what the encoder never writes (a month 13).
                throw new IllegalArgumentException("malformed key: " + e, e);
            }
            return out.length() > MAX_RENDERED_CHARS
                    ? out.substring(0, MAX_RENDERED_CHARS) + "…" : out.toString();
        }

        void append(Object text) {
            if (muted == 0 && out.length() <= MAX_RENDERED_CHARS) {
                out.append(text);
            }
        }

        void value(int depth) {
            if (depth > MAX_DEPTH) {
                throw malformed("nested deeper than " + MAX_DEPTH + " levels");
            }
            int tag = in.readByte();
            switch (tag) {
                case NULL -> append("null");
                case BOOLEAN -> append(in.readBoolean());
                case BYTE -> append("(byte) " + in.readByte());
                case SHORT -> append("(short) " + in.readShort());
                case CHAR -> append(quote(String.valueOf(in.readChar()), '\''));
                case INT -> append(in.readInt());
                case LONG -> append(in.readLong() + "L");
                case FLOAT -> append(Float.intBitsToFloat(in.readInt()) + "f");
                case DOUBLE -> append(Double.longBitsToDouble(in.readLong()));
                case STRING -> append(string());
                case ENUM -> {
                    String type = simpleName(in.readName());
                    append(type + "." + in.readName());
                }
                case RECORD -> record(depth);
                case CACHE_KEY -> {
                    append(simpleName(in.readName()) + "(");
                    value(depth + 1);
                    append(")");
                }
                case ARRAY -> array(depth);
                case LIST -> elements("[", "]", in.readCount(1, "list elements"), depth);
                case SET -> elements("{", "}", in.readCount(1, "set elements"), depth);
                case MAP -> map(depth);
                case OPTIONAL -> {
                    if (in.readBoolean()) {
                        append("Optional[");
                        value(depth + 1);
                        append("]");
                    } else {
                        append("Optional.empty");
                    }
                }
                case UUID_TAG -> append(new UUID(in.readLong(), in.readLong()));
                case BIG_INTEGER -> append(abbreviate(bigInteger()));
                case BIG_DECIMAL -> {
                    BigInteger unscaled = bigInteger();
                    int scale = in.readInt();
                    append(unscaled.bitLength() > 512
                            ? "BigDecimal(" + unscaled.bitLength() + " bits, scale " + scale + ")"
                            : new BigDecimal(unscaled, scale).toString());
                }
                default -> timeValue(tag);
            }
        }

        private void timeValue(int tag) {
            Object value = TimeKeys.read(tag, in);
            if (value == null) {
                throw malformed("unknown type tag 0x" + Integer.toHexString(tag & 0xFF)
                        + " at offset " + (in.position - 1));
            }
            append(value);
        }





        private BigInteger bigInteger() {
            int length = in.readCount(1, "integer bytes");
            if (length == 0) {
                throw malformed("empty integer");
            }
            return new BigInteger(in.readBytes(length));
        }

        private static String abbreviate(BigInteger value) {
            return value.bitLength() > 512 ? "BigInteger(" + value.bitLength() + " bits)"
                    : value.toString();
        }

        private String string() {
            String kept = in.readString(MAX_STRING_CHARS);
            int length = in.lastLength;
            return length > MAX_STRING_CHARS
                    ? quote(kept, '"') + "… (" + length + " chars)" : quote(kept, '"');
        }

        private void record(int depth) {
            append(simpleName(in.readName()) + "[");
            // Each component is at least a 4-byte name length and a tag.
            int count = in.readCount(5, "record components");
            for (int i = 0; i < count; i++) {
                append(i == 0 ? "" : ", ");
                append(in.readName() + "=");
                value(depth + 1);
            }
            append("]");
        }

        private void array(int depth) {
            int component = in.readByte();
            int size = switch (component) {
                case BOOLEAN, BYTE -> 1;
                case SHORT, CHAR -> 2;
                case INT, FLOAT -> 4;
                case LONG, DOUBLE -> 8;
                case REFERENCE_COMPONENT -> 0;
                default -> throw malformed("unknown array component 0x"
                        + Integer.toHexString(component & 0xFF));
            };
            if (size == 0) {
                String type = simpleName(in.readName());
                append(type + "[]");
                elements("{", "}", in.readCount(1, "array elements"), depth);
                return;
            }
            String[] names = {"", "boolean", "byte", "short", "char", "int", "long", "float",
                "double"};
            append(names[component] + "[]{");
            int length = in.readCount(size, "array elements");
            for (int i = 0; i < length; i++) {
                boolean shown = i < MAX_ELEMENTS;
                if (shown) {
                    append(i == 0 ? "" : ", ");
                } else if (i == MAX_ELEMENTS) {
                    append(", … " + (length - MAX_ELEMENTS) + " more");
                }
                String element = switch (component) {
                    case BOOLEAN -> String.valueOf(in.readBoolean());
                    case BYTE -> String.valueOf(in.readByte());
                    case SHORT -> String.valueOf(in.readShort());
                    case CHAR -> quote(String.valueOf(in.readChar()), '\'');
                    case INT -> String.valueOf(in.readInt());
                    case LONG -> in.readLong() + "L";
                    case FLOAT -> Float.intBitsToFloat(in.readInt()) + "f";
                    default -> String.valueOf(Double.longBitsToDouble(in.readLong()));
                };
                if (shown) {
                    append(element);
                }
            }
            append("}");
        }

        private void elements(String open, String close, int count, int depth) {
            append(open);
            for (int i = 0; i < count; i++) {
                shownOrMuted(i, count, () -> value(depth + 1));
            }
            append(close);
        }

        private void map(int depth) {
            // Each entry is at least two tags.
            int count = in.readCount(2, "map entries");
            append("{");
            for (int i = 0; i < count; i++) {
                shownOrMuted(i, count, () -> {
                    value(depth + 1);
                    append("=");
                    value(depth + 1);
                });
            }
            append("}");
        }

        /** Renders the first {@link #MAX_ELEMENTS} items; parses the rest without showing them. */
        private void shownOrMuted(int index, int count, Runnable item) {
            if (index < MAX_ELEMENTS) {
                append(index == 0 ? "" : ", ");
                item.run();
                return;
            }
            if (index == MAX_ELEMENTS) {
                append(", … " + (count - MAX_ELEMENTS) + " more");
            }
            muted++;
            try {
                item.run();
            } finally {
                muted--;
            }
        }
    }

    /** {@code com.acme.Outer$Inner} → {@code Outer.Inner}; arrays' names stay readable. */
    static String simpleName(String binaryName) {
        String name = binaryName;
        int dimensions = 0;
        while (name.startsWith("[")) {
            dimensions++;
            name = name.substring(1);
        }
        if (dimensions > 0) {
            name = switch (name) {
                case "Z" -> "boolean";
                case "B" -> "byte";
                case "S" -> "short";
                case "C" -> "char";
                case "I" -> "int";
                case "J" -> "long";
                case "F" -> "float";
                case "D" -> "double";
                default -> name.startsWith("L") && name.endsWith(";")
                        ? name.substring(1, name.length() - 1) : name;
            };
        }
        name = name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
        return name + "[]".repeat(dimensions);
    }

    /** Java-literal quoting: quotes, backslashes and control characters escaped. */
    static String quote(String s, char quote) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c == quote) {
                        sb.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7F || Character.isSurrogate(c)
                            && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1)))
                            && !(Character.isLowSurrogate(c) && i > 0
                            && Character.isHighSurrogate(s.charAt(i - 1)))) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append(quote).toString();
    }
}
