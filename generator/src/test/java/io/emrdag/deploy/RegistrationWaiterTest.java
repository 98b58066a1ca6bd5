package io.emrdag.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emrdag.diagnostic.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/** The waiter against a scripted Airflow: what each poll sees is set by the test, time only moves between polls. */
class RegistrationWaiterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant SINCE = Instant.parse("2026-01-01T12:00:00Z");
    private static final String FILE = "orders_dag.py";
    private static final Map<String, String> DAGS = Map.of(FILE, "orders");
    private static final String OLD_ERROR = "Traceback...\nNameError: name 'old' is not defined";
    private static final String NEW_ERROR = "Traceback...\nTypeError: unexpected keyword 'new'";

    /**
     * A fake Airflow: import errors (file → [timestamp, text]) and DAGs (id → body), changed by the script. It speaks
     * REST API v1 (Airflow 2: absolute file names, {@code is_active}), or v2 when {@code v2} is set (Airflow 3: file
     * names relative to the DAG bundle, {@code bundle_name}, {@code is_stale}).
     */
    private static final class FakeAirflow implements AirflowApi {
        final Map<String, String[]> errors = new TreeMap<>();
        final Map<String, JsonNode> dags = new TreeMap<>();
        int serverError;
        boolean v2;

        @Override
        public Response get(String path, Map<String, String> query) {
            if (serverError != 0) {
                return new Response(serverError, JSON.createObjectNode().put("title", "Internal Server Error"));
            }
            if (path.equals("/importErrors")) {
                ObjectNode body = JSON.createObjectNode();
                ArrayNode list = body.putArray("import_errors");
                errors.forEach((file, error) -> {
                    ObjectNode entry = list.addObject();
                    if (v2) {
                        entry.put("filename", file).put("bundle_name", "dags-folder");
                    } else {
                        entry.put("filename", "/usr/local/airflow/dags/" + file);
                    }
                    entry.put("timestamp", error[0]).put("stack_trace", error[1]);
                });
                body.put("total_entries", errors.size());
                return new Response(200, body);
            }
            JsonNode dag = dags.get(path.substring("/dags/".length()));
            return dag == null ? new Response(404, JSON.createObjectNode().put("status", 404)) : new Response(200, dag);
        }

        void registered(String id, Instant parsed) {
            ObjectNode dag = JSON.createObjectNode().put("dag_id", id).put("last_parsed_time", parsed.toString());
            dags.put(id, v2 ? dag.put("is_stale", false) : dag.put("is_active", true));
        }
    }

    /** Runs the waiter; {@code script} is told the number of each finished poll before the next one. */
    private static RegistrationReport await(FakeAirflow airflow, IntConsumer script, Duration timeout) {
        Instant[] now = {SINCE.plusSeconds(1)};
        int[] polls = {0};
        RegistrationWaiter waiter = new RegistrationWaiter(airflow, Progress.silent(), Duration.ofSeconds(10), () -> now[0], d -> {
            now[0] = now[0].plus(d);
            script.accept(++polls[0]);
        });
        return waiter.await(DAGS, Set.of(FILE), SINCE, timeout);
    }

    @Test
    void theOldFilesErrorReStampedAfterTheDeployDoesNotFailIt() {
        FakeAirflow airflow = new FakeAirflow();
        airflow.errors.put(FILE, new String[] {SINCE.minusSeconds(60).toString(), OLD_ERROR});
        RegistrationReport report = await(airflow, poll -> {
            if (poll == 1) {
                airflow.errors.put(FILE, new String[] {SINCE.plusSeconds(5).toString(), OLD_ERROR}); // old file parsed again
            } else if (poll == 3) {
                airflow.errors.clear(); // the new file arrived and imports
                airflow.registered("orders", SINCE.plusSeconds(25));
            }
        }, Duration.ofMinutes(5));
        assertEquals(List.of("orders"), report.dagIds());
        assertEquals(4, report.polls());
    }

    @Test
    void aNewErrorTextAfterTheDeployFailsItWithAirflowsText() {
        FakeAirflow airflow = new FakeAirflow();
        airflow.errors.put(FILE, new String[] {SINCE.minusSeconds(60).toString(), OLD_ERROR});
        ImportErrorsException e = assertThrows(ImportErrorsException.class, () -> await(airflow, poll -> {
            if (poll == 2) {
                airflow.errors.put(FILE, new String[] {SINCE.plusSeconds(30).toString(), NEW_ERROR});
            }
        }, Duration.ofMinutes(5)));
        assertEquals(Map.of(FILE, NEW_ERROR), e.errors());
    }

    @Test
    void anErrorOfAFileThatHadNoneFailsTheDeploy() {
        FakeAirflow airflow = new FakeAirflow();
        airflow.registered("orders", SINCE.minusSeconds(60));
        ImportErrorsException e = assertThrows(ImportErrorsException.class, () -> await(airflow, poll -> {
            airflow.errors.put(FILE, new String[] {SINCE.plusSeconds(30).toString(), NEW_ERROR});
        }, Duration.ofMinutes(5)));
        assertTrue(e.getMessage().contains("TypeError: unexpected keyword 'new'"), e.getMessage());
    }

    @Test
    void aTimeoutNamesTheErrorAirflowStillShows() {
        FakeAirflow airflow = new FakeAirflow();
        airflow.errors.put(FILE, new String[] {SINCE.plusSeconds(1).toString(), OLD_ERROR});
        List<Integer> polls = new ArrayList<>();
        RegistrationTimeoutException e = assertThrows(RegistrationTimeoutException.class,
                () -> await(airflow, polls::add, Duration.ofSeconds(35)));
        assertTrue(e.getMessage().contains("did not register 1 of 1 deployed DAGs within 35 s: orders"), e.getMessage());
        assertTrue(e.getMessage().contains(FILE + ": Airflow still shows the import error it showed when the deploy finished: "
                + "NameError: name 'old' is not defined"), e.getMessage());
        assertEquals(List.of(1, 2, 3, 4), polls);
    }

    @Test
    void airflowsServerErrorsAreAskedAgainAndNamedAtTheTimeout() {
        FakeAirflow airflow = new FakeAirflow();
        airflow.serverError = 503;
        RegistrationReport report = await(airflow, poll -> {
            if (poll == 2) {
                airflow.serverError = 0;
                airflow.registered("orders", SINCE.plusSeconds(15));
            }
        }, Duration.ofMinutes(5));
        assertEquals(3, report.polls());

        FakeAirflow down = new FakeAirflow();
        down.serverError = 500;
        RegistrationTimeoutException e = assertThrows(RegistrationTimeoutException.class, () -> await(down, poll -> { }, Duration.ofSeconds(30)));
        assertTrue(e.getMessage().contains("Airflow's REST API answered 500 to /"), e.getMessage());
    }

    @Test
    void aParseWithinTheClocksSecondAfterTheUploadsMayBeTheOldFileAndDoesNotCount() {
        FakeAirflow airflow = new FakeAirflow();
        airflow.registered("orders", SINCE.plusMillis(600));
        RegistrationReport report = await(airflow, poll -> {
            if (poll == 2) {
                airflow.registered("orders", SINCE.plusMillis(1600));
            }
        }, Duration.ofMinutes(5));
        assertEquals(3, report.polls());
    }

    @Test
    void onAirflow3AnErrorOfABundleRelativeFileFailsTheDeploy() {
        FakeAirflow airflow = new FakeAirflow();
        airflow.v2 = true;
        airflow.registered("orders", SINCE.minusSeconds(60));
        ImportErrorsException e = assertThrows(ImportErrorsException.class, () -> await(airflow, poll -> {
            airflow.errors.put(FILE, new String[] {SINCE.plusSeconds(30).toString(), NEW_ERROR});
        }, Duration.ofMinutes(5)));
        assertEquals(Map.of(FILE, NEW_ERROR), e.errors());
    }

    @Test
    void onAirflow3AnotherTeamsFileOfTheSameNameInASubFolderIsNotOurs() {
        FakeAirflow airflow = new FakeAirflow();
        airflow.v2 = true;
        airflow.errors.put("other_team/" + FILE, new String[] {SINCE.plusSeconds(5).toString(), NEW_ERROR});
        airflow.errors.put("other_team/templates.py", new String[] {SINCE.plusSeconds(5).toString(), NEW_ERROR});
        RegistrationReport report = await(airflow, poll -> {
            if (poll == 1) {
                airflow.errors.put("other_team/" + FILE, new String[] {SINCE.plusSeconds(12).toString(), OLD_ERROR});
                airflow.registered("orders", SINCE.plusSeconds(15));
            }
        }, Duration.ofMinutes(5));
        assertEquals(2, report.polls());
    }

    @Test
    void onAirflow3AStaleDagIsNotRegistered() {
        FakeAirflow airflow = new FakeAirflow();
        airflow.v2 = true;
        airflow.dags.put("orders", JSON.createObjectNode().put("dag_id", "orders").put("is_stale", true)
                .put("last_parsed_time", SINCE.plusSeconds(20).toString()));
        RegistrationTimeoutException e = assertThrows(RegistrationTimeoutException.class,
                () -> await(airflow, poll -> { }, Duration.ofSeconds(30)));
        assertTrue(e.getMessage().contains("did not register 1 of 1 deployed DAGs within 30 s: orders"), e.getMessage());
    }

    @Test
    void onAirflow2AnAbsoluteFileNameMatchesByItsEnd() {
        ObjectNode error = JSON.createObjectNode().put("filename", "/usr/local/airflow/dags/team/" + FILE);
        assertEquals(FILE, RegistrationWaiter.deployedFile(error, DAGS));
        assertEquals("team/templates.py", RegistrationWaiter.deployedFile(
                error.put("filename", "/usr/local/airflow/dags/team/templates.py"), Map.of("team/" + FILE, "orders")));
        assertEquals(null, RegistrationWaiter.deployedFile(error.put("filename", FILE).put("bundle_name", "dags-folder"),
                Map.of("team/" + FILE, "orders")));
    }
}
