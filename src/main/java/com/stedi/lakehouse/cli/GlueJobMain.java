package com.stedi.lakehouse.cli;

import com.stedi.lakehouse.config.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Entry point of the AWS Glue job ({@code deploy/glue/StediNightlyJob.scala} calls it). Glue passes
 * every job parameter as {@code --name value}, its own among them ({@code --JOB_ID}, {@code
 * --TempDir}, ...); this keeps ours and runs the same command line as `stedi`:
 *
 * <ul>
 *   <li>{@code --stedi-command run|maintain|init|report}: the command (default: run);
 *   <li>{@code --source}, {@code --warehouse}, {@code --profile}: passed as they are;
 *   <li>{@code --migrate true}: run and init apply pending migrations ({@code --migrate});
 *   <li>{@code --setting.KEY VALUE}: any setting, as {@code --conf KEY=VALUE}.
 * </ul>
 *
 * <p>A failed command throws, so Glue marks the job run as failed with the one-line message.
 */
public final class GlueJobMain {
  static final String COMMAND = "--stedi-command";
  static final String SETTING_PREFIX = "--setting.";
  static final String MIGRATE = "--migrate";
  private static final Set<String> PASSED = Set.of("--source", "--warehouse", "--profile");
  private static final Set<String> COMMANDS =
      Set.of("run", "maintain", "init", "migrate", "report");

  private GlueJobMain() {}

  public static void main(String[] glueArgs) {
    List<String> args = stediArgs(glueArgs);
    int code = Main.run(System.out, System.err, args.toArray(String[]::new));
    if (code != ExitCode.OK) {
      throw new IllegalStateException("stedi " + args.get(0) + " failed with exit code " + code);
    }
  }

  /** The `stedi` command line for Glue's job arguments. */
  public static List<String> stediArgs(String[] glueArgs) {
    String command = "run";
    boolean migrate = false;
    List<String> options = new ArrayList<>();
    for (int i = 0; i + 1 < glueArgs.length; i++) {
      String name = glueArgs[i];
      String value = glueArgs[i + 1];
      if (name.equals(COMMAND)) {
        command = value;
        i++;
      } else if (PASSED.contains(name)) {
        options.add(name);
        options.add(value);
        i++;
      } else if (name.equals(MIGRATE)) {
        migrate = Boolean.parseBoolean(value);
        i++;
      } else if (name.startsWith(SETTING_PREFIX)) {
        options.add("--conf");
        options.add(name.substring(SETTING_PREFIX.length()) + "=" + value);
        i++;
      }
    }
    if (!COMMANDS.contains(command)) {
      throw new UsageException(
          "Cannot run Glue job: unknown "
              + COMMAND
              + " '"
              + command
              + "' (expected one of "
              + String.join(", ", COMMANDS.stream().sorted().toList())
              + ")");
    }
    List<String> args = new ArrayList<>();
    args.add(command);
    if (migrate && (command.equals("run") || command.equals("init"))) {
      args.add(MIGRATE);
    }
    args.addAll(options);
    return args;
  }
}
