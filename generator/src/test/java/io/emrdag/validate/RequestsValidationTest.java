package io.emrdag.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emrdag.Emrdag;
import io.emrdag.TestProjects;
import io.emrdag.capacity.Footprint;
import io.emrdag.capacity.InstanceTypes;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.Diagnostics;
import io.emrdag.diagnostic.MetadataException;
import io.emrdag.model.JobGroup;
import io.emrdag.model.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What emrdag accepts, and refuses with which located reason, of the requests real hand-written DAGs send. */
class RequestsValidationTest {

    @TempDir
    Path tmp;
    int runs;

    private JobGroup bind(String settings, String orders) {
        Path project = TestProjects.project(tmp.resolve("p" + runs++), Map.of("emrdag.yaml", settings, "orders.yaml", orders));
        Diagnostics diagnostics = new Diagnostics();
        JobGroup group = TestProjects.bind(project, diagnostics).jobGroups().get(0);
        assertEquals(List.of(), diagnostics.sorted().stream().map(Diagnostic::format).toList());
        return group;
    }

    private List<String> errors(String settings, String orders) {
        Path project = TestProjects.project(tmp.resolve("p" + runs++), Map.of("emrdag.yaml", settings, "orders.yaml", orders));
        MetadataException e = assertThrows(MetadataException.class, () -> new Emrdag().validate(project));
        return e.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::format).toList();
    }

    @Test
    void withoutAProfileCoreAndWithoutRawInstanceGroupsTheCoreIsStillRequired() {
        String settings = TestProjects.SETTINGS.replace("    core: {instance_type: r5.2xlarge, instance_count: 2}\n", "");
        List<String> errors = errors(settings, TestProjects.JOB_GROUP);
        assertTrue(errors.stream().anyMatch(e -> e.contains("error[E102] cluster.core: required key 'core' is missing")), errors.toString());
    }

    @Test
    void rawInstanceGroupsWithThePrimaryAloneMakeAPrimaryOnlyCluster() {
        String settings = TestProjects.SETTINGS.replace("    core: {instance_type: r5.2xlarge, instance_count: 2}\n", "");
        JobGroup group = bind(settings, TestProjects.JOB_GROUP + """
                job_flow_overrides:
                  Instances:
                    InstanceGroups:
                      - {Name: Primary, InstanceRole: MASTER, InstanceType: m5.xlarge, InstanceCount: 1, Market: ON_DEMAND}
                """);
        assertNull(group.emr().cluster().nodes().core());
        assertEquals(List.of("MASTER"), group.emr().cluster().instanceGroups().stream().map(g -> g.role()).toList());
    }

    @Test
    void stepNameIsTheEmrNameAndNameStaysTheId() {
        JobGroup group = bind(TestProjects.SETTINGS, """
                description: Orders
                schedule: "0 2 * * *"
                steps:
                  - name: load_orders
                    step_name: "Load orders — raw → processed, {day}"
                    script: load.py
                  - name: publish
                    script: publish.py
                    execution_role_arn: arn:aws-cn:iam::123456789012:role/path/etl
                """);
        assertEquals(List.of("Load orders — raw → processed, {day}", "publish"), group.emr().steps().stream().map(Step::emrName).toList());
        assertEquals(List.of("load_orders", "publish"), group.emr().steps().stream().map(Step::name).toList());
        assertEquals(java.util.Arrays.asList(null, "arn:aws-cn:iam::123456789012:role/path/etl"),
                group.emr().steps().stream().map(Step::executionRoleArn).toList());
    }

    @Test
    void aStepNameOfTwoHundredFiftySevenCharactersIsRefused() {
        String name = "x".repeat(257);
        assertEquals(List.of("job-groups/orders.yaml:5:16: error[E250] steps[0].step_name: expected an EMR step name of 1 to 256"
                        + " characters without control characters, got 257 characters: \"" + Diagnostic.excerpt(name) + "\"\n"
                        + "  hint: EMR refuses the step otherwise; shorten it, or leave step_name out to use the step's name"),
                errors(TestProjects.SETTINGS, TestProjects.JOB_GROUP.replace("    script:", "    step_name: " + name + "\n    script:")));
        bind(TestProjects.SETTINGS, TestProjects.JOB_GROUP.replace("    script:", "    step_name: " + "x".repeat(256) + "\n    script:"));
    }

    @Test
    void aStepNameEqualToItsOwnNameIsNoClash() {
        bind(TestProjects.SETTINGS, TestProjects.JOB_GROUP.replace("    script:", "    step_name: load_orders\n    script:"));
    }

    @Test
    void s3nAndS3aLocationsAreTakenAndOtherSchemesStillRefused() {
        bind(TestProjects.SETTINGS, TestProjects.JOB_GROUP.replace("load_raw_to_process.py", "s3a://acme-artifacts/load.py")
                + "cluster:\n  log_uri: s3n://acme-logs/emr/\n  bootstrap_actions:\n    - {name: libs, script: s3n://acme-artifacts/libs.sh}\n");
        assertEquals(List.of("job-groups/orders.yaml:5:13: error[E111] steps[0].script: expected an s3:// URI or a path relative to"
                        + " scripts_base, got \"gs://acme/load.py\""),
                errors(TestProjects.SETTINGS, TestProjects.JOB_GROUP.replace("load_raw_to_process.py", "gs://acme/load.py")));
    }

    @Test
    void thePrimaryOnlyClusterIsItsPrimaryNodeInTheCapacityModel() {
        JobGroup group = bind(TestProjects.SETTINGS, TestProjects.JOB_GROUP + "cluster:\n  core: null\n");
        Footprint footprint = Footprint.of(group.emr().cluster(), InstanceTypes.builtIn());
        assertEquals("1× m5.xlarge", footprint.describe());
        assertEquals(4, footprint.vcpus());
    }
}
