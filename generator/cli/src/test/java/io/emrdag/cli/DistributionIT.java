package io.emrdag.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.TestProjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zip as a user installs it: unpacked with {@code unzip} into a folder of its own, {@code bin/emrdag} put on a
 * "PATH" through a symlink (and a symlink to that symlink), run from another folder. It must name its version,
 * generate the examples byte for byte as committed, and make its class-data-sharing archive for its own folder on
 * first use (proved by a run with {@code -Xshare:on}, which fails when the archive does not fit).
 */
class DistributionIT {

    @TempDir
    Path tmp;

    private record Result(int exit, String output) {
    }

    @Test
    void theZipInstallsAndRunsThroughASymlinkFromAnyFolder() throws Exception {
        Path zip = Path.of(System.getProperty("emrdag.distributionZip"));
        assertTrue(Files.isRegularFile(zip), zip + " is missing: failsafe runs after package");
        Path install = Files.createDirectories(tmp.resolve("opt"));
        assertEquals(0, run(tmp, Map.of(), "unzip", "-q", zip.toString(), "-d", install.toString()).exit());
        Path home;
        try (Stream<Path> entries = Files.list(install)) {
            home = entries.findFirst().orElseThrow();
        }
        assertTrue(home.getFileName().toString().startsWith("emrdag-"), home.toString());
        for (String part : List.of("bin/emrdag", "lib/emrdag.jar", "lib/emrdag.classlist", "schemas/emrdag.schema.json",
                "schemas/job-group.schema.json", "completion/emrdag.bash", "NOTICE.txt")) {
            assertTrue(Files.isRegularFile(home.resolve(part)), part + " is not in " + zip);
        }
        if (!System.getProperty("emrdag.offline", "").equals("offline=true")) {
            assertTrue(Files.readString(home.resolve("sbom.cdx.json")).contains("\"bomFormat\" : \"CycloneDX\""), "sbom.cdx.json");
        }
        assertTrue(Files.isExecutable(home.resolve("bin/emrdag")));
        assertTrue(!Files.exists(home.resolve("lib/emrdag.jsa")), "the CDS archive is made per folder, not shipped");

        Path path = Files.createDirectories(tmp.resolve("path"));
        Files.createSymbolicLink(path.resolve("emrdag"), home.resolve("bin/emrdag"));
        Path other = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(other.resolve("emrdag-again"), path.resolve("emrdag"));
        Path cwd = Files.createDirectories(tmp.resolve("work"));

        Result version = run(cwd, Map.of(), path.resolve("emrdag").toString(), "--version");
        assertEquals(0, version.exit(), version.output());
        assertTrue(version.output().lines().anyMatch(l -> l.matches("emrdag \\d+\\.\\d+\\.\\d+.*")), version.output());
        assertTrue(version.output().contains("the class-data-sharing archive of this installation"), version.output());
        assertTrue(Files.isRegularFile(home.resolve("lib/emrdag.jsa")), "the first run makes lib/emrdag.jsa");

        Path out = cwd.resolve("dags");
        Result generate = run(cwd, Map.of("EMRDAG_JAVA_OPTS", "-Xshare:on"), other.resolve("emrdag-again").toString(), "generate",
                "--no-cache", "-p", TestProjects.REPO.resolve("job-groups").toString(), "-o", out.toString());
        assertEquals(0, generate.exit(), generate.output());
        assertEquals(tree(TestProjects.REPO.resolve("generated-dags")), tree(out));
    }

    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).filter(p -> !root.relativize(p).toString().startsWith(".emrdag-cache")).toList()) {
                files.put(root.relativize(p).toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static Result run(Path cwd, Map<String, String> env, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("emrdag-dist", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within 120 s");
        }
        String output = Files.readString(log);
        Files.delete(log);
        return new Result(process.exitValue(), output);
    }
}
