package com.stedi.lakehouse.migration;

import com.stedi.lakehouse.catalog.CatalogState;
import com.stedi.lakehouse.catalog.Namespaces;
import com.stedi.lakehouse.config.SetupException;
import com.stedi.lakehouse.config.ToolVersion;
import com.stedi.lakehouse.migration.MigrationStatus.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;

/**
 * Applies the migrations a lakehouse lacks, once each, in version order, and records every attempt
 * in {@code ops.schema_history} (the way Flyway keeps a database's schema history).
 *
 * <p>Refused before anything runs: an applied file whose checksum changed, a version the lakehouse
 * applied that this stedi lacks, a new version older than an applied one. Each statement is one
 * Iceberg commit; when one fails, those before it stay and the attempt records how many ran, so the
 * rerun after the fix resumes at the failed statement (provided those before it are unchanged).
 */
public final class SchemaMigrations {
  /** Every version: {@code stedi migrate --to} without a target. */
  public static final int LATEST = Integer.MAX_VALUE;

  private final SparkSession spark;
  private final List<Migration> available;
  private final SchemaHistory history;
  private final Clock clock;

  public SchemaMigrations(SparkSession spark, List<Migration> available, Clock clock) {
    this.spark = spark;
    this.available = List.copyOf(available);
    this.history = new SchemaHistory(spark);
    this.clock = clock;
  }

  /** The migrations this stedi was built with. */
  public static SchemaMigrations bundled(SparkSession spark) {
    return new SchemaMigrations(spark, MigrationFiles.bundled(), Clock.systemUTC());
  }

  /** Every version, known here or recorded there, in version order. */
  public List<MigrationStatus> status() {
    Map<Integer, AppliedMigration> applied = history.latest();
    Map<Integer, MigrationStatus> byVersion = new TreeMap<>();
    for (Migration m : available) {
      AppliedMigration a = applied.get(m.version());
      byVersion.put(m.version(), new MigrationStatus(m, a, state(m, a)));
    }
    for (AppliedMigration a : applied.values()) {
      if (a.success() || a.statementsApplied() > 0) {
        // An attempt that failed at its first statement changed nothing: its file may go.
        byVersion.putIfAbsent(a.version(), new MigrationStatus(null, a, State.UNKNOWN));
      }
    }
    return List.copyOf(byVersion.values());
  }

  /**
   * The versions up to {@code target} that `migrate` would apply or resume, in order; refuses what
   * cannot be applied (see the class comment).
   */
  public List<MigrationStatus> pending(int target) {
    List<MigrationStatus> status = status();
    validate(status);
    List<MigrationStatus> pending =
        status.stream().filter(s -> s.isPending() && s.version() <= target).toList();
    for (MigrationStatus s : pending) {
      SchemaChangeGuard.check(
          spark, s.migration(), s.migration().statements(Namespaces.of(spark)), s.statementsDone());
    }
    return pending;
  }

  /** True when the warehouse holds neither schema history nor any lakehouse table. */
  public boolean isEmptyLakehouse() {
    return !history.exists() && CatalogState.isEmpty(spark);
  }

  /**
   * True when `stedi migrate` began creating the lakehouse (its schema history exists) and never
   * recorded V001 as applied: a creation cut short, by a kill or a refused write, after some or all
   * of the tables were made. A lakehouse from before schema history has tables and no history, and
   * is not one.
   */
  public boolean isUnfinishedCreation() {
    if (!history.exists()) {
      return false;
    }
    AppliedMigration first = history.latest().get(1);
    return first == null || !first.success();
  }

  /** Applies or resumes every pending version up to {@code target}; returns their attempts. */
  public List<AppliedMigration> migrate(int target, Consumer<String> progress) {
    List<MigrationStatus> pending = pending(target);
    CatalogState.createNamespaces(spark);
    history.create();
    List<AppliedMigration> done = new ArrayList<>();
    for (MigrationStatus s : pending) {
      // V001 creates only what is missing, so a V001 cut short is simply applied again; its 22
      // statements go unrecorded one by one, which keeps creating a lakehouse quick.
      done.add(apply(s, s.version() != 1, progress));
    }
    return done;
  }

  /**
   * Makes the schema current before `stedi init` or `stedi run`: an empty warehouse gets every
   * migration (there is nothing to review yet), and so does one whose creation was cut short (see
   * {@link #isUnfinishedCreation}), so creating the lakehouse is one step a rerun completes; a
   * lakehouse with pending ones gets them only when {@code applyPending}, and is refused otherwise,
   * with their versions named.
   */
  public List<AppliedMigration> prepare(boolean applyPending, Consumer<String> progress) {
    if (applyPending || isEmptyLakehouse() || isUnfinishedCreation()) {
      return migrate(LATEST, progress);
    }
    List<MigrationStatus> pending = pending(LATEST);
    if (!pending.isEmpty()) {
      throw new SetupException(
          "The lakehouse has pending schema migrations "
              + pending.stream()
                  .map(s -> s.label() + " (" + s.description() + ")")
                  .collect(Collectors.joining(", "))
              + ": review them with `stedi migrate --dry-run`, then apply them with `stedi"
              + " migrate` or pass --migrate");
    }
    return List.of();
  }

  /**
   * Runs the statements not run yet. With {@code recordEachStatement}, each statement but the last
   * is followed by a record of the progress, so a process killed between two statements resumes
   * after the last one that committed (a kill between a statement's commit and its record, a few
   * milliseconds, still repeats that statement).
   */
  private AppliedMigration apply(
      MigrationStatus status, boolean recordEachStatement, Consumer<String> progress) {
    Migration m = status.migration();
    List<String> statements = m.statements(Namespaces.of(spark));
    int first = status.statementsDone();
    progress.accept(
        m.label()
            + " "
            + m.description()
            + (first > 0 ? " (resuming at statement " + (first + 1) + ")" : "")
            + " ...");
    Instant start = clock.instant();
    for (int i = first; i < statements.size(); i++) {
      try {
        spark.sql(statements.get(i));
      } catch (Exception e) {
        String error = errorLine(e);
        MigrationFailed failed = new MigrationFailed(failure(m, i, statements, error), e);
        try {
          history.record(attempt(m, statements.size(), i, error, start));
        } catch (RuntimeException recordFailure) {
          failed.addSuppressed(recordFailure);
        }
        throw failed;
      }
      if (recordEachStatement && i + 1 < statements.size()) {
        history.record(
            attempt(
                m,
                statements.size(),
                i + 1,
                "did not finish: stopped after statement " + (i + 1),
                start));
      }
    }
    return history.record(attempt(m, statements.size(), statements.size(), null, start));
  }

  private AppliedMigration attempt(
      Migration m, int statements, int applied, String error, Instant start) {
    Instant end = clock.instant();
    return new AppliedMigration(
        0,
        m.version(),
        m.description(),
        m.script(),
        m.checksum(),
        statements,
        applied,
        m.checksumOfFirst(applied),
        error == null,
        error,
        end,
        ToolVersion.current(),
        Duration.between(start, end).toMillis());
  }

  private static String failure(Migration m, int index, List<String> statements, String error) {
    return m.script()
        + " failed at statement "
        + (index + 1)
        + " of "
        + statements.size()
        + " ("
        + abbreviate(statements.get(index))
        + "): "
        + error
        + "; the migrations before it"
        + (index > 0 ? " and its first " + index + " statement(s)" : "")
        + " stay applied: fix the file and rerun `stedi migrate` to resume at statement "
        + (index + 1);
  }

  private static State state(Migration m, AppliedMigration a) {
    if (a == null) {
      return State.PENDING;
    }
    if (!a.success()) {
      return State.FAILED;
    }
    return a.checksum().equals(m.checksum()) ? State.APPLIED : State.CHANGED;
  }

  private static void validate(List<MigrationStatus> status) {
    int latestAttempted =
        status.stream()
            .filter(s -> s.state() != State.PENDING)
            .mapToInt(MigrationStatus::version)
            .max()
            .orElse(0);
    for (MigrationStatus s : status) {
      switch (s.state()) {
        case CHANGED ->
            throw new SetupException(
                "Cannot migrate: "
                    + s.script()
                    + " was applied to this lakehouse and has changed since (checksum "
                    + abbreviateChecksum(s.migration().checksum())
                    + ", applied "
                    + abbreviateChecksum(s.applied().checksum())
                    + "); restore it, and put the change in a new migration");
        case UNKNOWN ->
            throw new SetupException(
                "Cannot migrate: this lakehouse has "
                    + s.script()
                    + " applied (by "
                    + s.applied().appliedBy()
                    + "), which this stedi lacks; use a stedi that has it");
        case FAILED -> refuseChangedPrefix(s);
        case PENDING -> {
          if (s.version() < latestAttempted) {
            throw new SetupException(
                "Cannot migrate: "
                    + s.script()
                    + " is older than "
                    + Migration.label(latestAttempted)
                    + ", which this lakehouse has applied already; renumber it after that");
          }
        }
        case APPLIED -> {}
      }
    }
  }

  private static void refuseChangedPrefix(MigrationStatus s) {
    int done = s.applied().statementsApplied();
    int statements = s.migration().statements().size();
    if (done >= statements) {
      throw new SetupException(
          "Cannot resume "
              + s.script()
              + ": "
              + done
              + " statement(s) ran before it failed, and the file now has "
              + statements
              + "; fix the failed statement "
              + (done + 1)
              + " instead of removing it");
    }
    if (!s.migration().checksumOfFirst(done).equals(s.applied().appliedChecksum())) {
      throw new SetupException(
          "Cannot resume "
              + s.script()
              + ": its first "
              + done
              + " statement(s) ran before it failed and have changed since; keep them as they"
              + " ran and fix statement "
              + (done + 1)
              + " onwards");
    }
  }

  private static String errorLine(Exception e) {
    String message =
        e instanceof AnalysisException analysis ? analysis.getSimpleMessage() : e.getMessage();
    return message == null ? e.getClass().getSimpleName() : firstLine(message);
  }

  static String firstLine(String text) {
    String line = text.strip();
    int newline = line.indexOf('\n');
    return newline < 0 ? line : line.substring(0, newline).strip();
  }

  static String abbreviate(String statement) {
    String flat = statement.replaceAll("\\s+", " ").strip();
    return flat.length() <= 80 ? flat : flat.substring(0, 77) + "...";
  }

  private static String abbreviateChecksum(String checksum) {
    return checksum.substring(0, 12);
  }
}
