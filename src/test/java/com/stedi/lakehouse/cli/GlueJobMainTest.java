package com.stedi.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GlueJobMainTest {
  @Test
  void keepsOurParametersAndDropsGlues() {
    assertThat(
            GlueJobMain.stediArgs(
                new String[] {
                  "--JOB_ID",
                  "j_1",
                  "--stedi-command",
                  "maintain",
                  "--job-bookmark-option",
                  "job-bookmark-disable",
                  "--warehouse",
                  "s3://b/wh",
                  "--setting.maintenance.retain-last",
                  "3",
                  "--TempDir",
                  "s3://t/"
                }))
        .containsExactly(
            "maintain", "--warehouse", "s3://b/wh", "--conf", "maintenance.retain-last=3");
  }

  @Test
  void runIsTheDefaultCommandAndOthersAreRefusedByName() {
    assertThat(GlueJobMain.stediArgs(new String[] {"--JOB_NAME", "n"})).containsExactly("run");
    assertThatThrownBy(() -> GlueJobMain.stediArgs(new String[] {"--stedi-command", "drop"}))
        .hasMessage(
            "Cannot run Glue job: unknown --stedi-command 'drop' (expected one of init, maintain,"
                + " migrate, report, run)");
  }

  @Test
  void migrateTrueBecomesTheFlag() {
    assertThat(GlueJobMain.stediArgs(new String[] {"--migrate", "true", "--source", "s3://b/s"}))
        .containsExactly("run", "--migrate", "--source", "s3://b/s");
    assertThat(GlueJobMain.stediArgs(new String[] {"--migrate", "false"})).containsExactly("run");
    assertThat(
            GlueJobMain.stediArgs(new String[] {"--migrate", "true", "--stedi-command", "migrate"}))
        .containsExactly("migrate");
  }
}
