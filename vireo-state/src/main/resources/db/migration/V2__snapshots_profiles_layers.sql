-- Snapshots, guest profiles kept with instances, and the writable top layer of each root disk.
ALTER TABLE images ADD COLUMN default_user VARCHAR(64);
ALTER TABLE images ADD COLUMN template BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE instances ADD COLUMN profile_kernel TEXT;
ALTER TABLE instances ADD COLUMN profile_initrd TEXT;
ALTER TABLE instances ADD COLUMN profile_cmdline TEXT;
ALTER TABLE instances ADD COLUMN profile_ready_marker TEXT;
ALTER TABLE instances ADD COLUMN profile_cloud_init BOOLEAN;
ALTER TABLE instances ADD COLUMN profile_user VARCHAR(64);
ALTER TABLE instances ADD COLUMN root_disk VARCHAR(128) NOT NULL DEFAULT 'root.qcow2';
ALTER TABLE instances ADD COLUMN origin_instance VARCHAR(63);
ALTER TABLE instances ADD COLUMN origin_snapshot VARCHAR(63);

-- instances created before profiles existed take theirs from their image
UPDATE instances SET
    profile_kernel = (SELECT kernel_path FROM images WHERE images.fingerprint = instances.image_fingerprint LIMIT 1),
    profile_initrd = (SELECT initrd_path FROM images WHERE images.fingerprint = instances.image_fingerprint LIMIT 1),
    profile_cmdline = (SELECT cmdline FROM images WHERE images.fingerprint = instances.image_fingerprint LIMIT 1),
    profile_ready_marker = (SELECT ready_marker FROM images WHERE images.fingerprint = instances.image_fingerprint LIMIT 1),
    profile_cloud_init = (SELECT cloud_init FROM images WHERE images.fingerprint = instances.image_fingerprint LIMIT 1),
    profile_user = CASE WHEN image = 'tiny' THEN 'root' WHEN image LIKE 'ubuntu%' THEN 'ubuntu' ELSE 'debian' END
WHERE image_fingerprint IS NOT NULL;

CREATE TABLE snapshots (
    instance     VARCHAR(63)  NOT NULL,
    name         VARCHAR(63)  NOT NULL,
    disk         VARCHAR(128) NOT NULL,
    memory_state VARCHAR(128),
    hardware     TEXT,
    live         BOOLEAN      NOT NULL,
    created_at   VARCHAR(40)  NOT NULL,
    PRIMARY KEY (instance, name)
);
