package dev.vireo.storage.ova;

import java.util.Set;

/** Names from the OVF standard (DMTF DSP0243) and Vireo's extension that reader and writer share. */
final class Ovf {
    static final String ENVELOPE_1 = "http://schemas.dmtf.org/ovf/envelope/1";
    static final String ENVELOPE_2 = "http://schemas.dmtf.org/ovf/envelope/2";
    static final Set<String> ENVELOPES = Set.of(ENVELOPE_1, ENVELOPE_2);
    static final String RASD = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData";
    static final String VSSD = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData";
    /** Vireo's boot section: kernel, initrd and command line for direct kernel boot. */
    static final String VIREO = "https://vireo.dev/ovf/1";
    static final String STREAM_OPTIMIZED = "http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized";
    /** The VirtualSystemType Vireo writes: q35, virtio-blk, virtio-net. */
    static final String SYSTEM_TYPE = "vireo-1";
    /** OperatingSystemSection id 101: "Other Linux (64-bit)" in CIM_OperatingSystem. */
    static final int OTHER_LINUX_64 = 101;

    static final int CPU = 3;
    static final int MEMORY = 4;
    static final int IDE_CONTROLLER = 5;
    static final int SCSI_CONTROLLER = 6;
    static final int ETHERNET = 10;
    static final int DISK = 17;
    static final int OTHER_STORAGE = 20;

    private Ovf() {}
}
