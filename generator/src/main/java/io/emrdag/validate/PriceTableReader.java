package io.emrdag.validate;

import io.emrdag.capacity.PriceTable;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.diagnostic.Location;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads a price table: a CSV file with the header {@code instance_type,on_demand,spot} ({@code spot} optional) and one
 * instance type per line, prices per instance-hour (EC2 plus the EMR uplift, as you pay them); an empty or missing
 * {@code spot} field means no Spot price, {@code #} starts a comment line, and a spreadsheet's quotes around a field
 * are taken off. Every problem is a located diagnostic.
 */
public final class PriceTableReader {

    static final int MAX_BYTES = 1024 * 1024;
    static final BigDecimal MAX_PRICE = new BigDecimal(100_000);
    static final String HEADER = "instance_type,on_demand,spot";

    private PriceTableReader() {
    }

    /** Reads {@code file}, shown in diagnostics as {@code shownAs}; empty after reporting when it cannot be used. */
    public static Optional<PriceTable> read(Path file, String shownAs, String currency, Diagnostics diagnostics) {
        Optional<String> text = text(file, shownAs, diagnostics);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Double> onDemand = new TreeMap<>();
        Map<String, Double> spot = new TreeMap<>();
        Map<String, Integer> seen = new HashMap<>();
        List<String> header = null;
        int errors = 0;
        String[] lines = text.get().split("\r?\n", -1);
        for (int number = 1; number <= lines.length; number++) {
            String line = lines[number - 1];
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            List<Field> fields = fields(line, shownAs, number);
            List<String> names = fields.stream().map(f -> f.text().toLowerCase(Locale.ROOT)).toList();
            if (header == null) {
                if (!names.equals(List.of("instance_type", "on_demand")) && !names.equals(List.of("instance_type", "on_demand", "spot"))) {
                    diagnostics.error("E146", new Location(shownAs, number, 1), "", "expected the header '" + HEADER
                            + "' (spot optional), got '" + Diagnostic.excerpt(line) + "'", "start the price table with the line " + HEADER);
                    return Optional.empty();
                }
                header = names;
                continue;
            }
            if (fields.size() == 2 && header.size() == 3) {
                fields = List.of(fields.get(0), fields.get(1), new Field("", fields.get(1).location()));
            }
            if (fields.size() != header.size()) {
                diagnostics.error("E146", new Location(shownAs, number, 1), "", "expected " + header.size() + " fields ("
                        + String.join(",", header) + "), got " + fields.size(), "one instance type per line, e.g. m5.xlarge,0.240,0.085");
                errors++;
                continue;
            }
            Field type = fields.get(0);
            String name = type.text().toLowerCase(Locale.ROOT);
            if (!Shapes.INSTANCE_TYPE.matcher(name).matches()) {
                diagnostics.error("E103", type.location(), "instance_type", "expected an EC2 instance type like m5.xlarge, got \""
                        + Diagnostic.excerpt(type.text()) + "\"", null);
                errors++;
                continue;
            }
            Integer first = seen.putIfAbsent(name, number);
            if (first != null) {
                diagnostics.error("E146", type.location(), "instance_type", "instance type " + name + " is listed twice (first at line "
                        + first + ")", "keep one line per instance type");
                errors++;
                continue;
            }
            Double demand = price(fields.get(1), "on_demand", diagnostics);
            Double spotPrice = fields.size() > 2 ? price(fields.get(2), "spot", diagnostics) : null;
            if (demand != null && demand < 0 || spotPrice != null && spotPrice < 0) {
                errors++;
                continue;
            }
            if (demand == null && spotPrice == null) {
                diagnostics.error("E146", type.location(), "", "no price for " + name, "give its on_demand price, its spot price, or both");
                errors++;
            }
            if (demand != null) {
                onDemand.put(name, demand);
            }
            if (spotPrice != null) {
                spot.put(name, spotPrice);
            }
        }
        if (header == null) {
            diagnostics.error("E146", new Location(shownAs, 1, 1), "", "the price table is empty", "start it with the line " + HEADER);
            return Optional.empty();
        }
        return errors > 0 ? Optional.empty() : Optional.of(new PriceTable(shownAs, currency, onDemand, spot));
    }

    /** One field of a line and where it starts. */
    private record Field(String text, Location location) {
    }

    private static List<Field> fields(String line, String shownAs, int number) {
        List<Field> out = new ArrayList<>();
        int start = 0;
        for (String raw : line.split(",", -1)) {
            String text = raw.strip();
            int column = start + raw.indexOf(text.isEmpty() ? raw : text) + 1;
            if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
                text = text.substring(1, text.length() - 1).strip();
            }
            out.add(new Field(text, new Location(shownAs, number, Math.max(1, column))));
            start += raw.length() + 1;
        }
        return out;
    }

    /** A price (empty: none); -1 after reporting a bad one. */
    private static Double price(Field field, String column, Diagnostics diagnostics) {
        if (field.text().isEmpty()) {
            return null;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(field.text());
        } catch (NumberFormatException e) {
            diagnostics.error("E101", field.location(), column, "expected a price per instance-hour like 0.192, got \""
                    + Diagnostic.excerpt(field.text()) + "\"", "write a plain decimal number, without a currency sign");
            return -1.0;
        }
        if (value.signum() < 0 || value.compareTo(MAX_PRICE) > 0) {
            diagnostics.error("E106", field.location(), column, "expected a price from 0 to " + MAX_PRICE + " per instance-hour, got "
                    + field.text(), null);
            return -1.0;
        }
        return value.doubleValue();
    }

    private static Optional<String> text(Path file, String shownAs, Diagnostics diagnostics) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                diagnostics.error("E146", Location.ofFile(shownAs), "", "the price table is larger than " + MAX_BYTES / 1024 + " KiB",
                        "a price table has one short line per instance type; check that this is the right file");
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(file);
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString().replaceFirst("^\uFEFF", ""));
        } catch (CharacterCodingException e) {
            diagnostics.error("E146", Location.ofFile(shownAs), "", "the price table is not valid UTF-8", "save it as UTF-8 (CSV UTF-8 in a spreadsheet)");
            return Optional.empty();
        } catch (IOException e) {
            diagnostics.error("E145", Location.ofFile(shownAs), "", "cannot read the price table: " + e.getMessage(),
                    "check the path; relative paths in emrdag.yaml are relative to the project folder");
            return Optional.empty();
        }
    }
}
