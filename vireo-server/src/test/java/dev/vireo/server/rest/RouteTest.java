package dev.vireo.server.rest;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh API over the fakes for each test. */
abstract class RouteTest {
    @TempDir
    Path dir;

    ApiFixture api;

    @BeforeEach
    void startApi() {
        api = new ApiFixture(dir);
    }

    @AfterEach
    void stopApi() {
        api.close();
    }
}
