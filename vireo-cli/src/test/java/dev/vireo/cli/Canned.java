package dev.vireo.cli;

/** Canned daemon answers shared by the CLI tests. */
final class Canned {
    private Canned() {}

    static final String DEMO = """
            {"name":"demo","uuid":"u-1","type":"vm","status":"Running","image":"debian/12","cpus":2,
             "memoryBytes":1073741824,"diskBytes":21474836480,"accelerator":"tcg","addresses":[],
             "ssh":{"host":"127.0.0.1","port":40123,"user":"debian"},"pid":4242,
             "createdAt":"2025-01-02T03:04:05.123Z"}""";

    static final String WEB1 = """
            {"name":"web1","uuid":"u-2","type":"vm","status":"Stopped","image":"ubuntu/24.04","cpus":4,
             "memoryBytes":536870912,"diskBytes":0,"addresses":["10.20.0.5","fd00::5"],"ssh":null}""";

    static final String INSTANCES = "[" + DEMO + "," + WEB1 + "]";

    static final String HOST = """
            {"hostname":"h1","cpuModel":"Intel Xeon","cores":4,"memoryBytes":17179869184,"lm":true,"vmx":false,
             "svm":false,"hypervisor":true,"kvmDevice":true,"kvmUsable":false,"accelerator":"tcg",
             "reason":"CPU flags lack vmx/svm","cgroupMode":"hybrid","qemuVersion":"8.2.2",
             "qemuImgVersion":"8.2.2","vireoVersion":"0.1.0","stateDir":"/var/lib/vireo"}""";

    static String op(String status, double progress, String text) {
        return "{\"id\":\"op1\",\"description\":\"launch demo\",\"status\":\"" + status + "\",\"progress\":" + progress
                + ",\"progressText\":\"" + text + "\",\"resources\":{\"instance\":\"demo\"}}";
    }

    /** A finished operation that succeeded with these warnings. */
    static String doneWithWarnings(String... warnings) {
        String list = java.util.Arrays.stream(warnings).map(w -> "\"" + w + "\"")
                .collect(java.util.stream.Collectors.joining(","));
        return "{\"id\":\"op1\",\"status\":\"success\",\"progress\":1,\"progressText\":\"done\","
                + "\"warnings\":[" + list + "]}";
    }

    static final String SNAPSHOTS = """
            [{"name":"s1","instance":"demo","memory":false,"live":false,"sizeBytes":197120,"clones":[],
              "createdAt":"2025-01-02T03:04:05.5Z"},
             {"name":"warm","instance":"demo","memory":true,"live":true,"sizeBytes":1610612736,
              "clones":["t1","t2"],"createdAt":"2025-01-03T00:00:00Z"}]""";

    static String failedOp(String code, String message) {
        return "{\"id\":\"op1\",\"status\":\"failure\",\"progress\":0.4,\"progressText\":\"booting\","
                + "\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
    }

    static String error(String code, String message) {
        return "{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}";
    }

    static final String POOLS = """
            [{"name":"default","driver":"dir","source":"/var/lib/vireo/volumes","capacityBytes":107374182400,
              "usedBytes":1610612736,"volumes":2,"createdAt":"2025-01-02T03:04:05Z"},
             {"name":"fast","driver":"lvm-thin","source":"vg0/thin","capacityBytes":53687091200,"usedBytes":0,
              "volumes":0,"createdAt":"2025-01-03T00:00:00Z"}]""";

    /** Volume data, attached to web1 with a mount path. */
    static final String DATA = """
            {"name":"data","pool":"default","sizeBytes":10737418240,"allocatedBytes":1610612736,"instance":"web1",
             "device":"/dev/disk/by-id/virtio-data","mount":"/data","snapshots":["s1","s2"],
             "createdAt":"2025-01-02T03:04:05.5Z"}""";

    /** Volume scratch, detached, without snapshots. */
    static final String SCRATCH = """
            {"name":"scratch","pool":"fast","sizeBytes":536870912,"allocatedBytes":0,"instance":null,
             "device":null,"mount":null,"snapshots":[],"createdAt":"2025-01-03T00:00:00Z"}""";

    static final String VOLUMES = "[" + DATA + "," + SCRATCH + "]";

    static final String BACKUPS = """
            [{"instance":"demo","file":"/var/lib/vireo/backups/demo/demo-1.qcow2","incremental":false,"base":null,
              "sizeBytes":1073741824,"diskBytes":21474836480,"createdAt":"2025-01-02T03:04:05Z"},
             {"instance":"demo","file":"/var/lib/vireo/backups/demo/demo-2.qcow2","incremental":true,
              "base":"/var/lib/vireo/backups/demo/demo-1.qcow2","sizeBytes":65536,"diskBytes":21474836480,
              "createdAt":"2025-01-03T00:00:00Z"}]""";
    /** Network lan: NAT, with web1 on it and one forward to it. */
    static final String LAN = """
            {"name":"lan","type":"bridge","subnet":"10.30.0.0/24","gateway":"10.30.0.1","nat":true,
             "dnsDomain":"vireo.internal","mtu":1500,"vni":null,"peers":null,"bridge":"vb-lan",
             "instances":["web1","db1"],
             "forwards":[{"network":"lan","listen":"127.0.0.1:8080","proto":"tcp","instance":"web1","port":80,
                          "target":"10.30.0.5:80"}],
             "createdAt":"2025-01-02T03:04:05.5Z"}""";

    /** Network overlay: isolated vxlan, nothing on it. */
    static final String OVERLAY = """
            {"name":"overlay","type":"vxlan","subnet":"10.40.0.0/24","gateway":"10.40.0.1","nat":false,
             "dnsDomain":null,"mtu":1450,"vni":42,"peers":["192.168.1.11","192.168.1.12"],"bridge":"vb-overlay",
             "instances":[],"forwards":[],"createdAt":"2025-01-03T00:00:00Z"}""";

    static final String NETWORKS = "[" + LAN + "," + OVERLAY + "]";

    static final String FORWARD = """
            {"network":"lan","listen":"127.0.0.1:8080","proto":"tcp","instance":"web1","port":80,
             "target":"10.30.0.5:80"}""";

    static final String FORWARDS = "[" + FORWARD + ","
            + "{\"network\":\"lan\",\"listen\":\"0.0.0.0:5353\",\"proto\":\"udp\",\"instance\":\"dns1\","
            + "\"port\":53,\"target\":\"10.30.0.9:53\"}]";

    /** Security group web: two rules, on web1's eth0. */
    static final String WEB = """
            {"name":"web","rules":["tcp:80,443/0.0.0.0/0","tcp:22/10.0.0.0/8"],"nics":["web1/eth0"],
             "createdAt":"2025-01-02T03:04:05Z"}""";

    static final String PING = """
            {"name":"ping","rules":["icmp/0.0.0.0/0"],"nics":[],"createdAt":"2025-01-03T00:00:00Z"}""";

    static final String SECURITY_GROUPS = "[" + WEB + "," + PING + "]";

    /** web1's eth0 on lan, in group web, leased. */
    static final String ETH0 = """
            {"name":"eth0","network":"lan","mac":"52:54:00:12:34:56","ip":"10.30.0.5","hostDevice":"vt-web1-0",
             "securityGroups":["web"],"leased":true}""";

    /** An instance with a NIC on lan and one on user-mode networking. */
    static final String WEB1_NICS = """
            {"name":"web1","uuid":"u-2","type":"vm","status":"Running","image":"debian/12","cpus":1,
             "memoryBytes":536870912,"diskBytes":0,"addresses":["10.30.0.5"],"ssh":null,
             "nics":[""" + ETH0 + """
            ,{"name":"eth1","network":"user","mac":"52:54:00:ab:cd:ef","ip":null,"hostDevice":null,
              "securityGroups":[],"leased":false}]}""";
}
