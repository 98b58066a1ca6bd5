package io.emrdag.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.emrdag.Emrdag;
import io.emrdag.TestProjects;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.MetadataException;
import io.emrdag.pipeline.Request;
import io.emrdag.write.StaleOutputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded fuzzing of load → validate → resolve → render: seeded random mutations of the example project
 * ({@code job-groups/}, plus the seeds in {@code src/test/resources/fuzz-seeds/} for what the examples do not use)
 * must only ever end in located, readable diagnostics, never in an escaped exception, a stack
 * trace or a parser that takes seconds.
 *
 * <p>Bounded by time ({@code -Demrdag.fuzz.seconds}, default 20) and count ({@code -Demrdag.fuzz.max}, default
 * 200000). The run seed is derived from the seed files' bytes, so that a build of one commit always tries the same
 * mutants in the same order (a CI run never fails by chance on a commit that passed before) while every change to the
 * examples or seeds fuzzes anew; {@code -Demrdag.fuzz.seed=<long>} picks a seed and {@code -Demrdag.fuzz.seed=random}
 * a random one, for long exploratory runs. Every finding prints the seed of its
 * mutant, and {@code -Demrdag.fuzz.replay=<mutant seed>} runs exactly that mutant again (on the same commit: the
 * mutant depends on the seed files). {@code -Demrdag.fuzz.seconds=0} skips the test. One mutant per distinct
 * problem is reported and written to {@code target/fuzz-findings/}.
 */
class MetadataFuzzTest {

    private static final Pattern CODE = Pattern.compile("[EW]\\d{3}");
    private static final int CLI_SAMPLE_EVERY = 25;
    private static final int MAX_FINDINGS = 20;
    /**
     * Far above the few milliseconds an input takes. Measured in the thread's CPU time, which a loaded CI machine
     * does not inflate the way it does wall-clock time.
     */
    private static final double SLOW_SECONDS = 5;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    /** A diagnostic that quotes a huge value is unreadable; messages quote at most a short excerpt. */
    private static final int MAX_MESSAGE = 300;

    /** What YAML and JSON treat specially, and values at the edges of what the binders accept. */
    private static final List<String> SPECIALS = List.of("&a", "*a", "&a x", "*a\n", "!!binary", "!!binary aGVsbG8=",
            "!!str", "!!int 3", "!!python/object:os.system", "!custom", "\t", "\t\t", "no", "off", "yes", "On", "NO", "y", "~",
            "null", "Null", "0777", "0o17", "0x1F", "0b101", "1_000", "+12", "-1", "-0", "1e400", "1e-400", ".inf", "-.inf",
            ".nan", ".NaN", "99999999999999999999999999", "3.0", "2024-02-30", "2024-01-01T00:00:00Z", "12:30:00", "\"\"", "''",
            "'", "\"", "\\", "{", "}", "[", "]", "[]", "{}", "{a: b}", "[a, b]", ": ", "- ", "? ", "? a\n: b", "|", ">", "|-",
            "---", "...", "%YAML 1.1", "%TAG ! tag:x,2024:", "#", " # c", "@daily", "`", ",", "<<: *a", "<<: {a: 1}",
            "{{ ds }}", "{{ ds", "{% if %}", "{{ var.value.get('x') }}", "}}", "{#", "${x}", "\u0000", "\u0085", "\u2028",
            "\uFEFF", "\uD83D\uDE00", "\u202E", "é", "ℌ", "\r", "\r\n", "\u000B", "\u007F", "s3://", "s3://b/",
            "emr-7.5.0", "m5.xlarge", "SPOT", "cluster", "steps", "profile", "defaults", "job_flow_overrides",
            "Instances", "AutoTerminationPolicy", "KeepJobFlowAliveWhenNoSteps");

    @TempDir
    Path tmp;

    /** One input that ended in something other than located diagnostics. */
    private record Finding(long seed, String file, String problem, byte[] mutant) {
    }

    @Test
    void mutatedMetadataOnlyEverEndsInLocatedDiagnostics() throws IOException {
        Path pristine = TestProjects.REPO.resolve("job-groups");
        Path project = tmp.resolve("job-groups");
        Map<String, byte[]> originals = copy(pristine, project);
        originals.putAll(copy(TestProjects.REPO.resolve("generator/src/test/resources/fuzz-seeds"), project));
        List<String> files = List.copyOf(originals.keySet());
        Path output = tmp.resolve("dags");

        String replay = System.getProperty("emrdag.fuzz.replay", "");
        String seedProperty = System.getProperty("emrdag.fuzz.seed", "");
        long runSeed = seedProperty.isEmpty() ? contentSeed(originals)
                : seedProperty.equals("random") ? new SplittableRandom().nextLong() : Long.parseLong(seedProperty);
        long budgetNanos = (long) (Double.parseDouble(System.getProperty("emrdag.fuzz.seconds", "20")) * 1e9);
        long max = replay.isEmpty() ? Long.getLong("emrdag.fuzz.max", 200_000L) : 1;
        assumeTrue(budgetNanos > 0 && max > 0, "fuzzing switched off (emrdag.fuzz.seconds or emrdag.fuzz.max is 0)");

        SplittableRandom seeds = new SplittableRandom(runSeed);
        Emrdag emrdag = new Emrdag();
        assertEquals(List.of(), emrdag.validate(project).warnings(), "the unmutated seeds must be valid and clean");
        List<Finding> findings = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        long started = System.nanoTime();
        long tried = 0;
        long cliRuns = 0;
        long crashes = 0;
        Set<String> signatures = new HashSet<>();
        while (tried < max && System.nanoTime() - started < budgetNanos && findings.size() < MAX_FINDINGS) {
            long mutantSeed = replay.isEmpty() ? seeds.nextLong() : Long.parseLong(replay);
            SplittableRandom random = new SplittableRandom(mutantSeed);
            String file = files.get(random.nextInt(files.size()));
            byte[] mutant = new Mutator(random).mutate(originals.get(file), file.endsWith(".json"));
            Path target = project.resolve(file);
            Files.write(target, mutant);
            try {
                long one = CPU.getCurrentThreadCpuTime();
                String problem = runCore(emrdag, project, output, outcomes);
                double took = (CPU.getCurrentThreadCpuTime() - one) / 1e9;
                if (problem == null && took > SLOW_SECONDS) {
                    problem = String.format("slow input: %.1f s of CPU to validate and render", took);
                }
                if (problem == null && tried % CLI_SAMPLE_EVERY == 0) {
                    problem = runCli(project);
                    cliRuns++;
                }
                if (problem != null) {
                    crashes++;
                    if (signatures.add(signature(problem))) {
                        findings.add(new Finding(mutantSeed, file, problem, mutant));
                    }
                }
            } finally {
                Files.write(target, originals.get(file));
            }
            tried++;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("metadata fuzzing: seed %d, %d inputs (%d also through the CLI) in %.1f s, outcomes %s, %d failing inputs, %d distinct%n",
                runSeed, tried, cliRuns, seconds, outcomes, crashes, findings.size());
        StringBuilder report = new StringBuilder();
        Path saved = Path.of("target", "fuzz-findings");
        for (Finding finding : findings) {
            Files.createDirectories(saved);
            Path copy = saved.resolve(finding.seed() + "-" + finding.file().replace('/', '_'));
            Files.write(copy, finding.mutant());
            report.append(String.format("%n  mutant seed %d (replay with -Demrdag.fuzz.replay=%d), %s, saved as %s:%n    %s",
                    finding.seed(), finding.seed(), finding.file(), copy, finding.problem().replace("\n", "\n    ")));
        }
        System.out.print(report.length() == 0 ? "" : "metadata fuzzing findings:" + report + System.lineSeparator());
        assertTrue(tried > 0, "the fuzzer ran no input");
        assertTrue(findings.isEmpty(), crashes + " mutants (" + findings.size() + " distinct problems) escaped the diagnostics (run seed " + runSeed + "):" + report);
    }

    /** A seed from the files' names and bytes, the same for the same files. */
    private static long contentSeed(Map<String, byte[]> files) {
        long seed = 0x5EEDL;
        for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
            seed = 31 * seed + file.getKey().hashCode();
            seed = 31 * seed + Arrays.hashCode(file.getValue());
        }
        return new SplittableRandom(seed).nextLong();
    }

    /**
     * Runs the core API: validate, then (for valid mutants) render and compare with an empty output folder;
     * returns what is wrong with the outcome, or null.
     */
    private static String runCore(Emrdag emrdag, Path project, Path output, Map<String, Integer> outcomes) {
        try {
            emrdag.validate(project);
            emrdag.check(new Request(project, output));
            outcomes.merge("up to date", 1, Integer::sum);
            return null;
        } catch (MetadataException e) {
            outcomes.merge("diagnostics", 1, Integer::sum);
            return checkDiagnostics(e.diagnostics());
        } catch (StaleOutputException e) {
            outcomes.merge("valid", 1, Integer::sum);
            return null;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            return "escaped " + trace.toString().lines().limit(12).reduce((a, b) -> a + "\n" + b).orElse("");
        }
    }

    /** The kind of a problem, without the file, positions and numbers that differ between mutants. */
    private static String signature(String problem) {
        return problem.lines().limit(3).reduce("", String::concat).replaceAll("job-groups/\\S+", "").replaceAll("\\d+", "N")
                .replaceAll("\"[^\"]*\"", "S").replaceAll("'[^']*'", "S");
    }

    private static String checkDiagnostics(List<Diagnostic> diagnostics) {
        if (diagnostics.stream().noneMatch(Diagnostic::isError)) {
            return "MetadataException without an error: " + diagnostics;
        }
        for (Diagnostic d : diagnostics) {
            boolean ok = d.location() != null && d.location().file() != null && d.location().file().startsWith("job-groups/")
                    && d.location().line() >= 1 && d.location().column() >= 1
                    && d.code() != null && CODE.matcher(d.code()).matches()
                    && d.message() != null && !d.message().isBlank();
            if (!ok) {
                return "diagnostic without file, line, column, code or message: " + d.format();
            }
            if (d.message().length() > MAX_MESSAGE || d.hint() != null && d.hint().length() > 3 * MAX_MESSAGE) {
                return "diagnostic too long to read (" + d.message().length() + " characters): "
                        + d.format().substring(0, Math.min(d.format().length(), 3 * MAX_MESSAGE));
            }
        }
        return null;
    }

    /** Runs {@code emrdag validate} in process; returns what is wrong with its output, or null. */
    private static String runCli(Path project) {
        CliTest.Run run = CliTest.run("validate", "-p", project.toString());
        String all = run.out() + run.err();
        if (run.exit() != EmrdagCommand.OK && run.exit() != EmrdagCommand.USER_ERROR) {
            return "CLI exit " + run.exit() + ":\n" + all;
        }
        if (all.contains("Exception") || all.contains("\tat ") || all.contains("internal error")) {
            return "CLI output shows Java internals:\n" + all;
        }
        return null;
    }

    private static Map<String, byte[]> copy(Path from, Path to) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String relative = from.relativize(file).toString().replace('\\', '/');
                if (relative.startsWith(".")) {
                    continue; // the generation cache of a local build is no metadata
                }
                Path target = to.resolve(relative);
                Files.createDirectories(target.getParent());
                byte[] bytes = Files.readAllBytes(file);
                Files.write(target, bytes);
                out.put(relative, bytes);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return out;
    }

    /** Applies one to three random edits that users (or their editors) plausibly make, plus hostile ones. */
    private static final class Mutator {
        private final SplittableRandom random;

        Mutator(SplittableRandom random) {
            this.random = random;
        }

        byte[] mutate(byte[] original, boolean json) {
            byte[] bytes = original;
            int edits = 1 + random.nextInt(3);
            for (int i = 0; i < edits; i++) {
                int kind = random.nextInt(12);
                if (kind == 0) {
                    bytes = flipByte(bytes);
                } else if (kind == 1) {
                    bytes = Arrays.copyOf(bytes, bytes.length == 0 ? 0 : random.nextInt(bytes.length));
                } else {
                    String text = new String(bytes, StandardCharsets.UTF_8);
                    bytes = textEdit(kind, text, json).getBytes(StandardCharsets.UTF_8);
                }
            }
            return bytes;
        }

        private byte[] flipByte(byte[] bytes) {
            if (bytes.length == 0) {
                return bytes;
            }
            byte[] out = bytes.clone();
            int at = random.nextInt(out.length);
            out[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) (out[at] ^ (1 << random.nextInt(8)));
            return out;
        }

        private String textEdit(int kind, String text, boolean json) {
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            int at = random.nextInt(lines.size());
            String line = lines.get(at);
            switch (kind) {
                case 2 -> lines.remove(at);
                case 3 -> lines.add(at, line);
                case 4 -> lines.set(at, renameKey(line));
                case 5 -> lines.set(at, reindent(line));
                case 6 -> lines.set(at, insert(line, pick(SPECIALS)));
                case 7 -> lines.set(at, replaceValue(line, pick(SPECIALS), json));
                case 8 -> lines.set(at, replaceValue(line, longValue(), json));
                case 9 -> lines.set(at, replaceValue(line, nested(json), json));
                case 10 -> {
                    int other = random.nextInt(lines.size());
                    lines.set(at, lines.get(other));
                    lines.set(other, line);
                }
                default -> lines.set(at, insert(line, pick(SPECIALS) + " " + pick(SPECIALS)));
            }
            return String.join("\n", lines);
        }

        private String renameKey(String line) {
            int colon = line.indexOf(':');
            int start = line.length() - line.stripLeading().length();
            if (colon <= start + 1) {
                return line;
            }
            StringBuilder key = new StringBuilder(line.substring(start, colon));
            int i = random.nextInt(key.length());
            switch (random.nextInt(4)) {
                case 0 -> key.deleteCharAt(i);
                case 1 -> key.insert(i, (char) ('a' + random.nextInt(26)));
                case 2 -> key.setCharAt(i, Character.toUpperCase(key.charAt(i)));
                default -> key.append(i % 2 == 0 ? "s" : "_x");
            }
            return line.substring(0, start) + key + line.substring(colon);
        }

        private String reindent(String line) {
            return switch (random.nextInt(4)) {
                case 0 -> " " + line;
                case 1 -> line.startsWith("  ") ? line.substring(2) : line;
                case 2 -> "\t" + line.stripLeading();
                default -> "    " + line;
            };
        }

        private String insert(String line, String what) {
            int at = line.isEmpty() ? 0 : random.nextInt(line.length() + 1);
            return line.substring(0, at) + what + line.substring(at);
        }

        private String replaceValue(String line, String value, boolean json) {
            int colon = line.indexOf(json ? "\":" : ": ");
            if (colon < 0) {
                return insert(line, value);
            }
            int from = colon + 2;
            return line.substring(0, from) + (json && random.nextBoolean() ? " \"" + value + "\"," : " " + value);
        }

        private String longValue() {
            int length = random.nextInt(4) == 0 ? 100_000 + random.nextInt(200_000) : 200 + random.nextInt(5_000);
            String unit = pick(List.of("a", "é", "{{ ds }}", "x y ", "\uD83D\uDE00", "9"));
            return unit.repeat(Math.max(1, length / unit.length()));
        }

        private String nested(boolean json) {
            int depth = 1 + random.nextInt(random.nextBoolean() ? 20 : 200);
            return random.nextBoolean() ? "[".repeat(depth) + "1" + "]".repeat(depth)
                    : (json ? "{\"a\": " : "{a: ").repeat(depth) + "1" + "}".repeat(depth);
        }

        private String pick(List<String> values) {
            return values.get(random.nextInt(values.size()));
        }
    }
}
