package io.emrdag.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emrdag.diagnostic.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The post-deploy wait's polling, against an Airflow REST API whose answers change from poll to poll as a real
 * one's do while MWAA's sync and the DAG processor catch up: registration after re-parse, whose import errors
 * count, paging. (The same code runs against real Airflow in the python-tests end-to-end test.)
 */
class RegistrationWaiterPollingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant DEPLOYED = Instant.parse("2026-11-24T10:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(DEPLOYED);
    private final List<String> progress = new ArrayList<>();

    /** An API answering from {@code state(poll number)}; the poll number advances with each sleep. */
    private RegistrationReport await(Function<Integer, Map<String, String>> state, Map<String, String> dags, Set<String> uploaded,
            Duration timeout) {
        int[] poll = {0};
        AirflowApi api = (path, query) -> {
            String body = state.apply(poll[0]).get(path);
            try {
                JsonNode json = JSON.readTree(body == null ? "{\"title\": \"DAG not found\", \"status\": 404}" : body);
                return new AirflowApi.Response(body == null ? 404 : 200, json);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        };
        RegistrationWaiter waiter = new RegistrationWaiter(api, (Progress) progress::add, Duration.ofSeconds(10), now::get, d -> {
            poll[0]++;
            now.set(now.get().plus(d));
        });
        return waiter.await(dags, uploaded, DEPLOYED, timeout);
    }

    private static String dag(String id, Instant parsed) {
        return "{\"dag_id\": \"" + id + "\", \"is_active\": true, \"is_paused\": true, \"last_parsed_time\": \"" + parsed + "\"}";
    }

    private static String errors(String... entries) {
        return "{\"import_errors\": [" + String.join(",", entries) + "], \"total_entries\": " + entries.length + "}";
    }

    private static String error(String file, Instant when, String trace) throws Exception {
        return "{\"filename\": \"" + file + "\", \"timestamp\": \"" + when + "\", \"stack_trace\": " + JSON.writeValueAsString(trace) + "}";
    }

    @Test
    void waitsUntilEveryDagIsRegisteredAndUploadedFilesAreParsedAfterTheDeploy() {
        Map<String, String> dags = Map.of("a_dag.py", "a", "b_dag.py", "b");
        RegistrationReport report = await(poll -> switch (poll) {
            case 0 -> Map.of("/importErrors", errors(), "/dags/b", dag("b", DEPLOYED.minusSeconds(3600)));
            case 1 -> Map.of("/importErrors", errors(), "/dags/a", dag("a", DEPLOYED.minusSeconds(5)), "/dags/b", dag("b", DEPLOYED.minusSeconds(3600)));
            default -> Map.of("/importErrors", errors(), "/dags/a", dag("a", DEPLOYED.plusSeconds(12)), "/dags/b", dag("b", DEPLOYED.minusSeconds(3600)));
        }, dags, Set.of("a_dag.py"), Duration.ofMinutes(5));
        assertEquals(List.of("a", "b"), report.dagIds());
        assertEquals(3, report.polls(), "a: unknown, then parsed before the deploy (the old file), then after");
        assertEquals(Duration.ofSeconds(20), report.took());
        assertTrue(progress.get(0).startsWith("waiting for Airflow to register 1 of 2 DAGs ([a]"), progress.toString());
    }

    @Test
    void anImportErrorInADeployedFileFailsWithAirflowsText() throws Exception {
        String trace = "Traceback (most recent call last):\n  File \"/usr/local/airflow/dags/a_dag.py\", line 3\nKeyError: 'large'";
        String current = errors(error("/usr/local/airflow/dags/a_dag.py", DEPLOYED.plusSeconds(4), trace),
                error("/usr/local/airflow/dags/someone_elses_dag.py", DEPLOYED.plusSeconds(4), "SyntaxError"));
        ImportErrorsException e = assertThrows(ImportErrorsException.class, () -> await(
                poll -> Map.of("/importErrors", poll == 0 ? errors() : current),
                Map.of("a_dag.py", "a"), Set.of("a_dag.py"), Duration.ofMinutes(5)));
        assertEquals(Map.of("a_dag.py", trace), e.errors(), "another team's broken file is not ours to report");
        assertTrue(e.getMessage().startsWith("Airflow cannot import 1 deployed file:" + System.lineSeparator() + "a_dag.py: Traceback"), e.getMessage());
        assertTrue(e.getMessage().contains("KeyError: 'large'"), e.getMessage());
    }

    @Test
    void anImportErrorInASharedModuleIsReportedUnderTheModule() throws Exception {
        String current = errors(error("/usr/local/airflow/dags/team/templates.py", DEPLOYED.plusSeconds(4), "SyntaxError: invalid syntax"));
        ImportErrorsException e = assertThrows(ImportErrorsException.class, () -> await(
                poll -> Map.of("/importErrors", poll == 0 ? errors() : current),
                Map.of("team/a_dag.py", "a"), Set.of(), Duration.ofMinutes(5)));
        assertEquals(Set.of("team/templates.py"), e.errors().keySet());
    }

    @Test
    void anImportErrorFromBeforeTheDeployIsThePreviousVersionsAndIsWaitedOut() throws Exception {
        String old = errors(error("/usr/local/airflow/dags/a_dag.py", DEPLOYED.minusSeconds(60), "NameError: the old bug"));
        RegistrationReport report = await(poll -> poll == 0 ? Map.of("/importErrors", old)
                : Map.of("/importErrors", errors(), "/dags/a", dag("a", DEPLOYED.plusSeconds(8))),
                Map.of("a_dag.py", "a"), Set.of("a_dag.py"), Duration.ofMinutes(5));
        assertEquals(2, report.polls());
    }

    @Test
    void timesOutNamingTheDagsStillMissing() {
        RegistrationTimeoutException e = assertThrows(RegistrationTimeoutException.class, () -> await(
                poll -> Map.of("/importErrors", errors(), "/dags/a", dag("a", DEPLOYED.plusSeconds(1))),
                Map.of("a_dag.py", "a", "b_dag.py", "b", "c_dag.py", "c"), Set.of("a_dag.py", "b_dag.py"), Duration.ofSeconds(30)));
        assertTrue(e.getMessage().startsWith("Airflow did not register 2 of 3 deployed DAGs within 30 s: b, c"), e.getMessage());
        assertTrue(e.getMessage().contains("hint: "), e.getMessage());
    }

    @Test
    void readsEveryPageOfImportErrors() throws Exception {
        List<String> page = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            page.add(error("/dags/other_" + i + ".py", DEPLOYED.plusSeconds(1), "x"));
        }
        String first = "{\"import_errors\": [" + String.join(",", page) + "], \"total_entries\": 101}";
        String second = errors(error("/usr/local/airflow/dags/a_dag.py", DEPLOYED.plusSeconds(2), "boom"));
        List<Map<String, String>> queries = new ArrayList<>();
        int[] poll = {0};
        AirflowApi api = (path, query) -> {
            if (!path.equals("/importErrors")) {
                return new AirflowApi.Response(404, JSON.createObjectNode());
            }
            queries.add(query);
            try {
                return new AirflowApi.Response(200, JSON.readTree(poll[0] == 0 ? errors() : "0".equals(query.get("offset")) ? first : second));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        };
        RegistrationWaiter waiter = new RegistrationWaiter(api, Progress.silent(), Duration.ofSeconds(1), now::get, d -> {
            poll[0]++;
            now.set(now.get().plus(d));
        });
        ImportErrorsException e = assertThrows(ImportErrorsException.class,
                () -> waiter.await(Map.of("a_dag.py", "a"), Set.of(), DEPLOYED, Duration.ofMinutes(1)));
        assertEquals(Set.of("a_dag.py"), e.errors().keySet());
        queries.remove(0);
        assertEquals(List.of(Map.of("limit", "100", "offset", "0"), Map.of("limit", "100", "offset", "100")), queries);
    }

    @Test
    void aFingerprintedFileCountsOnlyOnceAirflowsDocMdShowsTheNewVersion() {
        String old = "{\"dag_id\": \"a\", \"is_active\": true, \"last_parsed_time\": \"" + DEPLOYED.plusSeconds(30)
                + "\", \"doc_md\": \"### a\\nemrdag fingerprint 111111111111 (...)\"}";
        String current = old.replace("111111111111", "222222222222");
        int[] poll = {0};
        AirflowApi api = (path, query) -> {
            try {
                if (path.equals("/importErrors")) {
                    return new AirflowApi.Response(200, JSON.readTree(errors()));
                }
                assertEquals("/dags/a/details", path, "the doc_md is in the DAG's details");
                return new AirflowApi.Response(200, JSON.readTree(poll[0] < 2 ? old : current));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        };
        RegistrationWaiter waiter = new RegistrationWaiter(api, Progress.silent(), Duration.ofSeconds(10), now::get, d -> {
            poll[0]++;
            now.set(now.get().plus(d));
        });
        RegistrationReport report = waiter.await(Map.of("a_dag.py", "a"), Set.of("a_dag.py"), Map.of("a_dag.py", "222222222222"),
                DEPLOYED, Duration.ofMinutes(5));
        assertEquals(3, report.polls(), "parsed after the deploy, but the old copy twice (MWAA's sync lag), then the new one");
    }

    @Test
    void aDagIsNotRegisteredWhileAirflowShowsAnImportErrorForItsFile() throws Exception {
        String broken = errors(error("/usr/local/airflow/dags/a_dag.py", DEPLOYED.minusSeconds(30), "TypeError: the broken upload"));
        RegistrationReport report = await(poll -> poll < 3
                ? Map.of("/importErrors", broken, "/dags/a", dag("a", DEPLOYED.plusSeconds(5)))
                : Map.of("/importErrors", errors(), "/dags/a", dag("a", DEPLOYED.plusSeconds(25))),
                Map.of("a_dag.py", "a"), Set.of("a_dag.py"), Duration.ofMinutes(5));
        assertEquals(4, report.polls(), "the DAG Airflow shows is an earlier version's until the file's import error is gone");
    }
}
