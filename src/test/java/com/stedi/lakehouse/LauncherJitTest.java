package com.stedi.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.stedi.lakehouse.catalog.CatalogProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/jit: the JIT options bin/stedi starts its JVM with. The quick compiler alone for a run or
 * demo over a small local source, or over little its local warehouse has not taken yet; both
 * compilers, the optimizing one held back, for everything else.
 */
class LauncherJitTest {
  private static final String QUICK = "-XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=240m";
  private static final String FULL =
      "-XX:Tier4InvocationThreshold=500000 -XX:Tier4MinInvocationThreshold=60000"
          + " -XX:Tier4CompileThreshold=1500000 -XX:Tier4BackEdgeThreshold=4000000";

  @TempDir Path dir;

  @Test
  void aRunOverASmallLocalSourceGetsTheQuickCompilerAlone() throws Exception {
    Path source = smallSource();
    assertThat(jit(Map.of(), "run", "--source", source.toString())).isEqualTo(ok(QUICK));
    assertThat(jit(Map.of(), "--verbose", "run", "--source=" + source)).isEqualTo(ok(QUICK));
  }

  @Test
  void aRunOverALargeLocalSourceGetsBothCompilers() throws Exception {
    largeSource();
    assertThat(jit(Map.of(), "run", "--source", dir.resolve("large").toString()))
        .isEqualTo(ok(FULL));
  }

  @Test
  void aRunSizesOnlyTheFilesItsLocalWarehouseHasNotTakenYet() throws Exception {
    Path source = largeSource();
    Path warehouse = Files.createDirectories(dir.resolve("warehouse"));
    Path catalog = warehouse.resolve(CatalogProfile.LOCAL_CATALOG_DB);
    Files.writeString(catalog, "");
    Path night = Files.writeString(source.resolve("night.json"), "{}\n");
    // The large file came before the catalog's last change, the night's file after it.
    Files.setLastModifiedTime(source.resolve("a.json"), FileTime.fromMillis(1_000_000_000_000L));
    Files.setLastModifiedTime(catalog, FileTime.fromMillis(1_000_000_100_000L));
    Files.setLastModifiedTime(night, FileTime.fromMillis(1_000_000_200_000L));
    String folder = dir.resolve("large").toString();

    assertThat(jit(Map.of(), "run", "--source", folder, "--warehouse", warehouse.toString()))
        .isEqualTo(ok(QUICK));
    assertThat(jit(Map.of("STEDI_WAREHOUSE", warehouse.toString()), "run", "--source", folder))
        .isEqualTo(ok(QUICK));
    // The default warehouse, ./warehouse, is this folder's.
    assertThat(jit(Map.of(), "run", "--source", folder)).isEqualTo(ok(QUICK));
    // A warehouse never written, or one a configuration file may name: the whole folder counts.
    assertThat(jit(Map.of(), "run", "--source", folder, "--warehouse", dir.resolve("new") + ""))
        .isEqualTo(ok(FULL));
    assertThat(jit(Map.of(), "--config", "stedi.properties", "run", "--source", folder))
        .isEqualTo(ok(FULL));
    // The large file changed after the catalog: not taken yet.
    Files.setLastModifiedTime(source.resolve("a.json"), FileTime.fromMillis(1_000_000_300_000L));
    assertThat(jit(Map.of(), "run", "--source", folder)).isEqualTo(ok(FULL));
  }

  @Test
  void aSourceThatCannotBeSizedGetsBothCompilers() throws Exception {
    assertThat(jit(Map.of(), "run", "--source", "s3://bucket/stedi")).isEqualTo(ok(FULL));
    assertThat(jit(Map.of(), "run", "--source", dir.resolve("missing").toString()))
        .isEqualTo(ok(FULL));
    assertThat(jit(Map.of(), "run")).isEqualTo(ok(FULL));
  }

  @Test
  void aDemoWhoseFolderIsNotGeneratedYetGetsTheQuickCompilerAlone() throws Exception {
    assertThat(jit(Map.of(), "demo")).isEqualTo(ok(QUICK));
    assertThat(jit(Map.of(), "demo", "--source", dir.resolve("new").toString()))
        .isEqualTo(ok(QUICK));
  }

  @Test
  void otherCommandsGetBothCompilers() throws Exception {
    Path source = smallSource();
    assertThat(jit(Map.of(), "sql", "select 1")).isEqualTo(ok(FULL));
    assertThat(jit(Map.of(), "maintain", "--source", source.toString())).isEqualTo(ok(FULL));
  }

  @Test
  void stediJitChoosesInstead() throws Exception {
    Path source = smallSource();
    assertThat(jit(Map.of("STEDI_JIT", "full"), "run", "--source", source.toString()))
        .isEqualTo(ok(FULL));
    assertThat(jit(Map.of("STEDI_JIT", "quick"), "sql", "select 1")).isEqualTo(ok(QUICK));
    assertThat(jit(Map.of("STEDI_JIT", "fast"), "demo"))
        .isEqualTo(new Result(2, "", "stedi: STEDI_JIT must be quick or full, not 'fast'\n"));
  }

  /** A folder {@code large} of 513 MiB, in one file {@code a.json}; returns its files' folder. */
  private Path largeSource() throws Exception {
    Path source = Files.createDirectories(dir.resolve("large/accelerometer/landing"));
    // Blocks allocated, not written: du and find count them, and the test writes no 513 MiB.
    Process allocate =
        new ProcessBuilder("fallocate", "-l", "513M", source.resolve("a.json").toString())
            .redirectErrorStream(true)
            .start();
    assumeTrue(allocate.waitFor() == 0, "fallocate cannot allocate here: skipped");
    return source;
  }

  private Path smallSource() throws IOException {
    Path files = Files.createDirectories(dir.resolve("small/customer/landing"));
    Files.writeString(files.resolve("c.json"), "{}\n");
    return dir.resolve("small");
  }

  private record Result(int exit, String out, String err) {}

  private static Result ok(String options) {
    return new Result(0, options + "\n", "");
  }

  private Result jit(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of("bin/jit").toAbsolutePath().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("STEDI_JIT");
    builder.environment().putAll(env);
    // Where a demo looks for its default folder, demo-source: not generated here.
    builder.directory(dir.toFile());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), out, err);
  }
}
