package dev.vireo.network.metadata;

import dev.vireo.core.network.InstanceMetadata;
import java.util.Optional;

/**
 * Renders every path of the metadata service for one instance; pure, so it is tested without
 * HTTP. Three trees share the root:
 *
 * <ul>
 *   <li>{@code /} lists the EC2 versions ({@code 2009-04-04}, {@code latest});
 *   <li>{@code /<ec2-version>/...}: {@code meta-data/} and {@code user-data} ({@link Ec2Documents});
 *   <li>{@code /openstack/...}: versions, then {@code meta_data.json}, {@code user_data},
 *       {@code vendor_data.json}, {@code vendor_data2.json}, {@code network_data.json}
 *       ({@link OpenStackDocuments}).
 * </ul>
 *
 * <p>Listings are one entry a line without a trailing newline (as EC2 and Nova send them); an
 * entry ending in {@code /} is a directory. Directories are served with or without the trailing
 * slash. SSH keys are named {@code vireo-key-N} in both trees.
 */
public final class MetadataDocuments {
    private MetadataDocuments() {}

    /**
     * The document at {@code path} for {@code md}, or empty when there is none (an unknown path,
     * or user data that the instance does not have). The path must already be safe: see
     * {@link #render(String, InstanceMetadata)}.
     */
    static Optional<MetadataDocument> render(MetadataPath path, InstanceMetadata md) {
        if (path.isRoot()) {
            return Optional.of(MetadataDocument.listing(Ec2Documents.VERSIONS));
        }
        if (path.first().equals("openstack")) {
            return OpenStackDocuments.render(path.rest(), md);
        }
        if (Ec2Documents.VERSIONS.contains(path.first())) {
            return Ec2Documents.render(path.rest(), md);
        }
        return Optional.empty();
    }

    /**
     * The document at the request path {@code path} (percent-decoded, starting with {@code /}) for
     * {@code md}; empty when there is none or the path is refused (it has a {@code .} or
     * {@code ..} segment).
     */
    public static Optional<MetadataDocument> render(String path, InstanceMetadata md) {
        return MetadataPath.parse(path).flatMap(p -> render(p, md));
    }

    /** The name both trees give the {@code index}-th SSH key. */
    static String keyName(int index) {
        return "vireo-key-" + index;
    }
}
