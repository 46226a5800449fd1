package dev.vireo.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.InstanceView;
import dev.vireo.api.OperationView;
import dev.vireo.api.SshAccess;
import dev.vireo.core.fakes.FakeCore;
import dev.vireo.server.rest.ApiFixture.Response;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceRoutesTest extends RouteTest {
    private InstanceView instance(String name) {
        Response r = api.get("/v1/instances/" + name);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.as(InstanceView.class);
    }

    private OperationView act(String name, String json) {
        Response r = api.put("/v1/instances/" + name + "/state", json);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return api.waitFor(r.operation());
    }

    @Test
    void launchIsAcceptedWithAnOperationThatCanBeWaitedOn() {
        Response accepted = api.post("/v1/instances", """
                {"name": "web1", "image": "debian/12", "sshKeys": ["%s"], "userData": "#cloud-config\\n"}
                """.formatted(FakeCore.USER_KEY));

        assertThat(accepted.status()).isEqualTo(202);
        OperationView op = accepted.operation();
        assertThat(op.description()).isEqualTo("launch web1");
        assertThat(op.resources()).containsEntry("instance", "web1");

        Response waited = api.get("/v1/operations/" + op.id() + "/wait?timeout=10");
        assertThat(waited.status()).isEqualTo(200);
        assertThat(waited.operation().status()).isEqualTo("success");
        assertThat(waited.operation().progress()).isEqualTo(1.0);
    }

    @Test
    void aLaunchedInstanceShowsItsRuntimeFacts() {
        api.launch("{\"name\": \"web1\", \"image\": \"debian/12\", \"cpus\": 1, \"memory\": \"512MiB\"}");

        InstanceView web1 = instance("web1");
        assertThat(web1.status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(web1.image()).isEqualTo("debian/12");
        assertThat(web1.type()).isEqualTo("vm");
        assertThat(web1.cpus()).isEqualTo(1);
        assertThat(web1.memoryBytes()).isEqualTo(512L << 20);
        assertThat(web1.accelerator()).isEqualTo("tcg");
        assertThat(web1.pid()).isEqualTo(api.core.driver.pid("web1"));
        assertThat(web1.ssh().host()).isEqualTo("127.0.0.1");
        assertThat(web1.ssh().user()).isEqualTo("debian");
        assertThat(web1.ssh().port()).isEqualTo(api.core.instances.get("web1").sshPort());
        assertThat(web1.uuid()).isEqualTo(api.core.instances.get("web1").uuid().toString());
    }

    @Test
    void theStatusIsWrittenAsItsLabel() {
        api.launch("{\"name\": \"web1\", \"image\": \"tiny\"}");

        assertThat(api.get("/v1/instances/web1").body()).contains("\"status\":\"Running\"");
    }

    @Test
    void listShowsEveryInstance() {
        api.launch("{\"name\": \"web1\", \"image\": \"tiny\"}");
        api.launch("{\"name\": \"db1\", \"image\": \"tiny\", \"start\": false}");

        List<InstanceView> all = api.get("/v1/instances").as(new TypeReference<List<InstanceView>>() {});

        assertThat(all).extracting(i -> i.name() + ":" + i.status().label())
                .containsExactlyInAnyOrder("web1:Running", "db1:Stopped");
    }

    @Test
    void aStoppedInstanceShowsNoPidAndNoSsh() {
        api.launch("{\"name\": \"web1\", \"image\": \"tiny\"}");

        assertThat(act("web1", "{\"action\": \"stop\", \"timeoutSeconds\": 5}").status()).isEqualTo("success");

        InstanceView web1 = instance("web1");
        assertThat(web1.status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(web1.pid()).isNull();
        assertThat(web1.ssh()).isNull();
    }

    @Test
    void stateActionsRunAsOperations() {
        api.launch("{\"name\": \"web1\", \"image\": \"tiny\"}");

        act("web1", "{\"action\": \"pause\"}");
        assertThat(instance("web1").status()).isEqualTo(InstanceStatus.PAUSED);
        act("web1", "{\"action\": \"resume\"}");
        assertThat(instance("web1").status()).isEqualTo(InstanceStatus.RUNNING);
        act("web1", "{\"action\": \"restart\", \"force\": true}");
        assertThat(instance("web1").status()).isEqualTo(InstanceStatus.RUNNING);

        assertThat(api.core.driver.actions("web1")).containsExactly("start", "pause", "resume", "stop", "start");
        assertThat(api.core.driver.calls("stop")).singleElement().satisfies(c -> assertThat(c.force()).isTrue());
    }

    @Test
    void forceDeleteRemovesARunningInstance() {
        api.launch("{\"name\": \"web1\", \"image\": \"tiny\"}");

        Response accepted = api.delete("/v1/instances/web1?force=true");

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(api.waitFor(accepted.operation()).status()).isEqualTo("success");
        assertThat(api.get("/v1/instances/web1").status()).isEqualTo(404);
        assertThat(api.core.driver.guests()).isEmpty();
    }

    @Test
    void sshGivesTheEndpointUserAndDaemonKey() {
        api.launch("{\"name\": \"web1\", \"image\": \"debian/12\"}");

        SshAccess ssh = api.get("/v1/instances/web1/ssh").as(SshAccess.class);

        assertThat(ssh.host()).isEqualTo("127.0.0.1");
        assertThat(ssh.port()).isEqualTo(instance("web1").ssh().port());
        assertThat(ssh.user()).isEqualTo("debian");
        assertThat(ssh.privateKeyPath()).isEqualTo(FakeCore.DAEMON_KEY.privateKeyPath());
    }

    @Test
    void theConsoleLogIsPlainText() {
        api.launch("{\"name\": \"web1\", \"image\": \"debian/12\"}");

        Response log = api.get("/v1/instances/web1/console/log");

        assertThat(log.status()).isEqualTo(200);
        assertThat(log.contentType()).startsWith("text/plain");
        assertThat(log.body()).contains("Cloud-init v. 22.4 finished");
    }

    @Test
    void unknownJsonFieldsAreIgnored() {
        Response r = api.post("/v1/instances", "{\"name\": \"web1\", \"image\": \"tiny\", \"future\": 1}");

        assertThat(r.status()).isEqualTo(202);
        assertThat(api.waitFor(r.operation()).status()).isEqualTo("success");
    }
}
