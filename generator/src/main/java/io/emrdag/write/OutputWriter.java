package io.emrdag.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.emrdag.diagnostic.EnvironmentException;
import io.emrdag.render.GeneratedFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * Writes generated files into an output folder: only what changed, never a file it does not own, and so that
 * a failure leaves the folder as it was. New contents are first written to temporary files beside their
 * targets; only when all of them exist are they moved into place (atomic renames, the replaced files kept as
 * backups), stale files deleted, and the manifest written last. If any step fails, the backups are moved back.
 */
public final class OutputWriter {

    private static final String TEMP_SUFFIX = ".emrdag-tmp";
    private static final String BACKUP_SUFFIX = ".emrdag-bak";

    /**
     * Compares the desired files with the folder; throws when a foreign file is in the way. The files of {@code inPlace}
     * are known to be in the folder as they should be (their caller proved it without reading them): unchanged.
     */
    public WritePlan plan(Path output, List<GeneratedFile> files, Set<String> inPlace, Manifest desired) {
        return plan(output, readManifest(output), files, inPlace, desired);
    }

    /** As {@link #plan(Path, List, Set, Manifest)}, with the folder's manifest already read ({@link #readManifest}). */
    public WritePlan plan(Path output, Manifest current, List<GeneratedFile> files, Set<String> inPlace, Manifest desired) {
        Path manifestFile = output.resolve(Manifest.FILE_NAME);
        return plan(output, current, files, inPlace, desired, () -> !Files.isRegularFile(manifestFile)
                || !Arrays.equals(read(manifestFile), desired.toJsonBytes()));
    }

    /**
     * As {@link #plan(Path, List, Set, Manifest)}, with the folder's manifest read and compared with {@code desired} at
     * once ({@link #readManifest(Path, Manifest)}): it is neither read nor serialised again.
     */
    public WritePlan plan(Path output, Current current, List<GeneratedFile> files, Set<String> inPlace, Manifest desired) {
        return plan(output, current.manifest(), files, inPlace, desired, () -> !current.asDesired());
    }

    private WritePlan plan(Path output, Manifest current, List<GeneratedFile> files, Set<String> inPlace, Manifest desired,
            BooleanSupplier manifestDiffers) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        // Reading and comparing thousands of files dominates a no-change run: do it on all cores, then
        // classify in the files' order (and report the first unreadable file in that order, not by timing).
        List<Object> states = files.parallelStream().map(file -> state(output.resolve(file.path()), file)).toList();
        for (int i = 0; i < files.size(); i++) {
            GeneratedFile file = files.get(i);
            if (states.get(i) instanceof EnvironmentException failure) {
                throw failure;
            }
            State state = (State) states.get(i);
            if (state == State.ABSENT) {
                added.add(file.path());
                continue;
            }
            if (state == State.SAME) {
                unchanged.add(file.path());
            } else if (current.files().containsKey(file.path())) {
                changed.add(file.path());
            } else {
                foreign.add(file.path());
            }
        }
        if (!foreign.isEmpty()) {
            throw new ForeignFileException(output, foreign);
        }
        unchanged.addAll(new TreeSet<>(inPlace));
        List<String> deleted = new ArrayList<>();
        for (String owned : current.files().keySet()) {
            if (desired.files().containsKey(owned)) {
                continue;
            }
            Path target = output.resolve(owned);
            if (isInside(output, target) && Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                deleted.add(owned);
            }
        }
        return new WritePlan(List.copyOf(added), List.copyOf(changed), List.copyOf(deleted), List.copyOf(unchanged),
                manifestDiffers.getAsBoolean());
    }

    /**
     * Refuses to mix environments: the folder {@code root} holds one environment's files, or those of a project without
     * environments, as its manifest records; and an environment's folder ({@code <output>/<environment>}) is never
     * inside a folder that holds generated files itself.
     *
     * @throws MixedEnvironmentsException when either would happen
     */
    public void checkEnvironment(Path output, Path root, String environment) {
        checkEnvironment(output, root, readManifest(root), environment);
    }

    /** As {@link #checkEnvironment(Path, Path, String)}, with the manifest of {@code root} ({@code current}) already read. */
    public void checkEnvironment(Path output, Path root, Manifest current, String environment) {
        if (!current.files().isEmpty() && !Objects.equals(current.environment(), environment)) {
            throw MixedEnvironmentsException.holding(root, current.environment(), environment);
        }
        if (environment != null) {
            Manifest outer = readManifest(output);
            if (!outer.files().isEmpty()) {
                throw MixedEnvironmentsException.inside(output, environment);
            }
        }
    }

    private enum State { ABSENT, SAME, DIFFERENT }

    /** The {@link State} of {@code target}, or the {@link EnvironmentException} reading it failed with. */
    private static Object state(Path target, GeneratedFile file) {
        if (!Files.exists(target)) {
            return State.ABSENT;
        }
        try {
            byte[] bytes = read(target);
            return Arrays.equals(bytes, file.bytes()) ? State.SAME : State.DIFFERENT;
        } catch (EnvironmentException e) {
            return e;
        }
    }

    /** Applies {@code plan}: all or nothing for the content writes, then deletions, then the manifest. */
    public void apply(Path output, WritePlan plan, List<GeneratedFile> files, Manifest desired) {
        Map<String, GeneratedFile> byPath = new LinkedHashMap<>();
        files.forEach(f -> byPath.put(f.path(), f));
        List<String> toWrite = new ArrayList<>(plan.added());
        toWrite.addAll(plan.changed());
        Map<Path, Path> staged = new LinkedHashMap<>();
        try {
            Map<Path, Boolean> folders = new LinkedHashMap<>();
            List<Map.Entry<Path, byte[]>> writes = new ArrayList<>();
            for (String path : toWrite) {
                Path target = output.resolve(path);
                if (!folders.containsKey(target.getParent())) {
                    Files.createDirectories(target.getParent());
                    folders.put(target.getParent(), isInside(output, target));
                }
                if (!target.normalize().startsWith(output.normalize()) || !folders.get(target.getParent())) {
                    throw new IOException(path + " would be written outside the output folder (through a symbolic link)");
                }
                Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
                staged.put(temp, target);
                writes.add(Map.entry(temp, byPath.get(path).bytes()));
            }
            writeAll(writes);
            if (plan.manifestChanged() || !staged.isEmpty() || !plan.deleted().isEmpty()) {
                Path manifest = output.resolve(Manifest.FILE_NAME);
                Files.createDirectories(output);
                Path temp = manifest.resolveSibling(Manifest.FILE_NAME + TEMP_SUFFIX);
                writeNew(temp, desired.toJsonBytes());
                staged.put(temp, manifest);
            }
        } catch (IOException e) {
            staged.keySet().forEach(OutputWriter::deleteQuietly);
            throw new EnvironmentException("cannot write to " + output + ": " + e.getMessage()
                    + " (the output folder was left unchanged)", e);
        }
        Path manifestTemp = output.resolve(Manifest.FILE_NAME + TEMP_SUFFIX);
        List<Path[]> undo = new ArrayList<>();
        try {
            for (Map.Entry<Path, Path> move : staged.entrySet()) {
                if (!move.getKey().equals(manifestTemp)) {
                    replace(move.getKey(), move.getValue(), undo);
                }
            }
            for (String path : plan.deleted()) {
                Path target = output.resolve(path);
                Path backup = target.resolveSibling(target.getFileName() + BACKUP_SUFFIX);
                move(target, backup);
                undo.add(new Path[] {target, backup});
            }
            if (staged.containsKey(manifestTemp)) {
                replace(manifestTemp, output.resolve(Manifest.FILE_NAME), undo);
            }
        } catch (IOException e) {
            rollBack(undo);
            staged.keySet().forEach(OutputWriter::deleteQuietly);
            throw new EnvironmentException("cannot update " + output + ": " + e.getMessage()
                    + " (the output folder was restored as it was)", e);
        }
        undo.forEach(step -> {
            if (step[1] != null) {
                deleteQuietly(step[1]);
            }
        });
    }

    /**
     * Moves {@code temp} onto {@code target}, keeping the old target as a backup so that a later failure in
     * the same run can put everything back. {@code undo} gets {target, backup or null when there was none}.
     */
    private static void replace(Path temp, Path target, List<Path[]> undo) throws IOException {
        Path backup = null;
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            backup = target.resolveSibling(target.getFileName() + BACKUP_SUFFIX);
            move(target, backup);
        }
        undo.add(new Path[] {target, backup});
        move(temp, target);
    }

    private static void rollBack(List<Path[]> undo) {
        for (int i = undo.size() - 1; i >= 0; i--) {
            Path target = undo.get(i)[0];
            Path backup = undo.get(i)[1];
            try {
                if (backup != null && Files.exists(backup, LinkOption.NOFOLLOW_LINKS)) {
                    move(backup, target);
                } else if (backup == null) {
                    Files.deleteIfExists(target);
                }
            } catch (IOException ignored) {
                // best effort: what could not be restored is reported by the failure that started the roll-back
            }
        }
    }

    /**
     * The manifest of a folder, and whether its file holds exactly the bytes of the manifest a run is about to write.
     *
     * @param manifest  what the file says (empty when it is absent or damaged)
     * @param asDesired whether the file's bytes are those of the desired manifest (then {@code manifest} is it)
     */
    public record Current(Manifest manifest, boolean asDesired) {
    }

    /**
     * The manifest in {@code output}, compared with {@code desired}: a file that holds exactly {@code desired}'s bytes
     * (a run that changes nothing) is not parsed, and the plan need not read it again.
     */
    public Current readManifest(Path output, Manifest desired) {
        Path file = output.resolve(Manifest.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return new Current(Manifest.empty(), false);
        }
        byte[] bytes = read(file);
        if (Arrays.equals(bytes, desired.toJsonBytes())) {
            return new Current(desired, true);
        }
        // The lenient decoding is the quick one (an ASCII manifest is copied); only a text that holds a replacement
        // character may be malformed, and is decoded again strictly, as Files.readString did.
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0) {
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new EnvironmentException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        try {
            return new Current(Manifest.parse(text), false);
        } catch (JsonProcessingException e) {
            return new Current(Manifest.empty(), false);
        }
    }

    /** The manifest in {@code output}; an absent or unreadable one means emrdag owns nothing there yet. */
    public Manifest readManifest(Path output) {
        Path file = output.resolve(Manifest.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Manifest.empty();
        }
        try {
            return Manifest.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            return Manifest.empty();
        } catch (IOException e) {
            throw new EnvironmentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Whether {@code target} really lies in {@code output}: lexically, and with symbolic links in its folders
     * resolved, so that neither a manifest entry like {@code ../x} nor a linked folder reaches outside.
     */
    private static boolean isInside(Path output, Path target) {
        if (!target.normalize().startsWith(output.normalize())) {
            return false;
        }
        try {
            Path realOutput = output.toRealPath();
            Path folder = target.getParent();
            while (folder != null && !Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
                folder = folder.getParent();
            }
            return folder != null && folder.toRealPath().startsWith(realOutput);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Writes the temporary files on all cores (thousands of small writes are most of a cold run's I/O). When
     * writes fail, the one earliest in the list is rethrown, whichever thread hit its failure first, so that
     * the message does not depend on timing; the caller deletes whatever was written.
     */
    private static void writeAll(List<Map.Entry<Path, byte[]>> writes) throws IOException {
        IOException[] failures = new IOException[writes.size()];
        IntStream.range(0, writes.size()).parallel().forEach(i -> {
            try {
                writeNew(writes.get(i).getKey(), writes.get(i).getValue());
            } catch (IOException e) {
                failures[i] = e;
            }
        });
        for (IOException failure : failures) {
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Writes a fresh file, never following a link or reusing whatever already has that name. */
    private static void writeNew(Path file, byte[] content) throws IOException {
        Files.deleteIfExists(file);
        Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new EnvironmentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: a leftover temporary file is harmless and overwritten next time
        }
    }
}
