package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.generate.SyntheticData;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Write deterministic synthetic STEDI data in the source layout.")
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Empty folder.")
  Path out;

  @Option(names = "--customers", defaultValue = "100", description = "Customers (default 100).")
  int customers;

  @Option(
      names = "--readings",
      defaultValue = "2000",
      description = "Accelerometer readings (default 2000).")
  long readings;

  @Option(names = "--seed", defaultValue = "42", description = "Seed (default 42).")
  long seed;

  @Option(
      names = "--days-later",
      defaultValue = "0",
      paramLabel = "D",
      description = {
        "0 (default): a first delivery. D > 0: a later delivery to the same customers (same",
        "--customers and --seed): readings D days later and newer records of about 1%% of the",
        "customers, half of them changing consent. Files are named <kind>-dayD-NNNN.json."
      })
  int daysLater;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    SyntheticData.Summary s =
        SyntheticData.write(out, new SyntheticData.Options(customers, readings, seed, daysLater));
    spec.commandLine()
        .getOut()
        .printf(
            "wrote %d customers (%d records), %d accelerometer and %d step trainer readings"
                + " in %d files under %s%n",
            s.customers(), s.customerRecords(), s.accelerometer(), s.stepTrainer(), s.files(), out);
    return ExitCode.OK;
  }
}
