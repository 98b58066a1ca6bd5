package io.emrdag.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emrdag.TestProjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two builds give byte-identical jars ({@code project.build.outputTimestamp}): the core module is built from two copies
 * of its sources in two folders, one after the other, and the jars and sources jars must be equal. The reactor's own jar
 * is not the reference: a working tree that was never cleaned may hold classes of deleted sources.
 */
class ReproducibleBuildIT {

    @TempDir
    Path tmp;

    @Test
    void theCoreJarsAreByteIdenticalWhenBuiltAgain() throws Exception {
        Path repo = TestProjects.REPO;
        String version = Files.readAllLines(repo.resolve("generator/target/maven-archiver/pom.properties").toAbsolutePath()).stream()
                .filter(l -> l.startsWith("version=")).findFirst().orElseThrow().substring("version=".length());
        List<String> jars = List.of("emrdag-generator-" + version + ".jar", "emrdag-generator-" + version + "-sources.jar");
        Path first = build(repo, tmp.resolve("first"));
        Path second = build(repo, tmp.resolve("second"));
        for (String jar : jars) {
            assertArrayEquals(Files.readAllBytes(first.resolve(jar)), Files.readAllBytes(second.resolve(jar)),
                    jar + " differs between two builds");
        }
    }

    /** Builds the core module from a copy of the repository's sources in {@code folder}; returns its target folder. */
    private static Path build(Path repo, Path folder) throws Exception {
        for (String part : List.of("pom.xml", "mvnw", ".mvn", "dag-templates", "generator/pom.xml", "generator/src/main")) {
            copy(repo.resolve(part), folder.resolve(part));
        }
        folder.resolve("mvnw").toFile().setExecutable(true);
        Path log = folder.resolve("build.log");
        Process build = new ProcessBuilder(folder.resolve("mvnw").toString(), "-B", "-ntp", "-o", "-q", "-f", "generator/pom.xml", "package",
                "-Dmaven.test.skip=true", "-Dmaven.javadoc.skip=true", "-Dcyclonedx.skip=true")
                .directory(folder.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!build.waitFor(5, TimeUnit.MINUTES)) {
            build.destroyForcibly();
        }
        assertEquals(0, build.exitValue(), Files.readString(log));
        return folder.resolve("generator/target");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
