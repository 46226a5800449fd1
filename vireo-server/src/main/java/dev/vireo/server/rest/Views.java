package dev.vireo.server.rest;

import dev.vireo.api.ImageView;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.InstanceView;
import dev.vireo.api.SshEndpoint;
import dev.vireo.core.image.Image;
import dev.vireo.core.instance.DefaultUser;
import dev.vireo.core.instance.Instance;
import java.util.List;

/** Domain → wire records. */
final class Views {
    private Views() {}

    static InstanceView instance(Instance i) {
        String sshUser = i.profile() != null ? i.profile().user() : DefaultUser.of(i.image());
        boolean up = i.status() == InstanceStatus.RUNNING || i.status() == InstanceStatus.PAUSED;
        SshEndpoint ssh = up && i.sshPort() != null ? new SshEndpoint("127.0.0.1", i.sshPort(), sshUser) : null;
        String accel = i.accelerator() != null ? i.accelerator().id() : i.spec().accel().id();
        return new InstanceView(i.name(), i.uuid().toString(), i.type(), i.status(), i.statusReason(), i.image(),
                i.spec().cpus(), i.spec().memoryBytes(), i.spec().diskBytes(), accel, List.of(), ssh,
                up ? i.pid() : null, i.createdAt());
    }

    static ImageView image(Image i, List<String> usedBy) {
        return new ImageView(i.alias(), i.fingerprint(), i.format(), i.sizeBytes(), i.virtualSizeBytes(), i.boot(),
                i.source(), i.readyMarker(), i.cloudInit(), i.createdAt(), usedBy);
    }
}
