package io.emrdag.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
