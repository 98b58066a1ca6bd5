package io.emrdag.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;
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
