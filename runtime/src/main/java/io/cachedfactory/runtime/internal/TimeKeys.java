package io.cachedfactory.runtime.internal;

import static io.cachedfactory.runtime.internal.KeyFormat.*;

import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/*
 * The java.time values of the key format, written and read in one place so the two cannot drift:
 * each is written as the fields its equals compares (ZonedDateTime: local date-time, offset and
 * zone id), and read back for display only (no zone rules are resolved from stored bytes).
 * Month and DayOfWeek are plain enums and are not here.
 */

/** Writes and reads the {@code java.time} values of keys. */
final class TimeKeys {

    private TimeKeys() {
    }

    /** Writes {@code value} with its tag if it is a {@code java.time} key value; else false. */
    static boolean write(Object value, DataOutput out) throws IOException {
        if (value instanceof Instant i) {
            out.writeByte(INSTANT);
            out.writeLong(i.getEpochSecond());
            out.writeInt(i.getNano());
        } else if (value instanceof LocalDate d) {
            out.writeByte(LOCAL_DATE);
            writeDate(d, out);
        } else if (value instanceof LocalTime t) {
            out.writeByte(LOCAL_TIME);
            out.writeLong(t.toNanoOfDay());
        } else if (value instanceof LocalDateTime dt) {
            out.writeByte(LOCAL_DATE_TIME);
            writeDate(dt.toLocalDate(), out);
            out.writeLong(dt.toLocalTime().toNanoOfDay());
        } else if (value instanceof OffsetDateTime odt) {
            out.writeByte(OFFSET_DATE_TIME);
            writeDate(odt.toLocalDate(), out);
            out.writeLong(odt.toLocalTime().toNanoOfDay());
            out.writeInt(odt.getOffset().getTotalSeconds());
        } else if (value instanceof OffsetTime ot) {
            out.writeByte(OFFSET_TIME);
            out.writeLong(ot.toLocalTime().toNanoOfDay());
            out.writeInt(ot.getOffset().getTotalSeconds());
        } else if (value instanceof ZonedDateTime zdt) {
            out.writeByte(ZONED_DATE_TIME);
            writeDate(zdt.toLocalDate(), out);
            out.writeLong(zdt.toLocalTime().toNanoOfDay());
            out.writeInt(zdt.getOffset().getTotalSeconds());
            KeyEncoder.writeString(zdt.getZone().getId(), out);
        } else if (value instanceof ZoneOffset o) {
            out.writeByte(ZONE_OFFSET);
            out.writeInt(o.getTotalSeconds());
        } else if (value instanceof ZoneId z) {
            out.writeByte(ZONE_REGION);
            KeyEncoder.writeString(z.getId(), out);
        } else if (value instanceof Duration d) {
            out.writeByte(DURATION);
            out.writeLong(d.getSeconds());
            out.writeInt(d.getNano());
        } else if (value instanceof Period p) {
            out.writeByte(PERIOD);
            out.writeInt(p.getYears());
            out.writeInt(p.getMonths());
            out.writeInt(p.getDays());
        } else if (value instanceof Year y) {
            out.writeByte(YEAR);
            out.writeInt(y.getValue());
        } else if (value instanceof YearMonth ym) {
            out.writeByte(YEAR_MONTH);
            out.writeInt(ym.getYear());
            out.writeByte(ym.getMonthValue());
        } else if (value instanceof MonthDay md) {
            out.writeByte(MONTH_DAY);
            out.writeByte(md.getMonthValue());
            out.writeByte(md.getDayOfMonth());
        } else {
            return false;
        }
        return true;
    }

    /** Reads the value of {@code tag} for display, or null when the tag is not a time tag. */
    static Object read(int tag, KeyInput in) {
        return switch (tag) {
            case INSTANT -> Instant.ofEpochSecond(in.readLong(), nanos(in));
            case LOCAL_DATE -> date(in);
            case LOCAL_TIME -> time(in);
            case LOCAL_DATE_TIME -> LocalDateTime.of(date(in), time(in));
            case OFFSET_DATE_TIME -> OffsetDateTime.of(date(in), time(in), offset(in));
            case OFFSET_TIME -> OffsetTime.of(time(in), offset(in));
            case ZONED_DATE_TIME -> {
                LocalDateTime dateTime = LocalDateTime.of(date(in), time(in));
                ZoneOffset offset = offset(in);
                String zone = in.readString(KeyDecoder.MAX_STRING_CHARS);
                // As ZonedDateTime.toString, without resolving a zone id from the input.
                yield dateTime + offset.toString()
                        + (zone.equals(offset.getId()) ? "" : "[" + zone + "]");
            }
            case ZONE_REGION -> in.readString(KeyDecoder.MAX_STRING_CHARS);
            case ZONE_OFFSET -> offset(in);
            case DURATION -> Duration.ofSeconds(in.readLong(), nanos(in));
            case PERIOD -> Period.of(in.readInt(), in.readInt(), in.readInt());
            case YEAR -> Year.of(in.readInt());
            case YEAR_MONTH -> YearMonth.of(in.readInt(), in.readByte());
            case MONTH_DAY -> MonthDay.of(in.readByte(), in.readByte());
            default -> null;
        };
    }

    private static void writeDate(LocalDate date, DataOutput out) throws IOException {
        out.writeInt(date.getYear());
        out.writeByte(date.getMonthValue());
        out.writeByte(date.getDayOfMonth());
    }

    private static LocalDate date(KeyInput in) {
        return LocalDate.of(in.readInt(), in.readByte(), in.readByte());
    }
    private static LocalTime time(KeyInput in) {
        return LocalTime.ofNanoOfDay(in.readLong());
    }
    private static ZoneOffset offset(KeyInput in) {
        return ZoneOffset.ofTotalSeconds(in.readInt());
    }
    private static int nanos(KeyInput in) {
        int nanos = in.readInt();
        if (nanos < 0 || nanos > 999_999_999) {
            throw KeyDecoder.malformed("nanoseconds " + nanos);
        }
        return nanos;
    }
}
