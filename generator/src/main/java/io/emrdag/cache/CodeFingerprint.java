package io.emrdag.cache;

import io.emrdag.hash.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Identifies the emrdag code that renders: its classes and shipped templates, plus a template folder given
 * instead. A snapshot build changes its code without changing its version; output cached by an older build must
 * not be taken for this one's. Reads the jar's central directory (names, sizes, CRC-32 of each entry), which
 * costs milliseconds, not the entries themselves.
 */
final class CodeFingerprint {

    private CodeFingerprint() {
    }

    /** A SHA-256 over what renders, or {@code null} when the code's location cannot be read (then nothing is cached). */
    static String of(Path templateDir) {
        try {
            StringBuilder text = new StringBuilder();
            Path code = Path.of(CodeFingerprint.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(code)) {
                appendFolder(text, code.resolve("io/emrdag"));
            } else {
                try (ZipFile jar = new ZipFile(code.toFile())) {
                    jar.stream().filter(e -> e.getName().startsWith("io/emrdag/"))
                            .forEach(e -> text.append(e.getName()).append(' ').append(e.getSize()).append(' ')
                                    .append(e.getCrc()).append('\n'));
                }
            }
            if (templateDir != null) {
                text.append("templates\n");
                appendFolder(text, templateDir);
            }
            return Sha256.of(text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException | URISyntaxException | UncheckedIOException | SecurityException | NullPointerException e) {
            return null;
        }
    }

    private static void appendFolder(StringBuilder text, Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            text.append(folder.relativize(file)).append(' ').append(Sha256.of(Files.readAllBytes(file))).append('\n');
        }
    }
}
