package dev.vireo.network.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.core.network.InstanceMetadata;
import dev.vireo.core.network.InstanceMetadata.NicInfo;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetadataDocumentsTest {
    static final String KEY0 = "ssh-ed25519 AAAAC3Nza0 alice@laptop";
    static final String KEY1 = "ssh-rsa AAAAB3Nza1 bob@desk";
    static final String USER_DATA = "#cloud-config\npackages: [nginx]\n";

    static final InstanceMetadata SAMPLE = new InstanceMetadata("6f1e3c1a-9b7d-4c55-8a2e-0d4b2c1e9f00", "web1",
            "10.0.0.5", List.of(KEY0, KEY1), USER_DATA, List.of(
                    new NicInfo("eth0", "52:54:00:AA:BB:01", "10.0.0.5", "10.0.0.0/24", "255.255.255.0", "10.0.0.1",
                            1450, List.of("10.0.0.1")),
                    new NicInfo("eth1", "52:54:00:aa:bb:02", "10.1.0.7", "10.1.0.0/24", "255.255.255.0", "10.1.0.1",
                            1500, List.of("10.1.0.1", "10.0.0.1"))));

    static final InstanceMetadata BARE = new InstanceMetadata("iid-bare", "bare", "10.9.0.2", List.of(), null,
            List.of());

    private final ObjectMapper json = new ObjectMapper();

    private static String text(String path) {
        return text(path, SAMPLE);
    }

    private static String text(String path, InstanceMetadata md) {
        MetadataDocument doc = MetadataDocuments.render(path, md).orElseThrow(() -> new AssertionError("404 " + path));
        assertThat(doc.contentType()).as(path).isEqualTo("text/plain");
        return doc.text();
    }

    private JsonNode jsonAt(String path, InstanceMetadata md) throws Exception {
        MetadataDocument doc = MetadataDocuments.render(path, md).orElseThrow(() -> new AssertionError("404 " + path));
        assertThat(doc.contentType()).as(path).isEqualTo("application/json");
        return json.readTree(doc.body());
    }

    @Test
    void rootListsEc2Versions() {
        assertThat(text("/")).isEqualTo("2009-04-04\nlatest");
    }

    @Test
    void versionDirectoryListsMetaDataAndUserData() {
        assertThat(text("/latest/")).isEqualTo("meta-data/\nuser-data");
        assertThat(text("/latest", BARE)).isEqualTo("meta-data/");
    }

    @Test
    void metaDataListing() {
        String expected = "instance-id\nhostname\nlocal-hostname\nlocal-ipv4\nmac\npublic-keys/\nnetwork/";
        assertThat(text("/latest/meta-data/")).isEqualTo(expected);
        assertThat(text("/latest/meta-data")).isEqualTo(expected);
        assertThat(text("/2009-04-04/meta-data/")).isEqualTo(expected);
    }

    @Test
    void metaDataListingWithoutKeysOrNics() {
        assertThat(text("/latest/meta-data/", BARE)).isEqualTo("instance-id\nhostname\nlocal-hostname\nlocal-ipv4");
        assertThat(MetadataDocuments.render("/latest/meta-data/public-keys/", BARE)).isEmpty();
        assertThat(MetadataDocuments.render("/latest/meta-data/mac", BARE)).isEmpty();
        assertThat(MetadataDocuments.render("/latest/meta-data/network/", BARE)).isEmpty();
    }

    @Test
    void metaDataLeaves() {
        assertThat(text("/latest/meta-data/instance-id")).isEqualTo("6f1e3c1a-9b7d-4c55-8a2e-0d4b2c1e9f00");
        assertThat(text("/latest/meta-data/hostname")).isEqualTo("web1");
        assertThat(text("/latest/meta-data/local-hostname")).isEqualTo("web1");
        assertThat(text("/latest/meta-data/local-ipv4")).isEqualTo("10.0.0.5");
        assertThat(text("/latest/meta-data/mac")).isEqualTo("52:54:00:aa:bb:01");
        assertThat(text("/2009-04-04/meta-data/instance-id")).isEqualTo("6f1e3c1a-9b7d-4c55-8a2e-0d4b2c1e9f00");
    }

    @Test
    void macIsTheNicTheRequestCameFrom() {
        InstanceMetadata fromEth1 = new InstanceMetadata(SAMPLE.instanceId(), SAMPLE.hostname(), "10.1.0.7",
                SAMPLE.publicKeys(), SAMPLE.userData(), SAMPLE.nics());
        assertThat(text("/latest/meta-data/local-ipv4", fromEth1)).isEqualTo("10.1.0.7");
        assertThat(text("/latest/meta-data/mac", fromEth1)).isEqualTo("52:54:00:aa:bb:02");
    }

    @Test
    void publicKeys() {
        assertThat(text("/latest/meta-data/public-keys/")).isEqualTo("0=vireo-key-0\n1=vireo-key-1");
        assertThat(text("/latest/meta-data/public-keys")).isEqualTo("0=vireo-key-0\n1=vireo-key-1");
        assertThat(text("/latest/meta-data/public-keys/0/")).isEqualTo("openssh-key");
        assertThat(text("/latest/meta-data/public-keys/0/openssh-key")).isEqualTo(KEY0 + "\n");
        assertThat(text("/latest/meta-data/public-keys/1/openssh-key")).isEqualTo(KEY1 + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/latest/meta-data/public-keys/2/openssh-key", "/latest/meta-data/public-keys/00/",
            "/latest/meta-data/public-keys/-1/", "/latest/meta-data/public-keys/0/other",
            "/latest/meta-data/instance-id/more", "/latest/meta-data/unknown", "/latest/other", "/1.0/meta-data/",
            "/openstack/2099-01-01/meta_data.json", "/openstack/latest/unknown.json",
            "/openstack/latest/meta_data.json/x", "/latest/user-data/x", "/latest/meta-data/network/interfaces/x",
            "/latest/meta-data/network/interfaces/macs/52:54:00:00:00:00/", "/latest/meta-data/../user-data",
            "/latest/./meta-data/"})
    void unknownOrUnsafePathsHaveNoDocument(String path) {
        assertThat(MetadataDocuments.render(path, SAMPLE)).isEmpty();
    }

    @Test
    void repeatedSlashesAreOne() {
        assertThat(text("//latest//meta-data///hostname")).isEqualTo("web1");
        assertThat(text("//openstack//")).startsWith("2012-08-10\n");
    }

    @Test
    void ec2NetworkTree() {
        String macs = "/latest/meta-data/network/interfaces/macs/";
        assertThat(text("/latest/meta-data/network/")).isEqualTo("interfaces/");
        assertThat(text("/latest/meta-data/network/interfaces/")).isEqualTo("macs/");
        assertThat(text(macs)).isEqualTo("52:54:00:aa:bb:01/\n52:54:00:aa:bb:02/");
        assertThat(text(macs + "52:54:00:aa:bb:02/")).isEqualTo("device-number\nlocal-ipv4s\nmac");
        assertThat(text(macs + "52:54:00:aa:bb:02/device-number")).isEqualTo("1");
        assertThat(text(macs + "52:54:00:AA:BB:02/local-ipv4s")).isEqualTo("10.1.0.7");
        assertThat(text(macs + "52:54:00:aa:bb:01/mac")).isEqualTo("52:54:00:aa:bb:01");
    }

    @Test
    void ec2UserDataIsRawAndAbsentWhenNull() {
        assertThat(text("/latest/user-data")).isEqualTo(USER_DATA);
        assertThat(text("/2009-04-04/user-data")).isEqualTo(USER_DATA);
        assertThat(MetadataDocuments.render("/latest/user-data", BARE)).isEmpty();
    }

    @Test
    void openstackListsVersions() {
        String expected = "2012-08-10\n2013-04-04\n2013-10-17\n2015-10-15\n2016-06-30\n2016-10-06\n2017-02-22\n"
                + "2018-08-27\nlatest";
        assertThat(text("/openstack")).isEqualTo(expected);
        assertThat(text("/openstack/")).isEqualTo(expected);
    }

    @Test
    void openstackVersionDirectoryListsFiles() {
        assertThat(text("/openstack/latest/"))
                .isEqualTo("meta_data.json\nuser_data\nvendor_data.json\nvendor_data2.json\nnetwork_data.json");
        assertThat(text("/openstack/2018-08-27", BARE))
                .isEqualTo("meta_data.json\nvendor_data.json\nvendor_data2.json\nnetwork_data.json");
    }

    @Test
    void openstackMetaDataIsExact() {
        String expected = "{\"uuid\":\"6f1e3c1a-9b7d-4c55-8a2e-0d4b2c1e9f00\",\"name\":\"web1\",\"hostname\":\"web1\","
                + "\"launch_index\":0,\"availability_zone\":\"vireo\",\"project_id\":\"vireo\","
                + "\"public_keys\":{\"vireo-key-0\":\"" + KEY0 + "\",\"vireo-key-1\":\"" + KEY1 + "\"},"
                + "\"keys\":[{\"name\":\"vireo-key-0\",\"type\":\"ssh\",\"data\":\"" + KEY0 + "\"},"
                + "{\"name\":\"vireo-key-1\",\"type\":\"ssh\",\"data\":\"" + KEY1 + "\"}],\"meta\":{}}";
        MetadataDocument doc = MetadataDocuments.render("/openstack/latest/meta_data.json", SAMPLE).orElseThrow();
        assertThat(doc.contentType()).isEqualTo("application/json");
        assertThat(doc.text()).isEqualTo(expected);
    }

    @Test
    void openstackMetaDataWithoutKeys() throws Exception {
        JsonNode md = jsonAt("/openstack/latest/meta_data.json", BARE);
        assertThat(md.get("uuid").asText()).isEqualTo("iid-bare");
        assertThat(md.get("public_keys").isEmpty()).isTrue();
        assertThat(md.get("keys").isEmpty()).isTrue();
    }

    @Test
    void openstackNetworkDataIsExact() {
        String expected = "{\"links\":["
                + "{\"id\":\"tap-eth0\",\"type\":\"phy\",\"ethernet_mac_address\":\"52:54:00:aa:bb:01\",\"mtu\":1450},"
                + "{\"id\":\"tap-eth1\",\"type\":\"phy\",\"ethernet_mac_address\":\"52:54:00:aa:bb:02\",\"mtu\":1500}],"
                + "\"networks\":[{\"id\":\"network0\",\"link\":\"tap-eth0\",\"type\":\"ipv4_dhcp\"},"
                + "{\"id\":\"network1\",\"link\":\"tap-eth1\",\"type\":\"ipv4_dhcp\"}],"
                + "\"services\":[{\"type\":\"dns\",\"address\":\"10.0.0.1\"},{\"type\":\"dns\",\"address\":\"10.1.0.1\"}]}";
        assertThat(MetadataDocuments.render("/openstack/latest/network_data.json", SAMPLE).orElseThrow().text())
                .isEqualTo(expected);
    }

    @Test
    void openstackNetworkDataWithoutNics() throws Exception {
        assertThat(jsonAt("/openstack/latest/network_data.json", BARE))
                .isEqualTo(json.readTree("{\"links\":[],\"networks\":[],\"services\":[]}"));
    }

    @Test
    void openstackVendorDataIsEmptyObject() throws Exception {
        assertThat(jsonAt("/openstack/latest/vendor_data.json", SAMPLE)).isEqualTo(json.createObjectNode());
        assertThat(jsonAt("/openstack/latest/vendor_data2.json", SAMPLE)).isEqualTo(json.createObjectNode());
    }

    @Test
    void openstackUserDataIsRawAndAbsentWhenNull() {
        assertThat(text("/openstack/latest/user_data")).isEqualTo(USER_DATA);
        assertThat(MetadataDocuments.render("/openstack/latest/user_data", BARE)).isEmpty();
    }

    @Test
    void everyOpenstackVersionServesTheSameDocuments() {
        for (String version : OpenStackDocuments.VERSIONS) {
            for (String file : List.of("meta_data.json", "user_data", "vendor_data.json", "vendor_data2.json",
                    "network_data.json")) {
                Optional<MetadataDocument> doc = MetadataDocuments.render("/openstack/" + version + "/" + file, SAMPLE);
                assertThat(doc).as(version + "/" + file).isPresent();
                assertThat(doc.get().text())
                        .isEqualTo(MetadataDocuments.render("/openstack/latest/" + file, SAMPLE).orElseThrow().text());
            }
        }
    }

    /** What cloud-init's EC2 crawler does: every listed entry must be served. */
    @Test
    void everyListedEc2EntryIsServed() {
        for (InstanceMetadata md : List.of(SAMPLE, BARE)) {
            crawl("/latest/meta-data/", md);
        }
    }

    private static void crawl(String directory, InstanceMetadata md) {
        for (String entry : text(directory, md).split("\n")) {
            if (entry.endsWith("/")) {
                crawl(directory + entry, md);
            } else if (entry.contains("=")) {
                assertThat(MetadataDocuments.render(directory + entry.split("=")[0] + "/openssh-key", md)).isPresent();
            } else {
                assertThat(MetadataDocuments.render(directory + entry, md)).as(directory + entry).isPresent();
            }
        }
    }
}
