package dev.vireo.network.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vireo.core.network.InstanceMetadata;
import dev.vireo.core.network.InstanceMetadata.NicInfo;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The OpenStack-style tree under {@code /openstack}, as cloud-init's OpenStack datasource reads it
 * ({@code cloudinit/sources/helpers/openstack.py}, {@code MetadataReader.read_v2}):
 *
 * <ul>
 *   <li>It waits until {@code GET /openstack} answers 200, reads it as one version a line, and
 *       picks the newest version it knows ({@code 2018-08-27} in 22.4), else {@code latest}.
 *   <li>It then reads {@code openstack/<ver>/meta_data.json} (required: without it the
 *       datasource fails; {@code uuid} is required inside it and becomes the instance-id,
 *       {@code hostname} becomes local-hostname, {@code public_keys} gives the SSH keys),
 *       {@code user_data}, {@code vendor_data.json}, {@code vendor_data2.json} and
 *       {@code network_data.json} (all optional: a 4xx means "absent" and is not retried).
 *   <li>It also crawls the EC2 tree at {@code /latest/meta-data/}; failures there are logged
 *       and ignored.
 * </ul>
 *
 * <p>{@code network_data.json} goes through {@code convert_net_json}: each link needs an
 * {@code id}, a {@code type} (we say {@code phy}, a known physical type) and an
 * {@code ethernet_mac_address}, which it lower-cases and matches against the guest's NICs to find
 * the interface name. We deliberately send no {@code name} on a link: cloud-init would use it as
 * the guest interface name as is, and the guest's names (ens3, enp0s3...) are not ours to know.
 * Each network needs {@code link} (= the link's id) and {@code type}; {@code ipv4_dhcp} becomes
 * a {@code dhcp4} subnet. Top-level {@code services} of type {@code dns} become global
 * nameservers. {@code mtu} is copied onto the interface.
 */
final class OpenStackDocuments {
    /** The Nova metadata versions served, oldest first as Nova lists them; all serve the same files. */
    static final List<String> VERSIONS = List.of("2012-08-10", "2013-04-04", "2013-10-17", "2015-10-15",
            "2016-06-30", "2016-10-06", "2017-02-22", "2018-08-27", "latest");

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenStackDocuments() {}

    /** The document at {@code path} (relative to {@code /openstack/}), or empty when there is none. */
    static Optional<MetadataDocument> render(MetadataPath path, InstanceMetadata md) {
        if (path.isRoot()) {
            return Optional.of(MetadataDocument.listing(VERSIONS));
        }
        if (!VERSIONS.contains(path.first())) {
            return Optional.empty();
        }
        MetadataPath file = path.rest();
        if (file.isRoot()) {
            return Optional.of(MetadataDocument.listing(files(md)));
        }
        if (!file.rest().isRoot()) {
            return Optional.empty();
        }
        return switch (file.first()) {
            case "meta_data.json" -> Optional.of(json(metaData(md)));
            case "user_data" -> Optional.ofNullable(md.userData()).map(MetadataDocument::text);
            case "vendor_data.json", "vendor_data2.json" -> Optional.of(json(JSON.createObjectNode()));
            case "network_data.json" -> Optional.of(json(networkData(md)));
            default -> Optional.empty();
        };
    }

    private static List<String> files(InstanceMetadata md) {
        List<String> files = new ArrayList<>(List.of("meta_data.json"));
        if (md.userData() != null) {
            files.add("user_data");
        }
        files.addAll(List.of("vendor_data.json", "vendor_data2.json", "network_data.json"));
        return files;
    }

    static ObjectNode metaData(InstanceMetadata md) {
        ObjectNode root = JSON.createObjectNode();
        root.put("uuid", md.instanceId());
        root.put("name", md.hostname());
        root.put("hostname", md.hostname());
        root.put("launch_index", 0);
        root.put("availability_zone", "vireo");
        root.put("project_id", "vireo");
        ObjectNode publicKeys = root.putObject("public_keys");
        ArrayNode keys = root.putArray("keys");
        for (int i = 0; i < md.publicKeys().size(); i++) {
            String key = md.publicKeys().get(i);
            publicKeys.put(MetadataDocuments.keyName(i), key);
            keys.addObject().put("name", MetadataDocuments.keyName(i)).put("type", "ssh").put("data", key);
        }
        root.putObject("meta");
        return root;
    }

    static ObjectNode networkData(InstanceMetadata md) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode links = root.putArray("links");
        ArrayNode networks = root.putArray("networks");
        Set<String> dns = new LinkedHashSet<>();
        for (int i = 0; i < md.nics().size(); i++) {
            NicInfo nic = md.nics().get(i);
            String linkId = "tap-" + (nic.name() != null ? nic.name() : "eth" + i);
            ObjectNode link = links.addObject()
                    .put("id", linkId)
                    .put("type", "phy")
                    .put("ethernet_mac_address", nic.mac().toLowerCase(Locale.ROOT));
            if (nic.mtu() > 0) {
                link.put("mtu", nic.mtu());
            }
            networks.addObject().put("id", "network" + i).put("link", linkId).put("type", "ipv4_dhcp");
            dns.addAll(nic.dns());
        }
        ArrayNode services = root.putArray("services");
        dns.forEach(address -> services.addObject().put("type", "dns").put("address", address));
        return root;
    }

    private static MetadataDocument json(ObjectNode node) {
        try {
            return new MetadataDocument(MetadataDocument.JSON, JSON.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // cannot happen for a tree of strings and numbers
        }
    }
}
