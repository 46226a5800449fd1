package dev.vireo.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vireo.api.ErrorBody;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.ImageView;
import dev.vireo.server.rest.ApiFixture.Response;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageRoutesTest extends RouteTest {
    private void build(String recipe) {
        Response accepted = api.post("/v1/images-build", "{\"recipe\": \"" + recipe + "\"}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(api.waitFor(accepted.operation()).status()).isEqualTo("success");
    }

    @Test
    void anAliasWithASlashIsOnePathTail() {
        build("debian/12");

        Response r = api.get("/v1/images/debian/12");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        ImageView image = r.as(ImageView.class);
        assertThat(image.alias()).isEqualTo("debian/12");
        assertThat(image.boot()).isEqualTo("kernel");
        assertThat(image.cloudInit()).isTrue();
        assertThat(image.usedBy()).isEmpty();
    }

    @Test
    void anUnknownAliasWithASlashIs404() {
        build("debian/12");

        Response r = api.get("/v1/images/debian/99");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.error()).isEqualTo(new ErrorBody(ErrorCode.NOT_FOUND, "image debian/99 not found"));
    }

    @Test
    void listShowsWhoUsesEachImage() {
        api.launch("{\"name\": \"web1\", \"image\": \"debian/12\"}");
        build("tiny");

        List<ImageView> all = api.get("/v1/images").as(new TypeReference<List<ImageView>>() {});

        assertThat(all).extracting(i -> i.alias() + "=" + i.usedBy())
                .containsExactlyInAnyOrder("debian/12=[web1]", "tiny=[]");
    }

    @Test
    void deletingAnImageInUseIs409AndNamesTheInstance() {
        api.launch("{\"name\": \"web1\", \"image\": \"debian/12\"}");

        Response r = api.delete("/v1/images/debian/12");

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.error()).isEqualTo(new ErrorBody(ErrorCode.INVALID_STATE,
                "image debian/12 is used by instance web1"));
    }

    @Test
    void deletingAnUnusedImageRemovesIt() {
        build("debian/12");

        Response r = api.delete("/v1/images/debian/12");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{}");
        assertThat(api.get("/v1/images/debian/12").status()).isEqualTo(404);
    }

    @Test
    void buildingAnUnknownRecipeIs400() {
        Response r = api.post("/v1/images-build", "{\"recipe\": \"arch/rolling\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error().message()).isEqualTo("unknown image recipe 'arch/rolling' (known: debian/12, tiny)");
    }

    @Test
    void importIsAcceptedAsAnOperation() throws java.io.IOException {
        Path disk = java.nio.file.Files.writeString(dir.resolve("disk.qcow2"), "fake disk");

        Response accepted = api.post("/v1/images", "{\"source\": \"" + disk + "\", \"alias\": \"custom/one\"}");

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(api.waitFor(accepted.operation()).status()).isEqualTo("success");
        assertThat(api.get("/v1/images/custom/one").as(ImageView.class).source()).isEqualTo(disk.toString());
    }
}
