package io.emrdag.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emrdag.hash.Sha256;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GeneratedFileTest {

    @Test
    void aFileKeepsItsTextAsUtf8BytesWithTheirSha256() {
        String text = "# caf\u00e9 \u2192 \ud83d\ude80\nx = \"\\u00e9\"\n";
        GeneratedFile file = new GeneratedFile("a_dag.py", text, "project/a.yaml");
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), file.bytes());
        assertEquals(text, file.content());
        assertEquals(Sha256.of(text.getBytes(StandardCharsets.UTF_8)), file.sha256());
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", new GeneratedFile("e", "", null).sha256(),
                "the SHA-256 of nothing");
        assertEquals("a_dag.py", file.path());
        assertEquals("project/a.yaml", file.source());
    }
}
