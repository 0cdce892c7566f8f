package dev.parley.client.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryTest {

    @TempDir
    Path temp;

    @Test
    void writingCreatesAnOwnerOnlyDirectoryAndFile() throws IOException {
        StateDirectory state = new StateDirectory(temp.resolve("a/b/.parley"));

        state.write("tokens.json", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(permissions(state.root())).isEqualTo("rwx------");
        assertThat(permissions(state.file("tokens.json"))).isEqualTo("rw-------");
        assertThat(state.read("tokens.json")).hasValueSatisfying(bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{}"));
    }

    @Test
    void anExistingWideDirectoryIsTightened() throws IOException {
        Path root = Files.createDirectory(temp.resolve("wide"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));

        new StateDirectory(root).ensureExists();

        assertThat(permissions(root)).isEqualTo("rwx------");
    }

    @Test
    void aRewriteReplacesTheFileAndKeepsItOwnerOnly() throws IOException {
        StateDirectory state = new StateDirectory(temp.resolve("s"));
        state.write("f", "one".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(state.file("f"), PosixFilePermissions.fromString("rw-r--r--"));

        state.write("f", "two".getBytes(StandardCharsets.UTF_8));

        assertThat(Files.readString(state.file("f"))).isEqualTo("two");
        assertThat(permissions(state.file("f"))).isEqualTo("rw-------");
        try (var files = Files.list(state.root())) {
            assertThat(files).as("no temporary files left").containsExactly(state.file("f"));
        }
    }

    @Test
    void missingFilesReadAsEmptyAndDeleteSaysWhetherThereWasOne() throws IOException {
        StateDirectory state = new StateDirectory(temp.resolve("s"));

        assertThat(state.read("nothing")).isEmpty();
        assertThat(state.delete("nothing")).isFalse();
        state.write("x", new byte[] {1});
        assertThat(state.delete("x")).isTrue();
    }

    @Test
    void theOptionWinsOverTheEnvironmentWhichWinsOverTheHomeDirectory() {
        Path option = temp.resolve("option");
        Path env = temp.resolve("env");

        assertThat(StateDirectory.locate(option, Map.of(StateDirectory.HOME_ENV, env.toString())).root()).isEqualTo(option);
        assertThat(StateDirectory.locate(null, Map.of(StateDirectory.HOME_ENV, env.toString())).root()).isEqualTo(env);
        assertThat(StateDirectory.locate(null, Map.of(StateDirectory.HOME_ENV, " ")).root())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".parley").toAbsolutePath());
        assertThat(StateDirectory.locate(null, Map.of()).root().getFileName()).hasToString(".parley");
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
