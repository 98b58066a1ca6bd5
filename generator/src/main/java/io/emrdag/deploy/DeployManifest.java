package io.emrdag.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one emrdag deployment owns in a DAG folder: the only files it will ever overwrite or delete. Stored in
 * the target itself ({@code .emrdag/<deployment>.deploy.json}), so that ownership travels with the folder,
 * not with a CI machine.
 *
 * <p>{@code pending} holds files about to be created: they are claimed before they are uploaded, so that a
 * deploy killed half-way still owns what it wrote and the next run converges instead of calling its own files
 * foreign.
 *
 * @param files   owned files with the hash and entity tag they had when deployed
 * @param pending files claimed but perhaps not (yet) written, with their kind
 * @param environment the environment of the project deployed here (absent without environments): a deploy of another
 *     environment is refused, so that one DAG folder never holds two environments' files
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeployManifest(
        @JsonProperty("format") int format,
        @JsonProperty("deployment") String deployment,
        @JsonProperty("tool") String tool,
        @JsonProperty("deploy_id") String deployId,
        @JsonProperty("files") Map<String, Entry> files,
        @JsonProperty("pending") Map<String, DeployFile.FileKind> pending,
        @JsonProperty("environment") String environment) {

    static final int FORMAT = 1;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public DeployManifest {
        files = files == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(files));
        pending = pending == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(pending));
    }

    /** The manifest of a deployment of a project without environments. */
    public DeployManifest(int format, String deployment, String tool, String deployId, Map<String, Entry> files,
            Map<String, DeployFile.FileKind> pending) {
        this(format, deployment, tool, deployId, files, pending, null);
    }

    /**
     * An owned file. {@code contract} is the deployed version's {@link DeployFile#contract()}: what it needs from
     * the shared modules, so that the next deploy knows which old DAG files a module change would break.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Entry(@JsonProperty("sha256") String sha256, @JsonProperty("etag") String etag,
            @JsonProperty("kind") DeployFile.FileKind kind, @JsonProperty("dag_id") String dagId,
            @JsonProperty("contract") Map<String, Set<String>> contract) {

        public Entry {
            Map<String, Set<String>> copy = new TreeMap<>();
            if (contract != null) {
                contract.forEach((k, v) -> copy.put(k, Collections.unmodifiableSortedSet(new TreeSet<>(v))));
            }
            contract = Collections.unmodifiableMap(copy);
        }

        Entry withEtag(String newEtag) {
            return new Entry(sha256, newEtag, kind, dagId, contract);
        }

        static Entry of(DeployFile file, String etag) {
            return new Entry(file.sha256(), etag, file.kind(), file.dagId(), file.contract());
        }
    }

    static DeployManifest empty(String deployment) {
        return new DeployManifest(FORMAT, deployment, null, null, Map.of(), Map.of());
    }

    /** Owned or claimed: the files this deployment may overwrite or delete. */
    boolean owns(String path) {
        return files.containsKey(path) || pending.containsKey(path);
    }

    byte[] toJson() {
        try {
            return (JSON.writeValueAsString(this) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("a manifest always serializes", e);
        }
    }

    /** Reads a manifest; a damaged or newer-format one is a conflict the user must look at, never overwritten. */
    static DeployManifest parse(byte[] json, String where) {
        DeployManifest manifest;
        try {
            manifest = JSON.readValue(json, DeployManifest.class);
        } catch (IOException e) {
            throw new DeployConflictException("the deploy manifest " + where + " is not valid JSON: " + (e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage())
                    + System.lineSeparator() + "  hint: it records which files emrdag owns there; restore it from the bucket's"
                    + " versions, or delete it and deploy with --adopt");
        }
        if (manifest.format() != FORMAT) {
            throw new DeployConflictException("the deploy manifest " + where + " has format " + manifest.format()
                    + ", this emrdag reads format " + FORMAT + System.lineSeparator()
                    + "  hint: deploy with the emrdag version that wrote it (" + manifest.tool() + ") or newer");
        }
        return manifest;
    }
}
