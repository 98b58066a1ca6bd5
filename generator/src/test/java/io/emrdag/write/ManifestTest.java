package io.emrdag.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ManifestTest {

    private static final String JSON = """
            {
              "generator" : "emrdag 1.2.3",
              "files" : {
                "a_dag.py" : "aa",
                "templates.py" : "tt"
              },
              "sources" : {
                "job-groups/\\"q\\".yaml" : "qq",
                "job-groups/a.yaml" : "ss"
              }
            }
            """;

    @Test
    void writesTheSameDocumentAsEverBefore() {
        Manifest manifest = new Manifest("emrdag 1.2.3", Map.of("templates.py", "tt", "a_dag.py", "aa"),
                Map.of("job-groups/a.yaml", "ss", "job-groups/\"q\".yaml", "qq"));
        assertEquals(JSON, manifest.toJson());
    }

    /**
     * The manifest is written by hand; until then Jackson's pretty printer wrote it, and {@code check} and deploy
     * compare its bytes. Random documents, with every kind of character a path or a name could hold (quotes,
     * backslashes, every control character, non-ASCII, surrogate pairs and lone surrogates), must come out byte for
     * byte as Jackson writes them.
     */
    @Test
    void writesEveryDocumentByteForByteAsJacksonDid() throws IOException {
        Random random = new Random(20261208L);
        StringBuilder alphabet = new StringBuilder("abc/._-: \"\\\u007f\u00e9\u0800\u2028\ud83d\ude00\ud800\udc00");
        for (char c = 0; c < 0x20; c++) {
            alphabet.append(c);
        }
        for (int round = 0; round < 500; round++) {
            Map<String, String> files = new HashMap<>();
            Map<String, String> sources = new HashMap<>();
            for (Map<String, String> map : Arrays.asList(files, sources)) {
                int size = random.nextInt(4) == 0 ? 0 : random.nextInt(12);
                for (int i = 0; i < size; i++) {
                    map.put(text(random, alphabet), text(random, alphabet));
                }
            }
            Manifest manifest = new Manifest(text(random, alphabet), files, sources, random.nextBoolean() ? null : text(random, alphabet));
            String expected = jackson(manifest);
            assertEquals(expected, manifest.toJson(), "round " + round);
            assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), manifest.toJsonBytes(), "round " + round);
        }
    }

    private static String text(Random random, CharSequence alphabet) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(10); i > 0; i--) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** The manifest as emrdag wrote it up to version 0.1.0 (session 11), with Jackson's streaming generator. */
    private static String jackson(Manifest manifest) throws IOException {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JsonFactory.builder().build().createGenerator(out)) {
            json.setPrettyPrinter(printer);
            json.writeStartObject();
            json.writeStringField("generator", manifest.generator());
            if (manifest.environment() != null) {
                json.writeStringField("environment", manifest.environment());
            }
            for (String name : new String[] {"files", "sources"}) {
                json.writeObjectFieldStart(name);
                for (Map.Entry<String, String> entry : (name.equals("files") ? manifest.files() : manifest.sources()).entrySet()) {
                    json.writeStringField(entry.getKey(), entry.getValue());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        return out + "\n";
    }

    @Test
    void readsWhatItWrites() throws JsonProcessingException {
        Manifest manifest = Manifest.parse(JSON);
        assertEquals("emrdag 1.2.3", manifest.generator());
        assertEquals(Map.of("a_dag.py", "aa", "templates.py", "tt"), manifest.files());
        assertEquals(JSON, manifest.toJson());
    }

    @Test
    void emptyMapsAndUnknownMembers() throws JsonProcessingException {
        assertEquals("{\n  \"generator\" : \"\",\n  \"files\" : { },\n  \"sources\" : { }\n}\n", Manifest.empty().toJson());
        Manifest manifest = Manifest.parse("{\"extra\": [1, {\"x\": 2}], \"files\": {\"a\": \"h\", \"b\": {\"c\": 1}}}");
        assertEquals(Map.of("a", "h", "b", ""), manifest.files());
        assertEquals("", manifest.generator());
        assertEquals(Map.of(), Manifest.parse("[1, 2]").files());
    }

    @Test
    void damagedManifestIsAParseError() {
        assertThrows(JsonProcessingException.class, () -> Manifest.parse("{\"files\": {\"a\": "));
    }
}
