package io.emrdag.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.TestProjects;
import io.emrdag.schema.MetadataSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectTemplateTest {

    @TempDir
    Path tmp;

    @Test
    void writesEveryFileOfANewProject() throws Exception {
        Path folder = tmp.resolve("my-dags");
        List<Path> written = ProjectTemplate.create(folder);
        assertEquals(ProjectTemplate.files(folder).size(), written.size());
        for (String file : List.of("job-groups/emrdag.yaml", "job-groups/ingest/orders_daily.yaml", "schemas/emrdag.schema.json",
                "schemas/job-group.schema.json", ".gitignore", "pom.xml", ".github/workflows/emrdag.yml", ".gitlab-ci.yml")) {
            assertTrue(Files.isRegularFile(folder.resolve(file)), file);
        }
        assertEquals(MetadataSchemas.contents().get("job-group.schema.json"), Files.readString(folder.resolve("schemas/job-group.schema.json")));
        String pom = Files.readString(folder.resolve("pom.xml"));
        assertTrue(pom.contains("<artifactId>my-dags</artifactId>") && !pom.contains("@VERSION@"), pom);
        assertTrue(Files.readString(folder.resolve(".gitignore")).lines().anyMatch(".emrdag-cache/"::equals));
        // The $schema lines point at the schemas init writes, from where each file is.
        assertSchemaLine(folder, "job-groups/emrdag.yaml");
        assertSchemaLine(folder, "job-groups/ingest/orders_daily.yaml");
    }

    private static void assertSchemaLine(Path folder, String file) throws Exception {
        Matcher m = Pattern.compile("\\$schema=(\\S+)").matcher(Files.readAllLines(folder.resolve(file)).get(0));
        assertTrue(m.find(), file);
        Path schema = folder.resolve(file).getParent().resolve(m.group(1)).normalize();
        assertTrue(Files.isRegularFile(schema), file + " -> " + schema);
    }

    @Test
    void refusesWhenAnyFileExistsAndWritesNothing() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(folder.resolve("pom.xml"), "mine\n");
        ProjectTemplate.FilesExistException e = assertThrows(ProjectTemplate.FilesExistException.class, () -> ProjectTemplate.create(folder));
        assertTrue(e.getMessage().contains("already has pom.xml") && e.getMessage().contains("nothing was written"), e.getMessage());
        assertEquals("mine\n", Files.readString(folder.resolve("pom.xml")));
        assertFalse(Files.exists(folder.resolve("job-groups")));
        assertFalse(Files.exists(folder.resolve(".gitignore")));
    }

    @Test
    void aFolderWithOtherFilesIsFine() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("repo"));
        Files.writeString(folder.resolve("README.md"), "# ours\n");
        ProjectTemplate.create(folder);
        assertEquals("# ours\n", Files.readString(folder.resolve("README.md")));
        assertTrue(Files.isRegularFile(folder.resolve("job-groups/emrdag.yaml")));
    }

    /** The README shows the CI recipes exactly as init writes them: one source. */
    @Test
    void theReadmeShowsTheRecipesInitWrites() throws Exception {
        String readme = Files.readString(TestProjects.REPO.resolve("README.md"));
        for (String recipe : List.of(ProjectTemplate.GITHUB_WORKFLOW, ProjectTemplate.GITLAB_CI)) {
            Matcher m = Pattern.compile("<!-- recipe: " + Pattern.quote(recipe) + " -->\\s*```yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
            assertTrue(m.find(), "README.md has no block marked <!-- recipe: " + recipe + " -->");
            assertEquals(ProjectTemplate.resource(recipe), m.group(1),
                    "README.md's " + recipe + " differs from generator/src/main/resources/io/emrdag/init/" + recipe);
        }
    }
}
