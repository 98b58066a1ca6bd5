package io.emrdag.diagnostic;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Shows the files of findings so that they open from where the user stands. The core names a project's files from the
 * project folder's parent ({@code job-groups/orders.yaml}): stable for tests, goldens and the Maven log, but from any
 * other folder the name does not resolve. A front end with a working directory rewrites them: relative to that folder
 * when the file is under it, absolute otherwise.
 *
 * @param projectParent the real path of the project folder's parent
 * @param label         the project folder's name, the first segment of the files the core names
 * @param workingDir    the real path of the folder the user runs emrdag in
 */
public record ShownPaths(Path projectParent, String label, Path workingDir) {

    /** For a project folder as given on the command line and the process's working directory. */
    public static ShownPaths of(Path projectDir, Path workingDir) {
        Path project = real(projectDir);
        Path parent = project.getParent() == null ? project : project.getParent();
        String label = project.getFileName() == null ? "project" : project.getFileName().toString();
        return new ShownPaths(parent, label, real(workingDir));
    }

    /** {@code diagnostic} with its file as the user in {@link #workingDir} opens it. */
    public Diagnostic shown(Diagnostic diagnostic) {
        Location at = diagnostic.location();
        String file = file(at.file());
        return file.equals(at.file()) ? diagnostic : new Diagnostic(diagnostic.severity(), diagnostic.code(),
                new Location(file, at.line(), at.column()), diagnostic.path(), diagnostic.message(), diagnostic.hint());
    }

    /** A file named from the project's parent, shown from the working directory; any other name as it is. */
    public String file(String named) {
        if (!named.equals(label) && !named.startsWith(label + "/")) {
            return named;
        }
        Path absolute;
        try {
            absolute = projectParent.resolve(named).normalize();
        } catch (InvalidPathException e) {
            return named;
        }
        if (!absolute.startsWith(workingDir)) {
            return absolute.toString();
        }
        String relative = workingDir.relativize(absolute).toString();
        return relative.isEmpty() ? "." : relative.replace('\\', '/');
    }

    private static Path real(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            return absolute.toRealPath();
        } catch (IOException e) {
            return absolute;
        }
    }
}
