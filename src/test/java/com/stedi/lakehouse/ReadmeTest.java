package com.stedi.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.stedi.lakehouse.catalog.LakehouseTable;
import com.stedi.lakehouse.config.Setting;
import com.stedi.lakehouse.sql.SqlScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/tables.md documents every column that ddl/ declares, the README every setting, and the
 * README's test command is CI's.
 */
class ReadmeTest {
  private static final Pattern COLUMN =
      Pattern.compile(
          "^\\s+([a-z_0-9]+)\\s+(string|bigint|timestamp|double|int)\\s+comment",
          Pattern.MULTILINE);

  @Test
  void documentsEveryDeclaredColumnUnderItsTable() throws IOException {
    String readme = Files.readString(Path.of("docs/tables.md"));
    for (LakehouseTable table : LakehouseTable.values()) {
      String heading = "### " + table.logicalName() + "\n";
      assertThat(readme).contains(heading);
      int start = readme.indexOf(heading);
      int end = readme.indexOf("\n#", start + heading.length());
      String section = readme.substring(start, end < 0 ? readme.length() : end);
      Matcher column = COLUMN.matcher(SqlScript.load(table.ddlResource()));
      while (column.find()) {
        assertThat(section)
            .as("README column %s of %s", column.group(1), table)
            .contains("| `" + column.group(1) + "` | " + column.group(2) + " |");
      }
    }
  }

  @Test
  void documentsEverySettingWithItsEnvironmentVariableAndDefault() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    for (Setting setting : Setting.values()) {
      String defaultValue =
          setting.defaultValue().isEmpty() ? "" : " `" + setting.defaultValue() + "` |";
      assertThat(readme)
          .as("README row of %s", setting.key())
          .containsPattern(
              Pattern.quote("| `" + setting.key() + "` | `" + setting.env() + "` |")
                  + ".*"
                  + Pattern.quote(defaultValue));
    }
  }

  @Test
  void ciRunsTheReadmeTestCommand() throws IOException {
    assertThat(Files.readString(Path.of("README.md"))).contains("\nmvn -B verify\n");
    assertThat(Files.readString(Path.of(".ci/run"))).contains("\nmvn -B verify\n");
  }
}
