package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.generate.SyntheticData;
import com.stedi.lakehouse.ops.LakehouseReport;
import com.stedi.lakehouse.ops.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Generate a small data set (once), run the pipeline on it, print the report.")
final class DemoCommand extends LakehouseCommand {
  @Option(
      names = "--source",
      defaultValue = "demo-source",
      paramLabel = "DIR",
      description = "Where the demo data is generated (default ./demo-source).")
  Path source;

  @Override
  public Integer call() {
    if (!Files.isDirectory(source.resolve("customer"))) {
      SyntheticData.Summary s =
          SyntheticData.write(source, new SyntheticData.Options(200, 5_000, 42));
      out()
          .printf(
              "generated %d customers, %d accelerometer and %d step trainer readings in %s%n",
              s.customers(), s.accelerometer(), s.stepTrainer(), source);
    }
    SparkSession spark = open();
    RunSummary summary = runPipeline(spark, source.toString(), false);
    out().printf("%s in %.1f s%n", summary.runId(), summary.elapsed().toMillis() / 1000.0);
    LakehouseReport.counts(spark).forEach((t, n) -> out().printf("%-26s %12d%n", t, n));
    return ExitCode.OK;
  }
}
