-- Managed networks, instance NICs on them, port forwards and security groups.
CREATE TABLE networks (
    name          VARCHAR(15) PRIMARY KEY,
    type          VARCHAR(8)  NOT NULL,
    subnet        VARCHAR(18) NOT NULL UNIQUE,
    nat           INTEGER     NOT NULL,
    dns_domain    TEXT        NOT NULL,
    mtu           INTEGER     NOT NULL,
    vni           INTEGER UNIQUE,
    peers         TEXT        NOT NULL,
    local_address VARCHAR(15),
    created_at    VARCHAR(40) NOT NULL
);

CREATE TABLE nics (
    instance        VARCHAR(63) NOT NULL,
    idx             INTEGER     NOT NULL,
    network         VARCHAR(15) NOT NULL REFERENCES networks (name),
    mac             VARCHAR(17) NOT NULL UNIQUE,
    ip              VARCHAR(15) NOT NULL,
    host_device     VARCHAR(15) NOT NULL UNIQUE,
    security_groups TEXT        NOT NULL,
    PRIMARY KEY (instance, idx),
    UNIQUE (network, ip)
);

CREATE TABLE port_forwards (
    network        VARCHAR(15) NOT NULL REFERENCES networks (name),
    listen_address VARCHAR(15) NOT NULL,
    listen_port    INTEGER     NOT NULL,
    proto          VARCHAR(3)  NOT NULL,
    instance       VARCHAR(63) NOT NULL,
    target_port    INTEGER     NOT NULL,
    PRIMARY KEY (listen_address, listen_port, proto)
);

CREATE TABLE security_groups (
    name       VARCHAR(63) PRIMARY KEY,
    rules      TEXT        NOT NULL,
    created_at VARCHAR(40) NOT NULL
);
