package io.emrdag.deploy;

import io.emrdag.diagnostic.EnvironmentException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A local DAG folder (self-hosted Airflow), with the same semantics as S3: entity tags are MD5 hashes, files
 * appear whole (written beside, then moved into place), "must not exist" is decided atomically by a hard link,
 * and symbolic links are never followed or written through. A listing taken while files are being written
 * skips files that vanish under it, as an S3 listing would.
 */
final class LocalObjectStore implements ObjectStore {

    private final Path root;
    private final RequestCounter requests = new RequestCounter();

    LocalObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new EnvironmentException("cannot create the DAG folder " + this.root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public Map<String, RemoteObject> list() {
        count("LIST");
        Map<String, RemoteObject> objects = new TreeMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    if (attributes.isSymbolicLink()) {
                        objects.put(key(file), new RemoteObject("symlink", 0));
                    } else if (attributes.isRegularFile() && !file.getFileName().toString().startsWith(".emrdag-tmp-")) {
                        try {
                            byte[] content = Files.readAllBytes(file);
                            objects.put(key(file), new RemoteObject(ContentHash.md5(content), content.length));
                        } catch (NoSuchFileException vanished) {
                            return FileVisitResult.CONTINUE;
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new EnvironmentException("cannot list " + root + ": " + e.getMessage(), e);
        }
        return objects;
    }

    @Override
    public Optional<Fetched> get(String key) {
        count("GET");
        Path file = resolve(key);
        try {
            if (Files.isSymbolicLink(file)) {
                return Optional.empty();
            }
            byte[] content = Files.readAllBytes(file);
            return Optional.of(new Fetched(content, ContentHash.md5(content), Files.getLastModifiedTime(file).toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new EnvironmentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String put(String key, byte[] content, String contentType, Condition condition) {
        count("PUT");
        Path file = resolve(key);
        Path temp = file.resolveSibling(".emrdag-tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(file.getParent());
            Files.write(temp, content);
            switch (condition.kind()) {
                case ABSENT -> {
                    try {
                        Files.createLink(file, temp);
                    } catch (FileAlreadyExistsException e) {
                        throw new PreconditionFailedException(key);
                    }
                }
                case MATCHES -> {
                    if (Files.isSymbolicLink(file) || !Files.isRegularFile(file)
                            || !ContentHash.md5(Files.readAllBytes(file)).equals(condition.etag())) {
                        throw new PreconditionFailedException(key);
                    }
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                case NONE -> Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return ContentHash.md5(content);
        } catch (IOException e) {
            throw new EnvironmentException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // A leftover temporary file is skipped by list() and removed by the next write of this key.
            }
        }
    }

    @Override
    public void delete(String key, String etag) {
        count("DELETE");
        Path file = resolve(key);
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            if (Files.isSymbolicLink(file) || !ContentHash.md5(Files.readAllBytes(file)).equals(etag)) {
                throw new PreconditionFailedException(key);
            }
            Files.delete(file);
        } catch (IOException e) {
            throw new EnvironmentException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public Map<String, Integer> requestCounts() {
        return requests.snapshot();
    }

    @Override
    public void close() {
    }

    private Path resolve(String key) {
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("key outside the DAG folder: " + key);
        }
        for (Path dir = file.getParent(); dir != null && !dir.equals(root); dir = dir.getParent()) {
            if (Files.isSymbolicLink(dir)) {
                throw new EnvironmentException("not writing through the symbolic link " + dir
                        + System.lineSeparator() + "  hint: replace the link with a real folder, or deploy to the folder it points to");
            }
        }
        return file;
    }

    private String key(Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private void count(String kind) {
        requests.count(kind);
    }
}
