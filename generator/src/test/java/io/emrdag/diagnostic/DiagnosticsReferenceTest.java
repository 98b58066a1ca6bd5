package io.emrdag.diagnostic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.TestProjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/diagnostics.md} documents exactly the codes the source can emit, each with a real-looking example of
 * its own code and severity and a fix, so that a new code cannot ship undocumented and a removed one cannot linger.
 */
class DiagnosticsReferenceTest {

    private static final Path PAGE = TestProjects.REPO.resolve("docs/diagnostics.md");
    private static final Pattern CODE_IN_SOURCE = Pattern.compile("\"([EW]\\d{3})\"");
    private static final Pattern HEADING = Pattern.compile("(?m)^### ([EW]\\d{3})$");

    @Test
    void thePageListsExactlyTheCodesInTheSource() throws IOException {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(TestProjects.REPO.resolve("generator/src/main/java"))) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = CODE_IN_SOURCE.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        assertTrue(used.size() > 40, "found too few codes in the source: " + used);
        assertEquals(used, new TreeSet<>(sections().keySet()), "codes in the source vs headings in docs/diagnostics.md");
    }

    @Test
    void everyCodeHasAnExampleOfItselfAndAFix() throws IOException {
        List<String> problems = new ArrayList<>();
        sections().forEach((code, text) -> {
            String severity = code.startsWith("E") ? "error" : "warning";
            if (!Pattern.compile("(?m)^```text\\n\\S+: " + severity + "\\[" + code + "\\] .+").matcher(text).find()) {
                problems.add(code + ": no ```text example printed as '<file>: " + severity + "[" + code + "] ...'");
            }
            if (!text.contains("**Fix:**")) {
                problems.add(code + ": no **Fix:**");
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void theReadmeLinksThePage() throws IOException {
        assertTrue(Files.readString(TestProjects.REPO.resolve("README.md")).contains("(docs/diagnostics.md)"));
    }

    /** Code → the text of its section, in page order; a code listed twice fails. */
    private static Map<String, String> sections() throws IOException {
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = HEADING.matcher(page);
        List<int[]> starts = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[] {m.start(), m.end()});
            codes.add(m.group(1));
        }
        for (int i = 0; i < codes.size(); i++) {
            int end = i + 1 < codes.size() ? starts.get(i + 1)[0] : page.length();
            String previous = out.put(codes.get(i), page.substring(starts.get(i)[1], end));
            assertEquals(null, previous, codes.get(i) + " is listed twice");
        }
        return out;
    }
}
