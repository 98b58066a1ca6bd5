package io.emrdag.report;

import java.util.Locale;

/** Numbers as the report writes them: grouped thousands, a fixed number of decimals, the same on every machine. */
final class Numbers {

    private Numbers() {
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String hours(double value) {
        return String.format(Locale.ROOT, "%,.1f", value);
    }

    static String money(double value) {
        return String.format(Locale.ROOT, "%,.2f", value);
    }

    /** A coordinate or a sort key: plain, at most three decimals. */
    static String plain(double value) {
        String text = String.format(Locale.ROOT, "%.3f", value);
        return text.contains(".") ? text.replaceFirst("0+$", "").replaceFirst("\\.$", "") : text;
    }

    static String runs(double perMonth) {
        return perMonth == Math.rint(perMonth) ? count((long) perMonth) : String.format(Locale.ROOT, "%,.2f", perMonth);
    }
}
