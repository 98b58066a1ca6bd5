package io.emrdag.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.Diagnostics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataLoaderTest {

    @TempDir
    Path tmp;

    private record Loaded(Optional<MapNode> tree, List<String> messages) {
    }

    private Loaded load(String name, byte[] bytes) throws IOException {
        Path file = tmp.resolve(name);
        Files.write(file, bytes);
        Diagnostics diagnostics = new Diagnostics();
        Optional<MapNode> tree = new MetadataLoader().load(file, name, diagnostics);
        return new Loaded(tree, diagnostics.sorted().stream().map(Diagnostic::format).toList());
    }

    private Loaded load(String name, String text) throws IOException {
        return load(name, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void yamlAndJsonKeepLinesAndColumns() throws IOException {
        MapNode yaml = load("a.yaml", "a: 1\nb:\n  c: \"x\"\n").tree().orElseThrow();
        MapNode b = (MapNode) yaml.get("b");
        assertEquals("a.yaml:3:6", b.get("c").location().toString());
        assertEquals("a.yaml:3:3", b.members().get("c").keyLocation().toString());
        MapNode json = load("a.json", "{\n  \"a\": {\"c\": 4}\n}").tree().orElseThrow();
        assertEquals("a.json:2:14", ((MapNode) json.get("a")).get("c").location().toString());
    }

    @Test
    void scalarsKeepTheirSourceTextAndKind() throws IOException {
        MapNode tree = load("a.yaml", "octal: 0777\nquoted: \"10\"\nno_word: no\nflag: false\nnothing: null\n").tree().orElseThrow();
        assertEquals(new ScalarNode(tree.get("octal").location(), ScalarNode.Kind.INTEGER, "0777"), tree.get("octal"));
        assertEquals(ScalarNode.Kind.STRING, ((ScalarNode) tree.get("quoted")).kind());
        assertEquals("no", ((ScalarNode) tree.get("no_word")).text());
        assertEquals(ScalarNode.Kind.BOOLEAN, ((ScalarNode) tree.get("flag")).kind());
        assertTrue(((ScalarNode) tree.get("nothing")).isNull());
    }

    @Test
    void aTabIsReportedAtItsOwnPositionNotAtTheEndOfThePreviousLine() throws IOException {
        assertEquals(List.of("a.yaml:3:1: error[E001] not valid YAML: a tab indents this line; YAML indents with spaces only\n"
                + "  hint: replace the tab with spaces (two per level in the examples); set your editor to indent YAML with spaces"),
                load("a.yaml", "a: 1\nb:\n\tc: 2\n").messages());
        assertEquals(List.of("a.yaml:2:3: error[E001] not valid YAML: a tab separates these values; YAML separates them with spaces\n"
                + "  hint: replace the tab with a space"),
                load("a.yaml", "a: 1\nb:\t2\n").messages());
        assertTrue(load("a.yaml", "a: \"x\ty\"\nb: |\n  \tindented text keeps its tab\n").messages().isEmpty(),
                "tabs inside values are text");
    }

    @Test
    void aFileTooLargeIsReportedAtItsFirstLine() throws IOException {
        assertEquals(List.of("a.yaml:1:1: error[E002] file is larger than 1024 KiB\n"
                + "  hint: metadata files are small; split the job group or check that this is the right file"),
                load("a.yaml", "a: 1\n".repeat(MetadataLoader.MAX_FILE_BYTES / 5 + 1)).messages());
    }

    @Test
    void duplicateKeysAreErrors() throws IOException {
        assertEquals(List.of("a.yaml:3:1: error[E007] a: duplicate key 'a' (first at line 1)\n  hint: remove one of them; YAML and JSON keep only the last silently"),
                load("a.yaml", "a: 1\nb: 2\na: 3\n").messages());
    }

    @Test
    void anchorsAndAliasesAreRefused() throws IOException {
        Loaded loaded = load("a.yaml", "a: &x 1\nb: *x\n");
        assertTrue(loaded.tree().isEmpty());
        assertEquals(1, loaded.messages().size(), loaded.messages().toString());
        assertTrue(loaded.messages().get(0).startsWith("a.yaml:2:4: error[E008] b: YAML anchors and aliases"), loaded.messages().get(0));
    }

    @Test
    void malformedFilesGiveALocatedParseError() throws IOException {
        List<String> yaml = load("a.yaml", "a: [1, 2\nb: 3\n").messages();
        assertEquals(1, yaml.size());
        assertTrue(yaml.get(0).matches("a\\.yaml:\\d+:\\d+: error\\[E001\\] not valid YAML: .*(?s).*"), yaml.get(0));
        List<String> json = load("a.json", "{\"a\": 1,}").messages();
        assertTrue(json.get(0).startsWith("a.json:1:9: error[E001] not valid JSON"), json.get(0));
    }

    @Test
    void emptyMultiDocumentNonMappingAndNonUtf8FilesAreRefused() throws IOException {
        assertTrue(load("e.yaml", "\n# only a comment\n").messages().get(0).contains("E003] file is empty"));
        assertTrue(load("m.yaml", "a: 1\n---\nb: 2\n").messages().get(0).contains("E005] more than one document"));
        assertTrue(load("l.yaml", "- a\n- b\n").messages().get(0).contains("E006] expected a mapping at the top of the file, got a list"));
        List<String> latin1 = load("x.yaml", new byte[] {'a', ':', ' ', 'c', 'a', 'f', (byte) 0xe9, '\n'}).messages();
        assertEquals("x.yaml:1:7: error[E004] file is not valid UTF-8\n  hint: save the file as UTF-8 (it may be Latin-1 or UTF-16)", latin1.get(0));
    }

    @Test
    void binaryAndOtherTaggedValuesAreLocatedErrorsNotCrashes() throws IOException {
        List<String> messages = load("t.yaml", "a: 1\nx: !!binary aGVsbG8=\n").messages();
        assertTrue(messages.stream().allMatch(m -> m.startsWith("t.yaml:2:4: error[E009] x: ")), messages.toString());
    }

    @Test
    void aUtf8ByteOrderMarkIsAccepted() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', ':', ' ', '1'};
        assertTrue(load("b.yaml", bom).tree().isPresent());
    }
}
