package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.catalog.TableDdl;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = "Create the namespaces and the tables declared in ddl/ that are missing.")
final class InitCommand extends LakehouseCommand {
  @Override
  public Integer call() {
    List<LakehouseTable> created = TableDdl.apply(open());
    if (created.isEmpty()) {
      out().println("All tables exist in " + config().warehouse() + "; nothing to create.");
    } else {
      created.forEach(t -> out().println("created " + t));
    }
    return ExitCode.OK;
  }
}
