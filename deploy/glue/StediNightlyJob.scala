// The script of the stedi Glue job: Glue runs Spark jobs from a script, and this one hands the job's
// arguments to the lakehouse jar (--extra-jars), which does all the work.
object StediNightlyJob {
  def main(sysArgs: Array[String]): Unit =
    com.stedi.lakehouse.cli.GlueJobMain.main(sysArgs)
}
