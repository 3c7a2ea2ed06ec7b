package io.cachedfactory.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes and durations as people type and read them. */
final class Units {

    private static final Pattern SIZE = Pattern.compile(
            "(\\d+(?:\\.\\d+)?)\\s*(b|[kmgt]|[kmgt]b|[kmgt]ib)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)([smhdw])");
    private static final String[] BINARY_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Units() {
    }

    /**
     * Parses a size: a number of bytes, optionally with a unit. {@code KB}, {@code MB}, {@code GB},
     * {@code TB} are powers of 1000; {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB} and the
     * bare {@code K}, {@code M}, {@code G}, {@code T} (as in {@code -Xmx}) powers of 1024. Case
     * does not matter.
     *
     * @throws IllegalArgumentException saying what is allowed
     */
    static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw badSize(text);
        }
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        int power = "BKMGT".indexOf(unit.charAt(0));
        boolean binary = unit.length() == 1 || unit.endsWith("IB");
        long multiplier = 1;
        for (int i = 0; i < power; i++) {
            multiplier *= binary ? 1024 : 1000;
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("size '" + text + "' is too large");
        }
        return bytes.longValue();
    }

    private static IllegalArgumentException badSize(String text) {
        return new IllegalArgumentException("invalid size '" + text
                + "': use bytes or a number with a unit, such as 500MB, 10MiB, 1.5GB or 2G");
    }

    /**
     * Parses a duration: ISO-8601 ({@code P30D}, {@code PT12H}) or numbers with units {@code s},
     * {@code m}, {@code h}, {@code d}, {@code w} ({@code 30d}, {@code 1d12h}, {@code 15m}).
     *
     * @throws IllegalArgumentException saying what is allowed, or that the duration is longer than
     *     a {@link Duration} holds
     */
    static Duration parseDuration(String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
            try {
                Duration duration = Duration.parse(trimmed.toUpperCase(Locale.ROOT));
                if (duration.isNegative()) {
                    throw badDuration(text);
                }
                return duration;
            } catch (DateTimeParseException e) {
                // Duration.parse reports a number too large for a Duration as a parse error
                // caused by the overflow.
                boolean overflow = e.getCause() instanceof ArithmeticException
                        || e.getCause() instanceof NumberFormatException;
                throw overflow ? tooLong(text) : badDuration(text);
            }
        }
        Matcher m = DURATION_PART.matcher(trimmed.toLowerCase(Locale.ROOT));
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            try {
                long amount = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    case "d" -> Duration.ofDays(amount);
                    default -> Duration.ofDays(Math.multiplyExact(7, amount));
                });
            } catch (NumberFormatException | ArithmeticException e) {
                throw tooLong(text);
            }
            end = m.end();
        }
        if (end == 0 || end != trimmed.length()) {
            throw badDuration(text);
        }
        return total;
    }

    private static IllegalArgumentException tooLong(String text) {
        return new IllegalArgumentException("duration '" + text + "' is too long: "
                + Duration.ofSeconds(Long.MAX_VALUE).toDays() + " days at most");
    }

    private static IllegalArgumentException badDuration(String text) {
        return new IllegalArgumentException("invalid duration '" + text
                + "': use ISO-8601 such as P30D or PT12H, or 30d, 12h, 15m, 90s, 2w, 1d12h");
    }

    /** Bytes in binary units: {@code 512 B}, {@code 1.5 KiB}, {@code 12.0 MiB}. */
    static String formatSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, BINARY_UNITS[unit]);
    }

    /** A duration to the two largest units: {@code 45s}, {@code 12m 3s}, {@code 3d 4h}. */
    static String formatAge(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        long days = seconds / 86_400;
        long hours = seconds / 3_600 % 24;
        long minutes = seconds / 60 % 60;
        long secs = seconds % 60;
        if (days > 0) {
            return hours > 0 ? days + "d " + hours + "h" : days + "d";
        }
        if (hours > 0) {
            return minutes > 0 ? hours + "h " + minutes + "m" : hours + "h";
        }
        if (minutes > 0) {
            return secs > 0 ? minutes + "m " + secs + "s" : minutes + "m";
        }
        return secs + "s";
    }

    /** The age of {@code then} at {@code now}. */
    static String formatAge(Instant then, Instant now) {
        return formatAge(Duration.between(then, now));
    }
}
