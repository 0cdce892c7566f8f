package dev.parley.web.application;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CachePolicyTest {

    @Test
    void hashedAssetsThatExistAreKeptForAYear() {
        assertThat(CachePolicy.forPath("/assets/main-X2C4ABCD.js", true)).isEqualTo("public, max-age=31536000, immutable");
    }

    @Test
    void theEntryPageTheSettingsAndMissingFilesAreNeverStored() {
        assertThat(CachePolicy.forPath("/", true)).isEqualTo("no-store");
        assertThat(CachePolicy.forPath("/index.html", true)).isEqualTo("no-store");
        assertThat(CachePolicy.forPath("/config.json", false)).isEqualTo("no-store");
        assertThat(CachePolicy.forPath("/assets/main-GONE.js", false)).isEqualTo("no-store");
        assertThat(CachePolicy.forPath("/assets/", true)).isEqualTo("no-store");
        assertThat(CachePolicy.forPath("/assets/../index.html", true)).isEqualTo("no-store");
    }
}
