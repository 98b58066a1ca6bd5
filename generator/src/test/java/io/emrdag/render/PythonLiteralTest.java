package io.emrdag.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PythonLiteralTest {

    @Test
    void escapesEverythingThatCouldEndTheStringOrHideInTheSource() {
        assertEquals("\"say \\\"\\\"\\\"hi\\\"\\\"\\\"\"", PythonLiteral.string("say \"\"\"hi\"\"\""));
        assertEquals("\"C:\\\\tmp\\\\\"", PythonLiteral.string("C:\\tmp\\"));
        assertEquals("\"a\\nb\\r\\tc\"", PythonLiteral.string("a\nb\r\tc"));
        assertEquals("\"caf\\xe9 \\u202e \\U0001f600 \\x00\"", PythonLiteral.string("café \u202e \uD83D\uDE00 \0"));
        assertEquals("\"'single'\"", PythonLiteral.string("'single'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"m5.xlarge", "s3://bucket/x", "--job_group", "-x", "Spark", "/usr/lib/hudi.jar",
            "true", "spark.serializer", "EMR_DefaultRole", "a b c"})
    void nativeSafeStringsStayPlain(String value) {
        assertTrue(PythonLiteral.isNativeSafe(value), value);
        assertEquals(PythonLiteral.string(value), new PythonLiteral("Verbatim").data(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"200", "-5", "1e3", "True", "None", "False, 1", "[1, 2]", "{'a': 1}", "'quoted'",
            "b'x'", "rb\"x\"", "set()", "", " leading", "{{ ds }}", "{% if %}", "{# c #}", "${core_instance_count}",
            "conf.json", "0.60", "(1,)", "--5", "+1", ".5", "a\rb", "line\n", "s\uff45t()", "se\uff54()"})
    void stringsAirflowWouldChangeAreWrapped(String value) {
        assertFalse(PythonLiteral.isNativeSafe(value), value);
        assertEquals("Verbatim(" + PythonLiteral.string(value) + ")", new PythonLiteral("Verbatim").data(value));
    }

    /**
     * The one-pass checks of {@link PythonLiteral#isNativeSafe} against the checks they replaced ({@code contains} per
     * sequence, {@code toLowerCase(Locale.ROOT).endsWith(".json")}), kept below as they were, on random strings made of
     * the pieces that matter: the sequences, line ends, cases of ".json", characters whose case mapping leaves ASCII
     * (Kelvin sign, long s, dotted capital I), signs, words and Python constants.
     */
    @Test
    void theOnePassChecksAgreeWithTheContainsChecksTheyReplaced() {
        String[] pieces = {"{", "{{", "%", "#", "$", "${", "}", "\n", "\r", ".json", ".JSON", ".Json", "json", ".", "j", "s",
                "o", "n", "N", "\u212a", "\u017f", "\u0130", "a", "-", "+", "_", "/", " ", "1", "\u00e9", "True", "set", "rb",
                "'", "\""};
        Random random = new Random(27);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder value = new StringBuilder();
            for (int n = random.nextInt(8); n > 0; n--) {
                value.append(pieces[random.nextInt(pieces.length)]);
            }
            String v = value.toString();
            assertEquals(isNativeSafeAsBefore(v), PythonLiteral.isNativeSafe(v), v);
        }
    }

    /** {@link PythonLiteral#isNativeSafe} as it was written before its checks were made one pass. */
    private static boolean isNativeSafeAsBefore(String value) {
        if (value.isEmpty() || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0
                || value.contains("{{") || value.contains("{%") || value.contains("{#")
                || value.contains("${") || value.toLowerCase(Locale.ROOT).endsWith(".json")) {
            return false;
        }
        int start = 0;
        while (start < 2 && start < value.length() && (value.charAt(start) == '-' || value.charAt(start) == '+')) {
            start++;
        }
        if (start == value.length()) {
            return false;
        }
        char first = value.charAt(start);
        boolean letter = first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z' || first == '_';
        if (!(letter || start == 0 && first == '/')) {
            return false;
        }
        int end = start;
        while (end < value.length() && (Character.isLetterOrDigit(value.charAt(end)) && value.charAt(end) < 0x80
                || value.charAt(end) == '_')) {
            end++;
        }
        if (end < value.length() && value.charAt(end) > 0x7f) {
            return false;
        }
        String word = value.substring(start, end);
        if (word.equals("True") || word.equals("False") || word.equals("None") || word.equals("set")) {
            return false;
        }
        boolean stringPrefix = start == 0 && word.length() <= 2 && word.chars().allMatch(c -> "rRbBuUfF".indexOf(c) >= 0);
        return !(stringPrefix && end < value.length() && (value.charAt(end) == '\'' || value.charAt(end) == '"'));
    }

    @Test
    void formatsShortValuesOnOneLineAndLongOnesOneItemPerLine() {
        PythonLiteral python = new PythonLiteral("V");
        Map<String, Object> small = new LinkedHashMap<>();
        small.put("Name", new PythonLiteral.Placeholder("name"));
        small.put("Count", 2);
        small.put("Keep", true);
        small.put("Gone", null);
        assertEquals("{\"Name\": \"${name}\", \"Count\": 2, \"Keep\": True, \"Gone\": None}", python.format(small, 0));
        List<Object> big = List.of("a".repeat(60), "b".repeat(60));
        assertEquals("[\n    \"" + "a".repeat(60) + "\",\n    \"" + "b".repeat(60) + "\",\n]", python.format(big, 0));
    }
}
