-- Storage pools, block volumes (attached to at most one instance, on a hot-plug slot) and their snapshots.
CREATE TABLE pools (
    name       VARCHAR(63) PRIMARY KEY,
    driver     VARCHAR(16) NOT NULL,
    source     TEXT        NOT NULL,
    created_at VARCHAR(40) NOT NULL
);

CREATE TABLE volumes (
    name       VARCHAR(20) PRIMARY KEY,
    pool       VARCHAR(63) NOT NULL REFERENCES pools (name),
    size_bytes BIGINT      NOT NULL,
    instance   VARCHAR(63),
    slot       INTEGER,
    mount_path TEXT,
    created_at VARCHAR(40) NOT NULL,
    UNIQUE (instance, slot)
);

CREATE TABLE volume_snapshots (
    volume     VARCHAR(20) NOT NULL,
    name       VARCHAR(63) NOT NULL,
    created_at VARCHAR(40) NOT NULL,
    PRIMARY KEY (volume, name)
);
