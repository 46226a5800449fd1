package dev.vireo.server.rest;

import dev.vireo.api.ImageView;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.InstanceView;
import dev.vireo.api.NicView;
import dev.vireo.api.SshEndpoint;
import dev.vireo.core.image.Image;
import dev.vireo.core.instance.DefaultUser;
import dev.vireo.core.instance.Instance;
import java.util.List;

/** Domain → wire records. */
final class Views {
    private Views() {}

    /**
     * An instance with its NICs: on a managed network its addresses are the NICs' and SSH goes to
     * the first one; with user-mode networking SSH is forwarded to a loopback port.
     */
    static InstanceView instance(Instance i, List<NicView> nics) {
        String sshUser = i.profile() != null ? i.profile().user() : DefaultUser.of(i.image());
        boolean up = i.status() == InstanceStatus.RUNNING || i.status() == InstanceStatus.PAUSED;
        SshEndpoint ssh = null;
        if (up && !nics.isEmpty()) {
            ssh = new SshEndpoint(nics.getFirst().ip(), 22, sshUser);
        } else if (up && i.sshPort() != null) {
            ssh = new SshEndpoint("127.0.0.1", i.sshPort(), sshUser);
        }
        String accel = i.accelerator() != null ? i.accelerator().id() : i.spec().accel().id();
        return new InstanceView(i.name(), i.uuid().toString(), i.type(), i.status(), i.statusReason(), i.image(),
                i.spec().cpus(), i.spec().memoryBytes(), i.spec().diskBytes(), accel,
                nics.stream().map(NicView::ip).toList(), ssh, up ? i.pid() : null, i.createdAt(), nics);
    }

    static ImageView image(Image i, List<String> usedBy) {
        return new ImageView(i.alias(), i.fingerprint(), i.format(), i.sizeBytes(), i.virtualSizeBytes(), i.boot(),
                i.source(), i.readyMarker(), i.cloudInit(), i.createdAt(), usedBy);
    }
}
