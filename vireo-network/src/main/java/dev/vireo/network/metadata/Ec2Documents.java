package dev.vireo.network.metadata;

import dev.vireo.core.network.InstanceMetadata;
import dev.vireo.core.network.InstanceMetadata.NicInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The EC2-style tree under {@code /<version>/}: {@code meta-data/...} and {@code user-data}.
 *
 * <p>How cloud-init's EC2 crawler ({@code cloudinit/sources/helpers/ec2.py}) reads it, which is
 * why every entry listed here must also be served: it starts at {@code /latest/meta-data/}, treats
 * an entry ending in {@code /} as a directory and fetches it, and fetches every other entry as a
 * leaf; a single failed fetch makes it drop the whole EC2 metadata. An entry {@code N=name}
 * (the {@code public-keys/} listing) makes it fetch {@code public-keys/N/openssh-key} and store
 * the key under {@code name}. A leaf that contains a newline becomes a list of lines. User data
 * comes from {@code /latest/user-data}; a 404 there means "no user data", not an error.
 */
final class Ec2Documents {
    /** The EC2 API versions served; all serve the same tree. */
    static final List<String> VERSIONS = List.of("2009-04-04", "latest");

    private Ec2Documents() {}

    /** The document at {@code path} (relative to {@code /<version>/}), or empty when there is none. */
    static Optional<MetadataDocument> render(MetadataPath path, InstanceMetadata md) {
        if (path.isRoot()) {
            List<String> entries = new ArrayList<>(List.of("meta-data/"));
            if (md.userData() != null) {
                entries.add("user-data");
            }
            return Optional.of(MetadataDocument.listing(entries));
        }
        return switch (path.first()) {
            case "user-data" -> path.rest().isRoot()
                    ? Optional.ofNullable(md.userData()).map(MetadataDocument::text)
                    : Optional.empty();
            case "meta-data" -> metaData(path.rest(), md);
            default -> Optional.empty();
        };
    }

    private static Optional<MetadataDocument> metaData(MetadataPath path, InstanceMetadata md) {
        if (path.isRoot()) {
            return Optional.of(MetadataDocument.listing(metaDataEntries(md)));
        }
        MetadataPath rest = path.rest();
        return switch (path.first()) {
            case "instance-id" -> leaf(rest, md.instanceId());
            case "hostname", "local-hostname" -> leaf(rest, md.hostname());
            case "local-ipv4" -> leaf(rest, md.localIpv4());
            case "mac" -> requestingNic(md).flatMap(nic -> leaf(rest, mac(nic)));
            case "public-keys" -> md.publicKeys().isEmpty() ? Optional.empty() : publicKeys(rest, md.publicKeys());
            case "network" -> md.nics().isEmpty() ? Optional.empty() : network(rest, md.nics());
            default -> Optional.empty();
        };
    }

    private static List<String> metaDataEntries(InstanceMetadata md) {
        List<String> entries = new ArrayList<>(List.of("instance-id", "hostname", "local-hostname", "local-ipv4"));
        if (requestingNic(md).isPresent()) {
            entries.add("mac");
        }
        if (!md.publicKeys().isEmpty()) {
            entries.add("public-keys/");
        }
        if (!md.nics().isEmpty()) {
            entries.add("network/");
        }
        return entries;
    }

    /** {@code public-keys/}: {@code N=vireo-key-N}, then {@code N/openssh-key}. */
    private static Optional<MetadataDocument> publicKeys(MetadataPath path, List<String> keys) {
        if (path.isRoot()) {
            List<String> entries = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                entries.add(i + "=" + MetadataDocuments.keyName(i));
            }
            return Optional.of(MetadataDocument.listing(entries));
        }
        return index(path.first(), keys.size()).flatMap(i -> {
            MetadataPath rest = path.rest();
            if (rest.isRoot()) {
                return Optional.of(MetadataDocument.listing(List.of("openssh-key")));
            }
            return rest.first().equals("openssh-key") ? leaf(rest.rest(), keys.get(i) + "\n") : Optional.empty();
        });
    }

    /** {@code network/interfaces/macs/<mac>/{device-number,local-ipv4s,mac}}, as on EC2. */
    private static Optional<MetadataDocument> network(MetadataPath path, List<NicInfo> nics) {
        List<String> prefix = List.of("interfaces", "macs");
        List<String> segments = path.segments();
        int depth = Math.min(segments.size(), prefix.size());
        if (!segments.subList(0, depth).equals(prefix.subList(0, depth))) {
            return Optional.empty();
        }
        if (segments.size() < prefix.size()) {
            return Optional.of(MetadataDocument.listing(List.of(prefix.get(segments.size()) + "/")));
        }
        if (segments.size() == prefix.size()) {
            return Optional.of(MetadataDocument.listing(nics.stream().map(nic -> mac(nic) + "/").toList()));
        }
        String mac = segments.get(prefix.size()).toLowerCase(Locale.ROOT);
        List<String> tail = segments.subList(prefix.size() + 1, segments.size());
        for (int i = 0; i < nics.size(); i++) {
            NicInfo nic = nics.get(i);
            if (mac(nic).equals(mac)) {
                return nicDocument(tail, i, nic);
            }
        }
        return Optional.empty();
    }

    private static Optional<MetadataDocument> nicDocument(List<String> tail, int index, NicInfo nic) {
        if (tail.isEmpty()) {
            return Optional.of(MetadataDocument.listing(List.of("device-number", "local-ipv4s", "mac")));
        }
        if (tail.size() > 1) {
            return Optional.empty();
        }
        return switch (tail.getFirst()) {
            case "device-number" -> Optional.of(MetadataDocument.text(Integer.toString(index)));
            case "local-ipv4s" -> Optional.of(MetadataDocument.text(nic.ip()));
            case "mac" -> Optional.of(MetadataDocument.text(mac(nic)));
            default -> Optional.empty();
        };
    }

    /** The NIC the request came from: the one whose address is {@code localIpv4}. */
    private static Optional<NicInfo> requestingNic(InstanceMetadata md) {
        return md.nics().stream().filter(nic -> nic.ip().equals(md.localIpv4())).findFirst();
    }

    private static String mac(NicInfo nic) {
        return nic.mac().toLowerCase(Locale.ROOT);
    }

    /** A leaf document, only when nothing follows it in the path. */
    private static Optional<MetadataDocument> leaf(MetadataPath rest, String text) {
        return rest.isRoot() ? Optional.of(MetadataDocument.text(text)) : Optional.empty();
    }

    /** {@code segment} as an index below {@code size}, written canonically ("0", not "00" or "+0"). */
    static Optional<Integer> index(String segment, int size) {
        for (int i = 0; i < size; i++) {
            if (Integer.toString(i).equals(segment)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }
}
