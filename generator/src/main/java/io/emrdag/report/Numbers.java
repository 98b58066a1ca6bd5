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
        long thousandths = Math.round(value * 1000);
        String sign = thousandths < 0 ? "-" : "";
        long magnitude = Math.abs(thousandths);
        String fraction = Long.toString(1000 + magnitude % 1000).substring(1).replaceFirst("0+$", "");
        return sign + magnitude / 1000 + (fraction.isEmpty() ? "" : "." + fraction);
    }

    static String runs(double perMonth) {
        return perMonth == Math.rint(perMonth) ? count((long) perMonth) : String.format(Locale.ROOT, "%,.2f", perMonth);
    }
}
