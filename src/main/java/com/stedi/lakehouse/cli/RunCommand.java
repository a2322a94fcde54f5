package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.config.ConfigSources;
import com.stedi.lakehouse.config.RunPolicy;
import com.stedi.lakehouse.config.Setting;
import com.stedi.lakehouse.ops.RunSummary;
import com.stedi.lakehouse.ops.TableChange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Ingest the new source files into landing and bring trusted and curated up to date.",
      "Progress goes to stderr, the per-table summary to stdout."
    })
final class RunCommand extends LakehouseCommand {
  @Option(
      names = "--source",
      required = true,
      paramLabel = "DIR",
      description = "Source root holding customer|accelerometer|step_trainer/landing/*.json.")
  String source;

  @Mixin WaitOption waitOption;

  @Option(
      names = "--migrate",
      description = "Apply the lakehouse's pending schema migrations before the run.")
  boolean migrate;

  @Option(
      names = "--max-reject-ratio",
      paramLabel = "R",
      description = {
        "Fail, landing and publishing nothing, when a file's share of quarantined lines is over R",
        "(0 to 1; default: ingest.max-reject-ratio, 1 = never)."
      })
  String maxRejectRatio;

  @Override
  public Integer call() {
    RunPolicy policy = config().run().withMigrate(migrate);
    print(runPipeline(open(), source, waitOption.waitForLock, policy));
    return ExitCode.OK;
  }

  @Override
  ConfigSources withOptions(ConfigSources sources) {
    return sources.withOption(Setting.MAX_REJECT_RATIO, "--max-reject-ratio", maxRejectRatio);
  }

  private void print(RunSummary summary) {
    out()
        .printf(
            "%s %s in %.1f s%n",
            summary.runId(),
            summary.changedAnything() ? "finished" : "found nothing new",
            summary.elapsed().toMillis() / 1000.0);
    out()
        .printf(
            "%-26s %10s %10s %10s %10s %9s%n",
            "table", "read", "inserted", "updated", "deleted", "time");
    for (TableChange t : summary.tables()) {
      out()
          .printf(
              "%-26s %10d %10d %10d %10d %7.1f s%n",
              t.table(), t.rowsRead(), t.inserted(), t.updated(), t.deleted(), t.millis() / 1000.0);
    }
  }
}
