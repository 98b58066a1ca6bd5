import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The floor of a cold generate, for benchmarks/cold_generate.py: one JVM that reads every job-group file under a
 * project folder, parses it with Jackson's YAMLMapper.readTree (the JSON ones too: YAML reads JSON), and writes one
 * file of the given size per job group into an output folder, each beside its name and renamed into place as emrdag
 * does. No validation, no templates, no hashing: what any generator on this JVM and disk pays at least.
 *
 * <p>Usage: java -cp LIB/* ReadParseWrite.java PROJECT OUTPUT BYTES
 */
public final class ReadParseWrite {

    public static void main(String[] args) throws IOException {
        Path project = Path.of(args[0]);
        Path output = Path.of(args[1]);
        byte[] content = new byte[Integer.parseInt(args[2])];
        Arrays.fill(content, (byte) 'x');
        List<Path> files;
        try (Stream<Path> walk = Files.walk(project)) {
            files = walk.filter(p -> {
                String name = p.getFileName().toString();
                boolean hidden = project.relativize(p).toString().startsWith(".") || p.toString().contains("/.");
                return !hidden && Files.isRegularFile(p) && !name.equals("emrdag.yaml") && (name.endsWith(".yaml") || name.endsWith(".json"));
            }).sorted().toList();
        }
        Files.createDirectories(output);
        YAMLMapper yaml = new YAMLMapper();
        long nodes = 0;
        for (Path file : files) {
            JsonNode tree = yaml.readTree(Files.readAllBytes(file));
            nodes += tree.size();
            String name = file.getFileName().toString();
            Path target = output.resolve(name.substring(0, name.lastIndexOf('.')) + "_dag.py");
            Path temp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.write(temp, content);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        System.out.println(files.size() + " files, " + nodes + " top-level keys");
    }
}
