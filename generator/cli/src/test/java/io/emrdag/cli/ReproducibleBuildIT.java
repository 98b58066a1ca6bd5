package io.emrdag.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
 * Two builds give byte-identical jars ({@code project.build.outputTimestamp}): the core module is built again from a
 * copy of its sources in another folder, at another time, and its jar and sources jar must equal the reactor's.
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
        for (String jar : jars) {
            assumeTrue(Files.isRegularFile(repo.resolve("generator/target").resolve(jar)), jar + " not built in this reactor");
        }
        for (String part : List.of("pom.xml", "mvnw", ".mvn", "dag-templates", "generator/pom.xml", "generator/src/main")) {
            copy(repo.resolve(part), tmp.resolve(part));
        }
        tmp.resolve("mvnw").toFile().setExecutable(true);
        Path log = tmp.resolve("build.log");
        Process build = new ProcessBuilder(tmp.resolve("mvnw").toString(), "-B", "-ntp", "-o", "-q", "-f", "generator/pom.xml", "package",
                "-Dmaven.test.skip=true", "-Dmaven.javadoc.skip=true", "-Dcyclonedx.skip=true")
                .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!build.waitFor(5, TimeUnit.MINUTES)) {
            build.destroyForcibly();
        }
        assertEquals(0, build.exitValue(), Files.readString(log));
        for (String jar : jars) {
            assertArrayEquals(Files.readAllBytes(repo.resolve("generator/target").resolve(jar)),
                    Files.readAllBytes(tmp.resolve("generator/target").resolve(jar)), jar + " differs between two builds");
        }
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
