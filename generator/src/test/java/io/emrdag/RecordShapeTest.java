package io.emrdag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the core's records short enough to read at a call site (issue #26): a record of more than eight components is
 * a long positional list where two neighbours of one type swap silently, so it is grouped into named parts instead.
 * The check reads the compiled classes, so a record anywhere in the core is seen, nested ones too.
 */
class RecordShapeTest {

    private static final int MOST_COMPONENTS = 8;

    @Test
    void noRecordOfTheCoreHasMoreThanEightComponents() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(Emrdag.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(classes), "the core's compiled classes as a folder: " + classes);
        List<String> names;
        try (Stream<Path> files = Files.walk(classes)) {
            names = files.filter(f -> f.toString().endsWith(".class")).map(f -> classes.relativize(f).toString())
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace(classes.getFileSystem().getSeparator(), "."))
                    .sorted().toList();
        }
        int records = 0;
        List<String> tooLong = new ArrayList<>();
        for (String name : names) {
            Class<?> type = Class.forName(name, false, Emrdag.class.getClassLoader());
            if (type.isRecord()) {
                records++;
                int components = type.getRecordComponents().length;
                if (components > MOST_COMPONENTS) {
                    tooLong.add(type.getName() + " (" + components + ")");
                }
            }
        }
        assertTrue(records > 100, "the scan found the core's records: " + records);
        assertEquals(List.of(), tooLong, "records of more than " + MOST_COMPONENTS + " components: group them into named parts");
    }
}
