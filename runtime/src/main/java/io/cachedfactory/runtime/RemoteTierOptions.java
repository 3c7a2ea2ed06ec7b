package io.cachedfactory.runtime;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The query options of a remote tier's URI ({@code redis://host?readonly=true&leaseTtl=10s},
 * {@code s3://bucket/prefix?region=eu-west-1}), parsed one way for every tier: names are
 * case-insensitive, values URL-decoded, and a malformed value fails at once with a message naming
 * the option and what it accepts. A building block for {@link RemoteTierProvider}s; applications
 * do not need it.
 */
public final class RemoteTierOptions {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]?)(?:i?b)?");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    /**
     * One option as written.
     *
     * @param name as written
     * @param value URL-decoded; empty when written without {@code =}
     * @param raw the parameter exactly as it appears in the query
     */
    public record Option(String name, String value, String raw) {
    }

    private final String base;
    private final List<Option> options;

    private RemoteTierOptions(String base, List<Option> options) {
        this.base = base;
        this.options = options;
    }

    /** Splits {@code uri} into its part before {@code ?} and its options. */
    public static RemoteTierOptions of(URI uri) {
        String raw = Objects.requireNonNull(uri, "uri").toString();
        int question = raw.indexOf('?');
        List<Option> options = new ArrayList<>();
        if (question >= 0) {
            for (String parameter : raw.substring(question + 1).split("&")) {
                if (parameter.isEmpty()) {
                    continue;
                }
                int equals = parameter.indexOf('=');
                String name = equals < 0 ? parameter : parameter.substring(0, equals);
                String value = equals < 0 ? "" : URLDecoder.decode(parameter.substring(equals + 1),
                        StandardCharsets.UTF_8);
                options.add(new Option(name, value, parameter));
            }
        }
        return new RemoteTierOptions(question < 0 ? raw : raw.substring(0, question), options);
    }

    /** The URI up to, not including, its {@code ?}. */
    public String base() {
        return base;
    }

    /** Every option, in the order written. */
    public List<Option> options() {
        return List.copyOf(options);
    }

    /** Whether {@code option} is named {@code name}, ignoring case. */
    public static boolean named(Option option, String name) {
        return option.name().equalsIgnoreCase(name);
    }

    /** {@code true}, {@code false}, or empty (a bare {@code readonly}) for true. */
    public static boolean bool(String name, String value) {
        if (value.isEmpty() || value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("remote option " + name + " must be true or false, was '"
                + value + "'");
    }

    /**
     * Bytes, with an optional binary suffix: {@code 4194304}, {@code 4096k}, {@code 4m},
     * {@code 1g}; at most {@code max}.
     */
    public static long size(String name, String value, long max) {
        Matcher matcher = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches() || matcher.group(1).length() > 12) {
            throw new IllegalArgumentException("remote option " + name + " must be a size such as"
                    + " 8m or 65536, was '" + value + "'");
        }
        int shift = switch (matcher.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        long bytes = Long.parseLong(matcher.group(1)) << shift;
        if (bytes > max) {
            throw new IllegalArgumentException("remote option " + name + " is too large: " + value
                    + " (at most " + max + " bytes)");
        }
        return bytes;
    }

    /** A duration: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} or ISO-8601 {@code PT10S}. */
    public static Duration duration(String name, String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = DURATION.matcher(text);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("remote option " + name + " must be a duration such"
                    + " as 500ms, 10s or PT10S, was '" + value + "'", e);
        }
    }
}
