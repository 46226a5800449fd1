-- Portable SQL: runs unchanged on SQLite and PostgreSQL (timestamps as ISO-8601 text).
CREATE TABLE images (
    alias              VARCHAR(128) PRIMARY KEY,
    fingerprint        VARCHAR(64)  NOT NULL,
    format             VARCHAR(16)  NOT NULL,
    disk_path          TEXT         NOT NULL,
    kernel_path        TEXT,
    initrd_path        TEXT,
    cmdline            TEXT,
    size_bytes         BIGINT       NOT NULL,
    virtual_size_bytes BIGINT       NOT NULL,
    source             TEXT,
    ready_marker       TEXT,
    cloud_init         BOOLEAN      NOT NULL,
    created_at         VARCHAR(40)  NOT NULL
);

CREATE TABLE instances (
    name              VARCHAR(63)  PRIMARY KEY,
    uuid              VARCHAR(36)  NOT NULL UNIQUE,
    type              VARCHAR(16)  NOT NULL,
    image             VARCHAR(128) NOT NULL,
    image_fingerprint VARCHAR(64),
    cpus              INTEGER      NOT NULL,
    memory_bytes      BIGINT       NOT NULL,
    disk_bytes        BIGINT       NOT NULL,
    accel             VARCHAR(8)   NOT NULL,
    ssh_keys          TEXT         NOT NULL,
    user_data         TEXT,
    mac_address       VARCHAR(17)  NOT NULL UNIQUE,
    status            VARCHAR(16)  NOT NULL,
    status_reason     TEXT,
    pid               BIGINT,
    ssh_port          INTEGER,
    accelerator       VARCHAR(8),
    created_at        VARCHAR(40)  NOT NULL
);
